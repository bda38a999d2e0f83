"""The scan pipeline end to end: scope → engine → identify → assess → :class:`ScanResult`.

The CLI, the demo and the tests all call :func:`run_audit`; nothing here knows about terminals.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import Counter
from collections.abc import Sequence

from camaudit import __version__
from camaudit.assess import assess
from camaudit.identify import identify
from camaudit.model import SCHEMA_VERSION, Address, Device, ScanResult, Scope, Tool
from camaudit.scan.engine import HostReport, ProgressFn, ScanOptions, run_scan
from camaudit.scan.probes.base import utc_now
from camaudit.targets import DEFAULT_MAX_HOSTS, ScopeGuard


def device_id(mac: str | None, manufacturer: str | None, serial: str | None, ip: str) -> str:
    """A stable id: the same device gets the same id across scans and address changes where it can."""
    if mac:
        key = f"mac:{mac}"
    elif serial and manufacturer:
        key = f"serial:{manufacturer}:{serial}"
    else:
        key = f"ip:{ip}"
    return "dev-" + hashlib.sha256(key.encode()).hexdigest()[:16]


def _mac(report: HostReport) -> str | None:
    votes = Counter(o.fields["mac"] for o in report.observations if o.fields.get("mac"))
    return votes.most_common(1)[0][0] if votes else None


def build_device(report: HostReport) -> Device | None:
    """A device from one host's observations, or ``None`` when nothing answered."""
    if not report.responded:
        return None
    identity = identify(report.observations)
    mac = _mac(report)
    return Device(
        id=device_id(mac, identity.manufacturer, identity.serial, report.ip),
        addresses=(Address(report.ip, mac),),
        services=tuple(sorted(report.services, key=lambda s: (s.transport, s.port))),
        identity=identity,
        findings=assess(identity),
    )


def run_audit(
    guard: ScopeGuard,
    options: ScanOptions,
    *,
    max_hosts: int = DEFAULT_MAX_HOSTS,
    progress: ProgressFn | None = None,
) -> ScanResult:
    """Scan everything in ``guard``'s scope and return the full result."""
    started = utc_now()
    hosts = guard.hosts(max_hosts)
    reports = asyncio.run(run_scan(guard, hosts, options, progress))
    return result_from_reports(guard, options.ports, reports, started)


def result_from_reports(
    guard: ScopeGuard, ports: Sequence[int], reports: Sequence[HostReport], started: str
) -> ScanResult:
    devices = tuple(d for d in (build_device(r) for r in reports) if d is not None)
    errors = tuple(e for r in reports for e in r.errors)
    return ScanResult(
        schema_version=SCHEMA_VERSION,
        tool=Tool("camaudit", __version__),
        started=started,
        finished=utc_now(),
        scope=Scope(
            targets=tuple(t.text for t in guard.targets),
            ports=tuple(ports),
            excluded=tuple(t.text for t in guard.excluded),
        ),
        devices=devices,
        errors=errors,
    )
