"""HTTP and HTTPS: the landing page (one redirect followed), the favicon, and the TLS certificate.

A small HTTP/1.1 client on asyncio streams rather than a general library: we need the header block
exactly as the device sent it (order, case, duplicates, a missing ``Server:``), and hard caps on
every read, which general clients do not give.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

import mmh3

from camaudit.model import Observation
from camaudit.scan.net import Deadline, ProbeContext, ProbeError, connect, read_at_most, read_until
from camaudit.scan.probes.base import Endpoint, make_observation
from camaudit.scan.probes.tls import certificate_fields

USER_AGENT = "camaudit/0.1 (+https://github.com/camaudit/camaudit; authorised audit)"

_TITLE = re.compile(rb"<title[^>]{0,200}>(.{0,1024}?)</title", re.IGNORECASE | re.DOTALL)
# Camera landing pages often redirect in JavaScript (Hikvision: window.location.href = "/doc/page/...").
_JS_REDIRECT = re.compile(
    rb"""(?:window\.|document\.|top\.|self\.)?location(?:\.href)?\s*=\s*["']([^"'\s<>]{1,200})["']"""
)
_META_REFRESH = re.compile(rb"""<meta[^>]{0,100}?url=([^"'\s>]{1,200})""", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class HttpResponse:
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    header_block: str
    body: bytes

    def header(self, name: str) -> list[str]:
        low = name.lower()
        return [v for k, v in self.headers if k.lower() == low]


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def parse_head(head: bytes) -> tuple[int, str, tuple[tuple[str, str], ...], str]:
    """Parse a status line and header block (HTTP or RTSP). Lenient: devices break the rules."""
    text = head.decode("latin-1")
    lines = text.replace("\r\n", "\n").split("\n")
    status_line = lines[0].strip()
    parts = status_line.split(None, 2)
    if len(parts) < 2 or not parts[0].upper().startswith(("HTTP/", "RTSP/")) or not parts[1].isdigit():
        raise ProbeError("protocol", f"not an HTTP/RTSP reply: {status_line[:60]!r}")
    headers: list[tuple[str, str]] = []
    for line in lines[1:]:
        if not line.strip():
            continue
        name, sep, value = line.partition(":")
        if sep:
            headers.append((name.strip(), value.strip()))
    block = "\n".join(ln for ln in lines[1:] if ln.strip())
    return int(parts[1]), parts[2] if len(parts) > 2 else "", tuple(headers), block


async def http_request(
    ctx: ProbeContext,
    ip: str,
    port: int,
    path: str = "/",
    *,
    method: str = "GET",
    tls: bool = False,
    body: bytes | None = None,
    content_type: str | None = None,
    headers: Sequence[tuple[str, str]] = (),
) -> HttpResponse:
    """One bounded HTTP/1.1 request with ``Connection: close``."""
    deadline = Deadline(ctx.limits.probe_timeout)
    host = f"[{ip}]" if ":" in ip else ip
    lines = [
        f"{method} {path} HTTP/1.1",
        f"Host: {host}:{port}",
        f"User-Agent: {USER_AGENT}",
        "Accept: */*",
        "Connection: close",
    ]
    lines += [f"{name}: {value}" for name, value in headers]
    if body is not None:
        lines.append(f"Content-Type: {content_type or 'application/octet-stream'}")
        lines.append(f"Content-Length: {len(body)}")
    request = ("\r\n".join(lines) + "\r\n\r\n").encode("ascii") + (body or b"")
    async with connect(ctx, ip, port, tls=tls) as (reader, writer):
        writer.write(request)
        try:
            await writer.drain()
        except OSError as exc:
            raise ProbeError("reset", f"{ip}:{port} dropped the request") from exc
        head = await read_until(reader, b"\r\n\r\n", deadline)
        status, reason, headers, block = parse_head(head)
        raw = await read_at_most(reader, ctx.limits.max_body_bytes, deadline)
    content = _dechunk(raw) if _is_chunked(headers) else raw
    return HttpResponse(status, reason, headers, block, content[: ctx.limits.max_body_bytes])


def _is_chunked(headers: tuple[tuple[str, str], ...]) -> bool:
    return any(k.lower() == "transfer-encoding" and "chunked" in v.lower() for k, v in headers)


def _dechunk(data: bytes) -> bytes:
    out = bytearray()
    pos = 0
    while pos < len(data):
        end = data.find(b"\r\n", pos)
        if end < 0:
            break
        size_text = data[pos:end].split(b";")[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            return bytes(out) or data
        if size == 0:
            break
        out += data[end + 2 : end + 2 + size]
        pos = end + 2 + size + 2
    return bytes(out)


def page_title(body: bytes) -> str | None:
    m = _TITLE.search(body)
    if not m:
        return None
    return " ".join(html.unescape(_decode(m.group(1))).split()) or None


def response_fields(resp: HttpResponse, path: str) -> dict[str, str]:
    """Turn one response into observation fields (docs/observation-fields.md)."""
    fields: dict[str, str] = {
        "http.status": str(resp.status),
        "http.path": path,
        "http.headers": resp.header_block,
        "http.body": _decode(resp.body),
    }
    for name, key in (
        ("server", "http.server"),
        ("www-authenticate", "http.www_authenticate"),
        ("location", "http.location"),
        ("set-cookie", "http.set_cookie"),
    ):
        values = resp.header(name)
        if values:
            fields[key] = "\n".join(values)
    title = page_title(resp.body)
    if title:
        fields["http.title"] = title
    return fields


def redirect_target(resp: HttpResponse, current: str) -> str | None:
    """The same-host path a landing page sends the browser to, if any (HTTP, meta or JavaScript)."""
    candidates: list[str] = []
    if 300 <= resp.status < 400:
        candidates += resp.header("location")
    for rx in (_META_REFRESH, _JS_REDIRECT):
        m = rx.search(resp.body[:16384])
        if m:
            candidates.append(_decode(m.group(1)))
    for target in candidates:
        path = _same_host_path(target)
        if path and path != current:
            return path
    return None


def _same_host_path(target: str) -> str | None:
    # Only follow to a path on the same device: a redirect must never widen the scan's scope.
    if target.startswith("/") and not target.startswith("//"):
        return target
    m = re.match(r"^https?://[^/]+(/.*)?$", target)
    if m:
        return m.group(1) or "/"
    if re.match(r"^[\w.\-]+(/[\w.\-/?=&%]*)?$", target) and "." in target:
        return "/" + target
    return None


def favicon_hashes(icon: bytes) -> dict[str, str]:
    """Shodan's mmh3 (of base64 with newlines, signed 32-bit) and MD5, both as stored by peers."""
    return {
        "http.favicon.mmh3": str(mmh3.hash(base64.encodebytes(icon))),
        "http.favicon.md5": hashlib.md5(icon, usedforsecurity=False).hexdigest(),
    }


async def probe_http(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
    ip, port, tls = ep.ip, ep.port, ep.tls
    """Landing page (+ one same-host redirect), favicon, and for HTTPS the certificate."""
    protocol = "https" if tls else "http"
    observations: list[Observation] = []
    if tls:
        cert = await certificate_fields(ctx, ip, port)
        if cert:
            observations.append(make_observation(ip, port, "tls", cert))
    resp = await http_request(ctx, ip, port, "/", tls=tls)
    observations.append(make_observation(ip, port, protocol, response_fields(resp, "/"), resp.body))
    follow = redirect_target(resp, "/")
    if follow:
        try:
            nxt = await http_request(ctx, ip, port, follow, tls=tls)
            observations.append(make_observation(ip, port, protocol, response_fields(nxt, follow), nxt.body))
        except ProbeError:
            pass
    try:
        icon = await http_request(ctx, ip, port, "/favicon.ico", tls=tls)
        if icon.status == 200 and icon.body and icon.body.lstrip()[:1] != b"<":
            observations.append(make_observation(ip, port, protocol, favicon_hashes(icon.body)))
    except ProbeError:
        pass
    return observations
