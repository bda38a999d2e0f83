"""The scan pipeline end to end: scope → engine → identify → assess → :class:`ScanResult`.

The CLI, the demo and the tests all call :func:`run_audit`; nothing here knows about terminals. Each
observation is matched against the rules once (an :class:`~camaudit.identify.EvidenceLedger` serves both
the engine's maker hint between probe rounds and the final identity), and each host's device is built
once, in :func:`build_device`, when the host finishes: the register, the progress bar and the result all
get that one device.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import signal
import threading
from collections import Counter
from collections.abc import Callable, Collection, Coroutine, Iterable, Mapping, Sequence
from typing import Any

import orjson

from camaudit.assess import DEFAULT_POLICY, assess
from camaudit.clock import utc_now
from camaudit.identify import EvidenceLedger, device_facts, hyperscan_db
from camaudit.macaddress import normalise_mac
from camaudit.model import (
    NO_ROUTE,
    Address,
    Device,
    Finding,
    Observation,
    RunStatus,
    ScanError,
    ScanResult,
    Scope,
    Service,
    device_id,
)
from camaudit.results import finished_result
from camaudit.scan import heap
from camaudit.scan.engine import HostReport, ScanOptions, ScanRun, run_scan
from camaudit.scan.sweep import SweepStats
from camaudit.targets import DEFAULT_MAX_HOSTS, ScopeGuard


def _mac(report: HostReport) -> str | None:
    """The MAC most observations report, in one spelling; zero, broadcast and multicast never count (two
    hosts reporting ``00:00:00:00:00:00`` must stay two devices)."""
    votes = Counter(m for m in (normalise_mac(o.fields.get("mac")) for o in report.observations) if m)
    return votes.most_common(1)[0][0] if votes else None


#: The owner's notes on the device at an address (and MAC), from the register: site, location, DPIA ...
NotesFn = Callable[[str, str | None], Mapping[str, str] | None]


def _observation_order(obs: Observation) -> tuple[int, str, str, tuple[tuple[str, str], ...], bytes]:
    port = obs.port if obs.port is not None else -1
    return port, obs.transport or "", obs.protocol, tuple(sorted(obs.fields.items())), obs.raw


def build_device(
    report: HostReport, policy: str = DEFAULT_POLICY, notes: NotesFn | None = None,
    ledger: EvidenceLedger | None = None,
) -> Device | None:
    """A device from one host's observations, or ``None`` when nothing answered; ``policy`` picks the regimes
    and ``notes`` gives the owner's annotations (a camera noted as in a changing room gets a privacy finding).

    The one place a host's identity is resolved. ``ledger`` holds the evidence matched during the scan (the
    maker hint's); the host's entries are dropped from it once the device is built.
    """
    if not report.responded:
        return None
    kept = ledger if ledger is not None else EvidenceLedger()
    # Probes finish in whatever order the network allows; identify in a fixed one, so the same answers
    # give the same result file (evidence order and ties) from one run to the next.
    identity = kept.identify(sorted(report.observations, key=_observation_order))
    kept.forget(report.observations)
    facts = device_facts(report.observations, report.services)
    mac = _mac(report)
    annotations = notes(report.ip, mac) if notes is not None else None
    return Device(
        id=device_id(mac, identity.manufacturer, identity.serial, report.ip),
        addresses=(Address(report.ip, mac),),
        services=tuple(sorted(report.services, key=lambda s: (s.transport, s.port))),
        identity=identity,
        findings=assess(identity, facts=facts, annotations=annotations, policy=policy),
        facts=facts,
    )


def run_audit(
    guard: ScopeGuard,
    options: ScanOptions,
    *,
    max_hosts: int = DEFAULT_MAX_HOSTS,
    progress: ProgressFn | None = None,
    seed: Sequence[Observation] = (),
    skip: Collection[str] = (),
    on_host: HostFn | None = None,
    policy: str = DEFAULT_POLICY,
    notes: NotesFn | None = None,
) -> ScanResult:
    """Scan everything in ``guard``'s scope and return the full result.

    ``seed`` holds observations made before the scan (discovery replies); they join the observations of
    the host they came from. Ctrl-C or SIGTERM stops the run gracefully (a second Ctrl-C raises
    ``KeyboardInterrupt`` at once): what was found so far is returned, and the result's ``status`` says it
    is partial, why, and how many hosts were finished.

    ``skip`` names hosts not to scan (those an interrupted scan already recorded, for ``--resume``).
    ``on_host`` is called once per finished host with its device (``None`` if nothing answered), so the
    register can commit it at once; if it raises, it is not called again and the error is re-raised
    when the scan returns.

    Each host's device is built as soon as the host finishes and its observations are let go: what the
    run holds is the devices found, not every address's report.
    """
    started = utc_now()
    skipped = frozenset(skip)
    hosts = [h for h in guard.hosts(max_hosts) if h not in skipped]
    ledger = EvidenceLedger()
    hook = _HostHook(on_host, progress, seed, policy, notes, ledger)
    run = _run_loop(_run_with_signals(guard, hosts, options, hook, ledger))
    seed = [o for o in seed if o.ip not in hook.seen]
    merge_seed(run.reports, seed)
    targeted = skipped.union(hosts)  # a targeted host the run never reached is not done
    hook.seed_only(r for r in run.reports if r.ip not in hook.seen and r.ip not in targeted)
    extra: list[ScanError] = []
    if run.stopped:
        unfinished = len(hosts) - run.finished
        extra.append(
            ScanError(
                "scan", run.stopped, f"the scan stopped early ({run.stopped}); {unfinished} of {len(hosts)} "
                "host(s) not finished: results are partial"
            )
        )
    extra.extend(no_route_error(run.sweep))
    # Hosts cut off by the stop: their partial devices join the result (the register does not record them).
    cut_off = [r for r in run.reports if r.ip not in hook.seen]
    found = [*hook.devices, *(d for d in (build_device(r, policy, notes, ledger) for r in cut_off) if d is not None)]
    # Positions of the devices' addresses only: a /16's 65,536 would cost 3.6 MB at the run's peak, all devices held.
    addresses = {d.addresses[0].ip for d in found}
    position = {ip: i for i, ip in enumerate(hosts) if ip in addresses}
    devices = sorted(found, key=lambda d: position.get(d.addresses[0].ip, len(hosts)))
    errors = [*hook.errors, *(e for r in cut_off for e in r.errors), *extra]
    status = RunStatus(
        complete=run.stopped is None,
        stopped=run.stopped,
        hosts=len(hosts) + len(skipped),
        finished=run.finished + len(skipped),
    )
    return finished_result(_scope(guard, options.ports, run.notes), devices, errors, started, status=status)


def no_route_error(sweep: SweepStats | None) -> list[ScanError]:
    """One run-wide error when no connection attempt could leave this machine (no route to any target).

    A scan whose every address is "network unreachable" would otherwise end as "0 device(s), probe errors:
    none" -- read as "no cameras there" when nothing was asked. An empty subnet on the local segment (ARP
    unanswered: "host unreachable") is an answer and does not count.
    """
    if sweep is None or not sweep.attempts or sweep.no_route < sweep.attempts:
        return []
    return [ScanError("scan", NO_ROUTE, "no route from this machine to any target ('network is unreachable' on "
                      f"all {sweep.attempts} connection attempt(s)): nothing there was asked; check the network "
                      "interface, VPN or routing table")]


#: Called with each finished host and the device built from it (``None`` when nothing answered).
HostFn = Callable[[HostReport, Device | None], None]
#: Progress: called like :data:`HostFn`, once per finished host, after ``on_host``.
ProgressFn = HostFn


class _HostHook:
    """The engine's per-host callback: builds each finished host's device once (seed observations
    included), keeps the device and the host's errors for the result, hands them to ``on_host`` and
    ``progress``, and lets the observations go. The engine calls it in a thread of its own, one host at a
    time, so neither the build nor the register's write holds the event loop that times every read."""

    def __init__(
        self,
        on_host: HostFn | None,
        progress: ProgressFn | None,
        seed: Sequence[Observation],
        policy: str,
        notes: NotesFn | None,
        ledger: EvidenceLedger,
    ) -> None:
        self.on_host, self.progress, self.policy, self.notes = on_host, progress, policy, notes
        self.ledger = ledger
        self.seed: dict[str, list[Observation]] = {}
        for obs in seed:
            self.seed.setdefault(obs.ip, []).append(obs)
        #: Addresses with seed observations that were delivered (only those: a set of every address would grow
        #: with the scope).
        self.seen: set[str] = set()
        self.devices: list[Device] = []
        self.shared = SharedFindings()
        self.errors: list[ScanError] = []
        self.failure: Exception | None = None

    def __call__(self, report: HostReport) -> None:
        merge_seed([report], self.seed.get(report.ip, ()))
        device = self._deliver(report)
        if self.progress is not None:
            self.progress(report, device)

    def seed_only(self, reports: Iterable[HostReport]) -> None:
        """Hosts seen only in the seed (discovery) get no engine callback: deliver them now."""
        for report in reports:
            self._deliver(report)
        if self.failure is not None:
            raise self.failure

    def _deliver(self, report: HostReport) -> Device | None:
        if report.ip in self.seed:
            self.seen.add(report.ip)
        device = build_device(report, self.policy, self.notes, self.ledger)
        if device is not None:
            device = self.shared.of(device)
            self.devices.append(device)
        self.errors.extend(report.errors)
        if self.on_host is not None and self.failure is None:
            try:
                self.on_host(report, device)
            except Exception as exc:  # the engine swallows callback errors; keep it to re-raise
                self.failure = exc
        return device


