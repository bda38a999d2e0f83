"""RTSP: OPTIONS and DESCRIBE, read-only. Server string, realm and auth scheme identify the maker; a
DESCRIBE answered without credentials is read whole (body bounded by Content-Length and
:data:`SDP_READ_MAX`; without a Content-Length, what arrives within a second, as RFC 2326 section 12.14 lets
a server end the body by closing): its Content-Base and SDP control URLs carry the maker's stream-path
conventions, its session lines often the maker or model. A DESCRIBE redirected (3xx ``Location``, RFC 2326
section 11.3) to a path on the same host and port is asked there once: the stream the device itself names.

With ``--check-rtsp-auth``, a second-round check sends ``DESCRIBE`` on the makers' usual stream paths: a
stream description returned without credentials means anyone on the network can watch. No media is
requested.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from camaudit.model import Observation
from camaudit.protocols.http import reason_phrase
from camaudit.scan.http_client import USER_AGENT, parse_head
from camaudit.scan.net import Deadline, ProbeContext, ProbeError, connect, read_at_most, read_until
from camaudit.scan.options import ProbeOption
from camaudit.scan.probes.base import Endpoint, Probe, make_observation, request_path_ok, same_address

#: Stream paths tried with --check-rtsp-auth (a few per maker, from nmap's rtsp-urls.txt).
RTSP_PATHS = (
    "/",
    "/Streaming/Channels/101",
    "/cam/realmonitor?channel=1&subtype=0",
    "/axis-media/media.amp",
    "/live",
    "/h264",
    "/stream1",
    "/11",
)
CHECK_RTSP_AUTH = ProbeOption(
    "rtsp-auth", "--check-rtsp-auth", "Ask RTSP services for a stream description without credentials."
)


#: Bytes of a DESCRIBE body (SDP) read at most.
SDP_READ_MAX = 8192
#: Seconds a DESCRIBE body without Content-Length is read for at most.
UNSIZED_BODY_SECONDS = 1.0
_REDIRECTS = frozenset({301, 302, 303, 305, 307})


_HEADER_FIELDS = {
    "rtsp": (
        ("server", "rtsp.server"),
        ("www-authenticate", "rtsp.www_authenticate"),
        # An error answer lists its methods in Allow: the same list, which a Public header (later here) replaces.
        ("allow", "rtsp.public"),
        ("public", "rtsp.public"),
        ("content-base", "rtsp.content_base"),
        ("location", "rtsp.location"),
    ),
    "http": (
        ("server", "http.server"),
        ("www-authenticate", "http.www_authenticate"),
        ("location", "http.location"),
        ("set-cookie", "http.set_cookie"),
    ),
}


def is_rtsp_head(head: bytes) -> bool:
    """True when a reply's status line is RTSP's (``RTSP/1.0 200 OK``), not HTTP's."""
    return head.lstrip()[:5].upper() == b"RTSP/"


def head_fields(
    protocol: str, status: int, headers: tuple[tuple[str, str], ...], block: str, body: bytes = b"", reason: str = ""
) -> dict[str, str]:
    """Observation fields of one parsed reply in ``protocol`` (``rtsp`` or ``http``): status, the header
    block, the headers that are fields of their own and, for RTSP, the status line's reason phrase and an SDP
    body."""
    fields = {f"{protocol}.status": str(status), f"{protocol}.headers": block}
    phrase = reason_phrase(reason) if protocol == "rtsp" else ""
    if phrase:
        fields["rtsp.reason"] = phrase
    for name, key in _HEADER_FIELDS[protocol]:
        values = [v for k, v in headers if k.lower() == name]
        if values:
            fields[key] = "\n".join(values)
    text = body[:SDP_READ_MAX].decode("utf-8", errors="replace").lstrip()
    if protocol == "rtsp" and text.startswith("v=0"):
        fields["rtsp.sdp"] = text.replace("\r\n", "\n")
    return fields


def rtsp_fields(head: bytes, body: bytes = b"") -> dict[str, str]:
    """Observation fields of one RTSP reply: head (status line + headers) and an SDP body, if any."""
    status, reason, headers, block = parse_head(head)
    return head_fields("rtsp", status, headers, block, body, reason)


def _content_length(headers: tuple[tuple[str, str], ...]) -> int:
    value = next((v for k, v in headers if k.lower() == "content-length"), "0").strip()
    # isascii: str.isdigit accepts Unicode digits ('²') that int() refuses.
    return min(int(value), SDP_READ_MAX) if value.isascii() and value.isdigit() else 0


def _unsized_sdp(headers: tuple[tuple[str, str], ...]) -> bool:
    """A 200 whose SDP body has no Content-Length (the server ends it by closing the connection)."""
    names = {k.lower(): v for k, v in headers}
    return "content-length" not in names and "application/sdp" in names.get("content-type", "").lower()


def redirect_path(location: str, ip: str, port: int) -> str | None:
    """The path (and query) a 3xx ``Location`` names on this same host and port, else ``None``.

    Another host or port is the device pointing elsewhere: recorded in ``rtsp.location``, never contacted.
    Only a path :func:`~camaudit.scan.probes.base.request_path_ok` accepts goes on a request line."""
    location = location.strip()
    if location.startswith("/") and not location.startswith("//"):
        path = location
    else:
        try:
            url = urlsplit(location)
            same_port = (url.port or 554) == port
        except ValueError:
            return None
        if url.scheme.lower() not in ("rtsp", "rtsps") or not same_port or not same_address(url.hostname, ip):
            return None
        path = (url.path or "/") + (f"?{url.query}" if url.query else "")
    return path if request_path_ok(path) else None


