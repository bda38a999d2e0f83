"""The held-out boundary checked by content: no development record, rule or layer example or lab profile shares a
distinctive run with a held-out record, unless ``heldout_overlaps.yaml`` (beside this file) lists the pair with what
it is and why.

test_heldout_sources.py compares where texts come from (source keys); a mirror of a held-out page on another domain,
a thread moved between two repositories, or a nonce pasted into a rule's example passes it. This compares the texts
(bench/heldout_content.py: normalised windows of 40 characters; runs holding an identifier or 100 characters long).
The first half checks the normalisation, the boilerplate and the decoding of encoded copies (bench/heldout_decoding.py)
on texts written for the test (no capture: the nonces are invented); the second runs over the repository -- development
records, rule and layer examples, lab profiles and every Python module's literals (about four seconds of CPU: the
held-out windows are built once).
"""

from __future__ import annotations

import base64
import fnmatch
import importlib
import json
import re
import sys
import time
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.bench_module import bench_module

from camaudit.identify.regex_check import backtracking_problems

ROOT = Path(__file__).resolve().parents[3]
ALLOWED = Path(__file__).with_name("heldout_overlaps.yaml")
KINDS = ("product", "seen", "leak", "test")


def _bench() -> Any:
    # By its plain name, as bench/accuracy.py and bench/source_check.py import it: one module, so the held-out index is
    # built once per process whichever test asks first.
    sys.path.insert(0, str(ROOT / "bench"))
    return importlib.import_module("heldout_content")


content = _bench()
decoding = importlib.import_module("heldout_decoding")
records = importlib.import_module("heldout_records")
perturb = bench_module("perturb")

HELD_OUT_REPLY = (
    "RTSP/1.0 401 Unauthorized\r\nCSeq: 2\r\nDate: Thu, 20 May 2021 09:59:05 GMT\r\n"
    'WWW-Authenticate: Digest realm="Login to 7Q20ZZEXAMPLE42A", nonce="9f3c2b7d41e08a5f6c1d2e3f4a5b6c7d", stale="FALSE"\r\n'
    "Server: Example Stream Server/2.1\r\n\r\n"
)


def _index(*texts: str, keys: tuple[str, ...] = ("forum.example",)) -> Any:
    return content.HeldOutIndex(
        content.Record(f"heldout_batch90.jsonl line {n}", frozenset({keys[(n - 1) % len(keys)]}), (text,))
        for n, text in enumerate(texts, 1)
    )


# --- the normalisation and the boilerplate --------------------------------------------------------------------------

def test_a_mirrored_reply_with_other_whitespace_case_and_quoting_is_caught() -> None:
    mirror = HELD_OUT_REPLY.upper().replace("\r\n", "\n    ").replace('"', "&quot;")
    runs = _index(HELD_OUT_REPLY).shared(mirror)
    assert [run.held_out for run in runs] == ["heldout_batch90.jsonl line 1"]
    assert "9f3c2b7d41e08a5f6c1d2e3f4a5b6c7d" in runs[0].text


def test_a_reply_quoted_as_a_json_string_or_a_bytes_literal_is_caught() -> None:
    quoted = json.dumps(HELD_OUT_REPLY)  # "...\\r\\n..." with its quotes escaped, as a pasted record holds it
    literal = repr(HELD_OUT_REPLY.encode())  # b'...\\r\\n...'
    index = _index(HELD_OUT_REPLY)
    assert index.shared(quoted) and index.shared(literal)


def test_a_rule_example_holding_the_nonce_alone_is_caught() -> None:
    example = 'Digest realm="Login to 7Q20ZZEXAMPLE42A", nonce="9f3c2b7d41e08a5f6c1d2e3f4a5b6c7d"'
    assert _index(HELD_OUT_REPLY).shared(example)


