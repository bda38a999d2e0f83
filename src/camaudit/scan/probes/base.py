"""What every probe shares: the declaration each probe module registers, and building observations.

A probe module holds one protocol (HTTP, RTSP, a maker's APIs ...): its requests, its parsers and a
``PROBES`` tuple of :class:`Probe` declarations saying where each probe runs, when, and which options
it takes. ``scan/probes/__init__.py`` collects them; nothing else needs to change to add one.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element

from camaudit.clock import utc_now
from camaudit.model import Observation, Transport
from camaudit.protocols import soap
from camaudit.scan import anomalies
from camaudit.scan.net import Deadline, ProbeContext, ProbeError, connect, read_at_most, udp_exchange
from camaudit.scan.options import ProbeOption

#: The service names of web ports (``scan/ports.py``): most camera APIs ride on them.
WEB = frozenset({"http", "https"})


@dataclass(frozen=True, slots=True)
class Endpoint:
    """Where a probe runs: an address, a port and the kind of service the engine thinks is there."""

    ip: str
    port: int
    service: str
    #: The path the device itself advertised for this service (an ONVIF XAddr); empty: the probe's default.
    path: str = ""

    @property
    def tls(self) -> bool:
        return self.service == "https"


ProbeFn = Callable[[ProbeContext, Endpoint], Awaitable[list[Observation]]]
#: Where a host's own answers say a service lives: (observations so far, the host) -> endpoints on that host.
AdvertisedFn = Callable[[Sequence[Observation], str], list[Endpoint]]


@dataclass(frozen=True, slots=True)
class Probe:
    """One probe, as its module declares it.

    Where: ``services`` names the kinds of open TCP port it runs on (``http``, ``https``, ``rtsp``,
    ``banner``, or a maker's private service); ``tcp_ports`` are the ports where that private service
    usually listens (they join the port presets and name the service); a UDP probe instead names its fixed
    ``udp_port`` and runs once per host.

    When: by default in the first round. ``follow_up_for`` makes it a second-round probe that runs only when
    the first round's evidence points at one of these manufacturers (so a Dahua login challenge is never sent
    to a printer); ``when_field`` runs it in the second round, for any maker, on a port where the first round
    observed that field.

    Also where the device says: ``advertised`` reads the first round's answers (a WS-Discovery ProbeMatch's
    XAddrs) for endpoints of this service on the same host, on a port or path the first round did not ask; the
    probe then runs there once each, before the second round.
    Whether: ``needs_credentials`` runs it only with credentials the user supplied; ``enabled_by`` only when
    the user set that option, one of its ``options`` (probes sharing an opt-in flag each declare it);
    ``disabled_by`` always, unless the user set that option (an opt-out, declared the same way);
    ``small_scope`` runs a UDP probe only in scopes small enough for discovery (``engine.OWN_PROCESS_FROM``):
    each waits up to ``udp_timeout`` for an answer most hosts never send, holding one of the host's probe
    slots, which a campus-scale sweep of thousands of cameras would pay for in every host's time.
    """

    name: str
    run: ProbeFn
    services: frozenset[str] = frozenset()
    tcp_ports: tuple[int, ...] = ()
    udp_port: int | None = None
    follow_up_for: frozenset[str] | None = None
    when_field: str | None = None
    needs_credentials: bool = False
    enabled_by: str | None = None
    disabled_by: str | None = None
    options: tuple[ProbeOption, ...] = ()
    small_scope: bool = False
    advertised: AdvertisedFn | None = None

    @property
    def first_round(self) -> bool:
        return self.follow_up_for is None and self.when_field is None and self.udp_port is None

    def allowed(self, ctx: ProbeContext) -> bool:
        """Whether the user's choices let this probe run at all (credentials given, opt-in set, opt-out not set)."""
        if self.needs_credentials and not ctx.credentials:
            return False
        if self.disabled_by is not None and ctx.probe_options.is_set(self.disabled_by):
            return False
        return self.enabled_by is None or ctx.probe_options.is_set(self.enabled_by)


