"""The live RTSP probe and the web probe read what actually answered: a web server on an RTSP port is
HTTP (its Server header kept, no RTSP status made up), an RTSP server on a web port is RTSP, read whole."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from camaudit.identify import EvidenceLedger
from camaudit.scan.engine import ScanOptions, probe_host
from camaudit.scan.net import Limits, ProbeContext
from camaudit.targets import build_scope

IP = "127.79.10.1"
RTSP_PORT = 8554  # the scan takes it for RTSP
WEB_PORT = 8080  # the scan takes it for HTTP

# What a web server sends to a request line it cannot parse (written for this test, in lighttpd's shape).
WEB_400 = b"HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\nContent-Length: 0\r\nConnection: close\r\n" \
    b"Server: lighttpd/1.4.35\r\n\r\n"
# An RTSP server's answer to a request it does not serve, echoing the CSeq (written for this test).
RTSP_400 = b"RTSP/1.0 400 Bad Request\r\nServer: Rtsp Server/3.0\r\nCSeq: 1\r\n\r\n"

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


def _answer(reply: bytes) -> Handler:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(reply)
        await writer.drain()
        writer.close()

    return handle


def _scan(port: int, reply: bytes) -> list[tuple[str, dict[str, str]]]:
    async def run() -> list[tuple[str, dict[str, str]]]:
        server = await asyncio.start_server(_answer(reply), IP, port)
        async with server:
            ctx = ProbeContext(build_scope([IP]), Limits(probe_timeout=2.0))
            report = await probe_host(
                ctx, IP, [port], ScanOptions(ports=(port,)), maker_hint=EvidenceLedger().makers, discovery=False
            )
        return [(o.protocol, dict(o.fields)) for o in report.observations]

    return asyncio.run(run())


def test_a_web_server_on_an_rtsp_port_is_read_as_http_not_as_an_rtsp_status() -> None:
    seen = _scan(RTSP_PORT, WEB_400)
    assert not [fields for _, fields in seen if any(k.startswith("rtsp.") for k in fields)], seen
    web = [fields for protocol, fields in seen if protocol == "http"]
    assert web and web[0]["http.status"] == "400" and web[0]["http.server"] == "lighttpd/1.4.35"


def test_an_rtsp_server_on_a_web_port_is_read_as_rtsp() -> None:
    seen = _scan(WEB_PORT, RTSP_400)
    rtsp = [fields for protocol, fields in seen if protocol == "rtsp"]
    assert rtsp and rtsp[0]["rtsp.status"] == "400" and rtsp[0]["rtsp.server"] == "Rtsp Server/3.0"
    assert not [fields for _, fields in seen if "http.status" in fields], seen
