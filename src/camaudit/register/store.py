"""Writing scans to the register, each host whole in a committed transaction.

A scan row starts ``running`` and becomes ``complete`` only in :func:`finish_scan`. A host is committed
whole (:func:`record_host`, or :func:`record_hosts` for several in one transaction): its device (merged
across scans), address, identity, findings, observations and errors, plus a ``scan_hosts`` row that says
"done". A process killed at any point therefore leaves every host it had committed, nothing half-written,
and a scan that ``scan --resume`` can continue by skipping the hosts already done. A scan's recorder
(:class:`ScanRecorder`) commits each device at once and the silent hosts in batches: a campus scan settles
tens of thousands of silent addresses, and a transaction each would cost more than sweeping them.

Recording a host is idempotent (a host already recorded for the scan is left alone), so retrying after a
constraint conflict with another writer, or resuming, never duplicates anything.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from camaudit import __version__
from camaudit.clock import utc_now
from camaudit.macaddress import normalise_mac
from camaudit.model import Device, Observation, ScanError, ScanResult, Scope, to_jsonable
from camaudit.register.db import Register
from camaudit.register.merge import DeviceKeys, merge_device
from camaudit.register.models import (
    SCAN_COMPLETE,
    SCAN_RUNNING,
    FindingRow,
    IdentityRow,
    ObservationRow,
    ScanErrorRow,
    ScanHost,
    ScanRow,
)
from camaudit.register.query import load_result

#: Observations kept per host; a hostile device must not be able to fill the register.
MAX_OBSERVATIONS_PER_HOST = 256
#: Errors kept per host, for the same reason.
MAX_ERRORS_PER_HOST = 64
#: Attempts at one host's transaction when another writer wins a race for the same device.
_ATTEMPTS = 8
#: PostgreSQL's "serialization failure" and "deadlock detected": safe to retry from the start.
_RETRY_SQLSTATES = frozenset({"40001", "40P01"})


def json_safe(value: Any) -> Any:
    """``to_jsonable`` plus sets as sorted lists: anything a finding or option holds fits a JSON column."""
    value = to_jsonable(value)
    if isinstance(value, set | frozenset):
        return sorted((json_safe(v) for v in value), key=repr)
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_safe(v) for v in value]
    return value


class FinishedHost(Protocol):
    """What the scan engine knows about one finished host (``HostReport`` fits)."""

    @property
    def ip(self) -> str: ...

    @property
    def observations(self) -> Sequence[Observation]: ...

    @property
    def errors(self) -> Sequence[ScanError]: ...


def begin_scan(
    register: Register,
    scope: Scope,
    *,
    started: str | None = None,
    options: Mapping[str, Any] | None = None,
    site: str | None = None,
    tool_version: str = __version__,
) -> int:
    """Record a new ``running`` scan and return its id (committed at once, so a kill leaves it resumable)."""
    with register.transaction() as session:
        row = ScanRow(
            status=SCAN_RUNNING,
            started=started or utc_now(),
            finished=None,
            site=site,
            tool_version=tool_version,
            scope=json_safe(scope),
            options=json_safe(dict(options or {})),
        )
        session.add(row)
        session.flush()
        return row.id


def record_host(
    register: Register,
    scan_id: int,
    ip: str,
    device: Device | None,
    *,
    observations: Sequence[Observation] = (),
    errors: Sequence[ScanError] = (),
    finished: str | None = None,
) -> int | None:
    """Commit one finished host of a scan; return the register device id (``None`` if nothing answered)."""
    (device_id,) = record_hosts(
        register, scan_id, [HostRecord(ip, device, tuple(observations), tuple(errors), finished or utc_now())]
    )
    return device_id


@dataclass(frozen=True, slots=True)
class HostRecord:
    """One finished host, ready to be committed."""

    ip: str
    device: Device | None
    observations: Sequence[Observation]
    errors: Sequence[ScanError]
    finished: str


def record_hosts(register: Register, scan_id: int, hosts: Sequence[HostRecord]) -> list[int | None]:
    """Commit finished hosts of a scan in one transaction (all or none); return their register device ids.

    A conflict with another writer (the same device created first, a PostgreSQL serialisation failure)
    retries the whole transaction: hosts already recorded are left alone, so nothing is written twice.
    """
    # One order for every writer: PostgreSQL's per-address locks are then always taken in the same order.
    ordered = sorted(range(len(hosts)), key=lambda i: hosts[i].ip)
    for attempt in range(_ATTEMPTS):
        try:
            ids: list[int | None] = [None] * len(hosts)
            with register.transaction() as session:
                for i in ordered:
                    h = hosts[i]
                    ids[i] = _record_host(session, scan_id, h.ip, h.device, h.observations, h.errors, h.finished)
            return ids
        except IntegrityError:
            # Another writer created the same device (or host) first; the next attempt finds its row.
            if attempt == _ATTEMPTS - 1:
                raise
        except DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) not in _RETRY_SQLSTATES or attempt == _ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _record_host(
    session: Session,
    scan_id: int,
    ip: str,
    device: Device | None,
    observations: Sequence[Observation],
    errors: Sequence[ScanError],
    when: str,
) -> int | None:
    if session.get_bind().dialect.name == "postgresql":
        # Serialise writers that saw the same address, so the address fallback of the merge rules decides
        # the same way whichever site commits first. (SQLite writers are already serialised.)
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"camaudit-ip:{ip}"})
    done = session.get(ScanHost, (scan_id, ip))
    if done is not None:
        return done.device_id
    device_id = None
    if device is not None:
        device_id = _record_device(session, scan_id, device, observations, when)
    session.add(ScanHost(scan_id=scan_id, ip=ip, responded=device is not None, device_id=device_id, finished=when))
    _add_errors(session, scan_id, errors[:MAX_ERRORS_PER_HOST])
    return device_id


def _record_device(
    session: Session, scan_id: int, device: Device, observations: Sequence[Observation], when: str
) -> int:
    keys = DeviceKeys.of(device)
    seen_at = min((o.seen_at for o in observations), default=when)
    row = merge_device(session, keys, device.identity, seen_at)
    identity = session.scalar(
        select(IdentityRow).where(IdentityRow.scan_id == scan_id, IdentityRow.device_id == row.id)
    )
    if identity is not None:
        # The same device answered at a second address in this scan: one identity, both addresses.
        known = {a["ip"] for a in identity.addresses}
        extra = [json_safe(a) for a in device.addresses if a.ip not in known]
        identity.addresses = [*identity.addresses, *extra]
    else:
        identity = _identity_row(scan_id, row.id, device, keys)
        session.add(identity)
        session.flush()
        for position, finding in enumerate(device.findings):
            session.add(
                FindingRow(
                    identity_id=identity.id,
                    position=position,
                    kind=finding.kind,
                    severity=finding.severity,
                    title=finding.title,
                    explanation=finding.explanation,
                    remediation=finding.remediation,
                    references=json_safe(finding.references),
                    regime=finding.regime,
                    cve=finding.cve,
                    chain=finding.chain,
                    details=json_safe(finding.details),
                )
            )
    for obs in observations[:MAX_OBSERVATIONS_PER_HOST]:
        session.add(
            ObservationRow(
                identity_id=identity.id,
                ip=obs.ip,
                port=obs.port,
                transport=obs.transport,
                protocol=obs.protocol,
                source=obs.source,
                seen_at=obs.seen_at,
                fields=dict(obs.fields),
                raw=obs.raw,
            )
        )
    return row.id


def _identity_row(scan_id: int, device_id: int, device: Device, keys: DeviceKeys) -> IdentityRow:
    ident = device.identity
    return IdentityRow(
        scan_id=scan_id,
        device_id=device_id,
        result_id=device.id,
        ip=keys.ip,
        mac=keys.mac,
        device_type=ident.device_type.value if ident.device_type is not None else None,
        brand=ident.brand,
        manufacturer=ident.manufacturer,
        model=ident.model,
        firmware=ident.firmware,
        serial=ident.serial,
        confidence=ident.confidence,
        addresses=[{"ip": a.ip, "mac": normalise_mac(a.mac) or a.mac} for a in device.addresses],
        services=json_safe(device.services),
        evidence=json_safe(ident.evidence),
        conflicts=json_safe(ident.conflicts),
        attribution=list(ident.attribution),
        facts=json_safe(device.facts),
    )


def _add_errors(session: Session, scan_id: int, errors: Sequence[ScanError]) -> None:
    for error in errors:
        session.add(
            ScanErrorRow(
                scan_id=scan_id,
                target=error.target,
                kind=error.kind,
                message=error.message,
                port=error.port,
                probe=error.probe,
            )
        )


def finish_scan(
    register: Register, scan_id: int, *, finished: str | None = None, errors: Sequence[ScanError] = ()
) -> None:
    """Mark a scan ``complete`` (with any errors not tied to a recorded host)."""
    with register.transaction() as session:
        _add_errors(session, scan_id, errors)
        session.execute(
            update(ScanRow)
            .where(ScanRow.id == scan_id)
            .values(status=SCAN_COMPLETE, finished=finished or utc_now())
        )


def store_result(register: Register, result: ScanResult, *, site: str | None = None) -> int:
    """Record a whole :class:`ScanResult` (from a result file or a test) as one complete scan."""
    scan_id = begin_scan(
        register, result.scope, started=result.started, site=site, tool_version=result.tool.version
    )
    for device in result.devices:
        record_host(register, scan_id, device.addresses[0].ip, device, finished=result.finished)
    finish_scan(register, scan_id, finished=result.finished, errors=result.errors)
    return scan_id


#: Hosts a recorder commits in one transaction at most, and the longest a finished host waits (seconds).
BATCH_HOSTS, BATCH_SECONDS = 256, 0.5


class ScanRecorder:
    """The ``on_host`` hook of :func:`camaudit.audit.run_audit`: commits finished hosts in batches.

    Silent hosts (no device) wait in a batch; a host with a device is committed at once, together with the
    batch. A batch is also committed when it holds ``max_hosts`` hosts or its first host has waited
    ``max_wait`` seconds (checked as each host finishes), and by :meth:`flush` and :meth:`finish`. A kill
    loses at most silent hosts not yet committed; ``scan --resume`` scans them again.
    """

    def __init__(
        self, register: Register, scan_id: int, *, max_hosts: int = BATCH_HOSTS, max_wait: float = BATCH_SECONDS
    ) -> None:
        self.register = register
        self.scan_id = scan_id
        self.max_hosts, self.max_wait = max_hosts, max_wait
        self._batch: list[HostRecord] = []
        self._since = 0.0

    def __call__(self, report: FinishedHost, device: Device | None) -> None:
        now = time.monotonic()
        if not self._batch:
            self._since = now
        self._batch.append(
            HostRecord(report.ip, device, tuple(report.observations), tuple(report.errors), utc_now())
        )
        # A device is committed at once (with the silent hosts before it): it is what a kill must not lose.
        if device is not None or len(self._batch) >= self.max_hosts or now - self._since >= self.max_wait:
            self.flush()

    def flush(self) -> None:
        """Commit the hosts waiting in the batch."""
        batch, self._batch = self._batch, []
        if batch:
            record_hosts(self.register, self.scan_id, batch)

    def finish(self) -> ScanResult:
        """Mark the scan complete and return everything it recorded (resumed parts included)."""
        self.flush()
        finish_scan(self.register, self.scan_id)
        return load_result(self.register, self.scan_id)
