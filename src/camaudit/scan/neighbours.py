"""Hints from the kernel about local segments: which networks are on-link, and which neighbours answered ARP.

A dark address on a real network answers nothing: every attempt costs a full timeout. On a segment the
scanner is attached to, the kernel already knows better: an address with a complete neighbour entry has
a host behind it (whatever its firewall drops), so the sweep never gives up on it early. Only IPv4 is read
(``/proc/net/arp`` and ``/proc/net/route``, the current network namespace's); reading them sends nothing.
"""

from __future__ import annotations

import ipaddress
import socket
import struct
from dataclasses import dataclass, field
from pathlib import Path

_PROC = Path("/proc/net")
#: ``ATF_COM`` in the ARP table's flags: the link-layer address is known.
_ATF_COM = 0x2
#: ``RTF_UP`` and ``RTF_GATEWAY`` in the route table's flags.
_RTF_UP, _RTF_GATEWAY = 0x1, 0x2
_MAX_BYTES = 4 * 1024 * 1024  # a router's table can be large; never read more than this


@dataclass(frozen=True, slots=True)
class NeighbourHints:
    """What the kernel knows: hosts that answered ARP, and the networks reached without a gateway."""

    present: frozenset[str] = frozenset()
    local_networks: tuple[ipaddress.IPv4Network, ...] = field(default_factory=tuple)

    def on_local_segment(self, ip: str) -> bool:
        """Whether ``ip`` is on a network the scanner is attached to (no gateway between)."""
        try:
            addr = ipaddress.ip_address(ip)
        except ValueError:
            return False
        return isinstance(addr, ipaddress.IPv4Address) and any(addr in net for net in self.local_networks)


def _read(path: Path) -> list[str]:
    try:
        with path.open("rb") as fh:
            return fh.read(_MAX_BYTES).decode("ascii", "replace").splitlines()[1:]
    except OSError:
        return []


def _hex_address(text: str) -> str:
    # /proc/net/route writes addresses as host-order (little-endian on x86) hexadecimal.
    return socket.inet_ntoa(struct.pack("=I", int(text, 16)))


def read_neighbour_hints(proc: Path = _PROC) -> NeighbourHints:
    """The IPv4 neighbour table's complete entries and the on-link routes; empty where unreadable."""
    present = frozenset(
        parts[0] for parts in (line.split() for line in _read(proc / "arp"))
        if len(parts) >= 4 and _flags(parts[2]) & _ATF_COM and parts[3] != "00:00:00:00:00:00"
    )
    local: list[ipaddress.IPv4Network] = []
    for parts in (line.split() for line in _read(proc / "route")):
        if len(parts) < 8 or parts[0] == "lo":
            continue
        flags = _flags(parts[3])
        try:
            dest, mask = _hex_address(parts[1]), _hex_address(parts[7])
            net = ipaddress.IPv4Network(f"{dest}/{mask}", strict=False)
        except (ValueError, struct.error, OSError):
            continue
        if flags & _RTF_UP and not flags & _RTF_GATEWAY and net.prefixlen > 0:
            local.append(net)
    return NeighbourHints(present, tuple(sorted(set(local), key=lambda n: (int(n.network_address), n.prefixlen))))


def _flags(text: str) -> int:
    try:
        return int(text, 16)
    except ValueError:
        return 0
