"""Run a fleet of emulated devices on loopback addresses (127.0.0.0/8 only).

Synchronous code uses ``with LabRunner(...) as lab:`` (devices run in a background thread with their own
event loop); asynchronous code uses ``async with LabRunner(...)`` (devices run on the caller's loop).
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import ssl
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType, TracebackType
from typing import Any

from camaudit import device_loops, lab_holds
from camaudit.device_loops import HeldTime
from camaudit.lab.auth import LoginRecord
from camaudit.lab.device import EmulatedDevice, LabError
from camaudit.lab.profile import PROFILE_DIR, Profile, load_profiles

log = logging.getLogger("camaudit.lab")

DEFAULT_BASE = "127.77.0.1"
_LOOPBACK = ipaddress.IPv4Network("127.0.0.0/8")
_START_TIMEOUT = 30.0


@dataclass(frozen=True, slots=True)
class LabDevice:
    """One running emulated device, as tests, the demo and benchmarks see it."""

    name: str
    profile: str
    ip: str
    mac: str
    #: service name (``http``, ``rtsp``, ``sadp`` ...) -> port bound
    ports: Mapping[str, int]
    #: what a correct identification says (device_type, brand, manufacturer, model, firmware, serial)
    expect: Mapping[str, str | None]
    #: service name -> protocol (``http``, ``https``, ``rtsp``, ``tcp``, ``udp``)
    protocols: Mapping[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON types (for the state file and ``--json``)."""
        return {
            "name": self.name,
            "profile": self.profile,
            "ip": self.ip,
            "mac": self.mac,
            "ports": dict(self.ports),
            "protocols": dict(self.protocols),
            "expect": dict(self.expect),
        }


@dataclass(frozen=True, slots=True)
class Placement:
    """One device to start: its profile, address, and (for fleet copies) its own MAC and serial."""

    name: str
    profile: Profile
    ip: str
    mac: str | None = None
    serial: str | None = None


def device_addresses(base: str, count: int) -> list[str]:
    """``count`` consecutive addresses from ``base``; all must lie in 127.0.0.0/8 (LabError otherwise)."""
    try:
        first = ipaddress.IPv4Address(base)
    except ValueError as exc:
        raise LabError(f"--base {base!r} is not an IPv4 address") from exc
    if first not in _LOOPBACK:
        raise LabError(f"--base {base} is not a loopback address: the lab only binds 127.0.0.0/8")
    addresses = [first + i for i in range(count)]
    last = addresses[-1] if addresses else first
    if last not in _LOOPBACK or last == _LOOPBACK.broadcast_address or first == _LOOPBACK.network_address:
        raise LabError(f"{count} devices from {base} would leave 127.0.0.1-127.255.255.254")
    return [str(a) for a in addresses]


