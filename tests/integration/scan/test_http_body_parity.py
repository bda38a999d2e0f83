"""The same reply bytes give the same fields whether camaudit scanned the device live or read a scanner's copy.

A real HTTP(S) server on loopback answers the landing page with reply bytes written for these tests (no capture
of a GB2312, Big5, Shift-JIS or Windows-1251 camera page is in the development data): login pages titled with
the words a maker's localised interface uses (the words ``words.camera-word.localised`` quotes), in their
charset, some sent chunked (with a chunk extension and a trailer, RFC 9112 section 7.1), gzip or deflate. The
live HTTP probe reads them; the same bytes kept as a raw reply in a JSON line (``banner_b64``) and in Censys's
``banner_hex`` are imported. Both must show the user the same title, body, server and status, and the same
identity. For HTTPS, the certificate the handshake presents reads the same as masscan's ``X509`` banner of it.

Same /24 as ``test_tls_handshakes.py`` (tests/xdist_groups.py puts both in one group).
"""

from __future__ import annotations

import asyncio
import base64
import datetime
import gzip
import io
import ipaddress
import json
import ssl
import zlib
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from camaudit.identify import identify
from camaudit.importers import FORMATS
from camaudit.model import Observation, is_video_device
from camaudit.scan.net import Limits, ProbeContext
from camaudit.scan.probes.base import Endpoint
from camaudit.scan.probes.http import probe_http
from camaudit.targets import build_scope

IP = "127.86.0.8"
SHOWN = ("http.status", "http.server", "http.title", "http.body", "http.www_authenticate", "http.body_cut")


def _reply(body: bytes, *headers: str) -> bytes:
    head = "HTTP/1.1 200 OK\r\nServer: lighttpd/1.4.35\r\n" + "".join(f"{h}\r\n" for h in headers)
    return head.encode("ascii") + "Connection: close\r\n\r\n".encode("ascii") + body


def _page(title: str, charset: str, meta: bool = False) -> bytes:
    declared = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if meta else ""
    return (f"<html><head>{declared}<title>{title}</title></head>"
            f"<body><form action=/login.cgi>{title}</form></body></html>").encode(charset)


def _chunked(data: bytes, size: int) -> bytes:
    parts = [data[i : i + size] for i in range(0, len(data), size)]
    return b"".join(b"%x;part=%d\r\n%s\r\n" % (len(p), n, p) for n, p in enumerate(parts)) + b"0\r\nX-Done: 1\r\n\r\n"


#: name -> (reply bytes, the title a user must see).
REPLIES = {
    "gb2312-declared": (_reply(_page("网络摄像机", "gb2312"), "Content-Type: text/html; charset=gb2312"),
                        "网络摄像机"),
    "big5-meta-only": (_reply(_page("網路攝影機", "big5", meta=True), "Content-Type: text/html"), "網路攝影機"),
    "shift-jis-chunked": (
        _reply(_chunked(_page("ネットワークカメラ", "shift_jis"), 37), "Content-Type: text/html; charset=Shift_JIS",
               "Transfer-Encoding: chunked"),
        "ネットワークカメラ",
    ),
    "cp1251-meta-gzip": (
        _reply(gzip.compress(_page("IP-камера", "windows-1251", meta=True)), "Content-Type: text/html",
               "Content-Encoding: gzip"),
        "IP-камера",
    ),
    "utf8-deflate-chunked": (
        _reply(_chunked(zlib.compress(_page("Network Camera", "utf-8")), 20), "Content-Type: text/html",
               "Content-Encoding: deflate", "Transfer-Encoding: chunked"),
        "Network Camera",
    ),
    # A page whose gzip body inflates past the bounds (200 KiB in a few hundred bytes: the 100-times ratio stops it
    # within the 64 KiB a body keeps): its start is read, and the reply says it was cut (helper-85).
    "gzip-past-the-bounds": (
        _reply(gzip.compress(_page("Network Camera", "utf-8") + b" " * (200 << 10)), "Content-Type: text/html",
               "Content-Encoding: gzip"),
        "Network Camera",
    ),
}


