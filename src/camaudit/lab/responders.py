"""What one emulated port does with a connection or a datagram: HTTP, RTSP, raw TCP, UDP."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import re
from collections.abc import Callable, Mapping
from typing import cast
from urllib.parse import urlsplit

from camaudit.lab import wire
from camaudit.lab.profile import HttpSpec, RawSpec, Reply, Route, RtspSpec, Rule

log = logging.getLogger("camaudit.lab")

#: Requests answered on one kept-alive connection before the lab closes it.
MAX_REQUESTS_PER_CONNECTION = 32
#: Bytes a raw TCP service reads per request.
MAX_RAW_READ = 4096
#: Longest text a capture may take from a request (a SADP Uuid is 36-38 characters).
MAX_CAPTURE = 128


def _route_matches(route: Route, request: wire.Request) -> bool:
    method = request.method.upper()
    if route.method != "*" and route.method != method and not (method == "HEAD" and route.method == "GET"):
        return False
    if route.match == "prefix":
        if not request.path.startswith(route.path):
            return False
    elif route.path != (request.target if "?" in route.path else request.path):
        return False
    return route.body_contains is None or route.body_contains in request.body.decode("latin-1")


def choose_route(spec: HttpSpec, request: wire.Request) -> Reply:
    """The first route that matches ``request``, else the device's not-found reply."""
    for route in spec.routes:
        if _route_matches(route, request):
            return route
    return spec.not_found


#: A reply computed in code (a verified login), or None to let the profile's routes answer.
DynamicRoute = Callable[[wire.Request, Mapping[str, str]], Reply | None]


def _keep_alive(request: wire.Request, reply_bytes: bytes) -> bool:
    head = reply_bytes.split(b"\r\n\r\n", 1)[0].lower()
    if b"\r\ncontent-length:" not in head or b"\r\nconnection: close" in head:
        return False
    connection = request.headers.get("connection", "").lower()
    if request.version == "HTTP/1.0":
        return connection == "keep-alive"
    return connection != "close"


async def serve_http(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    spec: HttpSpec,
    values: Mapping[str, str],
    dynamic: DynamicRoute | None = None,
) -> None:
    """Answer HTTP requests until the client or the reply closes the connection.

    ``dynamic`` (login-protected APIs, ``lab/auth_http.py``) answers first; the profile's routes answer
    whatever it leaves.
    """
    for _ in range(MAX_REQUESTS_PER_CONNECTION):
        request = await wire.read_request(reader)
        if request is None:
            return
        filled = {**values, "path": request.path, "host": request.headers.get("host", values.get("ip", ""))}
        is_http = request.version.startswith("HTTP/")
        reply = dynamic(request, filled) if dynamic is not None and is_http else None
        if reply is None:
            reply = choose_route(spec, request) if is_http else spec.not_found
        version = reply.version or spec.version
        if version == "echo":
            version = request.version if request.version in ("HTTP/1.0", "HTTP/1.1") else "HTTP/1.1"
        data = wire.build_reply(reply, version, filled, with_body=request.method.upper() != "HEAD")
        writer.write(data)
        await writer.drain()
        if not _keep_alive(request, data):
            return


async def serve_rtsp(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, spec: RtspSpec, values: Mapping[str, str]
) -> None:
    """Answer RTSP requests with the per-method replies of the profile."""
    for _ in range(MAX_REQUESTS_PER_CONNECTION):
        request = await wire.read_request(reader)
        if request is None:
            return
        method = request.method.upper()
        reply = spec.replies.get(method, spec.default)
        if method == "DESCRIBE" and spec.streams:
            reply = spec.streams.get(stream_path(request.target), reply)
        cseq = request.headers.get("cseq", "0")
        # CSeq is echoed into the reply: keep it to digits so a client cannot inject header lines.
        filled = {**values, "cseq": cseq if cseq.isdigit() and len(cseq) < 12 else "0", "path": request.path}
        writer.write(wire.build_reply(reply, reply.version or spec.version, filled))
        await writer.drain()


