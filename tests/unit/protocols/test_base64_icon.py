"""One reader of an engine's base64 copy of a favicon (Shodan ``favicon.data``, Netlas ``image``, BinaryEdge
``content``): line breaks ignored, strictly base64 otherwise, nothing past 256 KiB."""

from __future__ import annotations

import base64
from pathlib import Path

from camaudit.protocols.http import MAX_ICON_BYTES, base64_icon

TOMCAT_ICON = Path(__file__).resolve().parents[2] / "data" / "favicons" / "apache-tomcat-manager.ico"


def test_an_icon_wrapped_as_shodan_writes_it_reads_back_whole() -> None:
    icon = TOMCAT_ICON.read_bytes()
    assert base64_icon(base64.encodebytes(icon).decode()) == icon
    assert base64_icon(base64.b64encode(icon).decode()) == icon


def test_the_largest_icon_is_read_and_one_byte_more_is_not() -> None:
    assert base64_icon(base64.encodebytes(b"\x01" * MAX_ICON_BYTES).decode()) == b"\x01" * MAX_ICON_BYTES
    assert base64_icon(base64.encodebytes(b"\x01" * (MAX_ICON_BYTES + 1)).decode()) == b""


def test_what_is_not_base64_is_no_icon() -> None:
    for text in ("http://192.0.2.90/favicon.ico", "/favicon.ico", "<svg onload=alert(1)>", "QUJD=x", "", "   ", None, 12):
        assert base64_icon(text) == b"", text