async def _serve(reply: bytes, ssl_context: ssl.SSLContext | None = None) -> list[Observation]:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = await reader.readuntil(b"\r\n\r\n")
            writer.write(reply if request.startswith(b"GET / ") else b"HTTP/1.1 404 Not Found\r\n\r\n")
            await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, IP, 0, ssl=ssl_context)
    port = server.sockets[0].getsockname()[1]
    async with server:
        ctx = ProbeContext(build_scope([IP]), Limits(probe_timeout=10.0))
        return await probe_http(ctx, Endpoint(IP, port, "https" if ssl_context else "http"))


def _imported(fmt: str, record: dict[str, object]) -> list[Observation]:
    (read,) = list(FORMATS[fmt](io.BytesIO(json.dumps(record).encode())))
    assert read.ok, read.error
    return list(read.observations)


def _shown(observations: list[Observation]) -> dict[str, str]:
    fields = next(o.fields for o in observations if "http.status" in o.fields)
    return {k: fields[k] for k in SHOWN if k in fields}


@pytest.mark.parametrize("name", sorted(REPLIES))
def test_a_reply_scanned_live_and_the_same_bytes_imported_show_the_same(name: str) -> None:
    raw, title = REPLIES[name]
    live = asyncio.run(_serve(raw))
    stored = {
        "jsonl": _imported("jsonl", {"ip": "192.0.2.80", "port": 80, "banner_b64": base64.b64encode(raw).decode()}),
        "censys": _imported("censys", {"ip": "192.0.2.80", "services": [
            {"port": 80, "service_name": "HTTP", "banner_hex": raw.hex()}]}),
    }
    seen = _shown(live)
    assert seen["http.title"] == title
    assert title in seen["http.body"] and "\ufffd" not in seen["http.body"]
    assert seen["http.server"] == "lighttpd/1.4.35"
    assert seen["http.status"] == "200"
    for fmt, observations in stored.items():
        assert _shown(observations) == seen, fmt
        assert identify(observations).device_type == identify(live).device_type, fmt


def test_the_live_probe_says_when_a_compressed_body_was_cut_at_the_inflation_bounds() -> None:
    cut = _shown(asyncio.run(_serve(REPLIES["gzip-past-the-bounds"][0])))
    assert cut["http.title"] == "Network Camera"
    assert cut["http.body_cut"].startswith("gzip body inflates past ")
    assert cut["http.body_cut"].endswith("only the start is kept")
    # A compressed body within the bounds is read whole and says nothing of the kind.
    assert "http.body_cut" not in _shown(asyncio.run(_serve(REPLIES["cp1251-meta-gzip"][0])))


def test_a_gb2312_camera_page_scanned_live_is_typed_a_camera() -> None:
    raw, _title = REPLIES["gb2312-declared"]
    assert is_video_device(identify(asyncio.run(_serve(raw))).device_type)


def test_the_certificate_of_a_live_handshake_reads_as_masscans_copy_of_it(tmp_path: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([
        x509.RelativeDistinguishedName([x509.NameAttribute(NameOID.COMMON_NAME, "IPC"),
                                        x509.NameAttribute(NameOID.SERIAL_NUMBER, "ipc-0042")]),
        x509.RelativeDistinguishedName([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example Camera Co")]),
    ])
    start = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(42).not_valid_before(start).not_valid_after(start + datetime.timedelta(days=3650))
        .add_extension(x509.SubjectAlternativeName([
            x509.DNSName("ipc-0042.example"), x509.IPAddress(ipaddress.ip_address(IP)),
            x509.RFC822Name("admin@ipc-0042.example")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    (tmp_path / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "key.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    live = asyncio.run(_serve(REPLIES["gb2312-declared"][0], context))
    der = base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()
    (record,) = list(FORMATS["masscan"](io.BytesIO(f"banner tcp 443 192.0.2.80 1727151523 X509 {der}\n".encode())))
    live_tls = next(o.fields for o in live if "tls.sha256" in o.fields)
    stored_tls = {k: v for o in record.observations for k, v in o.fields.items() if k.startswith("tls.")}
    assert stored_tls == dict(live_tls)
    assert live_tls["tls.subject"] == "O=Example Camera Co,CN=IPC+2.5.4.5=ipc-0042"
    assert live_tls["tls.san"] == f"ipc-0042.example\n{IP}"
    assert _shown(live)["http.title"] == "网络摄像机"
