"""The one place that owns scan I/O policy: concurrency, deadlines, bounded reads, failures as data.

Probes only say what to send and how to read the answer (``scan/probes``). The engine decides where
they run, in two stages that overlap: the sweep (:mod:`camaudit.scan.sweep`) finds open TCP ports at the
machine's connect rate and hands over each live host as soon as it is settled; the probe stage then runs
first-round probes by the service each open port carries plus the UDP probes once per host, asks the
caller's maker hint (pure, no I/O; the audit passes identification's answer, so the engine identifies
nothing itself) whom the first round points at, and runs the second-round probes meant for that maker.
One bad device never stops the scan of the others: every probe's failure becomes a :class:`ScanError`,
and every host has a deadline after which what it had answered so far is kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import dataclasses
import resource
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from camaudit.model import Observation, ScanError, Service, StopReason
from camaudit.scan import anomalies, held_time, loop_lag
from camaudit.scan.auth.credentials import CredentialStore
from camaudit.scan.net import Limits, ProbeContext, ProbeError
from camaudit.scan.off_loop import Delivery, HostHint, loop_first
from camaudit.scan.options import ProbeSettings
from camaudit.scan.ports import service_for
from camaudit.scan.probes import PROBES, Endpoint, Probe
from camaudit.scan.rate import Pacer, TokenBucket
from camaudit.scan.sweep import ConnectSweep, SweepStats, SweepSummary, SweptHost
from camaudit.scan.sweep_process import ChildSweep, SweepJob
from camaudit.targets import OutOfScopeError, ScopeGuard

#: The vendor ids (manufacturer, brand) a host's observations so far point at.
MakerHint = Callable[[Sequence[Observation]], Collection[str]]


@dataclass(frozen=True, slots=True)
class ScanOptions:
    ports: tuple[int, ...]
    #: Hosts scanned at once (capped by the open-files limit, see :func:`fit_concurrency`).
    host_concurrency: int = 256
    #: Connections open at once to one host (cameras fall over under load).
    per_host_concurrency: int = 6
    #: Whole-host deadline, seconds; what was found before it is kept.
    host_timeout: float = 45.0
    limits: Limits = field(default_factory=Limits)
    udp_probes: bool = True
    #: New connections/datagrams per second to one host, and across the run (None: unlimited).
    host_rate: float | None = 50.0
    run_rate: float | None = None
    #: Whole-run deadline, seconds (None: none); hosts unfinished by then keep what they had.
    run_timeout: float | None = None
    #: Credentials for authenticated deep checks (None: none run).
    credentials: CredentialStore | None = None
    #: The options of individual probes the user set (opt-in checks, an SNMP community ...), by option name.
    probe_options: ProbeSettings = field(default_factory=ProbeSettings)
    #: Probes run in all (None: no cap); when spent the run stops early, as at ``run_timeout``.
    max_probes: int | None = None


@dataclass(slots=True)
class HostReport:
    ip: str
    observations: list[Observation] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    #: False when the run was stopped (Ctrl-C, SIGTERM, run deadline, probe budget) before this host finished.
    complete: bool = True

    @property
    def responded(self) -> bool:
        return bool(self.observations or self.services)


ProgressFn = Callable[[HostReport], None]


def _service_name(service: str) -> str:
    return "http" if service == "unknown" else service


class _ProbeBudget:
    """``max_probes`` for one run: each probe takes one; the first probe refused stops the run."""

    def __init__(self, total: int, spent: asyncio.Event) -> None:
        self.left, self.spent = total, spent

    def take(self) -> bool:
        if self.left <= 0:
            self.spent.set()
            return False
        self.left -= 1
        return True


#: The running scan's probe budget; a context variable so every host task sees its run's budget.
_BUDGET: contextvars.ContextVar[_ProbeBudget | None] = contextvars.ContextVar("probe_budget", default=None)


async def _run_probe(
    ctx: ProbeContext, spec: Probe, ep: Endpoint, report: HostReport, sem: asyncio.Semaphore
) -> list[Observation]:
    budget = _BUDGET.get()
    if budget is not None and not budget.take():
        report.complete = False  # not recorded as done, so --resume scans it again
        return []
    async with sem:
        with anomalies.collecting(ep.ip, ep.port, spec.name) as noticed:
            try:
                found = await spec.run(ctx, ep)
            except ProbeError as exc:
                report.errors.append(ScanError(ep.ip, exc.kind, str(exc), port=ep.port, probe=spec.name))
                return []
            except OutOfScopeError:
                raise
            except Exception as exc:  # a parser bug must cost one probe, never the scan
                reason = f"{type(exc).__name__}: {exc}"
                report.errors.append(ScanError(ep.ip, "probe-failed", reason, port=ep.port, probe=spec.name))
                return []
            finally:
                report.errors.extend(noticed)  # what the device did wrong, even when the probe went on
    report.observations.extend(found)
    return found


async def _scan_host_inner(
    ctx: ProbeContext, ip: str, open_ports: Sequence[int], options: ScanOptions, report: HostReport,
    hint: HostHint, discovery: bool,
) -> None:
    sem = asyncio.Semaphore(options.per_host_concurrency)
    udp = [
        spec for spec in PROBES
        if spec.udp_port is not None and spec.allowed(ctx)
        and (open_ports or discovery or spec.enabled_by is not None)
        and (discovery or not spec.small_scope)
    ] if options.udp_probes else []
    udp_tasks = [
        asyncio.ensure_future(_run_probe(ctx, spec, Endpoint(ip, spec.udp_port or 0, "udp"), report, sem))
        for spec in udp
    ]
    endpoints = [Endpoint(ip, port, service_for(port)) for port in open_ports]
    for ep in endpoints:
        report.services.append(Service(ep.port, "tcp", _service_name(ep.service)))

    first = [
        _run_probe(ctx, spec, ep, report, sem)
        for ep in endpoints
        for spec in PROBES
        if spec.first_round and _service_name(ep.service) in spec.services and spec.allowed(ctx)
    ]
    await asyncio.gather(*first, *udp_tasks)
    await _run_advertised(ctx, ip, report, sem)
    if endpoints:  # with UDP discovery answers only there is no maker-specific TCP probe to choose
        makers = set(await hint.ask())
        second = [
            _run_probe(ctx, spec, ep, report, sem)
            for ep in endpoints
            for spec in PROBES
            if not spec.first_round and _service_name(ep.service) in spec.services
            and _second_round_wanted(ctx, spec, ep, makers, report)
        ]
        await asyncio.gather(*second)
    _label_services(report)


async def _run_advertised(ctx: ProbeContext, ip: str, report: HostReport, sem: asyncio.Semaphore) -> None:
    """Run probes once more where the host's own first-round answers say their service lives (an ONVIF
    device service a WS-Discovery answer advertises on another port or path); a port found so is a service."""
    wanted: dict[tuple[str, int, str], tuple[Probe, Endpoint]] = {}
    for spec in PROBES:
        if spec.advertised is not None and spec.allowed(ctx):
            for ep in spec.advertised(list(report.observations), ip):
                wanted.setdefault((spec.name, ep.port, ep.path), (spec, ep))
    if not wanted:
        return
    runs = [_run_probe(ctx, spec, ep, report, sem) for spec, ep in wanted.values()]
    known = {s.port for s in report.services if s.transport == "tcp"}
    for (_spec, ep), found in zip(wanted.values(), await asyncio.gather(*runs), strict=True):
        if found and ep.port not in known:
            report.services.append(Service(ep.port, "tcp", _service_name(ep.service)))
            known.add(ep.port)


def _second_round_wanted(
    ctx: ProbeContext, spec: Probe, ep: Endpoint, makers: set[str], report: HostReport
) -> bool:
    """Vendor probes only for that vendor's devices; credentials only to devices of the maker they are for."""
    if not spec.allowed(ctx):
        return False
    if spec.when_field is not None:
        return any(o.port == ep.port and spec.when_field in o.fields for o in report.observations)
    return bool(spec.follow_up_for and makers & spec.follow_up_for)


