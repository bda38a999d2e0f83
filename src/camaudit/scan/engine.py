"""The one place that owns scan I/O policy: concurrency, deadlines, bounded reads, failures as data.

Probes only say what to send and how to read the answer (``scan/probes``). The engine decides where
they run: it finds open ports, runs first-round probes by the service each port carries plus the UDP
probes once per host, asks the caller's maker hint (pure, no I/O; the audit passes identification's
answer, so the engine identifies nothing itself) whom the first round points at, and runs the second-round
probes meant for that maker. One bad device never stops the scan of the others: every
probe's failure becomes a :class:`ScanError`, and every host has a deadline after which what it had
answered so far is kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import resource
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass, field

from camaudit.model import Observation, ScanError, Service
from camaudit.scan.auth.credentials import CredentialStore
from camaudit.scan.net import Limits, ProbeContext, ProbeError, port_state
from camaudit.scan.options import ProbeSettings
from camaudit.scan.ports import service_for
from camaudit.scan.probes import PROBES, Endpoint, Probe
from camaudit.scan.rate import Pacer, TokenBucket
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


@dataclass(slots=True)
class HostReport:
    ip: str
    observations: list[Observation] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    #: False when the run was stopped (Ctrl-C, SIGTERM, run deadline) before this host finished.
    complete: bool = True

    @property
    def responded(self) -> bool:
        return bool(self.observations or self.services)


ProgressFn = Callable[[HostReport], None]


def _service_name(service: str) -> str:
    return "http" if service == "unknown" else service


async def _run_probe(
    ctx: ProbeContext, spec: Probe, ep: Endpoint, report: HostReport, sem: asyncio.Semaphore
) -> list[Observation]:
    async with sem:
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
    report.observations.extend(found)
    return found


#: Ports tried first to tell a dark address from a live host (cameras answer on at least one of them).
LIVENESS_PORTS = (80, 443, 554, 8000, 8080, 37777)


async def _open_ports(
    ctx: ProbeContext, ip: str, ports: Sequence[int], sem: asyncio.Semaphore, alive: Callable[[], Awaitable[bool]]
) -> list[int]:
    """Open ports of ``ip``.

    A host that answers none of a few common ports at all (no reply, not even a refusal) and none of the
    UDP discovery probes (``alive``) is taken as dark, and its other ports are not tried: on a LAN most
    addresses of a /20 are empty, and each would otherwise cost a timeout per port.
    """

    async def check(port: int) -> tuple[int, str]:
        async with sem:
            return port, await port_state(ctx, ip, port)

    sample = [p for p in LIVENESS_PORTS if p in ports][:4] or list(ports[:4])
    first = await asyncio.gather(*(check(p) for p in sample))
    if all(state == "filtered" for _, state in first) and not await alive():
        return []
    rest = await asyncio.gather(*(check(p) for p in ports if p not in sample))
    return sorted(p for p, state in (*first, *rest) if state == "open")


async def _scan_host_inner(
    ctx: ProbeContext, ip: str, options: ScanOptions, report: HostReport, maker_hint: MakerHint
) -> None:
    sem = asyncio.Semaphore(options.per_host_concurrency)
    udp = [spec for spec in PROBES if spec.udp_port is not None and spec.allowed(ctx)] if options.udp_probes else []
    udp_tasks = [
        asyncio.ensure_future(_run_probe(ctx, spec, Endpoint(ip, spec.udp_port or 0, "udp"), report, sem))
        for spec in udp
    ]
    async def answered_udp() -> bool:
        await asyncio.gather(*udp_tasks)
        return any(o.transport == "udp" for o in report.observations)

    open_ports = await _open_ports(ctx, ip, options.ports, sem, answered_udp)
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

    # In a worker thread: the hint identifies the device, and the first identification of a scan compiles
    # the rule databases (a second or two; Hyperscan releases the GIL), which must not stall the other
    # hosts' probes past their deadlines.
    makers = set(await asyncio.to_thread(maker_hint, list(report.observations)))
    second = [
        _run_probe(ctx, spec, ep, report, sem)
        for ep in endpoints
        for spec in PROBES
        if not spec.first_round and _service_name(ep.service) in spec.services
        and _second_round_wanted(ctx, spec, ep, makers, report)
    ]
    await asyncio.gather(*second)
    _label_services(report)


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


async def scan_host(
    ctx: ProbeContext, ip: str, options: ScanOptions, report: HostReport | None = None, *, maker_hint: MakerHint
) -> HostReport:
    """Scan one host within its deadline; a timeout keeps what was seen and records an error."""
    report = report if report is not None else HostReport(ip)
    try:
        await asyncio.wait_for(_scan_host_inner(ctx, ip, options, report, maker_hint), options.host_timeout)
    except TimeoutError:
        report.errors.append(
            ScanError(ip, "host-timeout", f"host did not finish within {options.host_timeout:g} s")
        )
        _label_services(report)
    return report


def fit_concurrency(options: ScanOptions) -> ScanOptions:
    """Raise the soft open-files limit to the hard one and keep host concurrency within it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
    per_host = options.per_host_concurrency + 4  # TCP probes plus the UDP probes and a spare
    fits = max(1, (soft - 64) // per_host)
    if options.host_concurrency <= fits:
        return options
    return dataclasses.replace(options, host_concurrency=fits)


@dataclass(slots=True)
class ScanRun:
    """What a run produced: one report per host started (in target order), and why it stopped early."""

    reports: list[HostReport]
    #: ``None`` when every host was scanned; else ``interrupted`` or ``run-timeout``.
    stopped: str | None = None


async def run_scan(
    guard: ScopeGuard,
    hosts: Sequence[str],
    options: ScanOptions,
    progress: ProgressFn | None = None,
    stop: asyncio.Event | None = None,
    *,
    maker_hint: MakerHint,
) -> ScanRun:
    """Scan every host (all must be in scope); ``maker_hint`` says whom a host's first round points at.

    A pool of ``host_concurrency`` workers takes hosts in order, so memory does not grow with the scope.
    Setting ``stop`` (Ctrl-C, SIGTERM) or reaching ``run_timeout`` ends the run early: hosts in flight
    keep what they had answered and are marked incomplete; hosts never started are left out, for
    ``--resume`` to find.
    """
    for ip in hosts:
        guard.check(ip)
    options = fit_concurrency(options)
    started: dict[str, HostReport] = {}
    run_bucket = TokenBucket(options.run_rate) if options.run_rate else None
    queue = iter(hosts)

    async def worker() -> None:
        for ip in queue:
            report = started[ip] = HostReport(ip)
            host_bucket = TokenBucket(options.host_rate) if options.host_rate else None
            pacer = Pacer(run_bucket, host_bucket)
            ctx = ProbeContext(guard, options.limits, pacer, options.credentials, options.probe_options)
            try:
                await scan_host(ctx, ip, options, report, maker_hint=maker_hint)
            except asyncio.CancelledError:
                report.complete = False
                _label_services(report)
                raise
            if progress is not None:
                with contextlib.suppress(Exception):
                    progress(report)

    count = max(1, min(options.host_concurrency, len(hosts)))
    workers = [asyncio.ensure_future(worker()) for _ in range(count)]
    everything: asyncio.Future[list[None]] = asyncio.gather(*workers)
    stop_wait = asyncio.ensure_future(stop.wait()) if stop is not None else None
    waiters: set[asyncio.Future[object]] = {everything}  # type: ignore[arg-type]
    if stop_wait is not None:
        waiters.add(stop_wait)  # type: ignore[arg-type]
    await asyncio.wait(waiters, timeout=options.run_timeout, return_when=asyncio.FIRST_COMPLETED)
    stopped: str | None = None
    if not everything.done():
        stopped = "interrupted" if stop is not None and stop.is_set() else "run-timeout"
        for w in workers:
            w.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
    if stop_wait is not None:
        stop_wait.cancel()
    if stopped is None:
        everything.result()  # re-raise a bug in the engine itself rather than hide it
    else:
        with contextlib.suppress(BaseException):
            everything.exception()  # retrieved, so asyncio does not warn about it
    return ScanRun([started[ip] for ip in hosts if ip in started], stopped)