def test_two_servers_stock_headers_are_not_a_copy() -> None:
    nginx = ("HTTP/1.1 200 OK\r\nServer: nginx/1.18.0\r\nDate: Mon, 01 Jan 2024 00:00:00 GMT\r\nContent-Type: text/html;"
             " charset=utf-8\r\nContent-Length: 612\r\nConnection: keep-alive\r\nCache-Control: no-cache, no-store, "
             "must-revalidate\r\nPragma: no-cache\r\nX-Frame-Options: SAMEORIGIN\r\nX-Content-Type-Options: nosniff\r\n"
             "X-XSS-Protection: 1; mode=block\r\nAccept-Ranges: bytes\r\n\r\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML "
             "1.0 Transitional//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">")
    lighttpd = ("HTTP/1.0 200 OK\r\nServer: lighttpd/1.4.59\r\nDate: Tue, 02 Feb 2021 10:11:12 GMT\r\nContent-Type: "
                "text/html; charset=utf-8\r\nContent-Length: 0\r\nConnection: keep-alive\r\nCache-Control: no-cache, "
                "no-store, must-revalidate\r\nPragma: no-cache\r\nX-Frame-Options: SAMEORIGIN\r\nX-Content-Type-Options:"
                " nosniff\r\nX-XSS-Protection: 1; mode=block\r\nAccept-Ranges: bytes\r\n\r\n<!DOCTYPE html PUBLIC "
                "\"-//W3C//DTD XHTML 1.0 Transitional//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">")
    assert _index(nginx).shared(lighttpd) == []
    assert content.normalise(lighttpd) == "server lighttpd 1 4 59"


def test_a_phrase_of_protocol_words_is_no_copy_but_a_long_run_is() -> None:
    methods = "Public: OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY, PAUSE, GET_PARAMETER, SET_PARAMETER"
    assert _index(f"RTSP/1.0 200 OK\r\n{methods}\r\n").shared(f"RTSP/1.0 200 OK\r\nCSeq: 9\r\n{methods}") == []
    page = ("<html><body><h1>Welcome to the viewer of the north car park</h1><p>Please sign in with the account the "
            "site office gave you to see the gate and the ramp cameras.</p></body></html>")
    runs = _index(page).shared(page.replace("<p>", "<p class='x'>"))
    assert runs and len(runs[0].text) >= content.LONG_RUN


def test_text_held_out_records_of_two_unrelated_sources_share_is_a_products_own() -> None:
    other = HELD_OUT_REPLY.replace("9f3c2b7d41e08a5f6c1d2e3f4a5b6c7d", "0a1b2c3d4e5f60718293a4b5c6d7e8f9")
    candidate = 'WWW-Authenticate: Digest realm="Login to 7Q20ZZEXAMPLE42A", nonce="feedbeef00112233445566778899aabb"'
    assert _index(HELD_OUT_REPLY, other, keys=("forum.example",)).shared(candidate)  # one source: could be a copy
    assert _index(HELD_OUT_REPLY, other, keys=("forum.example", "blog.example")).shared(candidate) == []


def test_placeholders_are_not_identifiers() -> None:
    assert not content.distinctive("mac address xx xx xx xx xx xx serial 0000000000000000")
    assert content.distinctive("digest realm login to amc0007rvy5eq6dv29 nonce")
    assert content.distinctive("origin 1629795645777963 in ip4")
    assert not content.distinctive("server h264dvr 1 0 mini httpd 19dec2003")
    assert [content.is_identifier(t) for t in ("5ae62bb61f1f", "2229913047", "0000000000", "1234567", "abcdefghijk")] == [
        True, True, False, False, False]
    # Alphabets (base64's, hex's, a host-name check's) are written alike by encoders, checks and test data: no name.
    assert not any(content.is_identifier(t) for t in (
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz0123456789", "0123456789abcdef", "1234567890"))
    assert content.is_identifier("9f3c2b7d41e08a5f6c1d2e3f4a5b6c7d")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_normalising_any_text_gives_lower_case_tokens_and_windows_that_start_at_one(text: str) -> None:
    normalised = content.normalise(text)
    assert normalised == normalised.strip() and "  " not in normalised
    assert all(token.isalnum() and token.isascii() and token == token.lower() for token in normalised.split())
    for start, window in content.windows(normalised):
        assert len(window) == content.WINDOW and (start == 0 or normalised[start - 1] == " ")


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from("<>!-?xml=\"' \t\r\nHTTP/1.0 RTSP:Date<!DOCTYPE\\abc"), max_size=3000))
def test_hostile_markup_normalises_quickly(text: str) -> None:
    content.normalise(text)  # the boilerplate pattern is bounded: no catastrophic backtracking on any text


# --- copies in encoded forms (bench/heldout_decoding.py) -------------------------------------------------------------

#: The pasted forms bench/perturb.py renders (each checked against the tool's own output there) that a whole text may
#: be and still be caught; ``od -c`` (one character a column, escapes for the rest) is not read.
UNREAD_PASTES = {"od-characters"}
#: The forms caught inside other text too (a dump in a page, a test's literal, a log): every dump with offsets or
#: byte groups, the literals and the byte lists. Word dumps (``hexdump``, ``od -x``: little-endian words), PowerShell's
#: Format-Hex and a log's prefix before each dump line are read only when they are the whole text.
WHOLE_ONLY = {"hexdump-words", "od-x", "format-hex", "log-wrapped-xxd"}


@pytest.mark.parametrize("form", [name for name, _render in perturb.PASTES if name not in UNREAD_PASTES])
def test_a_held_out_reply_pasted_in_any_form_a_tool_prints_is_caught(form: str) -> None:
    render = dict(perturb.PASTES)[form]
    pasted = render(HELD_OUT_REPLY)
    index = _index(HELD_OUT_REPLY)
    runs = index.shared(pasted)
    assert runs and "9f3c2b7d41e08a5f6c1d2e3f4a5b6c7d" in runs[0].text
    if form not in WHOLE_ONLY:
        assert index.shared(f"The camera answered:\n\n{pasted}\n\nthen closed the connection.")


def test_a_held_out_reply_as_base64_percent_encoding_or_unicode_escapes_is_caught() -> None:
    index = _index(HELD_OUT_REPLY)
    encoded = base64.b64encode(HELD_OUT_REPLY.encode()).decode()
    wrapped = "\n".join(encoded[at:at + 64] for at in range(0, len(encoded), 64))  # PEM/MIME lines
    escaped = "".join(f"\\u{ord(char):04x}" if char.isalpha() else char for char in HELD_OUT_REPLY)
    for copy in (f'{{"data_b64": "{encoded}"}}', f"-----BEGIN REPLY-----\n{wrapped}\n-----END REPLY-----",
                 f"GET /report?reply={quote(HELD_OUT_REPLY)} HTTP/1.1", f'reply = "{escaped}"'):
        assert index.shared(copy), copy[:60]
    # The held-out side is decoded alike: a held-out record holding a dump is compared by what it says.
    assert _index(perturb.xxd_dump(HELD_OUT_REPLY)).shared(HELD_OUT_REPLY)


def test_a_reply_cut_into_a_test_modules_literals_is_read_as_one_text(tmp_path: Path) -> None:
    head, tail = HELD_OUT_REPLY[:70], HELD_OUT_REPLY[70:]
    module = tmp_path / "test_example.py"
    module.write_text(f"CHALLENGE = (\n    {head!r}\n    {tail.encode()!r}.decode()\n)\n\ndef test_x():\n    pass\n",
                      encoding="utf-8")
    found = records.module_records(tmp_path, ["."])
    assert [record.where for record in found] == ["test_example.py"]
    assert _index(HELD_OUT_REPLY).shared(found[0].texts[0])
    (tmp_path / "broken.py").write_text(f"x = {HELD_OUT_REPLY!r}\ndef (:\n", encoding="utf-8")  # read whole
    assert _index(HELD_OUT_REPLY).shared(records.module_text(tmp_path / "broken.py"))


def test_hashes_certificates_and_prose_decode_to_nothing() -> None:
    digests = "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 md5 5d41402abc4b2a76b9719d911017c592"
    certificate = ("MIIBszCCAVmgAwIBAgIUQ7v0Qm3oZ1pJ3R+Jw5m0f8cQm3kwCgYIKoZIzj0EAwIw\n"
                   "LzEtMCsGA1UEAwwkSVAgQ2FtZXJhIDdRMjBaWkVYQU1QTEU0MkEgc2VsZi1zaWdu\n")
    prose = "The dead beef cafe opened at 0800 and the 2024 menu had 1234 items."
    assert decoding.decoded_copies(digests) == []
    assert decoding.decoded_copies(prose) == []
    assert all("\x00" not in copy for copy in decoding.decoded_copies(certificate))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789abcdefABCDEF x:|\n\r\t%+/=[],-_{}HTTP"), max_size=3000))
def test_decoding_any_dump_like_text_is_bounded_and_never_raises(text: str) -> None:
    copies = decoding.decoded_copies(text)
    assert sum(len(copy) for copy in copies) <= decoding.MAX_DECODED_CHARS + len(text)
    content.normalise(text)


def test_decoding_a_long_hostile_text_stays_fast() -> None:
    for text in ("0" * 200_000, "00000000: " * 20_000, "A" * 200_000, "%4" * 50_000, "[1 " * 50_000,
                 ("48 " * 16 + "\n") * 5_000, ("QUJD" * 16 + "\n") * 5_000, "\\u00" * 40_000):
        started = time.thread_time()
        content.normalise(text)
        assert time.thread_time() - started < 2.0, text[:12]


@pytest.mark.parametrize("name", ["BOILERPLATE", "_ESCAPE", "_TOKEN", "decoding._OFFSET", "decoding._HEX_WORD",
                                  "decoding._B64_LINE", "decoding._B64_RUN", "decoding._PERCENT",
                                  "decoding._BYTE_LIST"])
def test_the_patterns_pass_the_rules_redos_check_and_stay_fast_on_long_hostile_text(name: str) -> None:
    # The same checks tests/unit/identify/test_code_regexes.py holds the identify path's patterns to.
    module, _, attribute = name.rpartition(".")
    pattern = getattr(decoding if module else content, attribute)
    assert backtracking_problems(pattern.pattern, pattern.flags & ~re.UNICODE) == []
    for text in ("a" * 20_000, "1" * 20_000, " " * 20_000, "<!DOCTYPE" * 2_000, "Date:" * 4_000, "\\x0" * 5_000,
                 "xmlns=\"" * 3_000, "\r\n" * 10_000, "[1 2" * 5_000, "%4" * 10_000, "0x" * 10_000, "A-" * 10_000):
        started = time.thread_time()
        for _ in pattern.finditer(text):
            pass
        assert time.thread_time() - started < 0.5, f"{name} on {text[:9]!r}..."


# --- the repository -------------------------------------------------------------------------------------------------

@cache
def _overlaps() -> tuple[Any, ...]:
    index = content.packaged_index()
    return tuple(content.overlaps(
        content.development_records() + content.rule_records() + content.lab_records() + records.module_records(),
        index))


def _allowed() -> list[dict[str, Any]]:
    entries = yaml.safe_load(ALLOWED.read_text(encoding="utf-8"))["overlaps"]
    assert isinstance(entries, list)
    return entries


def _patterns(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else value


def _covers(entry: dict[str, Any], where: str, held_out: str) -> bool:
    return (any(fnmatch.fnmatchcase(where, p) for p in _patterns(entry["candidate"]))
            and any(fnmatch.fnmatchcase(held_out, p) for p in _patterns(entry["held_out"])))


def test_every_listed_overlap_says_what_it_is_and_why() -> None:
    for entry in _allowed():
        assert entry["kind"] in KINDS, entry
        assert len(entry["reason"]) > 30, entry


def test_no_development_text_shares_an_unlisted_run_with_a_held_out_record() -> None:
    allowed = _allowed()
    unlisted = [str(o) for o in _overlaps() if not any(_covers(e, o.where, o.run.held_out) for e in allowed)]
    assert not unlisted, (
        "development texts that share a distinctive run with a held-out record; drop the copy, or list the pair in "
        f"{ALLOWED.name} with its kind and reason (docs/identification/measurement.md):\n" + "\n".join(unlisted))


def test_every_listed_overlap_is_still_found() -> None:
    found = _overlaps()
    stale = [e for e in _allowed() if not any(_covers(e, o.where, o.run.held_out) for o in found)]
    assert not stale, f"entries of {ALLOWED.name} that match nothing any more: remove them\n{stale}"


def test_held_out_records_seen_before_collection_are_marked_in_their_labels_and_profiles() -> None:
    # bench/accuracy.py and bench/replay.py count a record or replay device marked seen_before with development.
    data = ROOT / "tests" / "data"
    marked: set[str] = set()
    for labels in sorted(data.glob("heldout_*.labels.jsonl")):
        for line in labels.read_text(encoding="utf-8").splitlines():
            label = json.loads(line) if line.strip() else {}
            if label.get("seen_before"):
                marked.add(f"{labels.name.replace('.labels', '')} line {label['line']}")
    for path in sorted((ROOT / "src" / "camaudit" / "lab" / "replay").glob("*.yaml")):
        if yaml.safe_load(path.read_text(encoding="utf-8")).get("seen_before"):
            marked.add(path.name)
    seen = {o.run.held_out for o in _overlaps() for e in _allowed()
            if e["kind"] == "seen" and _covers(e, o.where, o.run.held_out)}
    assert seen and seen == marked


@pytest.mark.parametrize("where", ["heldout_batch5b.jsonl line 14"])
def test_the_two_development_copies_found_first_stay_out(where: str) -> None:
    # devreplies_forums line 1 (a mirror, on runxinzhi.com, of the cnblogs post batch 5b cites) and devreplies_rtsp line
    # 6 (the same paste in a gortsplib issue and the mediacommon issue batch 21 cites) were dropped, not listed. Batch 21
    # is development since 2026-12-06 (retired), so only batch 5b's copy is still checked here.
    assert not [o for o in _overlaps() if o.run.held_out == where and o.where.startswith("devreplies_")]


def test_candidates_saved_under_a_held_out_name_are_compared_with_the_other_batches_not_themselves(
    tmp_path: Path,
) -> None:
    """helper-268's case: a candidate written to heldout_batch48.jsonl before the content check was compared with
    itself too, so the nonce it shares with an earlier batch was held by "two unrelated sources" (itself and that
    batch) and passed as a product's stock text. Checked as saved, it is compared with the other batches only."""
    def batch(name: str, source: str) -> Path:
        path = tmp_path / f"{name}.jsonl"
        path.write_text(json.dumps({"port": 554, "data": HELD_OUT_REPLY}) + "\n", encoding="utf-8")
        label = {"line": 1, "is_video": True, "maker": None, "source": source, "note": "written for the test"}
        (tmp_path / f"{name}.labels.jsonl").write_text(json.dumps(label) + "\n", encoding="utf-8")
        return path

    batch("heldout_batch90", "https://forum.example/t/1")
    candidate = batch("heldout_batch91", "https://blog.example/p/2")
    no_replay = tmp_path / "replay"
    no_replay.mkdir()
    with_itself = content.index_without([], data=tmp_path, replay=no_replay)
    assert with_itself.shared(HELD_OUT_REPLY) == []  # the candidate vouches for itself: what went wrong
    runs = content.index_without([candidate], data=tmp_path, replay=no_replay).shared(HELD_OUT_REPLY)
    assert [run.held_out for run in runs] == ["heldout_batch90.jsonl line 1"]
    assert "9f3c2b7d41e08a5f6c1d2e3f4a5b6c7d" in runs[0].text