def _label_services(report: HostReport) -> None:
    """Name each open port by what actually answered on it (``https`` on 8443, ``rtsp`` on 8554)."""
    by_port: dict[int, str] = {}
    for obs in report.observations:
        if obs.port is not None and obs.transport == "tcp" and obs.protocol in ("http", "https", "rtsp"):
            by_port.setdefault(obs.port, obs.protocol)
    report.services = [
        Service(s.port, s.transport, by_port.get(s.port, s.protocol)) for s in report.services
    ]
    udp_ports = {(o.port, o.protocol) for o in report.observations if o.transport == "udp" and o.port}
    for port, protocol in sorted(udp_ports, key=lambda pp: (pp[0] or 0, pp[1])):
        report.services.append(Service(port or 0, "udp", protocol))


async def probe_host(
    ctx: ProbeContext, ip: str, open_ports: Sequence[int], options: ScanOptions, report: HostReport | None = None,
    *, maker_hint: MakerHint, discovery: bool = True,
) -> HostReport:
    """Probe one host's open ports within its deadline; a timeout keeps what was seen and records an error.

    The deadline counts the time spent on the device, not the maker hint's (:class:`HostHint`).
    ``discovery``: send the UDP discovery probes even when no TCP port is open."""
    report = report if report is not None else HostReport(ip)
    hint = HostHint(maker_hint, report)
    try:
        with held_time.device_at(ip):
            async with held_time.device_timeout(options.host_timeout) as deadline:
                hint.deadline = deadline
                await _scan_host_inner(ctx, ip, open_ports, options, report, hint, discovery)
    except TimeoutError:
        report.errors.append(
            ScanError(ip, "host-timeout", f"host did not finish within {options.host_timeout:g} s")
        )
        _label_services(report)
        await hint.settled()
    return report


