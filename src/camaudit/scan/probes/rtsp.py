"""RTSP: OPTIONS and DESCRIBE, read-only. Server string, realm and auth scheme identify the maker."""

from __future__ import annotations

from camaudit.model import Observation
from camaudit.scan.net import Deadline, ProbeContext, ProbeError, connect, read_until
from camaudit.scan.probes.base import Endpoint, make_observation
from camaudit.scan.probes.http import USER_AGENT, parse_head


def rtsp_fields(head: bytes) -> dict[str, str]:
    """Observation fields of one RTSP reply head (status line + headers)."""
    status, _reason, headers, block = parse_head(head)
    fields = {"rtsp.status": str(status), "rtsp.headers": block}
    for name, key in (
        ("server", "rtsp.server"),
        ("www-authenticate", "rtsp.www_authenticate"),
        ("public", "rtsp.public"),
    ):
        values = [v for k, v in headers if k.lower() == name]
        if values:
            fields[key] = "\n".join(values)
    return fields


async def _reply(ctx: ProbeContext, ip: str, port: int, method: str, cseq: int) -> bytes:
    host = f"[{ip}]" if ":" in ip else ip
    request = (
        f"{method} rtsp://{host}:{port}/ RTSP/1.0\r\nCSeq: {cseq}\r\nUser-Agent: {USER_AGENT}\r\n"
        + ("Accept: application/sdp\r\n" if method == "DESCRIBE" else "")
        + "\r\n"
    ).encode("ascii")
    deadline = Deadline(ctx.limits.probe_timeout)
    async with connect(ctx, ip, port) as (reader, writer):
        writer.write(request)
        try:
            await writer.drain()
        except OSError as exc:
            raise ProbeError("reset", f"{ip}:{port} dropped the request") from exc
        return await read_until(reader, b"\r\n\r\n", deadline)


async def probe_rtsp(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
    ip, port = ep.ip, ep.port
    """OPTIONS (Server, Public) then DESCRIBE (the 401 realm); both answers are kept."""
    observations = []
    for cseq, method in enumerate(("OPTIONS", "DESCRIBE"), start=1):
        try:
            head = await _reply(ctx, ip, port, method, cseq)
            observations.append(make_observation(ip, port, "rtsp", rtsp_fields(head), head))
        except ProbeError:
            if not observations:
                raise
    return observations
