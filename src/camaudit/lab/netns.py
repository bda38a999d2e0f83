"""Namespace mode: the lab's devices on a virtual Ethernet LAN of Linux network namespaces (root only).

Layout (``<tag>`` = prefix + this process id, so parallel runs never share a name)::

    <tag>-br    a namespace holding only the bridge br0 (multicast snooping off: every port hears all)
    <tag>-scan  the scanner's namespace: eth0 198.18.0.2/16
    <tag>-dN    one namespace per device: eth0 with the profile's real MAC, 198.18.0.(10+N)/16

Everything lives inside those namespaces: no interface, address or route is added to the namespace
this process runs in, and 198.18.0.0/15 is the benchmarking range (RFC 2544), never a real network.
The device emulators run in *this* process: each socket is created inside its device's namespace
(:mod:`camaudit.lab.nsenter`), so multicast, broadcast and ARP are real while there is one event loop.

Teardown deletes every namespace (which deletes the veths) on stop, on error, at interpreter exit,
and, for a run that was killed, at the start of the next run (namespaces whose pid is gone).
"""

from __future__ import annotations

import atexit
import contextlib
import ipaddress
import itertools
import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from camaudit.lab.device import Attachment, EmulatedDevice, LabError
from camaudit.lab.profile import PROFILE_DIR, load_profiles
from camaudit.lab.runner import LabRunner, Placement

LAN = ipaddress.IPv4Network("198.18.0.0/16")
SCANNER_IP = "198.18.0.2"
FIRST_DEVICE = 10
IFACE = "eth0"
#: Locally administered, so it can never collide with a maker's block.
SCANNER_MAC = "02:ca:fe:00:00:02"
_PREFIX = re.compile(r"^[a-z][a-z0-9]{0,11}$")
_counter = itertools.count()


def _ip(*args: str, batch: list[str] | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
    command = ["ip", *args] + (["-force", "-batch", "-"] if batch is not None else [])
    stdin = "\n".join(batch) + "\n" if batch is not None else None
    result = subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=60, check=False)
    if check and result.returncode != 0:
        raise LabError(f"ip {' '.join(args)} failed: {(result.stderr or result.stdout).strip()[:300]}")
    return result


def unavailable_reason() -> str | None:
    """Why namespace mode cannot run here (not root, no ``ip``, no netns support), or None."""
    if os.geteuid() != 0:
        return "namespace mode needs root (it creates network namespaces, veths and a bridge)"
    if shutil.which("ip") is None:
        return "namespace mode needs the 'ip' command (Debian package iproute2)"
    if not Path("/proc/self/ns/net").exists():
        return "this kernel has no network namespaces"
    return None


def list_namespaces() -> list[str]:
    """Names from ``ip netns list``."""
    result = _ip("netns", "list", check=False)
    return [line.split()[0] for line in result.stdout.splitlines() if line.strip()]


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale(prefix: str = "camlab") -> list[str]:
    """Delete namespaces ``<prefix>-<pid>-...`` left by a run whose process is gone; return their names."""
    pattern = re.compile(rf"^{re.escape(prefix)}-(\d+)-")
    stale = [n for n in list_namespaces() if (m := pattern.match(n)) and not _pid_alive(int(m.group(1)))]
    if stale:
        _ip(batch=[f"netns del {name}" for name in stale], check=False)
    return stale