class LabRunner:
    """Start emulated devices, one per loopback address from ``base`` upwards, and stop them cleanly.

    ``profiles`` names the profiles to run (all bundled ones when None). Ports below 1024 that cannot be
    bound (not root) fall back to each service's documented alternative (80->8080, 443->8443,
    554->8554); ``alt_ports=True`` always uses the alternatives.
    """

    def __init__(
        self,
        profiles: Sequence[str] | None = None,
        base: str = DEFAULT_BASE,
        alt_ports: bool = False,
        profile_dir: Path = PROFILE_DIR,
    ) -> None:
        loaded = load_profiles(list(profiles) if profiles is not None else None, profile_dir)
        addresses = device_addresses(base, len(loaded))
        self._setup([Placement(p.name, p, ip) for p, ip in zip(loaded, addresses, strict=True)], base, alt_ports)

    def _setup(self, plan: list[Placement], base: str, alt_ports: bool) -> None:
        self._plan = plan
        self.base = base
        self.alt_ports = alt_ports
        self._emulated: list[EmulatedDevice] = []
        self._devices: list[LabDevice] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._held: tuple[HeldTime, lab_holds.Publication] | None = None

    @property
    def devices(self) -> list[LabDevice]:
        """The running devices, in profile order (empty before start)."""
        return list(self._devices)

    @property
    def ports(self) -> list[int]:
        """Every TCP port bound by any device, sorted, without repeats."""
        return sorted(
            {p for d in self._devices for name, p in d.ports.items() if d.protocols.get(name) != "udp"}
        )

    def device(self, name: str) -> LabDevice:
        """The running device made from profile ``name``."""
        for dev in self._devices:
            if dev.name == name:
                return dev
        raise KeyError(name)

    def logins(self, name: str) -> list[LoginRecord]:
        """Every credential device ``name`` has been presented (API, user name, outcome), oldest first.

        Empty for a device without ``credentials`` in its profile. Challenge requests that carry no
        password are not logins; tests use this to prove a scan's login attempts (or their absence).
        """
        for place, dev in zip(self._plan, self._emulated, strict=False):
            if place.name == name:
                return dev.auth.records if dev.auth is not None else []
        raise KeyError(name)

    # -- asynchronous use: devices on the caller's loop ------------------------------------------------

    async def start_async(self) -> None:
        """Bind every device on the running event loop; on any failure nothing stays bound."""
        if self._emulated:
            raise LabError("the lab is already running")
        started: list[EmulatedDevice] = []
        try:
            for place in self._plan:
                dev = self._emulate(place)
                await dev.start()
                started.append(dev)
        except BaseException:
            for dev in started:
                await dev.stop()
            raise
        self._emulated = started
        self._devices = [_lab_device(place, d) for place, d in zip(self._plan, started, strict=True)]

    def _emulate(self, place: Placement) -> EmulatedDevice:
        """The emulator for one placement (namespace mode attaches it to its namespace)."""
        return EmulatedDevice(place.profile, place.ip, self.alt_ports, mac=place.mac, serial=place.serial)

    async def stop_async(self) -> None:
        """Close every device's listeners and connections."""
        emulated, self._emulated, self._devices = self._emulated, [], []
        for dev in emulated:
            await dev.stop()

    async def __aenter__(self) -> LabRunner:
        await self.start_async()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop_async()

    # -- synchronous use: devices on a background thread ------------------------------------------------

    @property
    def loop(self) -> asyncio.AbstractEventLoop | None:
        """The background thread's event loop serving the devices (None before :meth:`start`, after :meth:`stop`,
        and in asynchronous use, where the devices run on the caller's loop)."""
        return self._loop

    @property
    def held_s(self) -> float | None:
        """Seconds the background thread's loop was held since the lab started: what a scan in another process
        forgives its devices (``camaudit.lab_holds``); None where it is not counted (asynchronous use, namespace
        mode)."""
        return self._held[0].held() if self._held is not None else None

    def start(self) -> None:
        """Start the devices on a background thread's event loop; return once all are bound."""
        if self._thread is not None:
            raise LabError("the lab is already running")
        loop = asyncio.new_event_loop()
        # TLS handshakes that scanners abandon are normal in a lab; keep them out of the user's log.
        loop.set_exception_handler(_quiet_exception_handler)
        thread = threading.Thread(target=loop.run_forever, name="camaudit-lab", daemon=True)
        thread.start()
        self._loop, self._thread = loop, thread
        try:
            asyncio.run_coroutine_threadsafe(self.start_async(), loop).result(_START_TIMEOUT)
        except BaseException:
            self._shutdown_thread()
            raise
        # A scan in this process forgives the time this loop is held, as it forgives its own (scan/held_time.py):
        # the devices' answers are late then for no fault of theirs. A scan in another process reads it from a file.
        device_loops.serving(loop)
        self._publish_held(loop)

    def _publish_held(self, loop: asyncio.AbstractEventLoop) -> None:
        """Count this loop's held time and publish it for scans in other processes (``camaudit.lab_holds``), for
        the addresses from the first device's to the last's; nothing when they are not loopback (namespace mode)."""
        addresses = sorted(ipaddress.IPv4Address(place.ip) for place in self._plan)
        if not addresses:
            return
        publication = lab_holds.publish(str(addresses[0]), str(addresses[-1]))
        if publication is not None:
            clock = HeldTime(loop, publish=publication.write, period=lab_holds.PERIOD_S)
            clock.start_from_afar()
            self._held = (clock, publication)

    def stop(self) -> None:
        """Stop every device and the background thread (safe to call twice)."""
        loop = self._loop
        if loop is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(self._stop_serving(), loop).result(_START_TIMEOUT)
        finally:
            self._shutdown_thread()

    async def _stop_serving(self) -> None:
        if self._held is not None:
            await self._held[0].stop()
        await self.stop_async()

    def _shutdown_thread(self) -> None:
        loop, thread = self._loop, self._thread
        self._loop = self._thread = None
        if loop is None or thread is None:
            return
        device_loops.done(loop)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(_START_TIMEOUT)
        if not thread.is_alive():
            loop.close()
        if self._held is not None:
            self._held[1].close()
            self._held = None

    def __enter__(self) -> LabRunner:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def _lab_device(place: Placement, dev: EmulatedDevice) -> LabDevice:
    expect = place.profile.expect.model_dump()
    if place.serial is not None:
        expect["serial"] = place.serial
    protocols = {s.name: s.protocol for s in place.profile.services}
    if place.profile.has_wsd:
        protocols["wsd"] = "udp"
    return LabDevice(
        name=place.name,
        profile=place.profile.name,
        ip=dev.ip,
        mac=dev.mac,
        ports=MappingProxyType(dict(dev.ports)),
        expect=MappingProxyType(expect),
        protocols=MappingProxyType(protocols),
    )


def _quiet_exception_handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    exc = context.get("exception")
    # Connection tasks cancelled at stop surface here through asyncio.streams; that is a normal end.
    expected = isinstance(exc, ssl.SSLError | ConnectionError | TimeoutError | asyncio.CancelledError)
    level = logging.DEBUG if expected else logging.WARNING
    log.log(level, "lab loop: %s", context.get("message"), exc_info=exc)
