"""What passive analysis remembers while it reads: per-destination flow totals, names, MACs, observations.

Both sources (packets and Zeek logs) write here through the same methods, so they are summarised the
same way. Everything is bounded, so memory stays flat however long the capture is: flows are kept per
*destination* — (device, peer, transport, service port) — not per connection, and every table has a cap
beyond which new entries are counted as skipped (with the reason) instead of stored.

Addresses are kept as packed bytes (the form they have in the IP header) until the end of the run.
"""

from __future__ import annotations

import hashlib
import socket
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from camaudit.model import Observation, Transport
from camaudit.passive.tally import Tally

#: Destinations kept across all devices.
MAX_FLOWS = 200_000
#: Names one destination keeps (from DNS, TLS SNI, HTTP Host).
MAX_NAMES_PER_FLOW = 4
#: Address -> name entries learnt from DNS answers (the oldest is forgotten first).
MAX_DNS_ENTRIES = 100_000
#: Distinct observations (discovery replies, server strings, DHCP) kept per device.
MAX_OBSERVATIONS_PER_HOST = 64
#: Devices with observations kept; beyond this a capture is not a site's LAN.
MAX_HOSTS = 65_536
#: Local sender addresses whose MAC is remembered (a /8 of spoofed sources must not fill memory).
MAX_ADDRESSES = 262_144
#: Distinct DNS question names remembered per device.
MAX_QUERIES_PER_HOST = 256

#: A flow's key: (device, peer, IP protocol number, service port).
FlowKey = tuple[bytes, bytes, int, int]
_TRANSPORTS: dict[int, Transport] = {6: "tcp", 17: "udp"}


def ip_text(packed: bytes) -> str:
    """Packed IPv4/IPv6 bytes as the usual text form."""
    return socket.inet_ntop(socket.AF_INET if len(packed) == 4 else socket.AF_INET6, packed)


def ip_packed(text: str) -> bytes | None:
    """Text address as packed bytes, or ``None`` when it is not one."""
    for family in (socket.AF_INET, socket.AF_INET6):
        try:
            return socket.inet_pton(family, text.strip())
        except (OSError, ValueError):
            continue
    return None


def mac_text(raw: bytes) -> str:
    return ":".join(f"{b:02x}" for b in raw)


def transport_name(proto: int) -> Transport | None:
    return _TRANSPORTS.get(proto)


class Flow:
    """Totals of one destination: packets and bytes each way, first/last seen, minutes with traffic."""

    __slots__ = ("b_in", "b_out", "first", "last", "last_minute", "minutes", "names", "pk_in", "pk_out", "server")

    def __init__(self, ts: float, name: str | None, server: bool) -> None:
        self.pk_out = self.pk_in = self.b_out = self.b_in = 0
        self.first = self.last = ts
        self.minutes = 1
        self.last_minute = int(ts) // 60
        self.names: list[str] | None = [name] if name else None
        #: True when the device is the side offering the service port (a peer connected to it).
        self.server = server

    def add_name(self, name: str) -> None:
        """The destination was reached under ``name`` (TLS SNI, HTTP Host, DNS)."""
        if self.names is None:
            self.names = [name]
        elif name not in self.names and len(self.names) < MAX_NAMES_PER_FLOW:
            self.names.append(name)


@dataclass
class HostState:
    """What was seen about one device address, besides its flows."""

    observations: dict[bytes, Observation] = field(default_factory=dict)
    #: Question name -> [times asked, first seen, last seen].
    queries: dict[str, list[float]] = field(default_factory=dict)
    #: (port, transport, protocol) of services the device answered on.
    services: set[tuple[int, Transport, str]] = field(default_factory=set)


