"""HTTP and RTSP heads and HTML titles, as live probes read them and as passive analysis reads them off the wire."""

from __future__ import annotations

import html
import re

_TITLE = re.compile(rb"<title[^>]{0,200}>(.{0,1024}?)</title", re.IGNORECASE | re.DOTALL)


class HeadError(ValueError):
    """Not an HTTP or RTSP reply head; the message quotes its first line."""


def parse_head(head: bytes) -> tuple[int, str, tuple[tuple[str, str], ...], str]:
    """Parse a status line and header block (HTTP or RTSP). Lenient: devices break the rules."""
    text = head.decode("latin-1")
    lines = text.replace("\r\n", "\n").split("\n")
    status_line = lines[0].strip()
    parts = status_line.split(None, 2)
    # isascii: str.isdigit() is true for "²" and other Unicode digits, which int() refuses (found by fuzzing).
    if len(parts) < 2 or not parts[0].upper().startswith(("HTTP/", "RTSP/")) or not (
        parts[1].isascii() and parts[1].isdigit()
    ):
        raise HeadError(f"not an HTTP/RTSP reply: {status_line[:60]!r}")
    headers: list[tuple[str, str]] = []
    for line in lines[1:]:
        if not line.strip():
            continue
        name, sep, value = line.partition(":")
        if sep:
            headers.append((name.strip(), value.strip()))
    block = "\n".join(ln for ln in lines[1:] if ln.strip())
    return int(parts[1]), parts[2] if len(parts) > 2 else "", tuple(headers), block


def page_title(body: bytes) -> str | None:
    """The text of a page's ``<title>``, whitespace collapsed and entities decoded."""
    m = _TITLE.search(body)
    if not m:
        return None
    return " ".join(html.unescape(m.group(1).decode("utf-8", errors="replace")).split()) or None