class SharedFindings:
    """One object for each finding that many devices carry alike, while a scan keeps its devices for the result.

    A restricted finding explains the regime, the maker and the chain at length (about 5 KB of text and 2 KB of
    details), and every camera of one maker on one network gets the same one: on the fleet lab findings were 60 %
    of a kept device's memory (docs/scanning.md, "Memory"). Two findings are shared only when their JSON is the
    same to the byte, so every output (result, lines, register, table) reads as before. At most
    :data:`KEPT` distinct findings are remembered (a network of all-different findings then costs at most
    that many keys more).
    """

    KEPT = 1024

    def __init__(self) -> None:
        self._known: dict[bytes, Finding] = {}

    def of(self, device: Device) -> Device:
        """``device`` with each finding replaced by an equal one already held, where there is one."""
        if not device.findings:
            return device
        findings = tuple(self._one(f) for f in device.findings)
        if all(a is b for a, b in zip(findings, device.findings, strict=True)):
            return device
        return dataclasses.replace(device, findings=findings)

    def _one(self, finding: Finding) -> Finding:
        try:
            key = orjson.dumps(finding, default=_plain)
        except orjson.JSONEncodeError:
            return finding  # not writable by orjson (an integer past 64 bits): kept as it is
        held = self._known.get(key)
        if held is not None:
            return held
        if len(self._known) < self.KEPT:
            self._known[key] = finding
        return finding


