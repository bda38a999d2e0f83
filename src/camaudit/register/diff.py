"""What changed between two scans: devices that appeared, devices that went, devices whose identity
(device type, brand, manufacturer, model) or firmware changed, and — for devices both scans saw — findings
that appeared, were resolved, or changed severity (a camera annotated as in a changing room gains a
privacy finding; a firmware update resolves a CVE).

Devices are compared as the register merged them (by MAC, serial, then address), so a camera that moved
to a new address is the same camera, not one gone and one new. A finding is the same finding in both
scans when its kind and subject agree (the CVE, the regime, the cloud ecosystem; see :func:`finding_key`).
Findings of new and gone devices are not repeated: the device line stands for them. The JSON form is
stable: fixed key order, entries sorted by address then device id (then finding key), so two runs over
the same register print the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from camaudit.register.db import Register
from camaudit.register.models import FindingRow, IdentityRow, ScanRow
from camaudit.register.query import ip_sort_key

#: The attributes whose change ``diff`` reports, in the order it reports them.
COMPARED = ("device_type", "brand", "manufacturer", "model", "firmware")


class DiffError(Exception):
    """The scans to compare do not exist or are not enough; the message is one line."""


@dataclass(frozen=True, slots=True)
class DeviceState:
    """A device as one scan saw it."""

    device: int
    ip: str
    mac: str | None
    identity: dict[str, str | None]

    def to_json(self) -> dict[str, Any]:
        """Plain JSON types, fixed key order."""
        return {"device": self.device, "ip": self.ip, "mac": self.mac, "identity": dict(self.identity)}


@dataclass(frozen=True, slots=True)
class Change:
    """A device both scans saw, with what differs (attribute -> (before, after))."""

    device: int
    ip: str
    mac: str | None
    changes: dict[str, tuple[str | None, str | None]]

    def to_json(self) -> dict[str, Any]:
        """Plain JSON types, fixed key order."""
        return {
            "device": self.device,
            "ip": self.ip,
            "mac": self.mac,
            "changes": {k: {"before": b, "after": a} for k, (b, a) in self.changes.items()},
        }


#: Kinds of which a device can have several, told apart by their subject (a CVE, a regime, a cloud ecosystem).
_WITH_SUBJECT = frozenset({"vulnerability", "restricted", "restricted-possible", "cloud-enabled"})


def finding_key(kind: str, subject: str | None) -> str:
    """What makes a finding the same finding in two scans: ``vulnerability:CVE-2021-36260``,
    ``restricted:us-ndaa-889``, ``privacy-sensitive-location``."""
    return f"{kind}:{subject}" if kind in _WITH_SUBJECT else kind


def _subject(kind: str, regime: str | None, cve: str | None, details: dict[str, Any] | None) -> str | None:
    if kind in ("restricted", "restricted-possible"):
        return regime
    if kind == "vulnerability":
        return cve
    return str((details or {}).get("ecosystem")) if kind == "cloud-enabled" else None


@dataclass(frozen=True, slots=True)
class FindingState:
    """A finding as one scan recorded it."""

    key: str
    kind: str
    severity: str
    title: str

    def to_json(self) -> dict[str, Any]:
        """Plain JSON types, fixed key order."""
        return {"key": self.key, "kind": self.kind, "severity": self.severity, "title": self.title}


@dataclass(frozen=True, slots=True)
class FindingChange:
    """A finding that appeared or was resolved on a device both scans saw, or whose severity changed."""

    device: int
    ip: str
    change: str  # "appeared", "resolved" or "severity"
    finding: FindingState
    #: For a severity change, the severity before (``finding`` holds the one after).
    before: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Plain JSON types, fixed key order."""
        out = {"device": self.device, "ip": self.ip, "change": self.change, **self.finding.to_json()}
        if self.change == "severity":
            out["severity_before"] = self.before
        return out


