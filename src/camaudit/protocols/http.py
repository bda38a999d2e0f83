"""HTTP and RTSP heads and HTML titles, as live probes, passive analysis and the importers all read them."""

from __future__ import annotations

import base64
import binascii
import hashlib
import html
import re

import mmh3

from camaudit.protocols.http_body import body_text

#: Characters of a page searched for its title, and most characters a title keeps.
TITLE_SEARCH_CHARS = 64 * 1024
MAX_TITLE_CHARS = 8 * 1024
_TITLE_OPEN = re.compile(r"<title", re.IGNORECASE)
_TITLE_CLOSE = re.compile(r"</title", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
#: Characters of a status line's reason phrase kept (``Stream Not Found``): stacks word their answers
#: differently, so the phrase is a field of its own for RTSP (``rtsp.reason``); a longer one is cut here.
MAX_REASON_CHARS = 128


class HeadError(ValueError):
    """Not an HTTP or RTSP reply head; the message quotes its first line."""


def parse_head(head: bytes) -> tuple[int, str, tuple[tuple[str, str], ...], str]:
    """Parse a status line and header block (HTTP or RTSP). Lenient: devices break the rules."""
    # Read as a stored reply's head is (protocols/http_body.body_text): UTF-8, else its declared charset, else
    # Latin-1 -- a realm or Server value in UTF-8 ("网络摄像机") must not turn into "ç½\x91ç»\x9c" live only.
    text = body_text(head)
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
        # A line that starts with white space folds the previous header's value (obs-fold, RFC 9112 section 5.2):
        # it names no header of its own. It stays in the block, as a stored head keeps it (importers/text.py).
        if not line.strip() or line[0] in " \t":
            continue
        name, sep, value = line.partition(":")
        if sep:
            headers.append((name.strip(), value.strip()))
    block = "\n".join(ln for ln in lines[1:] if ln.strip()).strip()
    return int(parts[1]), parts[2] if len(parts) > 2 else "", tuple(headers), block


def reason_phrase(text: str) -> str:
    """A status line's reason phrase as one field holds it, wherever the head was read (a live probe, traffic, a
    stored reply): its outer white space removed, cut at :data:`MAX_REASON_CHARS`; ``""`` when there is none."""
    return text.strip()[:MAX_REASON_CHARS].rstrip()


def html_title(body: str) -> str | None:
    """Text of the first ``<title>`` in a page: entities decoded, whitespace folded, bounded.

    Three forward searches, never a regex that restarts at every ``<title`` (``<title[^>]*>(.*?)</title``
    takes seconds on a page of ``<title>`` repeated; a hostile page must not stall a census).
    """
    opening = _TITLE_OPEN.search(body, 0, TITLE_SEARCH_CHARS)
    if opening is None:
        return None
    start = body.find(">", opening.end(), TITLE_SEARCH_CHARS) + 1
    closing = _TITLE_CLOSE.search(body, start, TITLE_SEARCH_CHARS) if start else None
    if closing is None:
        return None
    return clean_title(body[start : closing.start()])


def clean_title(title: str) -> str | None:
    """A page title as a person reads it, whoever extracted it: entities decoded (masscan's ``title`` banner,
    nmap's ``http-title`` and some scan files keep ``&amp;`` or ``&#x7F51;`` as the page wrote them), whitespace
    folded, bounded."""
    text = _SPACE.sub(" ", html.unescape(title[:MAX_TITLE_CHARS]))
    return text.strip()[:MAX_TITLE_CHARS] or None


#: Largest icon an importer reads from an engine's base64 copy of it: icons are a few KiB.
MAX_ICON_BYTES = 256 * 1024
#: Base64 characters of :data:`MAX_ICON_BYTES`, white space not counted.
_MAX_ICON_BASE64_CHARS = (MAX_ICON_BYTES + 2) // 3 * 4


def base64_icon(text: object) -> bytes:
    """The icon bytes of an engine's base64 copy of it (Shodan's ``favicon.data``, Netlas's ``image``, BinaryEdge's
    ``content``): line breaks and spaces ignored, otherwise strictly base64 (a URL, a path or markup in its place is no
    icon); empty when it is not base64 or is larger than :data:`MAX_ICON_BYTES`."""
    if not isinstance(text, str) or len(text) > 2 * _MAX_ICON_BASE64_CHARS:
        return b""
    cut = "".join(text.split())
    if not cut or len(cut) > _MAX_ICON_BASE64_CHARS:
        return b""
    try:
        icon = base64.b64decode(cut, validate=True)
    except (binascii.Error, ValueError):
        return b""
    return icon if len(icon) <= MAX_ICON_BYTES else b""


def favicon_hashes(icon: bytes) -> dict[str, str]:
    """Shodan's mmh3 (of base64 with newlines, signed 32-bit) and MD5, both as stored by peers: what the live probe
    computes of a fetched icon and an importer of an icon a scan engine kept whole."""
    return {
        "http.favicon.mmh3": str(mmh3.hash(base64.encodebytes(icon))),
        "http.favicon.md5": hashlib.md5(icon, usedforsecurity=False).hexdigest(),
    }