def _plain(value: Any) -> dict[str, Any]:
    if isinstance(value, Mapping):
        return {str(k): v for k, v in value.items()}
    raise TypeError(type(value).__name__)


def merge_seed(reports: list[HostReport], seed: Iterable[Observation]) -> None:
    """Add earlier observations to each host's report (a report is made for hosts only seen there)."""
    by_ip = {r.ip: r for r in reports}
    for obs in seed:
        report = by_ip.get(obs.ip)
        if report is None:
            report = by_ip[obs.ip] = HostReport(obs.ip)
            reports.append(report)
        report.observations.append(obs)
        if obs.port is not None and obs.transport == "udp":
            service = Service(obs.port, "udp", obs.protocol)
            if service not in report.services:
                report.services.append(service)


def _run_loop(main: Coroutine[Any, Any, ScanRun]) -> ScanRun:
    """``asyncio.run(main)``, where a second Ctrl-C is always a ``KeyboardInterrupt``.

    When that Ctrl-C lands while asyncio is cancelling the scan's remaining tasks on the way out, asyncio
    reports it as ``RuntimeError('Event loop stopped before Future completed.')`` with the interrupt as its
    context; the user pressed Ctrl-C, so that is what the caller sees (the CLI ends with one quiet line).
    """
    try:
        return asyncio.run(main)
    except RuntimeError as exc:
        if isinstance(exc.__context__, KeyboardInterrupt):
            raise KeyboardInterrupt from None
        raise


