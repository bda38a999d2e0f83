"""The certificate of an HTTPS port comes from the landing page's own connection: no handshake of its own."""

from __future__ import annotations

import asyncio
import hashlib
import ssl

from camaudit.lab.profile import TlsSpec
from camaudit.lab.tlscert import certificate_pem, server_context
from camaudit.scan.net import Limits, ProbeContext
from camaudit.scan.probes.base import Endpoint
from camaudit.scan.probes.http import probe_http
from camaudit.scan.probes.onvif import probe_onvif
from camaudit.targets import build_scope

IP = "127.86.0.7"
SPEC = TlsSpec(subject="CN=IPC,O=Example Camera Co,C=NL")
PAGE = b"<html><head><title>Camera login</title></head><body>sign in</body></html>"


async def _serve_and_probe() -> tuple[list[str], list[dict[str, str]]]:
    seen: list[str] = []  # one entry per connection: its request line, or "" when none came

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        seen.append("")
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                           if line.lower().startswith(b"content-length:")), 0)
            await reader.readexactly(length)
            request = head.split(b"\r\n")[0].decode()
            seen[-1] = request
            body, status = (PAGE, "200 OK") if request.startswith("GET / ") else (b"no", "404 Not Found")
            writer.write(f"HTTP/1.1 {status}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
                         + body)
            await writer.drain()
        except asyncio.IncompleteReadError:
            pass  # a connection that only read the certificate
        finally:
            writer.close()

    server = await asyncio.start_server(handle, IP, 0, ssl=server_context(SPEC))
    port = server.sockets[0].getsockname()[1]
    async with server:
        ctx = ProbeContext(build_scope([IP]), Limits(probe_timeout=10.0))
        endpoint = Endpoint(IP, port, "https")
        observations = [*await probe_http(ctx, endpoint), *await probe_onvif(ctx, endpoint)]
    return seen, [dict(o.fields) for o in observations]


def test_no_connection_only_for_the_certificate_and_the_certificate_is_still_read() -> None:
    seen, fields = asyncio.run(_serve_and_probe())
    # Each connection is a TLS handshake the device signs: one per request, none for the certificate alone.
    assert seen == ["GET / HTTP/1.1", "GET /favicon.ico HTTP/1.1", "POST /onvif/device_service HTTP/1.1"]
    der = ssl.PEM_cert_to_DER_cert(certificate_pem(SPEC.subject, SPEC.issuer, SPEC.not_before, SPEC.not_after)
                                   .decode())
    certificate = next(f for f in fields if "tls.sha256" in f)
    assert certificate["tls.sha256"] == hashlib.sha256(der).hexdigest()
    assert certificate["tls.subject"] == SPEC.subject
    assert any(f.get("http.title") == "Camera login" for f in fields)
