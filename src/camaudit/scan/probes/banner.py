"""Banner grab: whatever a TCP service says first (FTP, Telnet, SSH and others), bounded."""

from __future__ import annotations

from camaudit.model import Observation
from camaudit.protocols.banner_text import device_text
from camaudit.scan.net import Deadline, ProbeContext, connect, read_at_most
from camaudit.scan.probes.base import Endpoint, Probe, make_observation

_FIELD_BY_PORT = {21: "ftp.banner", 22: "ssh.banner", 23: "telnet.banner", 2323: "telnet.banner"}
BANNER_BYTES = 1024
BANNER_WAIT = 1.5


async def probe_banner(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
    async with connect(ctx, ep.ip, ep.port) as (reader, _writer):
        data = await read_at_most(reader, BANNER_BYTES, Deadline(min(BANNER_WAIT, ctx.limits.probe_timeout)))
    if not data:
        return []
    # Telnet option negotiation, terminal escapes and control bytes are not text: the prompt is what rules see.
    text = device_text(data)
    field = _FIELD_BY_PORT.get(ep.port, "banner")
    return [make_observation(ep.ip, ep.port, field.split(".")[0], {field: text}, data)]


PROBES = (Probe("banner", probe_banner, services=frozenset({"banner"})),)
