"""SSDP M-SEARCH (UDP 1900) sent unicast to one in-scope host, then the UPnP description its ``LOCATION``
names, fetched only from that same host (one bounded GET): ``SERVER``, ``USN`` and the description's
manufacturer, model, device type and serial say what the device is. The formats are
:mod:`camaudit.protocols.ssdp` and :func:`camaudit.protocols.soap.upnp_description` (the readers LAN discovery and
the importers use)."""

from __future__ import annotations

from camaudit.model import Observation
from camaudit.protocols import soap, ssdp
from camaudit.scan.http_client import http_request
from camaudit.scan.net import ProbeContext, ProbeError, udp_exchange
from camaudit.scan.probes.base import Endpoint, Probe, make_observation


async def probe_ssdp(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
    """The SSDP answer, and the device description it points to on the same host."""
    reply = await udp_exchange(ctx, ep.ip, ep.port, ssdp.build_probe())
    fields = ssdp.parse_reply(reply) if reply else None
    if not fields or not reply:
        return []
    found = [make_observation(ep.ip, ep.port, "ssdp", fields, reply, transport="udp")]
    target = ssdp.description_target(fields.get("upnp.location"), ep.ip)
    if target is None:
        return found
    port, path = target
    try:
        resp = await http_request(ctx, ep.ip, port, path)
    except ProbeError:
        return found
    description = soap.upnp_description(resp.body) if resp.status == 200 else {}
    if description:
        found.append(make_observation(ep.ip, port, "upnp", description, resp.body))
    return found


PROBES = (Probe("ssdp", probe_ssdp, udp_port=ssdp.SSDP_PORT, small_scope=True),)
