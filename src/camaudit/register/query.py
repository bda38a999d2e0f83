"""Reading the register: scans with their counts, devices with first and last sightings, a scan rebuilt as
the :class:`~camaudit.model.ScanResult` it recorded, and finding a device by id, address or MAC."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from pydantic import TypeAdapter
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from camaudit.macaddress import normalise_mac
from camaudit.model import (
    SCHEMA_VERSION,
    Address,
    Conflict,
    Device,
    DeviceFacts,
    DeviceType,
    Evidence,
    Finding,
    Identity,
    Reference,
    RunStatus,
    ScanError,
    ScanResult,
    Scope,
    Service,
    Severity,
    Tool,
    Transport,
)
from camaudit.register.db import Register
from camaudit.register.models import (
    SCAN_COMPLETE,
    SCAN_RUNNING,
    AddressRow,
    DeviceRow,
    FindingRow,
    IdentityRow,
    ScanErrorRow,
    ScanHost,
    ScanRow,
)


@dataclass(frozen=True, slots=True)
class ScanInfo:
    """A scan as ``history`` lists it."""

    id: int
    status: str
    started: str
    finished: str | None
    site: str | None
    scope: Scope
    options: Mapping[str, Any] = field(default_factory=dict)
    hosts: int = 0
    devices: int = 0
    findings: int = 0
    errors: int = 0


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    """A register device with its newest identity, where it has been seen, and the user's notes."""

    id: int
    mac: str | None
    last_ip: str
    addresses: tuple[str, ...]
    device_type: str | None
    brand: str | None
    manufacturer: str | None
    model: str | None
    firmware: str | None
    first_seen: str
    last_seen: str
    scans: int
    annotation: Mapping[str, Any] | None


def ip_sort_key(ip: str) -> tuple[int, int, str]:
    """Numeric address order (``10.0.0.9`` before ``10.0.0.10``); anything else sorts last."""
    try:
        parsed = ipaddress.ip_address(ip)
    except ValueError:
        return (9, 0, ip)
    return (parsed.version, int(parsed), ip)


def _scope(data: Mapping[str, Any]) -> Scope:
    return Scope(
        targets=tuple(data.get("targets", ())),
        ports=tuple(int(p) for p in data.get("ports", ())),
        excluded=tuple(data.get("excluded", ())),
    )


def _counts(session: Session, query: Select[int, int]) -> dict[int, int]:
    return {scan_id: count for scan_id, count in session.execute(query)}


def list_scans(register: Register, scan_id: int | None = None) -> list[ScanInfo]:
    """Every scan (or just ``scan_id``), oldest first, with host, device, finding and error counts."""
    with register.session() as session:
        query = select(ScanRow).order_by(ScanRow.id)
        if scan_id is not None:
            query = query.where(ScanRow.id == scan_id)
        rows = session.scalars(query).all()
        hosts = _counts(session, select(ScanHost.scan_id, func.count()).group_by(ScanHost.scan_id))
        devices = _counts(session, select(IdentityRow.scan_id, func.count()).group_by(IdentityRow.scan_id))
        findings = _counts(
            session,
            select(IdentityRow.scan_id, func.count()).join(FindingRow).group_by(IdentityRow.scan_id),
        )
        errors = _counts(session, select(ScanErrorRow.scan_id, func.count()).group_by(ScanErrorRow.scan_id))
        return [
            ScanInfo(
                id=row.id,
                status=row.status,
                started=row.started,
                finished=row.finished,
                site=row.site,
                scope=_scope(row.scope),
                options=dict(row.options),
                hosts=hosts.get(row.id, 0),
                devices=devices.get(row.id, 0),
                findings=findings.get(row.id, 0),
                errors=errors.get(row.id, 0),
            )
            for row in rows
        ]


def get_scan(register: Register, scan_id: int) -> ScanInfo | None:
    """One scan with its counts, or ``None``."""
    found = list_scans(register, scan_id)
    return found[0] if found else None


def latest_unfinished(register: Register) -> ScanInfo | None:
    """The newest scan still ``running`` (what ``scan --resume`` continues), or ``None``."""
    with register.session() as session:
        scan_id = session.scalar(
            select(ScanRow.id).where(ScanRow.status == SCAN_RUNNING).order_by(ScanRow.id.desc()).limit(1)
        )
    return None if scan_id is None else get_scan(register, scan_id)


def complete_scan_ids(register: Register) -> list[int]:
    """Ids of the complete scans, oldest first."""
    with register.session() as session:
        return list(
            session.scalars(select(ScanRow.id).where(ScanRow.status == SCAN_COMPLETE).order_by(ScanRow.id))
        )


def recorded_hosts(register: Register, scan_id: int) -> frozenset[str]:
    """The hosts a scan has already finished (answered or not)."""
    with register.session() as session:
        return frozenset(session.scalars(select(ScanHost.ip).where(ScanHost.scan_id == scan_id)))


#: Reads the facts JSON back into the model (nested dataclasses, literals checked).
_FACTS = TypeAdapter(DeviceFacts)


