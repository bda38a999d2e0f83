"""A second mDNS round for hosts that listed service instances without describing them.

Many responders answer the service enumeration or a browse with PTR records alone (RFC 6763 §12 lets them leave the
SRV and TXT records out), so the instance's TXT keys (HomeKit's ``ci``, Matter's ``DT``, an Axis ``macaddress``) and
host name never reach identification. After the listening window each such host gets one more query: unicast to
that host's own port 5353 (a direct unicast query, RFC 6762 §5.5, which the responder answers to the asking port),
asking SRV and TXT of at most :data:`camaudit.protocols.mdns.MAX_FOLLOWUP` instances it listed; the first reply from
that host's address and port is kept (``udp_exchange``: one datagram, bounded in bytes and time). Only hosts that
answered from 5353 are asked, at most :data:`MAX_HOSTS` of them, 8 at a time; nothing is sent anywhere else.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from camaudit.clock import utc_now
from camaudit.model import Observation
from camaudit.protocols import mdns
from camaudit.scan.net import Limits, ProbeContext, ProbeError, udp_exchange
from camaudit.targets import build_scope

#: Hosts asked again in one discovery run.
MAX_HOSTS = 64
#: How long one host's follow-up answer is awaited, seconds.
FOLLOWUP_TIMEOUT = 1.0


def followup_queries(observations: Sequence[Observation]) -> dict[str, bytes]:
    """The follow-up query for each mDNS responder among ``observations`` whose datagrams list instances without
    their SRV or TXT records, by address (at most :data:`MAX_HOSTS`)."""
    by_host: dict[str, list[bytes]] = {}
    for obs in observations:
        if obs.protocol == "mdns" and obs.port == mdns.MDNS_PORT and obs.raw:
            by_host.setdefault(obs.ip, []).append(obs.raw)
    queries: dict[str, bytes] = {}
    for ip, datagrams in by_host.items():
        query = mdns.build_instance_query(mdns.datagrams_unresolved(datagrams))
        if query:
            queries[ip] = query
            if len(queries) >= MAX_HOSTS:
                break
    return queries


async def resolve_instances(
    observations: Sequence[Observation], *, port: int = mdns.MDNS_PORT, timeout: float = FOLLOWUP_TIMEOUT
) -> list[Observation]:
    """One observation per readable follow-up answer (see the module docstring). ``port`` is the responders' port
    (5353; a test's responder listens elsewhere)."""
    queries = followup_queries(observations)
    if not queries:
        return []
    limits = Limits(udp_timeout=timeout)
    ctx = ProbeContext(build_scope(sorted(queries)), limits)
    sem = asyncio.Semaphore(8)

    async def ask(ip: str, query: bytes) -> Observation | None:
        async with sem:
            try:
                reply = await udp_exchange(ctx, ip, port, query)
            except ProbeError:
                return None
        fields = mdns.parse_reply(reply) if reply else None
        if not fields or not reply:
            return None
        return Observation(ip, mdns.MDNS_PORT, "udp", "mdns", "discover", utc_now(), fields, reply)

    found = await asyncio.gather(*(ask(ip, query) for ip, query in queries.items()))
    return [o for o in found if o is not None]
