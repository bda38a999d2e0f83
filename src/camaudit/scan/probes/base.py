"""What every probe shares: building observations, and the registry entry type."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from camaudit.model import Observation, Transport
from camaudit.scan.net import ProbeContext, udp_exchange


@dataclass(frozen=True, slots=True)
class Endpoint:
    """Where a probe runs: an address, a port and the kind of service the engine thinks is there."""

    ip: str
    port: int
    service: str

    @property
    def tls(self) -> bool:
        return self.service == "https"


ProbeFn = Callable[[ProbeContext, Endpoint], Awaitable[list[Observation]]]


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


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


def udp_query(
    protocol: str, build: Callable[[], bytes], parse: Callable[[bytes], Mapping[str, str] | None]
) -> ProbeFn:
    """A probe that sends one datagram to the host and turns its reply into one observation."""

    async def probe(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
        reply = await udp_exchange(ctx, ep.ip, ep.port, build())
        fields = parse(reply) if reply else None
        if not fields or not reply:
            return []
        return [make_observation(ep.ip, ep.port, protocol, fields, reply, transport="udp")]

    return probe


@dataclass(frozen=True, slots=True)
class ProbeSpec:
    """One registered probe.

    ``services`` says which kinds of open TCP port it runs on (``http``, ``https``, ``rtsp``,
    ``banner``); a UDP probe instead names its fixed ``udp_port`` and runs once per host.
    ``follow_up_for`` makes it a second-round probe that runs only when the first round's evidence
    points at one of these manufacturers (so a Dahua login challenge is never sent to a printer).
    """

    name: str
    run: ProbeFn
    services: frozenset[str] = frozenset()
    udp_port: int | None = None
    follow_up_for: frozenset[str] | None = None
    #: Second-round probe for any maker, on a port where the first round observed this field.
    when_field: str | None = None
    #: Runs only when the user supplied credentials (authenticated deep checks).
    needs_credentials: bool = False
    #: Runs only when the user asked for this active check by name (``default-credentials``, ``rtsp-auth``).
    opt_in: str | None = None

    @property
    def first_round(self) -> bool:
        return self.follow_up_for is None and self.when_field is None and self.udp_port is None
