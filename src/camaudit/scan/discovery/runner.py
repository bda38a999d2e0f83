"""Send the discovery probes out of the interfaces the user named, and collect every reply and
announcement for a bounded time.

Replies come back in two ways: unicast to the sending socket (WS-Discovery, SSDP, XMEye, some DHIP
firmware, and mDNS responders answering a query from a port other than 5353) or to the protocol's multicast
group (Hikvision SADP answers to 239.255.255.250:37020, Dahua to 239.255.255.251:37810; WS-Discovery ``Hello``
announcements go to 239.255.255.250:3702, mDNS announcements to 224.0.0.251:5353). So
each interface gets one sending socket and one listener per group, all bound to that interface.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import socket
import struct
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from camaudit.clock import utc_now
from camaudit.macaddress import normalise_mac
from camaudit.model import Observation
from camaudit.protocols import dahua_legacy, dhip, mdns, sadp, ssdp, ubnt, wsdiscovery, xmeye
from camaudit.protocols.discovery import classify
from camaudit.scan.discovery.mdns_followup import resolve_instances
from camaudit.scan.discovery.upnp import fetch_descriptions

SIOCGIFADDR = 0x8915
MAX_DATAGRAM = 8192
MAX_REPLIES = 10_000
#: Datagrams kept from one sender: a device that floods must not crowd out the others' replies.
MAX_PER_SENDER = 64

#: (name, destination group or broadcast, port, probe builder)
PROBES: tuple[tuple[str, str, int], ...] = (
    ("wsd", wsdiscovery.WSD_GROUP, wsdiscovery.WSD_PORT),
    ("sadp", "239.255.255.250", sadp.SADP_PORT),
    ("dhip", "239.255.255.251", dhip.DHIP_PORT),
    ("dhip", "255.255.255.255", dhip.DHIP_PORT),
    ("xmeye", "255.255.255.255", xmeye.XMEYE_PORT),
    ("dahua-legacy", "255.255.255.255", dahua_legacy.DAHUA_LEGACY_PORT),
    ("ssdp", ssdp.SSDP_GROUP, ssdp.SSDP_PORT),
    # Ubiquiti's discovery (UniFi cameras, doorbells, recorders, consoles): answered unicast to the sender.
    ("ubnt", "255.255.255.255", ubnt.UBNT_PORT),
    # From the sender's own port, so responders answer it unicast (RFC 6762 §6.7, a "one-shot" query).
    ("mdns", mdns.MDNS_GROUP, mdns.MDNS_PORT),
)
#: Groups devices answer or announce to, listened on per interface.
LISTEN: tuple[tuple[str, int], ...] = (
    ("239.255.255.250", sadp.SADP_PORT),
    ("239.255.255.251", dhip.DHIP_PORT),
    ("239.255.255.250", wsdiscovery.WSD_PORT),
    # mDNS announcements and answers multicast to the group (a responder may answer a one-shot query there too).
    (mdns.MDNS_GROUP, mdns.MDNS_PORT),
)


class DiscoveryError(RuntimeError):
    """Discovery cannot run as asked (unknown interface, no IPv4 address on it ...)."""


@dataclass(frozen=True, slots=True)
class DiscoveryOptions:
    interfaces: tuple[str, ...]
    #: Seconds to listen after the last probe.
    listen: float = 3.0
    #: Each probe is sent this many times (UDP is lossy; nmap sends WS-Discovery twice).
    repeats: int = 2


def interface_ipv4(name: str) -> str:
    """The IPv4 address of interface ``name`` (raises :class:`DiscoveryError`)."""
    if not name or len(name) > 15 or "/" in name:
        raise DiscoveryError(f"{name!r} is not an interface name")
    if not Path(f"/sys/class/net/{name}").exists():
        raise DiscoveryError(f"no interface named {name!r} on this machine")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            packed = fcntl.ioctl(s.fileno(), SIOCGIFADDR, struct.pack("256s", name.encode()))
        except OSError as exc:
            raise DiscoveryError(f"interface {name!r} has no IPv4 address") from exc
    return socket.inet_ntoa(packed[20:24])


def _bind_to_device(sock: socket.socket, name: str) -> None:
    # Keeps every datagram on the named interface; needs CAP_NET_RAW, so it is best effort.
    with contextlib.suppress(OSError, AttributeError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, name.encode())


def _sender(name: str, addr: str) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 1)
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(addr))
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 0)
    _bind_to_device(sock, name)
    sock.bind((addr, 0))
    sock.setblocking(False)
    return sock


def _listener(name: str, addr: str, group: str, port: int) -> socket.socket | None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    with contextlib.suppress(OSError, AttributeError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    _bind_to_device(sock, name)
    try:
        sock.bind((group, port))
        mreq = socket.inet_aton(group) + socket.inet_aton(addr)
        sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq)
    except OSError:
        sock.close()
        return None
    sock.setblocking(False)
    return sock


def _probe_payloads() -> dict[str, bytes]:
    return {
        "wsd": wsdiscovery.build_probe(),
        "sadp": sadp.build_probe(),
        "dhip": dhip.build_probe(),
        "xmeye": xmeye.build_probe(),
        "ssdp": ssdp.build_probe(),
        "dahua-legacy": dahua_legacy.build_probe(),
        "mdns": mdns.build_query(),
        "ubnt": ubnt.build_probe(),
    }


async def _receive(
    sock: socket.socket, own: set[str], out: list[tuple[bytes, tuple[str, int]]], per_sender: Counter[str]
) -> None:
    loop = asyncio.get_running_loop()
    while len(out) < MAX_REPLIES:
        try:
            data, addr = await loop.sock_recvfrom(sock, MAX_DATAGRAM)
        except OSError:
            continue  # an ICMP error for one probe must not end the listening
        if addr[0] in own:  # our own probes, looped back by a listener
            continue
        per_sender[addr[0]] += 1
        if per_sender[addr[0]] <= MAX_PER_SENDER:
            out.append((data, addr))


async def discover(options: DiscoveryOptions) -> list[Observation]:
    """Probe out of each named interface and return one observation per readable reply."""
    if not options.interfaces:
        raise DiscoveryError("discovery needs at least one --interface: it only sends where you say")
    addrs = {name: interface_ipv4(name) for name in options.interfaces}
    own = set(addrs.values())
    sockets: list[socket.socket] = []
    received: list[tuple[bytes, tuple[str, int]]] = []
    tasks: list[asyncio.Task[None]] = []
    loop = asyncio.get_running_loop()
    try:
        senders = []
        for name, addr in addrs.items():
            sender = _sender(name, addr)
            sockets.append(sender)
            senders.append(sender)
            for group, port in LISTEN:
                lsock = _listener(name, addr, group, port)
                if lsock is not None:
                    sockets.append(lsock)
        per_sender: Counter[str] = Counter()
        tasks = [asyncio.ensure_future(_receive(s, own, received, per_sender)) for s in sockets]
        payloads = _probe_payloads()
        for _ in range(max(1, options.repeats)):
            for sender in senders:
                for kind, dest, port in PROBES:
                    with contextlib.suppress(OSError):
                        await loop.sock_sendto(sender, payloads[kind], (dest, port))
            await asyncio.sleep(0.3)
        await asyncio.sleep(options.listen)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for sock in sockets:
            sock.close()
    found = observations_from(received)
    # Hosts that listed mDNS instances without their SRV/TXT records are asked for them once, unicast.
    found += await resolve_instances(found)
    return found + await fetch_descriptions(found)


def observations_from(received: Iterable[tuple[bytes, tuple[str, int]]]) -> list[Observation]:
    seen_at = utc_now()
    out: list[Observation] = []
    unique: set[tuple[str, bytes]] = set()
    for data, (ip, port) in received:
        if (ip, data) in unique:
            continue  # repeated probes get repeated identical answers
        unique.add((ip, data))
        protocol, parsed = classify(data, port)
        for fields in parsed:
            out.append(Observation(ip, port, "udp", protocol, "discover", seen_at, fields, data))
    out += neighbour_macs({o.ip for o in out})
    return out


def neighbour_macs(ips: set[str], table: Path = Path("/proc/net/arp")) -> list[Observation]:
    """MAC addresses the kernel learnt for ``ips`` (the neighbour table), as observations."""
    try:
        lines = table.read_text().splitlines()[1:]
    except OSError:
        return []
    seen_at = utc_now()
    out = []
    for line in lines:
        parts = line.split()
        mac = normalise_mac(parts[3]) if len(parts) >= 4 and parts[0] in ips else None
        if mac:  # an incomplete neighbour entry reads 00:00:00:00:00:00
            out.append(Observation(parts[0], None, None, "arp", "discover", seen_at, {"mac": mac}))
    return out