@dataclass(frozen=True, slots=True)
class ScanDiff:
    """The difference from scan ``before`` to scan ``after``."""

    before: int
    after: int
    #: The two scans covered different targets: a device outside the second scope shows as gone.
    scopes_differ: bool = False
    new: list[DeviceState] = field(default_factory=list)
    gone: list[DeviceState] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    findings: list[FindingChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.new or self.gone or self.changed or self.findings)

    def finding_count(self, change: str) -> int:
        """How many findings ``appeared``, were ``resolved``, or changed ``severity``."""
        return sum(1 for f in self.findings if f.change == change)

    def to_json(self) -> dict[str, Any]:
        """The stable JSON form ``camaudit diff --json`` writes."""
        return {
            "from_scan": self.before,
            "to_scan": self.after,
            "scopes_differ": self.scopes_differ,
            "new": [d.to_json() for d in self.new],
            "gone": [d.to_json() for d in self.gone],
            "changed": [c.to_json() for c in self.changed],
            "findings": {
                change: [f.to_json() for f in self.findings if f.change == change]
                for change in ("appeared", "resolved", "severity")
            },
        }


def _targets(register: Register, scan_id: int) -> list[str]:
    with register.session() as session:
        scan = session.get(ScanRow, scan_id)
        if scan is None:
            raise DiffError(f"no scan {scan_id} in the register")
        return sorted(scan.scope.get("targets", []))


def _states(register: Register, scan_id: int) -> dict[int, DeviceState]:
    with register.session() as session:
        rows = session.scalars(select(IdentityRow).where(IdentityRow.scan_id == scan_id)).all()
        return {
            r.device_id: DeviceState(r.device_id, r.ip, r.mac, {k: getattr(r, k) for k in COMPARED})
            for r in rows
        }


def _findings(register: Register, scan_id: int) -> dict[int, dict[str, FindingState]]:
    """Per device, the scan's findings by key (the first of a key wins; assess never repeats one)."""
    with register.session() as session:
        rows = session.execute(
            select(IdentityRow.device_id, FindingRow.kind, FindingRow.severity, FindingRow.title, FindingRow.regime,
                   FindingRow.cve, FindingRow.details)
            .join(FindingRow, FindingRow.identity_id == IdentityRow.id)
            .where(IdentityRow.scan_id == scan_id)
            .order_by(IdentityRow.device_id, FindingRow.position)
        ).all()
    out: dict[int, dict[str, FindingState]] = {}
    for device, kind, severity, title, regime, cve, details in rows:
        key = finding_key(kind, _subject(kind, regime, cve, details))
        out.setdefault(device, {}).setdefault(key, FindingState(key, kind, severity, title))
    return out


def _finding_changes(
    device: int, ip: str, before: dict[str, FindingState], after: dict[str, FindingState]
) -> list[FindingChange]:
    changes = [FindingChange(device, ip, "appeared", after[k]) for k in sorted(after.keys() - before.keys())]
    changes += [FindingChange(device, ip, "resolved", before[k]) for k in sorted(before.keys() - after.keys())]
    changes += [
        FindingChange(device, ip, "severity", after[k], before[k].severity)
        for k in sorted(before.keys() & after.keys())
        if before[k].severity != after[k].severity
    ]
    return changes


def _order(ip: str, device: int) -> tuple[tuple[int, int, str], int]:
    return (ip_sort_key(ip), device)


def diff_scans(register: Register, before: int, after: int) -> ScanDiff:
    """Compare two recorded scans (by id)."""
    differ = _targets(register, before) != _targets(register, after)
    old, new = _states(register, before), _states(register, after)
    result = ScanDiff(before, after, differ)
    result.new.extend(sorted((new[d] for d in new.keys() - old.keys()), key=lambda s: _order(s.ip, s.device)))
    result.gone.extend(sorted((old[d] for d in old.keys() - new.keys()), key=lambda s: _order(s.ip, s.device)))
    for device in sorted(old.keys() & new.keys(), key=lambda d: _order(new[d].ip, d)):
        a, b = old[device], new[device]
        changes = {k: (a.identity[k], b.identity[k]) for k in COMPARED if a.identity[k] != b.identity[k]}
        if changes:
            result.changed.append(Change(device, b.ip, b.mac, changes))
    old_findings, new_findings = _findings(register, before), _findings(register, after)
    for device in sorted(old.keys() & new.keys(), key=lambda d: _order(new[d].ip, d)):
        result.findings.extend(
            _finding_changes(device, new[device].ip, old_findings.get(device, {}), new_findings.get(device, {}))
        )
    return result