class NetnsLab(LabRunner):
    """The lab's devices on a namespace LAN; use as a context manager (``with NetnsLab(...) as lab``).

    ``scanner_netns`` and ``scanner_iface`` name where to run a scanner (``ip netns exec``).
    """

    def __init__(
        self, profiles: Sequence[str] | None = None, prefix: str = "camlab", profile_dir: Path = PROFILE_DIR
    ) -> None:
        if not _PREFIX.match(prefix):
            raise LabError(f"--prefix {prefix!r}: 1-12 lower-case letters and digits, starting with a letter")
        if (reason := unavailable_reason()) is not None:
            raise LabError(reason)
        loaded = load_profiles(list(profiles) if profiles is not None else None, profile_dir)
        macs = [p.mac for p in loaded]
        if len(set(macs)) != len(macs):
            raise LabError("two profiles share a MAC address: they cannot share a LAN")
        if len(loaded) > LAN.num_addresses - FIRST_DEVICE - 2:
            raise LabError(f"at most {LAN.num_addresses - FIRST_DEVICE - 2} devices fit {LAN}")
        self.prefix = prefix
        run = next(_counter)
        self.tag = f"{prefix}-{os.getpid()}" + (f"-{run}" if run else "")
        self.bridge_netns = f"{self.tag}-br"
        self.scanner_netns = f"{self.tag}-scan"
        self.scanner_iface = IFACE
        self.scanner_ip = SCANNER_IP
        plan = [Placement(p.name, p, str(LAN.network_address + FIRST_DEVICE + i)) for i, p in enumerate(loaded)]
        self._netns_of = {place.ip: f"{self.tag}-d{i}" for i, place in enumerate(plan)}
        self._created: list[str] = []
        self._setup(plan, plan[0].ip if plan else SCANNER_IP, alt_ports=False)

    @property
    def namespaces(self) -> list[str]:
        """Every namespace this lab creates (bridge, scanner, devices)."""
        return [self.bridge_netns, self.scanner_netns, *self._netns_of.values()]

    def device_netns(self, name: str) -> str:
        """The namespace of the device made from profile ``name``."""
        return self._netns_of[self.device(name).ip]

    def _emulate(self, place: Placement) -> EmulatedDevice:
        attachment = Attachment(self._netns_of[place.ip], IFACE, LAN)
        return EmulatedDevice(place.profile, place.ip, attachment=attachment)

    def start(self) -> None:
        """Build the LAN, then start the devices inside it; on any failure nothing is left behind."""
        remove_stale(self.prefix)
        atexit.register(self.teardown)
        try:
            self._build()
            super().start()
        except BaseException:
            self.teardown()
            raise

    def stop(self) -> None:
        """Stop the devices and delete every namespace (safe to call twice)."""
        try:
            super().stop()
        finally:
            self.teardown()

    def teardown(self) -> None:
        """Delete this lab's namespaces (deleting a namespace deletes its veth, and so its peer)."""
        with contextlib.suppress(Exception):
            atexit.unregister(self.teardown)
        mine = [n for n in self.namespaces if n in set(list_namespaces())]
        if mine:
            # Devices first, the bridge last, so no veth outlives its bridge for a moment.
            _ip(batch=[f"netns del {n}" for n in sorted(mine, key=lambda n: n == self.bridge_netns)], check=False)
        self._created = []

    def _build(self) -> None:
        endpoints = [(self.scanner_netns, SCANNER_MAC, SCANNER_IP)]
        endpoints += [(self._netns_of[p.ip], p.profile.mac, p.ip) for p in self._plan]
        self._created = self.namespaces
        _ip(batch=[f"netns add {n}" for n in self.namespaces])
        missing = set(self.namespaces) - set(list_namespaces())
        if missing:
            raise LabError(f"could not create namespaces: {', '.join(sorted(missing))}")
        bridge = ["link add br0 type bridge mcast_snooping 0", "link set br0 up", "link set lo up"]
        for i, (netns, _, _) in enumerate(endpoints):
            bridge += [f"link add p{i} type veth peer name {IFACE} netns {netns}", f"link set p{i} master br0 up"]
        _ip("-n", self.bridge_netns, batch=bridge)
        for netns, mac, ip in endpoints:
            _ip("-n", netns, batch=[
                f"link set {IFACE} address {mac}",
                f"addr add {ip}/{LAN.prefixlen} dev {IFACE}",
                f"link set {IFACE} up",
                "link set lo up",
                # Inside the namespace only: lets 255.255.255.255 and multicast leave by eth0.
                f"route add default dev {IFACE}",
            ])
