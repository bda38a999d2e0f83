"""A small HTTP/1.1 client on asyncio streams, shared by the probes that speak HTTP and by SSDP discovery.

Not a general library: we need the header block exactly as the device sent it (order, case, duplicates, a
missing ``Server:``), and hard caps on every read, which general clients do not give. ``parse_head`` also
reads RTSP replies, which share HTTP's head syntax.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from camaudit.protocols.http import HeadError
from camaudit.protocols.http import parse_head as protocol_head
from camaudit.protocols.http_body import read_body
from camaudit.scan import anomalies
from camaudit.scan.net import Deadline, ProbeContext, ProbeError, connect, read_at_most, read_until

USER_AGENT = "camaudit/0.1 (+https://github.com/camaudit/camaudit; authorised audit)"


@dataclass(frozen=True, slots=True)
class HttpResponse:
    """One reply: status, headers in the order sent, the header block as text, and the (capped) body."""

    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    header_block: str
    body: bytes
    #: The status line's protocol as sent (``HTTP/1.1``; ``RTSP/1.0`` when an RTSP server answered).
    version: str = "HTTP/1.1"
    #: Why ``body`` is not all the device sent, ``""`` when it is: a compressed body the inflation bounds stopped
    #: (:func:`camaudit.protocols.http_body.read_body`, the reading the importers use too).
    body_cut: str = ""

    def header(self, name: str) -> list[str]:
        low = name.lower()
        return [v for k, v in self.headers if k.lower() == low]


def parse_head(head: bytes) -> tuple[int, str, tuple[tuple[str, str], ...], str]:
    """:func:`camaudit.protocols.http.parse_head`, failing as a probe does (:class:`ProbeError`)."""
    try:
        return protocol_head(head)
    except HeadError as exc:
        raise ProbeError("protocol", str(exc)) from None


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
    peer_certificate: list[bytes] | None = None,
) -> HttpResponse:
    """One bounded HTTP/1.1 request with ``Connection: close``.

    With ``tls`` and a ``peer_certificate`` list, the device's certificate (DER) is appended to it as soon
    as the handshake is done: one handshake gives both, where a second connection for it would cost the
    scanner and the device a TLS handshake each (most of an HTTPS probe's CPU)."""
    host = f"[{ip}]" if ":" in ip else ip
    lines = [
        f"{method} {path} HTTP/1.1",
        f"Host: {host}:{port}",
        f"User-Agent: {USER_AGENT}",
        "Accept: */*",
        # Without this header any content coding is acceptable (RFC 9110 section 12.5.3); a body compressed all
        # the same is inflated, bounded, by read_body.
        "Accept-Encoding: identity",
        "Connection: close",
    ]
    lines += [f"{name}: {value}" for name, value in headers]
    if body is not None:
        lines.append(f"Content-Type: {content_type or 'application/octet-stream'}")
        lines.append(f"Content-Length: {len(body)}")
    request = ("\r\n".join(lines) + "\r\n\r\n").encode("ascii") + (body or b"")
    async with connect(ctx, ip, port, tls=tls) as (reader, writer):
        if tls and peer_certificate is not None:
            ssl_object = writer.get_extra_info("ssl_object")
            der = ssl_object.getpeercert(binary_form=True) if ssl_object else None
            if der:
                peer_certificate.append(der)
        # From the connection on: waiting for the run's pace or a TLS slot is the scanner's time, not the
        # device's (connecting has its own timeout).
        deadline = Deadline(ctx.limits.probe_timeout)
        writer.write(request)
        try:
            await writer.drain()
        except OSError as exc:
            raise ProbeError("reset", f"{ip}:{port} dropped the request") from exc
        head = await read_until(reader, b"\r\n\r\n", deadline)
        status, reason, headers, block = parse_head(head)
        raw = await read_at_most(reader, ctx.limits.max_body_bytes, deadline)
    _note_misbehaviour(head, headers, raw, ctx.limits.max_body_bytes)
    content = read_body(raw, block)
    version = head.lstrip()[:16].split(None, 1)[0].decode("latin-1").upper() if head.strip() else "HTTP/1.1"
    return HttpResponse(status, reason, headers, block, content.data[: ctx.limits.max_body_bytes], version,
                        content.cut)


def _note_misbehaviour(head: bytes, headers: tuple[tuple[str, str], ...], body: bytes, cap: int) -> None:
    """Record (as data, ``scan/anomalies.py``) a reply that was cut, lied about its length or is not text."""
    if len(body) >= cap:
        anomalies.note("too-large", f"reply body of more than {cap} bytes: the first {cap} were kept")
    declared = next((v for k, v in headers if k.lower() == "content-length"), None)
    if declared is not None:
        if not (declared.isascii() and declared.isdigit()):  # int() refuses "²", which isdigit() accepts
            anomalies.note("protocol", f"invalid Content-Length {declared[:40]!r}")
        elif int(declared) > len(body) and len(body) < cap:
            anomalies.note("short-reply", f"Content-Length says {declared[:20]} bytes, {len(body)} came")
    if not head.isascii():
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            anomalies.note("encoding", "reply headers are not valid UTF-8 (read in their charset, else Latin-1)")
