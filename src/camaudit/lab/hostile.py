"""Ports that misbehave on purpose, so a scanner proves it survives real-world junk.

Each behaviour is one coroutine; a profile picks one per port (``hostile.behaviour``). All of them are
bounded by the lab's own per-connection lifetime and byte caps, so a hostile device cannot hurt the lab.
"""

from __future__ import annotations

import asyncio
import os
import socket
import struct
from collections.abc import Awaitable, Callable, Mapping

from camaudit.lab import wire
from camaudit.lab.profile import HostileSpec

Reader = asyncio.StreamReader
Writer = asyncio.StreamWriter

#: Most bytes a never-ending behaviour writes on one connection before the lab gives up on it.
MAX_STREAM_BYTES = 64 << 20
_CHUNK = 4096

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter, HostileSpec], Awaitable[None]]


async def _wait_for_request(reader: asyncio.StreamReader) -> None:
    # Most hostile devices still wait for the client to speak first, as real ones do.
    try:
        await asyncio.wait_for(reader.read(wire.MAX_HEAD), wire.READ_TIMEOUT)
    except (TimeoutError, ConnectionError):
        return


async def random_bytes(reader: Reader, writer: Writer, spec: HostileSpec) -> None:
    """Answer any request with ``size`` random binary bytes, then close."""
    await _wait_for_request(reader)
    left = spec.size
    while left > 0:
        chunk = os.urandom(min(left, _CHUNK))
        writer.write(chunk)
        await writer.drain()
        left -= len(chunk)


async def _stream(writer: Writer, head: bytes, filler: bytes) -> None:
    """``head``, then ``filler`` again and again up to the lab's stream cap (the peer sees no end)."""
    writer.write(head)
    sent = 0
    while sent < MAX_STREAM_BYTES:
        writer.write(filler)
        await writer.drain()
        sent += len(filler)


async def endless_header(reader: Reader, writer: Writer, spec: HostileSpec) -> None:
    """A status line, then one header line that never ends (until the lab's caps end it)."""
    await _wait_for_request(reader)
    await _stream(writer, spec.text.encode("utf-8") + b"X-Endless: ", b"A" * _CHUNK)


async def drip(reader: Reader, writer: Writer, spec: HostileSpec) -> None:
    """A plausible reply sent one byte every ``interval`` seconds, forever (a slowloris in reverse)."""
    await _wait_for_request(reader)
    text = spec.text.encode("utf-8")
    i = 0
    while i < MAX_STREAM_BYTES:
        writer.write(text[i % len(text) : i % len(text) + 1])
        await writer.drain()
        i += 1
        await asyncio.sleep(spec.interval)


async def reset(reader: Reader, writer: Writer, spec: HostileSpec) -> None:
    """Read the request, then reset the connection (RST, not FIN)."""
    await _wait_for_request(reader)
    sock = writer.get_extra_info("socket")
    if sock is not None:
        # Linger on with a zero timeout makes close() send RST.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


async def tarpit(reader: Reader, writer: Writer, spec: HostileSpec) -> None:
    """Accept, read whatever comes, never answer (the lab's connection lifetime ends it)."""
    while True:
        data = await reader.read(_CHUNK)
        if not data:
            return


async def giant_header(reader: Reader, writer: Writer, spec: HostileSpec) -> None:
    """A complete reply whose one header is ``size`` bytes long."""
    await _wait_for_request(reader)
    writer.write(spec.text.encode("utf-8") + b"X-Giant: ")
    left = spec.size
    while left > 0:
        n = min(left, _CHUNK)
        writer.write(b"B" * n)
        await writer.drain()
        left -= n
    writer.write(b"\r\nContent-Length: 0\r\n\r\n")
    await writer.drain()


async def endless_body(reader: Reader, writer: Writer, spec: HostileSpec) -> None:
    """A complete status line and headers (``text``, ending in a blank line), then a body that never ends."""
    await _wait_for_request(reader)
    await _stream(writer, spec.text.encode("utf-8"), b"<p>" + b"C" * (_CHUNK - 3))


async def many_headers(reader: Reader, writer: Writer, spec: HostileSpec) -> None:
    """A status line (``text``), then ``size`` header lines, then the end of the head (an RTSP or HTTP bomb)."""
    await _wait_for_request(reader)
    writer.write(spec.text.encode("utf-8"))
    for start in range(0, spec.size, 256):
        writer.write(b"".join(b"X-Header-%d: value\r\n" % i for i in range(start, min(start + 256, spec.size))))
        await writer.drain()
    writer.write(b"Content-Length: 0\r\n\r\n")
    await writer.drain()


async def stall(reader: Reader, writer: Writer, spec: HostileSpec) -> None:
    """Send ``text`` (say, a ``Content-Length`` far beyond the bytes that follow), then hold the connection."""
    await _wait_for_request(reader)
    writer.write(spec.text.encode("utf-8"))
    await writer.drain()
    await tarpit(reader, writer, spec)


BEHAVIOURS: Mapping[str, Handler] = {
    "random_bytes": random_bytes,
    "endless_header": endless_header,
    "drip": drip,
    "reset": reset,
    "tarpit": tarpit,
    "giant_header": giant_header,
    "endless_body": endless_body,
    "many_headers": many_headers,
    "stall": stall,
}
