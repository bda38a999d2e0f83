"""Nothing slow runs in the event loop that times every read: a neighbour's answer is never dropped for it.

A timer that fires while the loop is held drops an answer already received as a timeout ("the device stopped
answering"). Building a finished host's device (identifying its second round, assessing it, writing the
register) and the maker hint between probe rounds run in worker threads; these tests make them deliberately
slow and check what a user would see: the neighbour's maker is still named, no probe of it timed out, and no
answer is matched against the rules twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence

import pytest

from camaudit import audit
from camaudit.identify import EvidenceLedger, RuleSet
from camaudit.lab.runner import LabRunner
from camaudit.model import Device, Evidence, Observation
from camaudit.scan.engine import HostReport, ScanOptions
from camaudit.scan.net import Limits
from camaudit.targets import build_scope

PROBE_TIMEOUT = 3.0


class _LateRelay:
    """A TCP relay on ``ip``:``port`` to a lab device that holds each answer back until ``release`` is set
    (at most ``hold`` seconds): the device's answer is in flight while the test holds the scanner busy."""

    def __init__(self, ip: str, port: int, upstream: tuple[str, int], release: threading.Event, hold: float) -> None:
        self.ip, self.port, self.upstream, self.release, self.hold = ip, port, upstream, release, hold
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.AbstractServer | None = None

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError):
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)

            async def ask() -> None:
                with contextlib.suppress(OSError):
                    while data := await reader.read(65536):
                        up_writer.write(data)
                        await up_writer.drain()

            asking = asyncio.ensure_future(ask())
            first = True
            while data := await up_reader.read(65536):
                if first:
                    await asyncio.to_thread(self.release.wait, self.hold)
                    await asyncio.sleep(0.2)
                    first = False
                writer.write(data)
                await writer.drain()
            asking.cancel()
            up_writer.close()
        writer.close()

    def __enter__(self) -> _LateRelay:
        self._thread.start()

        async def start() -> None:
            self._server = await asyncio.start_server(self._relay, self.ip, self.port)

        asyncio.run_coroutine_threadsafe(start(), self._loop).result(10)
        return self

    def __exit__(self, *_exc: object) -> None:
        async def stop() -> None:
            if self._server is not None:
                self._server.close()

        asyncio.run_coroutine_threadsafe(stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)