def _device(row: IdentityRow) -> Device:
    identity = Identity(
        device_type=DeviceType(row.device_type) if row.device_type else None,
        brand=row.brand,
        manufacturer=row.manufacturer,
        model=row.model,
        firmware=row.firmware,
        serial=row.serial,
        confidence=row.confidence,
        evidence=tuple(Evidence(**e) for e in row.evidence),
        conflicts=tuple(Conflict(**c) for c in row.conflicts),
        attribution=tuple(row.attribution),
    )
    findings = tuple(
        Finding(
            kind=f.kind,
            severity=cast(Severity, f.severity),
            title=f.title,
            explanation=f.explanation,
            remediation=f.remediation,
            references=tuple(Reference(**r) for r in f.references),
            regime=f.regime,
            cve=f.cve,
            chain=f.chain,
            details=f.details,
        )
        for f in row.findings
    )
    return Device(
        id=row.result_id,
        addresses=tuple(Address(a["ip"], a.get("mac")) for a in row.addresses),
        services=tuple(
            Service(int(s["port"]), cast(Transport, s["transport"]), s["protocol"]) for s in row.services
        ),
        identity=identity,
        findings=findings,
        facts=_FACTS.validate_python(row.facts) if row.facts else DeviceFacts(),
    )


def load_result(register: Register, scan_id: int) -> ScanResult:
    """The scan as the result JSON describes it, devices in address order (KeyError if no such scan).

    A scan not ``complete`` is partial: its ``status`` counts the hosts recorded; how many it had to cover
    (``hosts``) and why it stopped are not stored, so they read 0 and ``None``.
    """
    with register.session() as session:
        scan = session.get(ScanRow, scan_id)
        if scan is None:
            raise KeyError(scan_id)
        rows = session.scalars(
            select(IdentityRow).where(IdentityRow.scan_id == scan_id).options(selectinload(IdentityRow.findings))
        ).all()
        devices = sorted((_device(r) for r in rows), key=lambda d: (ip_sort_key(d.addresses[0].ip), d.id))
        recorded = int(session.scalar(select(func.count()).where(ScanHost.scan_id == scan_id)) or 0)
        error_rows = session.scalars(select(ScanErrorRow).where(ScanErrorRow.scan_id == scan_id)).all()
        errors = [
            (ip_sort_key(e.target), e.id, ScanError(e.target, e.kind, e.message, port=e.port, probe=e.probe))
            for e in error_rows
        ]
        return ScanResult(
            schema_version=SCHEMA_VERSION,
            tool=Tool("camaudit", scan.tool_version),
            started=scan.started,
            finished=scan.finished or "",
            scope=_scope(scan.scope),
            devices=tuple(devices),
            errors=tuple(e for _, _, e in sorted(errors, key=lambda t: (t[0], t[1]))),
            status=RunStatus(True, None, recorded, recorded)
            if scan.status == SCAN_COMPLETE
            else RunStatus(False, None, 0, recorded),
        )


def list_devices(register: Register) -> list[DeviceInfo]:
    """Every register device, most recently seen first."""
    with register.session() as session:
        scans = _counts(session, select(IdentityRow.device_id, func.count()).group_by(IdentityRow.device_id))
        rows = session.scalars(
            select(DeviceRow)
            .options(selectinload(DeviceRow.addresses), selectinload(DeviceRow.annotation))
            .order_by(DeviceRow.last_seen.desc(), DeviceRow.id)
        ).all()
        return [
            DeviceInfo(
                id=row.id,
                mac=row.mac,
                last_ip=row.last_ip,
                addresses=tuple(a.ip for a in row.addresses),
                device_type=DeviceType(row.device_type) if row.device_type else None,
                brand=row.brand,
                manufacturer=row.manufacturer,
                model=row.model,
                firmware=row.firmware,
                first_seen=row.first_seen,
                last_seen=row.last_seen,
                scans=scans.get(row.id, 0),
                annotation=None
                if row.annotation is None
                else {
                    "site": row.annotation.site,
                    "location": row.annotation.location,
                    "purpose": row.annotation.purpose,
                    "dpia": row.annotation.dpia,
                    "sensitive_place": row.annotation.sensitive_place,
                },
            )
            for row in rows
        ]


def lookup_device(session: Session, ref: str) -> DeviceRow | None:
    """The device named by a register id (``12``), a result id (``dev-…``), a MAC or an IP address."""
    ref = ref.strip()
    if ref.isdigit():
        return session.get(DeviceRow, int(ref))
    if ref.startswith("dev-"):
        device_id = session.scalar(
            select(IdentityRow.device_id).where(IdentityRow.result_id == ref).order_by(IdentityRow.id.desc())
        )
        return None if device_id is None else session.get(DeviceRow, device_id)
    try:
        ipaddress.ip_address(ref)
    except ValueError:
        mac = normalise_mac(ref)
        return None if mac is None else session.scalar(select(DeviceRow).where(DeviceRow.mac == mac))
    return session.scalar(
        select(DeviceRow)
        .join(AddressRow)
        .where(AddressRow.ip == ref)
        .order_by(AddressRow.last_seen.desc(), DeviceRow.id.desc())
        .limit(1)
    )
