"""The importers' fast paths (helper-99, 2026-12-04) change the speed, never a field.

* Every record of every registered corpus (bench/accuracy.py's corpora, the format corpora, the replay replies, the
  importers' samples) and of a slice of the benchmark mix (bench/shodan_corpus.py: its synthetic web pages are what
  the page gate skips) is read twice: with the fast paths, and with each replaced by the code it stands for (the
  web-page gate off, so the self-description and settings readers see every page as they did; issuer names built
  afresh; the head end and the SSDP test as written before, with ``^`` searched over the whole head). The records
  must be equal, field for field, raw bytes included.
* What the rest rests on, as properties over hostile text: the readers the page gate skips refuse every text it
  calls a page; no reader tried before the HTTP branch reads a text that starts with ``HTTP/``; the head end and the
  SSDP test equal their former formulations; a kept certificate name equals a fresh one.

bench/identify_outputs.py compares the whole identify output of the bench mix and of every corpus, byte for byte,
between two versions of the code (the figures are in docs/identification/matching.md, "Importer speed",
helper-99, 2026-12-04).
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.bench_module import bench_module
from tests.conftest import ROOT

from camaudit.importers import FORMATS, self_description, settings_keys, sniff
from camaudit.importers import text as text_module
from camaudit.importers.base import ImportRecord

_SSDP_MARK = re.compile(r"^(?:ST|NT|USN)[ \t]*:", re.IGNORECASE | re.MULTILINE)


def _inputs() -> list[tuple[str, str, bytes]]:
    """(name, format, content) of every registered corpus and a 600-record slice of the benchmark mix."""
    accuracy = bench_module("accuracy")
    paths = list(accuracy.DEFAULT_CORPORA)
    paths += sorted(p for p in accuracy.FORMAT_CORPORA.iterdir() if not accuracy.is_labels(p) and p.suffix != ".format"
                    and not p.name.endswith(".sources.jsonl"))
    paths += [ROOT / "tests" / "data" / "replies" / "replies_holdout.jsonl"]
    found = [(p.name, accuracy.corpus_format(p), p.read_bytes()) for p in paths]
    for sample in sorted((ROOT / "tests" / "data" / "importers").iterdir()):
        fmt = sample.name.split("_", 1)[0]
        if fmt in FORMATS:
            found.append((sample.name, fmt, sample.read_bytes()))
    mix = bench_module("shodan_corpus")
    lines = [mix.orjson.dumps(banner) for banner, _camera in mix.banners(600)]
    found.append(("bench mix", "shodan", b"\n".join(lines)))
    return found


def _read(fmt: str, content: bytes) -> list[ImportRecord]:
    return list(FORMATS[fmt](io.BytesIO(content)))


def _head_end_as_written(text: str) -> int:
    ends = [at for at in (text.find("\r\n\r\n", 0, 4096), text.find("\n\n", 0, 4096)) if at >= 0]
    return min(ends) if ends else min(len(text), 4096)


def _ssdp_answer_as_written(text: str) -> bool:
    end = _head_end_as_written(text)
    return _SSDP_MARK.search(text, 0, end) is not None and sniff._HTML_TYPE.search(text, 0, end) is None


def _slow(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sniff, "is_web_page", lambda text: False)
    monkeypatch.setattr(sniff, "_head_end", _head_end_as_written)
    monkeypatch.setattr(sniff, "_ssdp_answer", _ssdp_answer_as_written)
    monkeypatch.setattr(text_module, "_kept_dn", text_module._dn)


def test_every_corpus_record_reads_the_same_with_the_fast_paths_and_without(monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = _inputs()
    fast = {name: _read(fmt, content) for name, fmt, content in inputs}
    _slow(monkeypatch)
    pages = 0
    for name, fmt, content in inputs:
        slow = _read(fmt, content)
        assert len(slow) == len(fast[name]) > 0, name
        for mine, theirs in zip(fast[name], slow, strict=True):
            assert mine == theirs, (name, mine.position)
        pages += sum(1 for r in slow for o in r.observations if "http.body" in o.fields)
    assert len(inputs) > 40 and pages > 200  # the corpora and the mix exercise the page path


# Page starts the gate recognises, in the cases and spacings pages write.
_PAGE_STARTS = st.sampled_from(["<!DOCTYPE html>", "<!doctype html>", "<!DocType  HTML ", "<!DOCTYPE\thtml\n", "<html>",
                                "<HTML lang='en'>", "<html\n", "<html\txmlns='http://www.w3.org/1999/xhtml'>"])
# What would make either reader speak, were the text not a page: ONVIF's five names, self-describing keys, a
# camera's settings in every layout those readers know.
_ANSWER_TEXTS = st.sampled_from([
    "Manufacturer: Acme\nModel: X1\nFirmwareVersion: 1.0\nSerialNumber: 1\nHardwareId: 2\n",
    "model=IPC-1\nfirmwareVersion=V5\nserialNumber=123\n",
    '{"model": "IPC-1", "serialNumber": "1"}',
    "<IrCutFilter>AUTO</IrCutFilter><WideDynamicRange>ON</WideDynamicRange><BacklightCompensation>1</BacklightCompensation>",
    "var model='IPC';\nvar softVersion='1';\n",
    "ircut=1&wdr=1&blc=1&iris=1",
])


@settings(max_examples=300, deadline=None)
@given(_PAGE_STARTS, st.lists(st.one_of(_ANSWER_TEXTS, st.text(max_size=200)), max_size=6))
def test_the_readers_the_page_gate_skips_read_nothing_of_a_page(start: str, parts: list[str]) -> None:
    page = start + "".join(parts)
    assert sniff.is_web_page(page)
    fields: dict[str, str] = {}
    assert not self_description.read(page, fields)
    assert not settings_keys.read(page, fields)
    assert fields == {}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["\r", "\n", "\r\n", "\n\n", "\r\n\r\n", "ST:", "usn :", "a", " ", ":",
                                  "Content-Type: text/html", "\x00", "é"]), max_size=80).map("".join),
       st.integers(min_value=0, max_value=5000))
def test_the_head_end_and_the_ssdp_test_equal_their_former_forms(text: str, pad: int) -> None:
    for candidate in (text, "x" * pad + text, "HTTP/1.1 200 OK\r\n" + text, "http/1.1 200 OK\n" + text):
        assert sniff._head_end(candidate) == _head_end_as_written(candidate)
        if candidate[:5].upper() == "HTTP/":
            assert sniff._ssdp_answer(candidate) == _ssdp_answer_as_written(candidate)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_no_reader_tried_before_the_http_branch_reads_a_status_line(rest: str) -> None:
    text = "HTTP/" + rest
    assert not text.startswith(sniff._BAICHUAN_MAGIC)
    assert sniff._TELNET_COMMAND.match(text) is None
    assert sniff._HEAD_ONLY.match(text) is None
    assert not text.startswith("RTSP/")


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["CN", "O", "OU", "C", "L", "ST", "emailAddress", "serialNumber", "dc", "x y"]),
                       st.one_of(st.text(max_size=300), st.lists(st.text(max_size=20), max_size=3), st.integers()),
                       max_size=9))
def test_a_kept_certificate_name_equals_a_fresh_one(names: dict[str, Any]) -> None:
    fresh = text_module._dn(names.items())
    assert text_module.dn_from_mapping(names) == fresh
    assert text_module.dn_from_mapping(dict(names)) == fresh  # the second time from the memory, when kept
