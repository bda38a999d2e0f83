"""Bytes and text of a stored reply back into what the device sent, read as the live probe reads it.

Scan files keep some replies as bytes (Censys ``banner_hex``, base64 banners, masscan's and nmap's ``\\xNN``
escapes, nmap's service fingerprints) and others as text (Shodan's ``data``, zgrab2's banners). Both come back
here through :mod:`camaudit.protocols.http_body`, the one reading the live HTTP probe uses too: the charset a
reply declares, a chunked body's data, a gzip or deflate body inflated (bounded). Nothing here raises.
"""

from __future__ import annotations

import re

from camaudit.protocols.http_body import body_headers, body_text, dechunk, decoded_body

#: How far into stored bytes the end of an HTTP head is looked for.
_HEAD_PEEK = 16 * 1024
_HTTP_HEAD = re.compile(rb"\s{0,8}HTTP/\d(?:\.\d)? ")


def reply_text(raw: bytes) -> str:
    """Bytes of a stored reply as text. An HTTP reply stored whole (head and body) has its body de-chunked and
    inflated as its head says, then each part read as :func:`~camaudit.protocols.http_body.body_text` reads it
    with the head's ``Content-Type``; any other bytes are read by that function alone (UTF-8, else the charset
    they declare, else Latin-1)."""
    if _HTTP_HEAD.match(raw) is None:
        return body_text(raw)
    end, gap = raw.find(b"\r\n\r\n", 0, _HEAD_PEEK), 4
    if end < 0:
        end, gap = raw.find(b"\n\n", 0, _HEAD_PEEK), 2
    if end < 0:
        return body_text(raw)
    head = raw[:end]
    said = body_headers(head.decode("latin-1"))  # the head read once for the three steps below
    body = decoded_body(raw[end + gap :], said)
    return body_text(head, said) + raw[end : end + gap].decode("ascii") + body_text(body, said)


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