def stream_path(target: str) -> str:
    """The path and query of an RTSP request target (``rtsp://host:554/a?b`` -> ``/a?b``)."""
    parts = urlsplit(target)
    path = parts.path or "/"
    return f"{path}?{parts.query}" if parts.query else path


def rule_reply(rules: list[Rule], data: bytes, values: Mapping[str, str]) -> bytes | None:
    """The reply of the first rule ``data`` satisfies (with its captures filled), or None."""
    text = data.decode("latin-1")
    for rule in rules:
        if rule.prefix_hex is not None and not data.startswith(bytes.fromhex(rule.prefix_hex)):
            continue
        if rule.contains is not None:
            wanted = [rule.contains] if isinstance(rule.contains, str) else rule.contains
            if not all(w in text for w in wanted):
                continue
        captured: dict[str, str] = {}
        for name, pattern in rule.capture.items():
            found = re.search(pattern, text)
            if found is None or len(found.group(1)) > MAX_CAPTURE:
                break
            captured[name] = found.group(1)
        else:
            return wire.build_framed(rule.reply, {**values, **captured})
    return None


async def serve_raw(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, spec: RawSpec, values: Mapping[str, str]
) -> None:
    """A binary TCP port: optional greeting, then one reply per chunk the client sends that a rule matches."""
    if spec.greeting is not None:
        writer.write(wire.build_framed(spec.greeting, values))
        await writer.drain()
    for _ in range(MAX_REQUESTS_PER_CONNECTION):
        try:
            data = await asyncio.wait_for(reader.read(MAX_RAW_READ), wire.READ_TIMEOUT)
        except (TimeoutError, ConnectionError):
            return
        if not data:
            return
        reply = rule_reply(spec.rules, data, values)
        if reply is not None:
            writer.write(reply)
            await writer.drain()


#: What a UDP service answers to one datagram from a sender (address, port) (None: stay silent).
Answer = Callable[[bytes, tuple[str, int]], bytes | None]


class UdpResponder(asyncio.DatagramProtocol):
    """Answer discovery datagrams from the lab's own network (loopback, or the namespace LAN).

    ``targets`` says where each answer goes: ``None`` is the sender, an address is a multicast group
    (Hikvision SADP answers to its group, as real devices do).
    """

    #: Replies per second a device sends at most, so a flood of probes cannot turn the lab into a reflector.
    MAX_REPLIES_PER_SECOND = 200

    def __init__(
        self,
        answer: Answer,
        lan: ipaddress.IPv4Network,
        own_ip: str,
        targets: tuple[tuple[str, int] | None, ...] = (None,),
        copies: int = 1,
    ) -> None:
        self._answer = answer
        self._copies = copies
        self._lan = lan
        self._own_ip = own_ip
        self._targets = targets
        self._transport: asyncio.DatagramTransport | None = None
        self._window = 0.0
        self._sent = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # asyncio's selector datagram transport does not subclass DatagramTransport, though it is one.
        self._transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: tuple[str | bytes, int]) -> None:
        host = addr[0] if isinstance(addr[0], str) else addr[0].decode()
        # The lab only ever talks to its own network, whatever the source claims to be; and never to
        # itself (a group answer looped back must not be answered again).
        if self._transport is None or host == self._own_ip or ipaddress.ip_address(host) not in self._lan:
            return
        now = asyncio.get_running_loop().time()
        if now - self._window >= 1.0:
            self._window, self._sent = now, 0
        if self._sent >= self.MAX_REPLIES_PER_SECOND:
            return
        reply = self._answer(data, (host, addr[1]))
        if reply is None:
            return
        for _ in range(min(self._copies, self.MAX_REPLIES_PER_SECOND - self._sent)):
            self._sent += 1
            for target in self._targets:
                self._transport.sendto(reply, target or (host, addr[1]))

    def error_received(self, exc: Exception) -> None:
        log.debug("lab udp error: %s", exc)