#: Scopes of at least this many addresses are swept in a process of their own (``scan/sweep_process.py``):
#: below it the sweep takes well under a second, less than starting a process costs.
OWN_PROCESS_FROM = 1024
#: TLS connections open at once in a run: the largest per-connection memory cost of the probe stage.
TLS_AT_ONCE = 64
#: Descriptors kept back from the sweep: the probe stage's, the event loop's, the register's, logs.
_FD_RESERVE = 64


def _soft_fd_limit() -> int:
    """Raise the soft open-files limit to the hard one (where allowed) and return it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
    return soft


def _probe_fds(options: ScanOptions) -> int:
    return options.host_concurrency * (options.per_host_concurrency + 4)  # TCP probes, UDP probes, a spare


def fit_concurrency(options: ScanOptions) -> ScanOptions:
    """Raise the soft open-files limit and keep the probe stage's host concurrency within half of it (the
    sweep's connection attempts get the rest)."""
    soft = _soft_fd_limit()
    per_host = options.per_host_concurrency + 4
    fits = max(1, (soft // 2 - _FD_RESERVE) // per_host)
    if options.host_concurrency <= fits:
        return options
    return dataclasses.replace(options, host_concurrency=fits)


def sweep_in_flight(options: ScanOptions) -> int:
    """How many connection attempts the sweep may have open at once: what the probe stage leaves of the
    open-files limit (on a real network each unanswered attempt holds a descriptor until its timeout)."""
    return max(64, _soft_fd_limit() - _FD_RESERVE - _probe_fds(options))


@dataclass(slots=True)
class ScanRun:
    """What a run produced, and why it stopped early.

    ``reports`` holds the hosts the caller has not been handed through ``progress``: hosts cut off when the
    run stopped early (``complete`` False), and, when there was no ``progress`` callback, every host that had
    an open port (in target order). Finished hosts are not kept otherwise: memory follows the concurrency,
    not the size of the scope.
    """

    reports: list[HostReport]
    #: ``None`` when every host was scanned; else why the run ended early.
    stopped: StopReason | None = None
    #: Hosts finished (swept and, when they had an open port, probed).
    finished: int = 0
    #: What the sweep did and assumed, for the result's scope notes.
    sweep: SweepStats | None = None
    notes: tuple[str, ...] = ()


async def run_scan(
    guard: ScopeGuard,
    hosts: Sequence[str],
    options: ScanOptions,
    progress: ProgressFn | None = None,
    stop: asyncio.Event | None = None,
    *,
    maker_hint: MakerHint,
) -> ScanRun:
    """Scan every host (all must be in scope): a sweep for open ports, then probes on the live ones;
    ``maker_hint`` says whom a host's first round points at (asked in worker threads, see :class:`HostHint`).

    The sweep (:mod:`camaudit.scan.sweep`) streams each address to the probe stage as soon as it is settled,
    so the first devices are probed within moments while the sweep goes on; ``host_concurrency`` workers
    probe the hosts that had an open port. ``progress`` is called once per finished host, silent ones
    included, in the order they finished, one at a time, in a thread of its own (:class:`Delivery`); the run
    returns once every call has returned. Setting ``stop`` (Ctrl-C, SIGTERM), reaching ``run_timeout`` or
    spending ``max_probes`` ends the run early: hosts being probed keep what they had answered and are marked
    incomplete; hosts not finished are left out, for ``--resume`` to find.
    """
    for ip in hosts:
        guard.check(ip)
    with loop_first():
        async with loop_lag.measured(), held_time.counting():  # the lag only when $CAMAUDIT_LOOP_LAG names a file
            return await _run_scan(guard, hosts, fit_concurrency(options), progress, stop, maker_hint)


async def _run_scan(
    guard: ScopeGuard,
    hosts: Sequence[str],
    options: ScanOptions,
    progress: ProgressFn | None,
    stop: asyncio.Event | None,
    maker_hint: MakerHint,
) -> ScanRun:
    spent = asyncio.Event()
    budget = _ProbeBudget(options.max_probes, spent) if options.max_probes is not None else None
    _BUDGET.set(budget)  # this coroutine's context; the worker tasks below copy it
    run_bucket = TokenBucket(options.run_rate) if options.run_rate else None
    # Without a progress callback the run keeps every host that answered, for ScanRun.reports; with one, each
    # finished host is handed over and let go.
    delivery = Delivery(progress) if progress is not None else None
    kept: list[HostReport] = []
    in_probe: dict[str, HostReport] = {}
    live: asyncio.Queue[SweptHost | None] = asyncio.Queue()
    counts = {"finished": 0}

    def done(report: HostReport) -> asyncio.Future[None] | None:
        counts["finished"] += 1
        if delivery is not None:
            return delivery.put(report, handed=report.responded)
        if report.responded:
            kept.append(report)
        return None

    # A host that answered the sweep (a refusal is an answer) but has no open TCP port may still answer the
    # makers' UDP discovery probes (a camera on ports outside the list answers SADP): in a scope below
    # OWN_PROCESS_FROM addresses it gets them. In a larger one only hosts with an open TCP port do (a camera or
    # recorder serves web or RTSP): sending three datagrams to each of 65,000 refusing addresses would cost
    # more than the sweep. A UDP probe the user asked for (SNMP) is for any host that answered.
    discovery = options.udp_probes and len(hosts) < OWN_PROCESS_FROM
    opted_udp = options.udp_probes and any(
        spec.udp_port is not None and spec.enabled_by is not None and options.probe_options.is_set(spec.enabled_by)
        for spec in PROBES
    )

    def swept(host: SweptHost) -> None:
        if host.open_ports or ((discovery or opted_udp) and host.answered):
            live.put_nowait(host)
        else:
            done(HostReport(host.ip))

    max_backlog = 4 * options.host_concurrency
    sweep: ConnectSweep | ChildSweep
    if run_bucket is None and len(hosts) >= OWN_PROCESS_FROM:
        sweep = ChildSweep(
            SweepJob(guard, hosts, tuple(options.ports), options.limits.connect_timeout, options.host_rate,
                     sweep_in_flight(options), options.limits.retries),
            backlog=live.qsize, max_backlog=max_backlog,
        )
    else:
        sweep = ConnectSweep(
            guard.compiled(), options.ports, timeout=options.limits.connect_timeout, host_rate=options.host_rate,
            run_bucket=run_bucket, max_in_flight=sweep_in_flight(options), retries=options.limits.retries,
            backlog=live.qsize, max_backlog=max_backlog,
        )
    order: dict[str, int] = {}
    tls_slots = asyncio.Semaphore(TLS_AT_ONCE)

    async def worker() -> None:
        while (host := await live.get()) is not None:
            order[host.ip] = host.index
            report = in_probe[host.ip] = HostReport(host.ip)
            host_bucket = TokenBucket(options.host_rate) if options.host_rate else None
            if host_bucket is not None:
                host_bucket.drained(host.last_attempt)  # the host's pace goes on from the sweep's last SYN
            pacer = Pacer(run_bucket, host_bucket)
            ctx = ProbeContext(guard, options.limits, pacer, options.credentials, options.probe_options,
                               tls_slots=tls_slots)
            try:
                await probe_host(ctx, host.ip, host.open_ports, options, report, maker_hint=maker_hint,
                                 discovery=discovery)
            except asyncio.CancelledError:
                report.complete = False
                _label_services(report)
                raise
            if not report.complete:
                continue  # cut short by the probe budget: listed incomplete, never finished, so --resume redoes it
            del in_probe[host.ip]
            if delivery is not None:
                del order[host.ip]  # only hosts still held need their place in the target order
            handed = done(report)
            if handed is not None:
                # The worker takes its next host once this one's device is built: hosts waiting to be built
                # stay within the concurrency, as when they were built here. A cancellation leaves the host
                # queued, so it is still delivered, once.
                await asyncio.shield(handed)

    count = max(1, min(options.host_concurrency, len(hosts)))

    async def stages() -> None:
        workers = [asyncio.ensure_future(worker()) for _ in range(count)]
        try:
            if isinstance(sweep, ChildSweep):
                await sweep.run(swept)
            else:
                await sweep.run(hosts, swept)
            for _ in workers:
                live.put_nowait(None)
            await asyncio.gather(*workers)
        finally:
            for w in workers:
                w.cancel()
            await asyncio.gather(*workers, return_exceptions=True)

    everything = asyncio.ensure_future(stages())
    try:
        stopped = await _until_stopped(everything, spent, stop, options.run_timeout)
    finally:
        if delivery is not None:
            await delivery.close()  # every finished host handed over before the run returns
    reports = kept + [r for r in in_probe.values() if not r.complete]
    reports.sort(key=lambda r: order.get(r.ip, 0))
    summary = sweep.summary if isinstance(sweep, ChildSweep) else sweep.summary()
    notes = sweep_notes(summary, hosts, discovery) if summary is not None else ()
    return ScanRun(reports, stopped, counts["finished"], summary.stats if summary else None, notes)


async def _until_stopped(
    everything: asyncio.Future[None], spent: asyncio.Event, stop: asyncio.Event | None, run_timeout: float | None
) -> StopReason | None:
    """Wait for the run's stages to end, or for a reason to stop them early (then cancel them); say which."""
    # A second Ctrl-C abandons the run mid-way (KeyboardInterrupt out of the loop): the cancelled task is
    # then never awaited, and asyncio would print "exception was never retrieved" with a traceback.
    everything.add_done_callback(lambda f: f.cancelled() or f.exception())
    events = [spent] if stop is None else [spent, stop]
    waiters: set[asyncio.Future[object]] = {everything, *(asyncio.ensure_future(e.wait()) for e in events)}  # type: ignore[arg-type]
    await asyncio.wait(waiters, timeout=run_timeout, return_when=asyncio.FIRST_COMPLETED)
    stopped: StopReason | None = "probe-budget" if spent.is_set() else None
    if not everything.done():
        if stopped is None:
            stopped = "interrupted" if stop is not None and stop.is_set() else "run-timeout"
        everything.cancel()
        await asyncio.gather(everything, return_exceptions=True)
    for waiter in waiters - {everything}:
        waiter.cancel()
    if stopped is None:
        everything.result()  # re-raise a bug in the engine itself rather than hide it
    return stopped


def sweep_notes(sweep: SweepSummary, hosts: Sequence[str], discovery: bool = False) -> tuple[str, ...]:
    """What the sweep did and assumed, in words for the result's ``scope.notes``."""
    stats = sweep.stats
    rate = stats.attempts / stats.seconds if stats.seconds > 0 else 0.0
    where = " in a process of its own" if sweep.own_process else ""
    notes = [
        f"sweep: TCP connect{where}, {stats.attempts} attempts to {stats.hosts} addresses in {stats.seconds:.1f} s "
        f"({rate:.0f}/s); {stats.open} open, {stats.refused} refused, {stats.timeouts} unanswered, "
        f"{stats.unreachable} unreachable; "
        + ("TCP probes to hosts with an open port, UDP discovery probes to every host that answered" if discovery
           else "probes only to hosts with an open TCP port (SADP, DHIP and XMEye included; WS-Discovery and "
           "SSDP only in scopes below 1,024 addresses)"),
        f"connect timeout: {stats.timeout * 1000:.0f} ms at the end, adapted from {stats.rtt_samples} measured "
        f"round trips (smoothed {stats.srtt * 1000:.1f} ms; floor {sweep.floor * 1000:.0f} ms, ceiling "
        f"{sweep.ceiling * 1000:.0f} ms); one retry of an unanswered port on a host that answers elsewhere",
        f"dark addresses: a host silent on its first {len(sweep.probation_ports)} ports "
        f"({', '.join(map(str, sweep.probation_ports))}) or unreachable is taken as absent and not "
        f"tried further: {stats.hosts_abandoned} of {stats.hosts}",
    ]
    hints = sweep.hints
    local = sum(1 for ip in hosts if hints.on_local_segment(ip))
    if local:
        known = sum(1 for ip in hosts if ip in hints.present)
        notes.append(
            f"neighbour table: {local} target(s) on local segments, {known} known present (never abandoned; "
            f"{stats.hosts_kept_by_neighbour_table} of them silent and tried on every port)"
        )
    return tuple(notes)
