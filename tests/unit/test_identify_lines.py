"""``camaudit identify`` writes each line from a kept tail when an identity object comes again (cli/identify.py
``_AnswerLines``): the lines must be the JSON of the documented object, byte for byte what writing the whole object
gives, whatever the device put in its evidence (C1 controls and bidi overrides escaped) and however often the same
identity object comes back.

The expected bytes are built here from the identity's fields (orjson over a dict in the documented key order, then the
terminal-safe escape), not by the code under test.
"""

from __future__ import annotations

import io
import json
from types import MappingProxyType

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.cli import identify as cli_identify
from camaudit.importers.base import ImportRecord, failed
from camaudit.model import Evidence, Identity, Observation
from camaudit.report.safe import json_bytes_safe

_OBS = (Observation("192.0.2.1", 80, "tcp", "http", "import", "", {"http.server": "x"}),)


def _identity(matched: str, brand: str | None = "hikvision") -> Identity:
    evidence = Evidence("r.1", "http.body", matched, MappingProxyType({"brand": "hikvision"}), 0.9, "src", 80, "http")
    return Identity(device_type="camera", brand=brand, manufacturer="hikvision", model=None, firmware=None,
                    confidence=0.9, evidence=(evidence,))


def _expected(record: ImportRecord, identity: Identity | None) -> bytes:
    """The documented line, written whole (docs/importers.md: ip, port, the identity, evidence, error last)."""
    if identity is None:
        part = {"device_type": None, "brand": None, "manufacturer": None, "model": None, "firmware": None,
                "confidence": None, "evidence": []}
    else:
        part = {"device_type": identity.device_type, "brand": identity.brand, "manufacturer": identity.manufacturer,
                "model": identity.model, "firmware": identity.firmware, "confidence": identity.confidence,
                "evidence": [{"rule_id": e.rule_id, "field": e.field, "matched": e.matched}
                             for e in identity.evidence]}
    line = {"ip": record.ip, "port": record.port, **part}
    if record.error is not None:
        line["error"] = record.error
    return json_bytes_safe(orjson.dumps(line, option=orjson.OPT_APPEND_NEWLINE))


def _run(pairs: list[tuple[ImportRecord, Identity | None]]) -> list[bytes]:
    # identify is asked only of readable records with observations; the others are answered by run() itself.
    answers = iter([identity for record, identity in pairs if record.error is None and record.observations])
    out = io.BytesIO()
    cli_identify.run([record for record, _ in pairs], out, identifier=lambda _observations: next(answers))
    return out.getvalue().splitlines(keepends=True)


def test_repeated_identities_errors_and_empty_records_are_written_as_the_whole_object() -> None:
    camera = _identity("Hikvision \u202e\x9b[31m \u00e9\u4e2d")  # a bidi override, a C1 CSI, UTF-8 text
    other = _identity("plain", brand=None)
    records = [
        (ImportRecord(1, "192.0.2.1", 80, _OBS), camera),
        (ImportRecord(2, "2001:db8::1", None, _OBS), camera),  # the same object again: its kept tail
        (ImportRecord(3, "192.0.2.3", 554, _OBS), other),
        (ImportRecord(4, None, None, ()), None),  # read, nothing seen: the all-null identity
        (ImportRecord(5, "192.0.2.5", 443, ()), None),
        (ImportRecord(6, "192.0.2.1", 80, _OBS), camera),
    ]
    written = _run([(r, i) for r, i in records])
    # Unreadable records are answered by run() itself (identity None), "error" last.
    bad = failed(7, "not JSON: \u202e\x9b", "192.0.2.7", 80)
    written += _run([(bad, None)])
    expected = [_expected(r, i) for r, i in records] + [_expected(bad, None)]
    assert written == expected
    assert b"\\u202e" in written[0] and b"\\u009b" in written[0] and b"\xe2\x80\xae" not in b"".join(written)
    assert json.loads(written[1])["ip"] == "2001:db8::1" and json.loads(written[1])["port"] is None
    assert json.loads(written[-1])["error"] == "not JSON: \u202e\x9b"


def test_the_kept_tails_are_bounded_and_emptied_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_identify, "_TAILS_KEPT", 3)
    identities = [_identity(f"m{i}") for i in range(7)]
    pairs = [(ImportRecord(n, f"192.0.2.{n % 250}", n % 65536, _OBS), identities[(n * 5) % 7]) for n in range(40)]
    assert _run(pairs) == [_expected(r, i) for r, i in pairs]


#: Any text a JSON writer can write (no lone surrogates: sources decode with "replace").
_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.one_of(st.none(), _TEXT), st.one_of(st.none(), st.integers(0, 65535))),
        min_size=1,
        max_size=12,
    ),
    st.lists(_TEXT, min_size=3, max_size=3),
)
def test_any_text_in_addresses_and_evidence_is_written_as_the_whole_object(
    rows: list[tuple[int, str | None, int | None]], matched: list[str]
) -> None:
    identities: list[Identity | None] = [None, *(_identity(m) for m in matched)]
    pairs = [(ImportRecord(n, ip, port, _OBS), identities[which]) for n, (which, ip, port) in enumerate(rows)]
    assert _run(pairs) == [_expected(r, i) for r, i in pairs]