def _request(ip: str, port: int, method: str, path: str, cseq: int) -> bytes:
    host = f"[{ip}]" if ":" in ip else ip
    return (
        f"{method} rtsp://{host}:{port}{path} RTSP/1.0\r\nCSeq: {cseq}\r\nUser-Agent: {USER_AGENT}\r\n"
        + ("Accept: application/sdp\r\n" if method == "DESCRIBE" else "")
        + "\r\n"
    ).encode("ascii")


async def _reply(
    ctx: ProbeContext, ip: str, port: int, method: str, cseq: int, path: str = "/"
) -> tuple[bytes, bytes]:
    """The reply head and, for a DESCRIBE that succeeded, its body (bounded)."""
    deadline = Deadline(ctx.limits.probe_timeout)
    async with connect(ctx, ip, port) as (reader, writer):
        writer.write(_request(ip, port, method, path, cseq))
        try:
            await writer.drain()
        except OSError as exc:
            raise ProbeError("reset", f"{ip}:{port} dropped the request") from exc
        head = await read_until(reader, b"\r\n\r\n", deadline)
        body = b""
        if method == "DESCRIBE":
            status, _reason, headers, _block = parse_head(head)
            length = _content_length(headers) if status == 200 else 0
            if length:
                # Never raises: a body cut short by the deadline costs the SDP, not the head.
                body = await read_at_most(reader, length, deadline)
            elif status == 200 and _unsized_sdp(headers):
                unsized = Deadline(min(UNSIZED_BODY_SECONDS, deadline.left()))
                body = await read_at_most(reader, SDP_READ_MAX, unsized)
        return head, body


async def probe_rtsp(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
    """OPTIONS (Server, Public) then DESCRIBE (the 401 realm, or the SDP); both answers are kept.

    A web server on the port answers HTTP, not RTSP: that answer is kept as what it is (``http.*``: its
    Server header still tells), never as an RTSP status, and no DESCRIBE follows."""
    ip, port = ep.ip, ep.port
    observations = []
    for cseq, method in enumerate(("OPTIONS", "DESCRIBE"), start=1):
        try:
            head, body = await _reply(ctx, ip, port, method, cseq)
            if not is_rtsp_head(head):
                status, _reason, headers, block = parse_head(head)
                fields = head_fields("http", status, headers, block)
                observations.append(make_observation(ip, port, "http", fields, head))
                break
            observations.append(make_observation(ip, port, "rtsp", rtsp_fields(head, body), head + body))
        except ProbeError:
            if not observations:
                raise
    follow = _redirected(observations, ip, port)
    if follow:
        try:
            head, body = await _reply(ctx, ip, port, "DESCRIBE", 3, follow)
            if is_rtsp_head(head):
                fields = {**rtsp_fields(head, body), "rtsp.path": follow}
                observations.append(make_observation(ip, port, "rtsp", fields, head + body))
        except ProbeError:
            pass
    return observations


def _redirected(observations: list[Observation], ip: str, port: int) -> str | None:
    """The same-host path the root DESCRIBE was redirected to, if it was."""
    last = observations[-1] if observations else None
    if last is None or last.protocol != "rtsp" or not last.fields.get("rtsp.status", "").isdigit():
        return None
    if int(last.fields["rtsp.status"]) not in _REDIRECTS:
        return None
    location = last.fields.get("rtsp.location", "").split("\n")[0]
    path = redirect_path(location, ip, port) if location else None
    return path if path and path != "/" else None


async def _describe(ctx: ProbeContext, ep: Endpoint, path: str) -> tuple[int, bytes]:
    deadline = Deadline(ctx.limits.probe_timeout)
    async with connect(ctx, ep.ip, ep.port) as (reader, writer):
        writer.write(_request(ep.ip, ep.port, "DESCRIBE", path, 2))
        await writer.drain()
        head = await read_until(reader, b"\r\n\r\n", deadline)
        status, _reason, headers, _block = parse_head(head)
        body = b""
        if status == 200:
            body = await read_at_most(reader, _content_length(headers), deadline)
    return status, body


async def probe_rtsp_open(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
    """The first stream path that describes itself without credentials, if any."""
    for path in RTSP_PATHS:
        try:
            status, body = await _describe(ctx, ep, path)
        except (ProbeError, OSError):
            return []
        if status == 200 and b"v=0" in body:
            return [make_observation(ep.ip, ep.port, "rtsp", {"rtsp.unauthenticated": path}, body)]
        if status not in (401, 403, 404, 454):
            break
    return []


_RTSP = frozenset({"rtsp"})
PROBES = (
    Probe("rtsp", probe_rtsp, services=_RTSP),
    Probe(
        "rtsp-auth-check",
        probe_rtsp_open,
        services=_RTSP,
        when_field="rtsp.status",
        enabled_by=CHECK_RTSP_AUTH.name,
        options=(CHECK_RTSP_AUTH,),
    ),
)
