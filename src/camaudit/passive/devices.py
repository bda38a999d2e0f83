"""What was remembered -> one :class:`~camaudit.model.Device` per local device, identified and assessed.

Each device's observations are the ones live sources make (discovery replies, HTTP/RTSP heads, its MAC)
plus what only traffic shows: its DHCP request, the DNS names it asked for, and one ``flow`` observation
per destination with volumes, times, names and (with ``--geoip``/``--asn``) country and network owner.
They go through the same pure ``identify`` and ``assess`` as a scan's.

A MAC address belongs to an IP address when ARP said so, or when packets from that address came from it
and the MAC is not also the source of many other addresses (then it is a router's).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence

from camaudit.assess import DEFAULT_POLICY, assess
from camaudit.identify import device_facts, identify
from camaudit.model import Address, Device, Observation, Service, Transport, device_id
from camaudit.passive.geo import GeoLookup
from camaudit.passive.localnet import EXTERNAL, LocalNets
from camaudit.passive.payloads import iso
from camaudit.passive.state import Flow, FlowKey, TrafficState, ip_packed, ip_text, mac_text, transport_name

#: A MAC seen as the source of more addresses than this is a router's, not one device's.
MAX_ADDRESSES_PER_MAC = 4
#: Flow observations kept per device, largest first (outside destinations before local ones).
MAX_FLOWS_PER_DEVICE = 256
#: DNS names listed per device, most asked first.
MAX_NAMES_PER_DEVICE = 128
#: Service names for the ports a device answered on, where nothing more specific was seen.
_PORT_NAMES = {80: "http", 443: "https", 554: "rtsp", 8000: "hik-sdk", 37777: "dahua-dvrip", 34567: "xmeye-dvrip",
               8080: "http", 8443: "https", 8554: "rtsp", 21: "ftp", 22: "ssh", 23: "telnet"}

#: The owner's notes on the device at an address (and MAC), from the register.
NotesFn = Callable[[str, str | None], Mapping[str, str] | None]
#: Called with each device built and the observations it was identified from.
DeviceFn = Callable[[Device, Sequence[Observation]], None]


def _macs(state: TrafficState) -> dict[bytes, bytes]:
    """Address -> MAC, trusting ARP first and skipping MACs shared by many addresses (routers)."""
    shared = Counter(state.ip_mac.values())
    out = {ip: mac for ip, mac in state.ip_mac.items() if shared[mac] <= MAX_ADDRESSES_PER_MAC}
    out.update(state.arp_mac)
    return out


def _flow_observation(ip: str, key: FlowKey, flow: Flow, local: LocalNets, geo: GeoLookup | None) -> Observation:
    peer = ip_text(key[1])
    transport = transport_name(key[2])
    fields = {
        "flow.peer": peer,
        "flow.port": str(key[3]),
        "flow.transport": transport or f"ip-{key[2]}",
        "flow.role": "server" if flow.server else "client",
        "flow.packets_out": str(flow.pk_out),
        "flow.packets_in": str(flow.pk_in),
        "flow.bytes_out": str(flow.b_out),
        "flow.bytes_in": str(flow.b_in),
        "flow.first_seen": iso(flow.first),
        "flow.last_seen": iso(flow.last),
        "flow.active_minutes": str(flow.minutes),
        "flow.external": "true" if local.kind(key[1]) == EXTERNAL else "false",
    }
    if flow.names:
        fields["flow.names"] = "\n".join(flow.names)
    if geo is not None and fields["flow.external"] == "true":
        place = geo.place(peer)
        for name, value in (("flow.country", place.country), ("flow.country_name", place.country_name),
                            ("flow.asn", str(place.asn) if place.asn is not None else None),
                            ("flow.as_org", place.as_org)):
            if value:
                fields[name] = value
    return Observation(ip, key[3], transport, "flow", "passive", iso(flow.first), fields)


#: Each device address's destinations.
_ByDevice = dict[bytes, list[tuple[FlowKey, Flow]]]


def _services(state: TrafficState, ips: list[bytes], flows: _ByDevice) -> list[Service]:
    found: set[tuple[int, Transport, str]] = set()
    for ip in ips:
        host = state.hosts.get(ip)
        if host is not None:
            found |= host.services
    named = {(port, transport) for port, transport, _ in found}
    for (_device, _peer, proto, port), flow in (item for ip in ips for item in flows.get(ip, ())):
        transport = transport_name(proto)
        if flow.server and transport is not None and (port, transport) not in named:
            found.add((port, transport, _PORT_NAMES.get(port, transport)))
            named.add((port, transport))
    return sorted((Service(p, t, n) for p, t, n in found), key=lambda s: (s.transport, s.port))


def _observations(state: TrafficState, ips: list[bytes], mac: str | None, flows_of: _ByDevice, local: LocalNets,
                  geo: GeoLookup | None) -> list[Observation]:
    first = ip_text(ips[0])
    seen_at = iso(state.first_ts if state.first_ts is not None else 0.0)
    out: list[Observation] = []
    if mac:
        out.append(Observation(first, None, None, "ethernet", "passive", seen_at, {"mac": mac}))
        dhcp = state.dhcp_fields.get(mac)
        if dhcp:
            out.append(Observation(first, 68, "udp", "dhcp", "passive", seen_at, {**dhcp, "mac": mac}))
    flows: list[Observation] = []
    for ip in ips:
        text = ip_text(ip)
        host = state.hosts.get(ip)
        if host is not None:
            out += host.observations.values()
            if host.queries:
                ranked = sorted(host.queries.items(), key=lambda item: (-item[1][0], item[0]))
                names = "\n".join(name for name, _ in ranked[:MAX_NAMES_PER_DEVICE])
                asked = iso(min(entry[1] for entry in host.queries.values()))
                out.append(Observation(text, 53, "udp", "dns", "passive", asked, {"dns.query": names}))
        flows += (_flow_observation(text, key, flow, local, geo) for key, flow in flows_of.get(ip, ()))
    flows.sort(key=lambda o: (o.fields["flow.external"] != "true",
                              -(int(o.fields["flow.bytes_out"]) + int(o.fields["flow.bytes_in"]))))
    return out + flows[:MAX_FLOWS_PER_DEVICE]


def device_addresses(state: TrafficState, local: LocalNets) -> list[tuple[str | None, list[bytes]]]:
    """The devices seen: (MAC or ``None``, its addresses), local senders and anything that said something."""
    macs = _macs(state)
    ips: set[bytes] = {ip for ip in state.ip_mac if local.kind(ip) != EXTERNAL}
    ips |= set(state.hosts)
    ips |= {key[0] for key in state.flows}
    for mac, address in state.dhcp_address.items():
        packed = ip_packed(address)
        if packed is not None:
            ips.add(packed)
            macs.setdefault(packed, bytes.fromhex(mac.replace(":", "")))
    by_mac: dict[str | None, list[bytes]] = defaultdict(list)
    loose: list[tuple[str | None, list[bytes]]] = []
    for ip in sorted(ips, key=lambda b: (len(b), b)):
        raw = macs.get(ip)
        if raw is None:
            loose.append((None, [ip]))
        else:
            by_mac[mac_text(raw)].append(ip)
    return [(mac, addresses) for mac, addresses in by_mac.items()] + loose


def build_devices(state: TrafficState, local: LocalNets, *, geo: GeoLookup | None = None,
                  policy: str = DEFAULT_POLICY, notes: NotesFn | None = None,
                  on_device: DeviceFn | None = None) -> list[Device]:
    """One identified, assessed device per local device seen."""
    flows: _ByDevice = defaultdict(list)
    for key, flow in state.flows.items():
        flows[key[0]].append((key, flow))
    devices = []
    for mac, ips in device_addresses(state, local):
        observations = _observations(state, ips, mac, flows, local, geo)
        services = _services(state, ips, flows)
        identity = identify(observations)
        facts = device_facts(observations, services)
        first = ip_text(ips[0])
        annotations = notes(first, mac) if notes is not None else None
        findings = assess(identity, facts=facts, annotations=annotations, policy=policy)
        device = Device(
            id=device_id(mac, identity.manufacturer, identity.serial, first),
            addresses=tuple(Address(ip_text(ip), mac) for ip in ips),
            services=tuple(services),
            identity=identity,
            findings=findings,
            facts=facts,
        )
        if on_device is not None:
            on_device(device, observations)
        devices.append(device)
    return devices