class TrafficState:
    """The run's memory. Not thread-safe; one run, one state."""

    def __init__(self, tally: Tally) -> None:
        self.tally = tally
        self.flows: dict[FlowKey, Flow] = {}
        self.dns_names: dict[bytes, str] = {}
        #: Source address -> Ethernet address of packets sent from it (the first seen), and ARP's word.
        self.ip_mac: dict[bytes, bytes] = {}
        self.arp_mac: dict[bytes, bytes] = {}
        self.hosts: dict[bytes, HostState] = {}
        #: DHCP: client MAC -> fields it sent, and the address it has or was given.
        self.dhcp_fields: dict[str, dict[str, str]] = {}
        self.dhcp_address: dict[str, str] = {}
        self.first_ts: float | None = None
        self.last_ts: float | None = None

    # --- flows -------------------------------------------------------------------------------------------
    def new_flow(self, key: FlowKey, ts: float, server: bool) -> Flow | None:
        """Create the record of a destination (``None`` when the table is full: the packet is counted)."""
        if len(self.flows) >= MAX_FLOWS:
            self.tally.add(f"packets to destinations beyond the first {MAX_FLOWS:,} (not summarised)")
            return None
        record = self.flows[key] = Flow(ts, self.dns_names.get(key[1]), server)
        return record

    def add_flow(
        self, key: FlowKey, *, packets: tuple[int, int], octets: tuple[int, int], first: float, last: float,
        server: bool = False,
    ) -> None:
        """Add a whole connection's totals (Zeek's conn.log) to its destination."""
        record = self.flows.get(key) or self.new_flow(key, first, server)
        if record is None:
            return
        record.pk_out += packets[0]
        record.pk_in += packets[1]
        record.b_out += octets[0]
        record.b_in += octets[1]
        # A connection counts as active in every minute it spans (Zeek logs have no per-packet times);
        # minutes up to the last one already counted are not counted twice.
        start, stop = max(int(first) // 60, record.last_minute + 1), int(last) // 60
        if stop >= start:
            record.minutes += stop - start + 1
        record.first = min(record.first, first)
        record.last = max(record.last, last)
        record.last_minute = max(record.last_minute, stop)
        self.seen(first)
        self.seen(last)

    def name_flow(self, key: FlowKey, name: str) -> None:
        """Record that the destination ``key`` was reached under ``name`` (TLS SNI, HTTP Host)."""
        record = self.flows.get(key)
        if record is not None and name:
            record.add_name(name)

    def fill_names(self) -> None:
        """Name destinations first reached before their DNS answer was seen (or read from a later log)."""
        names = self.dns_names
        for (_device, peer, _proto, _port), record in self.flows.items():
            if record.names is None:
                name = names.get(peer)
                if name:
                    record.names = [name]

    # --- DNS ---------------------------------------------------------------------------------------------
    def learn_name(self, packed: bytes, name: str) -> None:
        """An answer said ``packed`` is ``name``: later flows to that address carry the name."""
        if packed not in self.dns_names and len(self.dns_names) >= MAX_DNS_ENTRIES:
            self.dns_names.pop(next(iter(self.dns_names)))
        self.dns_names[packed] = name

    def asked(self, device: bytes, name: str, ts: float, *, count: bool = True) -> None:
        """``device`` asked DNS for ``name`` (``count=False``: known from the answer only, not counted again)."""
        host = self.host(device)
        if host is None:
            return
        entry = host.queries.get(name)
        if entry is not None:
            entry[0] += count
            entry[2] = max(entry[2], ts)
        elif len(host.queries) < MAX_QUERIES_PER_HOST:
            host.queries[name] = [1.0, ts, ts]

    # --- devices -----------------------------------------------------------------------------------------
    def host(self, packed: bytes) -> HostState | None:
        found = self.hosts.get(packed)
        if found is None:
            if len(self.hosts) >= MAX_HOSTS:
                self.tally.add(f"devices beyond the first {MAX_HOSTS:,} with something to say (not kept)")
                return None
            found = self.hosts[packed] = HostState()
        return found

    def observe(self, packed: bytes, obs: Observation, dedupe: bytes | None = None) -> None:
        """Keep ``obs`` for the device at ``packed`` unless an identical one is already kept."""
        host = self.host(packed)
        if host is None:
            return
        key = dedupe if dedupe is not None else _fingerprint(obs.protocol, obs.fields)
        if key in host.observations:
            return
        if len(host.observations) >= MAX_OBSERVATIONS_PER_HOST:
            self.tally.add(f"observations beyond {MAX_OBSERVATIONS_PER_HOST} per device (not kept)")
            return
        host.observations[key] = obs
        if obs.port is not None and obs.transport is not None and obs.protocol in ("http", "rtsp"):
            host.services.add((obs.port, obs.transport, obs.protocol))

    def learn_mac(self, packed: bytes, mac: bytes, *, arp: bool = False) -> None:
        """``packed`` was seen sending from Ethernet address ``mac`` (or ARP said so)."""
        table = self.arp_mac if arp else self.ip_mac
        if packed not in table:
            if len(table) >= MAX_ADDRESSES:
                self.tally.add(f"addresses beyond the first {MAX_ADDRESSES:,} local senders (MAC not kept)")
                return
            table[packed] = mac

    def dhcp(self, mac: str, fields: Mapping[str, str], address: str | None) -> None:
        """What a DHCP client said about itself, and its address when known."""
        if fields:
            self.dhcp_fields.setdefault(mac, {}).update(fields)
        if address:
            self.dhcp_address[mac] = address

    def seen(self, ts: float) -> None:
        if self.first_ts is None or ts < self.first_ts:
            self.first_ts = ts
        if self.last_ts is None or ts > self.last_ts:
            self.last_ts = ts


def _fingerprint(protocol: str, fields: Mapping[str, str]) -> bytes:
    digest = hashlib.blake2b(protocol.encode(), digest_size=16)
    for name in sorted(fields):
        digest.update(b"\x00" + name.encode() + b"\x01" + fields[name].encode("utf-8", "replace"))
    return digest.digest()


def sorted_flows(flows: Iterable[tuple[FlowKey, Flow]]) -> list[tuple[FlowKey, Flow]]:
    """Flows, largest first (bytes both ways)."""
    return sorted(flows, key=lambda item: -(item[1].b_out + item[1].b_in))
