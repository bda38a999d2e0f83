"""Progress over time, per site: restricted devices at each scan, and devices added, removed and re-flashed.

Removing restricted cameras takes years; the report must show whether it is happening. Every scan up to the
reported one is counted under the *report's* policy (re-assessed from the recorded maker, brand and evidence:
a maker the device named, or a date of manufacture, decides as it did in the scan), so a change of policy never
looks like progress. A device only possibly restricted (``restricted-possible``) is not counted. A device belongs
to the site the owner noted for it (``annotate --site``), else to the site its scan was recorded for. A site's
points are the scans that saw any of its devices.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from camaudit.assess.policy import Policy
from camaudit.assess.restriction_status import restriction_status
from camaudit.model import DeviceType, Evidence, Identity
from camaudit.register.db import Register
from camaudit.register.models import SCAN_COMPLETE, AnnotationRow, IdentityRow, ScanRow
from camaudit.report.records import NO_SITE


@dataclass(frozen=True, slots=True)
class ScanPoint:
    """One site as one scan saw it."""

    scan_id: int
    date: str
    devices: int
    restricted: int
    #: ``None`` at a site's first scan: there is nothing to compare with.
    added: int | None
    removed: int | None
    reflashed: int | None


@dataclass(frozen=True, slots=True)
class SiteProgress:
    site: str
    points: tuple[ScanPoint, ...]

    @property
    def change(self) -> int | None:
        """Restricted devices now minus at the first scan (negative is progress); ``None`` with one scan."""
        if len(self.points) < 2:
            return None
        return self.points[-1].restricted - self.points[0].restricted


def _is_restricted(
    device_type: str | None, manufacturer: str | None, brand: str | None, evidence: Sequence[dict[str, Any]],
    policy: Policy,
) -> bool:
    """Does a regime that binds (not ``info``) under ``policy`` surely cover the device as a scan recorded it?"""
    if not manufacturer:
        return False
    identity = Identity(
        device_type=DeviceType(device_type) if device_type else None, manufacturer=manufacturer, brand=brand,
        evidence=tuple(Evidence(**e) for e in evidence),
    )
    confirmed, _possible = restriction_status(identity, policy).regimes(binding=True)
    return bool(confirmed)


def site_progress(register: Register, policy: Policy, up_to_scan: int, site: str | None = None) -> list[SiteProgress]:
    """The trend of every site (or just ``site``) over the complete scans up to ``up_to_scan``, oldest first."""
    with register.session() as session:
        scans = session.execute(
            select(ScanRow.id, ScanRow.started, ScanRow.site)
            .where((ScanRow.status == SCAN_COMPLETE) | (ScanRow.id == up_to_scan), ScanRow.id <= up_to_scan)
            .order_by(ScanRow.id)
        ).all()
        noted = dict(session.execute(select(AnnotationRow.device_id, AnnotationRow.site)).tuples().all())
        rows = session.execute(
            select(
                IdentityRow.scan_id, IdentityRow.device_id, IdentityRow.manufacturer, IdentityRow.brand,
                IdentityRow.firmware, IdentityRow.device_type, IdentityRow.evidence,
            ).where(IdentityRow.scan_id.in_([s.id for s in scans]))
        ).all()
    scan_site = {s.id: s.site for s in scans}
    # site -> scan -> device -> (restricted, firmware)
    seen: dict[str, dict[int, dict[int, tuple[bool, str | None]]]] = defaultdict(lambda: defaultdict(dict))
    for scan_id, device_id, manufacturer, brand, firmware, device_type, evidence in rows:
        where = noted.get(device_id) or scan_site.get(scan_id) or NO_SITE
        restricted = _is_restricted(device_type, manufacturer, brand, evidence or (), policy)
        seen[where][scan_id][device_id] = (restricted, firmware)
    out: list[SiteProgress] = []
    for name in sorted(seen):
        if site is not None and name != site:
            continue
        points: list[ScanPoint] = []
        before: dict[int, tuple[bool, str | None]] | None = None
        for scan in scans:
            now = seen[name].get(scan.id)
            if now is None:
                continue
            added = removed = reflashed = None
            if before is not None:
                added = len(now.keys() - before.keys())
                removed = len(before.keys() - now.keys())
                reflashed = sum(1 for d in now.keys() & before.keys() if now[d][1] != before[d][1])
            points.append(
                ScanPoint(
                    scan_id=scan.id,
                    date=scan.started[:10],
                    devices=len(now),
                    restricted=sum(1 for r, _ in now.values() if r),
                    added=added,
                    removed=removed,
                    reflashed=reflashed,
                )
            )
            before = now
        out.append(SiteProgress(name, tuple(points)))
    return out
