"""What changed between two scans: devices that appeared, devices that went, and devices whose identity
(device type, brand, manufacturer, model) or firmware changed.

Devices are compared as the register merged them (by MAC, serial, then address), so a camera that moved
to a new address is the same camera, not one gone and one new. The JSON form is stable: fixed key
order, entries sorted by address then device id, so two runs over the same register print the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from camaudit.register.db import Register
from camaudit.register.models import IdentityRow, ScanRow
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

    @property
    def empty(self) -> bool:
        return not (self.new or self.gone or self.changed)

    def to_json(self) -> dict[str, Any]:
        """The stable JSON form ``camaudit diff --json`` writes."""
        return {
            "from_scan": self.before,
            "to_scan": self.after,
            "scopes_differ": self.scopes_differ,
            "new": [d.to_json() for d in self.new],
            "gone": [d.to_json() for d in self.gone],
            "changed": [c.to_json() for c in self.changed],
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
    return result