def make_observation(
    ip: str,
    port: int | None,
    protocol: str,
    fields: Mapping[str, str],
    raw: bytes = b"",
    *,
    transport: Transport = "tcp",
) -> Observation:
    """An observation from a live probe, stamped now."""
    return Observation(
        ip=ip,
        port=port,
        transport=transport,
        protocol=protocol,
        source="scan",
        seen_at=utc_now(),
        fields=dict(fields),
        raw=raw,
    )


#: Reply fields that carry the device's own address (SADP, DHIP, XMEye): another address there is a lie or a
#: relay, never a place to go.
_ADDRESS_FIELDS = (".IPv4Address", ".HostIP")


def udp_query(
    protocol: str, build: Callable[[], bytes], parse: Callable[[bytes], Mapping[str, str] | None], *,
    any_port: bool = False,
) -> ProbeFn:
    """A probe that sends one datagram to the host and turns its reply into one observation (``any_port``: the
    reply may come from another port of the host, :func:`~camaudit.scan.net.udp_exchange`)."""

    async def probe(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
        reply = await udp_exchange(ctx, ep.ip, ep.port, build(), any_port=any_port)
        fields = parse(reply) if reply else None
        if not fields or not reply:
            return []
        named = sorted({v for k, v in fields.items() if k.endswith(_ADDRESS_FIELDS) and v != ep.ip})
        if named:
            anomalies.note("address-mismatch", f"the reply names {', '.join(named)[:120]}, not the address that "
                           "answered; only the sender is recorded and nothing else is contacted")
        return [make_observation(ep.ip, ep.port, protocol, fields, reply, transport="udp")]

    return probe


async def exchange(ctx: ProbeContext, ep: Endpoint, payload: bytes, cap: int = 512) -> bytes:
    """Send ``payload`` on a fresh TCP connection and read what comes back (at most ``cap`` bytes, 2 s).

    For the makers' private ports, which stay silent until spoken to and answer in one short burst.
    """
    async with connect(ctx, ep.ip, ep.port) as (reader, writer):
        writer.write(payload)
        try:
            await writer.drain()
        except OSError as exc:
            raise ProbeError("reset", f"{ep.ip}:{ep.port} dropped the request") from exc
        return await read_at_most(reader, cap, Deadline(min(2.0, ctx.limits.probe_timeout)))


def json_body(body: bytes) -> Any:
    """A device's JSON reply (trailing NULs and blanks tolerated), or ``None`` when it is not JSON."""
    try:
        return json.loads(body.decode("utf-8", errors="replace").strip().strip("\x00"))
    except RecursionError:
        anomalies.note("protocol", "JSON nested too deeply to read")
        return None
    except json.JSONDecodeError:
        return None


def xml_root(body: bytes) -> Element | None:
    """The root of a device's XML reply, parsed by the one safe parser (:func:`camaudit.protocols.soap.xml_root`:
    no entities, no external DTDs, at most ``soap.MAX_XML_BYTES``), or ``None``; what the device did wrong (XML
    refused as ``unsafe-xml``, a document past the cap as ``too-large``) is recorded on the running probe."""
    return soap.xml_root(body, on_anomaly=anomalies.note)


def same_address(host: str | None, ip: str) -> bool:
    """Whether ``host`` (from a URL a device sent) is the literal address ``ip``: the only place a probe may
    follow it to. A name is never followed: resolving it could lead anywhere."""
    if not host:
        return False
    try:
        return ipaddress.ip_address(host) == ipaddress.ip_address(ip)
    except ValueError:
        return False


#: The longest path a probe puts on a request line when a device names it (a redirect, an advertised service).
MAX_FOLLOWED_PATH = 256
_REQUEST_PATH = re.compile(rf"/[\x21-\x7e]{{0,{MAX_FOLLOWED_PATH - 1}}}")


def request_path_ok(path: str) -> bool:
    """Whether a path a device sent may go on one of our request lines (HTTP, RTSP, SOAP): it starts with
    ``/``, is at most :data:`MAX_FOLLOWED_PATH` characters and only printable ASCII without spaces. A CR, LF
    or space there would split or forge the request (found by fuzzing the HTTP redirect)."""
    return _REQUEST_PATH.fullmatch(path) is not None
