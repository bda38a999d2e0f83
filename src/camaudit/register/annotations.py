"""The user's notes on a device: site, location, purpose, DPIA status, and whether it faces a sensitive
place. Notes belong to the register device, so they survive address changes and later scans."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from camaudit.clock import utc_now
from camaudit.register.db import Register
from camaudit.register.models import DPIA_VALUES, AnnotationRow, DeviceRow
from camaudit.register.query import lookup_device


class AnnotationError(Exception):
    """The device is unknown or a value is invalid; the message is one line."""


@dataclass(frozen=True, slots=True)
class Notes:
    """Fields to set; ``None`` leaves a field as it is."""

    site: str | None = None
    location: str | None = None
    purpose: str | None = None
    dpia: str | None = None
    sensitive_place: bool | None = None


def apply_notes(session: Session, device: DeviceRow, notes: Notes, *, only_missing: bool = False) -> None:
    """Set ``notes`` on ``device`` (with ``only_missing``, never overwrite what the user already set)."""
    if notes.dpia is not None and notes.dpia not in DPIA_VALUES:
        raise AnnotationError(f"--dpia must be one of {', '.join(DPIA_VALUES)}, not {notes.dpia!r}")
    row = session.get(AnnotationRow, device.id)
    if row is None:
        row = AnnotationRow(device_id=device.id, updated=utc_now())
        session.add(row)
    for name in ("site", "location", "purpose", "dpia", "sensitive_place"):
        value = getattr(notes, name)
        if value is None or (only_missing and getattr(row, name) is not None):
            continue
        setattr(row, name, value)
    row.updated = utc_now()


@dataclass(frozen=True, slots=True)
class Annotated:
    """The device an annotation went to, as the user knows it."""

    id: int
    ip: str
    mac: str | None
    manufacturer: str | None
    model: str | None


def annotate(register: Register, ref: str, notes: Notes) -> Annotated:
    """Annotate the device named by ``ref`` (register id, ``dev-…`` id, IP or MAC); say which it was."""
    with register.transaction() as session:
        device = lookup_device(session, ref)
        if device is None:
            raise AnnotationError(f"no device {ref!r} in the register (give a device id, IP or MAC)")
        apply_notes(session, device, notes)
        return Annotated(device.id, device.last_ip, device.mac, device.manufacturer, device.model)


def notes_for(register: Register, ip: str, mac: str | None) -> dict[str, str] | None:
    """The user's notes on the device seen at ``ip`` (found by MAC first), as assess reads them."""
    with register.transaction() as session:
        device = (lookup_device(session, mac) if mac else None) or lookup_device(session, ip)
        row = session.get(AnnotationRow, device.id) if device is not None else None
        if row is None:
            return None
        notes = {name: value for name in ("site", "location", "purpose", "dpia") if (value := getattr(row, name))}
        if row.sensitive_place is not None:
            notes["sensitive_place"] = "yes" if row.sensitive_place else "no"
        return notes or None
