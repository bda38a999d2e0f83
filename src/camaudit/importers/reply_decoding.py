"""Bytes and text of a stored reply back into what the device sent, read as the live probe reads it.

Scan files keep some replies as bytes (Censys ``banner_hex``, base64 banners, masscan's and nmap's ``\\xNN``
escapes, nmap's service fingerprints) and others as text (Shodan's ``data``, zgrab2's banners). Both come back
here through :mod:`camaudit.protocols.http_body`, the one reading the live HTTP probe uses too: the charset a
reply declares, a chunked body's data, a gzip, deflate or Brotli body inflated (bounded). Nothing here raises.

A body is de-chunked and inflated once. Bytes read here come back as a :class:`DecodedReply`, which tells
:func:`~camaudit.importers.sniff.sniff` that its body is already the device's data: read again as its head
says, a body whose data itself starts with hex digits and a line end lost its first line to a second
de-chunking. A reply kept as text (Shodan's ``data``, a zgrab2 banner) is read by :func:`stored_body` instead:
de-chunked, and inflated when its characters are its bytes (a collector that kept each byte as one character).
A reply or body a collection stored quoted -- entity-escaped, or as one JSON string -- is read back by
:func:`unquoted` (bench/perturb.py measures both forms).
"""

from __future__ import annotations

import html
import json
import re

from camaudit.protocols.http_body import body_headers, body_text, dechunk, is_chunked, read_body

#: How far into stored bytes the end of an HTTP head is looked for.
_HEAD_PEEK = 16 * 1024
_HTTP_HEAD = re.compile(rb"\s{0,8}HTTP/\d(?:\.\d)? ")


class DecodedReply(str):
    """The text of an HTTP reply whose body :func:`reply_text` already de-chunked and inflated as its head says;
    ``body_cut`` says why the body is not all the device sent (``""`` when it is). Any other text is a plain
    ``str``, and a ``str`` operation on this one gives a plain ``str`` again."""

    body_cut: str

    def __new__(cls, text: str, body_cut: str = "") -> DecodedReply:
        reply = super().__new__(cls, text)
        reply.body_cut = body_cut
        return reply


def reply_text(raw: bytes) -> str:
    """Bytes of a stored reply as text. An HTTP reply stored whole (head and body) has its body de-chunked and
    inflated as its head says, then each part read as :func:`~camaudit.protocols.http_body.body_text` reads it
    with the head's ``Content-Type``, and comes back as a :class:`DecodedReply`; any other bytes are read by
    that function alone (UTF-8, else the charset they declare, else Latin-1)."""
    if _HTTP_HEAD.match(raw) is None:
        return body_text(raw)
    end, gap = raw.find(b"\r\n\r\n", 0, _HEAD_PEEK), 4
    if end < 0:
        end, gap = raw.find(b"\n\n", 0, _HEAD_PEEK), 2
    if end < 0:
        return body_text(raw)
    head = raw[:end]
    said = body_headers(head.decode("latin-1"))  # the head read once for the three steps below
    body = read_body(raw[end + gap :], said)
    text = body_text(head, said) + raw[end : end + gap].decode("ascii") + body_text(body.data, said)
    return DecodedReply(text, body.cut)


def stored_body(body: str, headers: str) -> tuple[str, str]:
    """The body of an HTTP reply kept as text, read as its header block says, and why it is not all the device
    sent (``""`` when it is). A body sent compressed is inflated when every character is one byte (code points
    below 256: how Shodan and others keep bytes that are not text); a collector that decoded the compressed
    bytes as UTF-8 replaced them, and that body is left as it is. A body sent chunked is :func:`dechunked`."""
    lowered = headers.lower()
    if "content-encoding" in lowered:
        try:
            raw = body.encode("latin-1")
        except UnicodeEncodeError:
            raw = b""
        decoded = read_body(raw, headers) if raw else None
        if decoded is not None and decoded.inflated:
            return body_text(decoded.data, headers), decoded.cut
    if "chunked" in lowered and is_chunked(headers):
        return dechunked(body), ""
    return body, ""