async def _run_with_signals(
    guard: ScopeGuard, hosts: Sequence[str], options: ScanOptions, progress: Callable[[HostReport], None],
    ledger: EvidenceLedger,
) -> ScanRun:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    installed: list[signal.Signals] = []

    def first(sig: signal.Signals) -> None:
        if sig == signal.SIGINT and stop.is_set():
            # A second Ctrl-C (already queued before the handler below was removed): stop at once.
            raise KeyboardInterrupt
        stop.set()
        if sig == signal.SIGINT and sig in installed:
            # The next Ctrl-C is a user who will not wait for the wind-down: Python's own handler raises
            # KeyboardInterrupt, which the CLI turns into one quiet line.
            loop.remove_signal_handler(sig)
            installed.remove(sig)

    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, first, sig)
                installed.append(sig)
    try:
        # Even for a few hosts: the databases the hints do not need first are compiled meanwhile (each field's once:
        # until 6 December the first hints of several hosts compiled the same ones at once, and the demo took 32 s
        # instead of 17 s at load 10; then every hint waited for all of them).
        return await run_scan(guard, hosts, options, progress, stop, maker_hint=_prepared_hint(ledger))
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)


def _prepared_hint(ledger: EvidenceLedger) -> Callable[[Sequence[Observation]], frozenset[str]]:
    """The ledger's maker hint, with every registered field's rule databases compiling meanwhile in a thread of its
    own, started now, while the sweep looks for open ports.

    A hint does not wait for that thread: it compiles what its own observations need (a field's databases compile
    once however many threads ask for them at once, :meth:`RuleMatcher._part`), on the other core while the thread
    goes on with the rest. Waiting for all of it made a cold cache's first device wait for every field's databases
    (95 of them, 7-9 s at load 0-3 in the lab, twice that at load 7) when its own need a few; the engine does not
    count a host's wait for its hint against the host's deadline either way. On a cold cache the compiler's working
    memory, freed by the end of the preparation, is handed back to the system (:mod:`camaudit.scan.heap`)."""

    def prepare() -> None:
        with contextlib.suppress(Exception):  # the same failure surfaces in the identification that needs it
            ledger.prepare()
        heap.give_back()

    hyperscan_db.after_each_compile(heap.FreedMemory(look_every=0).after_work)

    threading.Thread(target=prepare, name="camaudit-rules", daemon=True).start()
    return ledger.makers


def result_from_reports(
    guard: ScopeGuard,
    ports: Sequence[int],
    reports: Sequence[HostReport],
    started: str,
    policy: str = DEFAULT_POLICY,
    notes: NotesFn | None = None,
) -> ScanResult:
    """The result of the given host reports (each becomes a device if anything answered)."""
    devices = [d for d in (build_device(r, policy, notes) for r in reports) if d is not None]
    errors = [e for r in reports for e in r.errors]
    status = RunStatus(hosts=len(reports), finished=len(reports))
    return finished_result(_scope(guard, ports), devices, errors, started, status=status)


def discovery_result(observations: Sequence[Observation], interfaces: Sequence[str], started: str) -> ScanResult:
    """A result from discovery replies alone (``camaudit discover``): one device per replying address."""
    reports: list[HostReport] = []
    merge_seed(reports, observations)
    devices = [d for d in (build_device(r) for r in sorted(reports, key=lambda r: r.ip)) if d is not None]
    scope = Scope(targets=tuple(f"interface:{name}" for name in interfaces))
    return finished_result(scope, devices, (), started, status=RunStatus(hosts=len(devices), finished=len(devices)))


def _scope(guard: ScopeGuard, ports: Sequence[int], notes: Sequence[str] = ()) -> Scope:
    """What a scan was asked to cover: the user's targets, ports and exclusions, and what it did and assumed."""
    return Scope(
        targets=tuple(t.text for t in guard.targets),
        ports=tuple(ports),
        excluded=tuple(t.text for t in guard.excluded),
        notes=tuple(notes),
    )
