"""UPnP device descriptions: the XML an SSDP reply's ``LOCATION`` points to names maker, model and serial.

Fetched only from the device that sent the SSDP reply (the URL's host must be the sender's address), one
bounded GET each, parsed without entities or DTDs.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from camaudit.model import Observation
from camaudit.protocols import soap, ssdp
from camaudit.scan.http_client import http_request
from camaudit.scan.net import Limits, ProbeContext, ProbeError
from camaudit.scan.probes.base import make_observation
from camaudit.targets import build_scope

MAX_DESCRIPTIONS = 64


#: The reader of a fetched description: the one the SSDP probe and the importers use (``protocols/soap.py``).
parse_description = soap.upnp_description


def _target(obs: Observation) -> tuple[int, str] | None:
    return ssdp.description_target(obs.fields.get("upnp.location"), obs.ip)


async def fetch_descriptions(observations: Sequence[Observation], limits: Limits | None = None) -> list[Observation]:
    """One observation per readable description that SSDP replies point to on their own senders."""
    targets: dict[tuple[str, int, str], None] = {}
    for obs in observations:
        target = _target(obs) if obs.protocol == "ssdp" else None
        if target is not None and len(targets) < MAX_DESCRIPTIONS:
            targets[(obs.ip, *target)] = None
    if not targets:
        return []
    ctx = ProbeContext(build_scope(sorted({ip for ip, _, _ in targets})), limits or Limits(probe_timeout=3.0))
    sem = asyncio.Semaphore(8)

    async def fetch(ip: str, port: int, path: str) -> Observation | None:
        async with sem:
            try:
                resp = await http_request(ctx, ip, port, path)
            except ProbeError:
                return None
        fields = parse_description(resp.body) if resp.status == 200 else {}
        return make_observation(ip, port, "upnp", fields, resp.body) if fields else None

    found = await asyncio.gather(*(fetch(*t) for t in targets))
    return [o for o in found if o is not None]
