"""Xiongmai/XMEye discovery (UDP 34569, message 1530) sent unicast to one in-scope host.

XMEye DVRs stay silent on their DVRIP port (34567) until a client logs in, and a login is not something a
non-intrusive scan sends; their discovery reply, though, names the device (MAC, serial, ports) to anyone.
"""

from __future__ import annotations

from camaudit.model import Observation
from camaudit.scan.discovery import xmeye
from camaudit.scan.net import ProbeContext, udp_exchange
from camaudit.scan.probes.base import Endpoint, make_observation

XMEYE_PORT = xmeye.XMEYE_PORT


async def probe_xmeye(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
    reply = await udp_exchange(ctx, ep.ip, ep.port, xmeye.build_probe())
    fields = xmeye.parse_reply(reply) if reply else None
    if not fields or not reply:
        return []
    return [make_observation(ep.ip, ep.port, "xmeye", fields, reply, transport="udp")]
