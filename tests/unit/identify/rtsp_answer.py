"""One RTSP answer, sniffed as an importer keeps it and identified: what the RTSP identify tests all do."""

from __future__ import annotations

from camaudit.identify import identify
from camaudit.importers.sniff import sniff
from camaudit.model import Identity, Observation


def answer(text: str, port: int = 554) -> Identity:
    """The identity of ``text`` (LF line ends, written as CRLF) answered on ``port``; it must sniff as RTSP."""
    fields: dict[str, str] = {}
    assert sniff(text.replace("\n", "\r\n"), fields, port=port) == "rtsp"
    return identify([Observation("192.0.2.1", port, "tcp", "rtsp", "import", "2026-01-01T00:00:00Z", fields)])


def rule_ids(identity: Identity) -> set[str]:
    """The rules whose evidence the identity carries."""
    return {e.rule_id for e in identity.evidence}