def dechunked(body: str) -> str:
    """The data of a chunked body kept as text, its size lines and trailers taken out; ``body`` unchanged when it
    does not start with a chunk size. Sizes count bytes, so the text is measured in the bytes it was read from:
    UTF-8, else Latin-1 (a UTF-8 character split between two chunks made the whole reply Latin-1; the joined
    data is then read again as :func:`reply_text` reads bytes)."""
    found = dechunk(body.encode("utf-8"))
    if found is None:
        return body
    data, clean = found
    if not clean:
        try:
            latin = dechunk(body.encode("latin-1"))
        except UnicodeEncodeError:
            latin = None
        if latin is not None and latin[1]:
            return body_text(latin[0])
    return data.decode("utf-8", "replace")


#: Characters of a quoted text read back: escaping makes a text longer, and no reader reads past 64 KiB of what it
#: gives back (importers/sniff.py MAX_SNIFF_CHARS, base.py MAX_BODY_CHARS).
MAX_QUOTED_CHARS = 4 * 64 * 1024
#: How far into a text an escaped quote is looked for (:func:`looks_quoted`).
QUOTED_PEEK = 512
#: What a text a collection entity-escaped opens with, or holds near its start when it is no markup (a JSON document,
#: ``key="value"`` lines): an escaped tag or an escaped double quote.
_ESCAPED_MARKS = ("&lt;", "&quot;", "&#34;", "&#x22;")
#: What a JSON string cut short inside a ``\\uXXXX`` escape ends with.
_CUT_UNICODE_ESCAPE = re.compile(r"\\u[0-9A-Fa-f]{0,3}$")
#: What may lead a text before its first character: white space, NULs, a byte-order mark.
_LEAD = "\r\n\t \x00\ufeff"
#: A text's first character after what may lead it.
_FIRST = re.compile("[\\r\\n\\t \\x00\\ufeff]{0,64}(.)", re.DOTALL)


def looks_quoted(text: str) -> bool:
    """Whether ``text`` may be a reply stored quoted (:func:`unquoted` says whether it is): it opens with a double
    quote or an entity, or, opening with no tag, holds an escaped double quote near its start. Bounded looks, no copy:
    this runs on every stored reply and body, and one that opens with a tag (most bodies) costs one comparison."""
    first = text[:1]
    if first in _LEAD:  # "" too: the match below settles an empty or a led text
        found = _FIRST.match(text)
        if found is None:
            return False
        first = found.group(1)
    if first == "<":
        return False  # markup (most bodies): an escaped text holds no raw "<"
    return first in "\"&" or text.find("&quot;", 0, QUOTED_PEEK) >= 0


def unquoted(text: str) -> str:
    """A reply or body a collection stored quoted, back to what the device sent; any other text unchanged.

    Two quotings are undone, one level only. The whole text entity-escaped, as a page or an HTML report shows a reply
    (``&lt;?xml ...&gt;``, ``{&quot;model&quot;: ...}``): it holds no raw ``<`` or ``"`` and opens with an escaped tag
    or has an escaped quote near its start. The whole text written as one JSON string, as a tool keeps a body inside
    its own JSON (quotes, ``\\n``, ``\\"``, ``\\uXXXX``), whole or cut short. A page that merely contains an entity and
    a greeting that merely contains a quote are neither."""
    start = text[:MAX_QUOTED_CHARS].lstrip(" \t\r\n\x00\ufeff")
    if start.startswith('"'):
        return _json_string(start) or text
    if "<" in start or '"' in start:
        return text
    if start.startswith("&lt;") or any(start.find(mark, 0, QUOTED_PEEK) >= 0 for mark in _ESCAPED_MARKS[1:]):
        return html.unescape(start)
    return text


def _json_string(text: str) -> str | None:
    """The string a JSON string literal ``text`` holds (whole, or cut short anywhere: closed where the cut fell), else
    ``None``; an empty string is ``None`` too."""
    end = text.rstrip(" \t\r\n\x00")
    for candidate in (end, end + '"', end[:-1] + '"', _CUT_UNICODE_ESCAPE.sub("", end) + '"'):
        try:
            found = json.loads(candidate)
        except (ValueError, RecursionError):
            continue
        return found if isinstance(found, str) and found else None
    return None
