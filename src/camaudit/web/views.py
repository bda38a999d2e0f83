"""What the dashboard shows, read from the register: the same records the report uses, plus filters, one
device's history across scans, and the scans themselves. Pages and the JSON API both call these."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from camaudit.clock import utc_now
from camaudit.register.db import Register
from camaudit.register.models import IdentityRow, ScanRow
from camaudit.report.records import DeviceRecord, ReportData, load_report


def current(register: Register, scan: int | None = None, policy: str | None = None) -> ReportData:
    """The newest complete scan (or ``scan``) as the report reads it."""
    return load_report(register, scan_id=scan, policy=policy, generated=utc_now())


#: Values of the ``restriction`` filter: a regime surely covers the device; one only possibly does (its
#: brand has sold devices a restricted company made, and nothing settled who made it); neither.
RESTRICTIONS = {"restricted": "restricted", "possible": "possibly restricted (maker uncertain)", "neither": "neither"}


def restriction_of(d: DeviceRecord) -> str:
    """``restricted``, ``possible`` or ``neither`` (a device confirmed under any regime is ``restricted`` only)."""
    if d.restricted_under:
        return "restricted"
    return "possible" if d.possibly_restricted_under else "neither"


@dataclass(frozen=True, slots=True)
class DeviceFilter:
    """The devices page's filters; ``None`` means any. ``q`` searches address, MAC, model, firmware, notes."""

    site: str | None = None
    maker: str | None = None
    brand: str | None = None
    regime: str | None = None
    severity: str | None = None
    type: str | None = None
    q: str | None = None
    restriction: str | None = None

    def keep(self, d: DeviceRecord) -> bool:
        i = d.device.identity
        checks = (
            (self.site, d.site),
            (self.maker, i.manufacturer),
            (self.brand, i.brand),
            (self.severity, d.worst_severity),
            (self.type, i.device_type),
            (self.restriction, restriction_of(d)),
        )
        if any(want and want != have for want, have in checks):
            return False
        if self.regime and self.regime not in d.restricted_under:
            return False
        if self.q:
            needle = self.q.lower()
            hay = " ".join(str(v) for v in (d.ip, d.mac, i.model, i.firmware, i.serial, i.brand, i.manufacturer,
                                            d.site, d.location, d.purpose) if v).lower()
            return needle in hay
        return True


def filter_devices(data: ReportData, wanted: DeviceFilter) -> list[DeviceRecord]:
    return [d for d in data.devices if wanted.keep(d)]


def choices(data: ReportData) -> dict[str, list[str]]:
    """The values each filter can take in this scan (for the filter form)."""
    def values(get: Any) -> list[str]:
        return sorted({v for d in data.devices if (v := get(d))})

    return {
        "site": values(lambda d: d.site),
        "maker": values(lambda d: d.device.identity.manufacturer),
        "brand": values(lambda d: d.device.identity.brand),
        "regime": sorted({r for d in data.devices for r in d.restricted_under}),
        "severity": [s for s in ("critical", "high", "medium", "low", "info")
                     if any(d.worst_severity == s for d in data.devices)],
        "type": values(lambda d: d.device.identity.device_type),
        "restriction": [r for r in RESTRICTIONS if any(restriction_of(d) == r for d in data.devices)],
    }


def device_json(d: DeviceRecord) -> dict[str, Any]:
    """A device as the API lists it."""
    i = d.device.identity
    return {
        "id": d.register_id, "address": d.ip, "mac": d.mac, "site": d.site, "location": d.location,
        "type": i.device_type, "brand": i.brand, "manufacturer": i.manufacturer, "model": i.model,
        "firmware": i.firmware, "serial": i.serial, "restricted_under": list(d.restricted_under),
        "possibly_restricted_under": list(d.possibly_restricted_under), "restriction": restriction_of(d),
        "worst_severity": d.worst_severity, "first_seen": d.first_seen, "last_seen": d.last_seen,
    }


@dataclass(frozen=True, slots=True)
class Sighting:
    """One scan's view of a device, for its history."""

    scan_id: int
    started: str
    ip: str
    brand: str | None
    manufacturer: str | None
    model: str | None
    firmware: str | None
    findings: int
    restricted: bool


def history(register: Register, device_id: int) -> list[Sighting]:
    """Every scan that saw the device, oldest first (restricted as that scan recorded it)."""
    with register.session() as session:
        rows = session.execute(
            select(IdentityRow, ScanRow.started)
            .join(ScanRow, ScanRow.id == IdentityRow.scan_id)
            .where(IdentityRow.device_id == device_id)
            .order_by(IdentityRow.scan_id)
        ).all()
        return [
            Sighting(
                scan_id=row.scan_id, started=started, ip=row.ip, brand=row.brand, manufacturer=row.manufacturer,
                model=row.model, firmware=row.firmware, findings=len(row.findings),
                restricted=any(f.kind == "restricted" and f.severity != "info" for f in row.findings),
            )
            for row, started in rows
        ]


def find(data: ReportData, device_id: int) -> DeviceRecord | None:
    return next((d for d in data.devices if d.register_id == device_id), None)
