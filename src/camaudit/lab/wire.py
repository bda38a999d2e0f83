"""Reading text requests and writing replies byte for byte, with every read bounded.

The lab writes its own tiny HTTP/RTSP framing instead of using a web framework because a framework adds
and reorders headers; a fingerprint that keys on a missing ``Server:`` or on ``CONTENT-LENGTH`` in
capitals must see exactly what the real device sends.
"""

from __future__ import annotations

import asyncio
import http
import struct
from collections.abc import Mapping
from dataclasses import dataclass, field

from camaudit.lab import template
from camaudit.lab.profile import Framed, Reply

#: Largest request head (request line + headers) the lab reads; beyond it the connection is closed.
MAX_HEAD = 16 * 1024
#: Largest request body the lab reads.
MAX_BODY = 64 * 1024
#: Seconds the lab waits for each request before closing an idle connection.
READ_TIMEOUT = 10.0


@dataclass(frozen=True, slots=True)
class Request:
    """One parsed HTTP or RTSP request (header names lower-cased; values as sent)."""

    method: str
    target: str
    version: str
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    @property
    def path(self) -> str:
        """The target without its query string."""
        return self.target.split("?", 1)[0]


async def read_request(reader: asyncio.StreamReader) -> Request | None:
    """Read one request; None on end of stream, timeout, or a request too large to be honest."""
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), READ_TIMEOUT)
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, ConnectionError):
        return None
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    # A request line that is not "METHOD TARGET VERSION" still gets the device's answer to nonsense.
    method, target, version = (parts[0], parts[1], parts[-1]) if len(parts) >= 3 else ("", "", "")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers.setdefault(name.strip().lower(), value.strip())
    body = b""
    length = headers.get("content-length", "0")
    if length.isdigit() and int(length) > 0:
        if int(length) > MAX_BODY:
            return None
        try:
            body = await asyncio.wait_for(reader.readexactly(int(length)), READ_TIMEOUT)
        except (asyncio.IncompleteReadError, TimeoutError, ConnectionError):
            return None
    return Request(method, target, version, headers, body)


def reason_for(status: int) -> str:
    """The standard reason phrase for ``status`` (RTSP's 454/457 etc. fall back to a generic one)."""
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return {451: "Parameter Not Understood", 454: "Session Not Found", 461: "Unsupported Transport"}.get(
            status, "Unknown"
        )


def build_reply(reply: Reply, version: str, values: Mapping[str, str], *, with_body: bool = True) -> bytes:
    """The exact bytes of ``reply``: status line, headers in order and case as written, then the body."""
    body = template.render_bytes(reply.data, values) if reply.templated else reply.data
    filled = {**values, "content_length": str(len(body))}
    reason = reply.reason if reply.reason is not None else reason_for(reply.status)
    lines = [f"{version} {reply.status} {reason}"]
    lines += [f"{name}: {template.render(value, filled)}" for name, value in reply.headers]
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")
    return head + body if with_body else head


def build_framed(framed: Framed, values: Mapping[str, str]) -> bytes:
    """A binary reply: header with the body length written where the profile says, then the body."""
    body = template.render_bytes(framed.data, values) if framed.templated else framed.data
    header = bytearray(framed.header)
    for offset in framed.length_at:
        struct.pack_into("<I", header, offset, len(body))
    return bytes(header) + body