def _spin(seconds: float) -> None:
    """Hold the CPU (and the GIL, but for the interpreter's switches) as a slow build does."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


@pytest.fixture()
def compiled_rules() -> Iterator[None]:
    # The rule databases are compiled once per process, some on first sight: a first scan of the same two
    # cameras compiles them, so in the test the first host's hint does not wait for them and that host
    # finishes while its neighbour's answer is still on its way.
    with LabRunner(["axis-ipc", "dahua-ipc"], base="127.78.13.1") as lab:
        audit.run_audit(build_scope([d.ip for d in lab.devices]), ScanOptions(ports=tuple(lab.ports)))
    yield


def test_a_slow_device_build_does_not_drop_a_neighbours_answer(
    monkeypatch: pytest.MonkeyPatch, compiled_rules: None
) -> None:
    building = threading.Event()
    original_build = audit.build_device
    first_ip = "127.78.10.1"

    def slow_build(report: HostReport, *args: object, **kwargs: object) -> Device | None:
        if report.ip == first_ip:
            building.set()
            _spin(PROBE_TIMEOUT + 1.5)  # longer than the neighbour's read may wait
        return original_build(report, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(audit, "build_device", slow_build)
    with LabRunner(["axis-ipc", "dahua-ipc"], base=first_ip) as lab:
        axis, dahua = lab.devices
        port = dahua.ports["http"]
        # The Dahua camera is reached through a relay on another address that holds its answers back until
        # the Axis camera's device is being built.
        with _LateRelay("127.78.10.3", port, (dahua.ip, port), building, hold=PROBE_TIMEOUT - 1.0):
            options = ScanOptions(
                ports=(axis.ports["http"], port), host_timeout=30.0, limits=Limits(probe_timeout=PROBE_TIMEOUT)
            )
            result = audit.run_audit(build_scope([axis.ip, "127.78.10.3"]), options)
    assert building.is_set()
    by_ip = {device.addresses[0].ip: device for device in result.devices}
    assert by_ip[axis.ip].identity.manufacturer == "axis"
    assert by_ip["127.78.10.3"].identity.manufacturer == "dahua"
    late = [e for e in result.errors if e.target == "127.78.10.3" and e.kind in ("timeout", "host-timeout")]
    assert late == []


def test_a_slow_maker_hint_neither_cuts_the_host_off_nor_matches_an_answer_twice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The hint's matching (in a worker thread) outlasts ``--host-timeout``: that time is the scanner's, so the
    host still gets its second round, with no timeout error; each answer is matched once and the device built
    once. (Before, the host was cut off and its answers matched a second time on the way out.)"""
    matched: Counter[int] = Counter()
    original_match = RuleSet.match
    hint_slowed = threading.Event()

    def slow_match(self: RuleSet, obs: Observation) -> list[Evidence]:
        matched[id(obs)] += 1
        if threading.current_thread().name.startswith("camaudit-hint") and not hint_slowed.is_set():
            hint_slowed.set()
            time.sleep(3.0)  # twice the host's deadline
        return original_match(self, obs)

    built: Counter[str] = Counter()
    original_build = audit.build_device
    reports: list[HostReport] = []

    def counting_build(report: HostReport, *args: object, **kwargs: object) -> Device | None:
        built[report.ip] += 1
        reports.append(report)
        return original_build(report, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(RuleSet, "match", slow_match)
    monkeypatch.setattr(audit, "build_device", counting_build)
    with LabRunner(["hikvision-ipc"], base="127.78.11.1") as lab:
        (dev,) = lab.devices
        options = ScanOptions(ports=(dev.ports["http"],), host_timeout=1.5, limits=Limits(probe_timeout=1.0))
        result = audit.run_audit(build_scope([dev.ip]), options)
    assert hint_slowed.is_set()
    assert [e for e in result.errors if e.kind == "host-timeout"] == []
    assert built == Counter({dev.ip: 1})
    observations = [obs for report in reports for obs in report.observations]
    assert observations and all(matched[id(obs)] == 1 for obs in observations)
    # The pre-login ISAPI capabilities, asked only of a host the hint named Hikvision.
    assert "hik-isapi" in {obs.protocol for obs in observations}
    (device,) = result.devices
    assert device.identity.manufacturer == "hikvision"


def test_the_wait_for_the_rule_databases_does_not_count_against_a_hosts_deadline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On a cold cache and a loaded machine the rule databases a hint needs compile for longer than ``--host-timeout``
    (7.8 s at load 7): that wait is the scanner's, so the host still gets its second round and no timeout error. (The
    hint waits for the databases its own answers need, no longer for every field's: the slow hint is simulated.)"""
    original_makers = EvidenceLedger.makers

    def slow_makers(self: EvidenceLedger, observations: Sequence[Observation]) -> frozenset[str]:
        time.sleep(3.0)
        return original_makers(self, observations)

    monkeypatch.setattr(EvidenceLedger, "makers", slow_makers)
    with LabRunner(["hikvision-ipc"], base="127.78.12.1") as lab:
        (dev,) = lab.devices
        options = ScanOptions(ports=(dev.ports["http"],), host_timeout=2.0, limits=Limits(probe_timeout=1.5))
        protocols: set[str] = set()
        started = time.monotonic()
        result = audit.run_audit(
            build_scope([dev.ip]), options, on_host=lambda r, _d: protocols.update(o.protocol for o in r.observations)
        )
        took = time.monotonic() - started
    assert took >= 3.0
    assert [e for e in result.errors if e.kind == "host-timeout"] == []
    (device,) = result.devices
    assert device.identity.manufacturer == "hikvision"
    # The pre-login ISAPI capabilities, asked only of a host the hint named Hikvision.
    assert "hik-isapi" in protocols


def test_a_register_in_memory_records_the_devices_built_off_the_loop() -> None:
    """``--db sqlite://``: the devices are written from the device thread, into the one database in memory (by
    default SQLAlchemy would give that thread an empty database of its own, and the device would be lost)."""
    with LabRunner(["axis-ipc"], base="127.78.14.1") as lab:
        (dev,) = lab.devices
        done = subprocess.run(
            [sys.executable, "-m", "camaudit", "scan", dev.ip, "--ports", str(dev.ports["http"]), "--db", "sqlite://"],
            capture_output=True, text=True, timeout=120, check=False,
        )
    assert done.returncode == 0, done.stderr
    assert "Wrote scan 1 with 1 device(s)" in done.stdout
    assert dev.ip in done.stdout and "axis" in done.stdout
