"""A fleet: thousands of loopback addresses, some of them live devices, all served by one process.

Scale tests need a network the size of a real site (a /20 with a few hundred cameras) without a
process per device. Each live device is an ordinary :class:`EmulatedDevice` with its own listening
socket per port on its own 127.x address; the other addresses stay silent (nothing is bound, so the
kernel answers every TCP connection with a reset at once, as a dark address on a LAN would time out).
One socket per (address, port) is what the kernel needs anyway to route by address; asyncio's
per-server cost is small next to it (measured in docs/lab.md). TLS contexts are shared per certificate.
"""

from __future__ import annotations

import ipaddress
import random
import re
import resource
from collections.abc import Sequence
from pathlib import Path

from camaudit.lab.device import LabError
from camaudit.lab.profile import PROFILE_DIR, Profile, load_profiles
from camaudit.lab.runner import LabRunner, Placement

DEFAULT_NET = "127.90.0.0/20"
_LOOPBACK = ipaddress.IPv4Network("127.0.0.0/8")
#: Sockets the process keeps besides the devices' (event loop, logs, the scanner in the same process).
FD_MARGIN = 256
_TAIL_DIGITS = re.compile(r"(\d{1,6})$")


def fleet_addresses(net: str, n: int) -> list[str]:
    """The first ``n`` addresses of ``net``, which must lie inside 127.0.0.0/8 (LabError otherwise)."""
    try:
        network = ipaddress.IPv4Network(net, strict=False)
    except ValueError as exc:
        raise LabError(f"--net {net!r} is not an IPv4 network") from exc
    if not network.subnet_of(_LOOPBACK):
        raise LabError(f"--net {net} is not inside 127.0.0.0/8: the fleet only binds loopback addresses")
    if n < 1 or n > network.num_addresses:
        raise LabError(f"--fleet {n}: {network} holds {network.num_addresses} addresses")
    first = network.network_address
    if first == _LOOPBACK.network_address or first + (n - 1) == _LOOPBACK.broadcast_address:
        raise LabError("the fleet cannot use 127.0.0.0 or 127.255.255.255")
    return [str(first + i) for i in range(n)]


def raise_fd_limit(needed: int) -> int:
    """Raise the soft open-files limit to the hard limit; LabError if even that is below ``needed``."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    limit = hard if hard != resource.RLIM_INFINITY else 1 << 20
    if needed > limit:
        raise LabError(f"the fleet needs about {needed} open files but the hard limit is {limit} (ulimit -Hn)")
    return limit


def _copy_mac(profile: Profile, index: int) -> str:
    # Keep the maker's OUI (identification reads it) and number the copies in the lower 24 bits.
    low = index & 0xFFFFFF
    return profile.mac[:8] + f":{low >> 16:02x}:{(low >> 8) & 0xFF:02x}:{low & 0xFF:02x}"


def _copy_serial(profile: Profile, mac: str, index: int) -> str | None:
    # Replace the serial's trailing digits with the copy number, same width, so it keeps the maker's shape;
    # a serial that is the MAC (Axis, Vivotek) follows the copy's MAC.
    serial = profile.expect.serial
    if serial is None:
        return None
    if serial.upper() == profile.mac.replace(":", "").upper():
        return mac.replace(":", "").upper()
    m = _TAIL_DIGITS.search(serial)
    if m is None:
        return serial
    width = len(m.group(1))
    return serial[: m.start()] + f"{index % 10**width:0{width}d}"


class FleetLab(LabRunner):
    """``n`` addresses of ``net`` with ``live`` devices among them, from one process.

    Live addresses are drawn with ``random.Random(seed)`` (the same seed gives the same fleet) and get
    the profiles in turn (all non-hostile bundled profiles when ``profiles`` is None). Each copy has its
    own MAC (maker's OUI kept) and serial. Use like :class:`LabRunner`; ``.devices`` lists live ones.
    """

    def __init__(
        self,
        n: int = 4096,
        net: str = DEFAULT_NET,
        live: int = 500,
        profiles: Sequence[str] | None = None,
        seed: int = 0,
        alt_ports: bool = False,
        profile_dir: Path = PROFILE_DIR,
    ) -> None:
        addresses = fleet_addresses(net, n)
        if not 0 <= live <= n:
            raise LabError(f"--live {live} must be between 0 and --fleet {n}")
        loaded = load_profiles(list(profiles) if profiles is not None else None, profile_dir)
        if profiles is None:
            # Hostile devices hold connections for a minute on purpose: not what a scale test measures.
            loaded = [p for p in loaded if not p.hostile]
        if not loaded:
            raise LabError("the fleet needs at least one profile")
        self.net = str(ipaddress.IPv4Network(net, strict=False))
        self.size = n
        self.seed = seed
        self.addresses = addresses
        network = ipaddress.IPv4Network(net, strict=False)
        # A scanner given the CIDR skips its network and broadcast addresses, as it should: no device lives there.
        usable = [i for i, a in enumerate(addresses) if a not in (str(network.network_address),
                                                                  str(network.broadcast_address))]
        if live > len(usable):
            raise LabError(f"--live {live}: only {len(usable)} host addresses among the first {n} of {network}")
        chosen = sorted(random.Random(seed).sample(usable, live))
        plan = []
        for k, index in enumerate(chosen):
            profile = loaded[k % len(loaded)]
            mac = _copy_mac(profile, k + 1)
            plan.append(Placement(
                name=f"{profile.name}-{k // len(loaded) + 1}",
                profile=profile,
                ip=addresses[index],
                mac=mac,
                serial=_copy_serial(profile, mac, k + 1),
            ))
        self._setup(plan, addresses[0], alt_ports)

    @property
    def sockets_needed(self) -> int:
        """Listening sockets the live devices bind (TCP and UDP), plus a margin."""
        per = sum(len(p.profile.services) + (1 if p.profile.has_wsd else 0) for p in self._plan)
        return per + FD_MARGIN

    async def start_async(self) -> None:
        """Raise the open-files limit, then bind every live device."""
        raise_fd_limit(self.sockets_needed)
        await super().start_async()
