"""Which addresses are inside the networks being audited (``--local-net``), decided fast per packet.

Addresses arrive as the packed bytes of the IP header (4 or 16 bytes) and are answered from a bounded
cache, so the common case is one dictionary lookup. Multicast and broadcast destinations are neither
local devices nor outside hosts: traffic to them never counts as leaving the network.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

#: Default local networks: the private, shared (CGNAT), loopback, link-local and unique-local ranges.
DEFAULT_LOCAL_NETS = (
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "100.64.0.0/10",
    "169.254.0.0/16",
    "127.0.0.0/8",
    "fc00::/7",
    "fe80::/10",
    "::1/128",
)
_CACHE_MAX = 1 << 16

#: Address classes returned by :meth:`LocalNets.kind`.
LOCAL, EXTERNAL, GROUP = 0, 1, 2

_Net = ipaddress.IPv4Network | ipaddress.IPv6Network


class LocalNetError(ValueError):
    """A ``--local-net`` value that is not a network; the message is one line."""


def parse_nets(texts: Sequence[str]) -> tuple[_Net, ...]:
    """Networks from CIDR strings (``192.0.2.0/24``, ``2001:db8::/32``); a bare address is a /32 or /128."""
    nets = []
    for text in texts:
        try:
            nets.append(ipaddress.ip_network(text.strip(), strict=False))
        except ValueError:
            shown = " ".join(text.split())[:60]
            raise LocalNetError(f"--local-net {shown!r} is not an IPv4 or IPv6 network") from None
    return tuple(nets)


class LocalNets:
    """Classifies packed addresses as local, external or group (multicast/broadcast/unspecified)."""

    __slots__ = ("_cache", "_v4", "_v6", "nets")

    def __init__(self, nets: Sequence[_Net]) -> None:
        self.nets = tuple(nets)
        self._v4 = [(int(n.network_address), int(n.netmask)) for n in nets if n.version == 4]
        self._v6 = [(int(n.network_address), int(n.netmask)) for n in nets if n.version == 6]
        self._cache: dict[bytes, int] = {}

    @classmethod
    def default(cls) -> LocalNets:
        return cls(parse_nets(DEFAULT_LOCAL_NETS))

    def kind(self, packed: bytes) -> int:
        """:data:`LOCAL`, :data:`EXTERNAL` or :data:`GROUP` for a 4- or 16-byte packed address."""
        found = self._cache.get(packed)
        if found is None:
            found = self._classify(packed)
            if len(self._cache) < _CACHE_MAX:
                self._cache[packed] = found
        return found

    def _classify(self, packed: bytes) -> int:
        value = int.from_bytes(packed, "big")
        if len(packed) == 4:
            if packed[0] >= 224 or value == 0 or (packed[3] == 255 and self._inside(value, self._v4)):
                # Multicast, limited broadcast, 0.0.0.0, and the broadcast address of a local /24-or-wider net.
                return GROUP
            return LOCAL if self._inside(value, self._v4) else EXTERNAL
        if packed[0] == 0xFF or value == 0:
            return GROUP
        return LOCAL if self._inside(value, self._v6) else EXTERNAL

    @staticmethod
    def _inside(value: int, nets: list[tuple[int, int]]) -> bool:
        return any(value & mask == net for net, mask in nets)
