"""Which register device a scanned device is: match by MAC, then manufacturer + serial, then address.

The rules, strongest first:

1. the same MAC is the same device, whatever its address now (DHCP moves cameras around);
2. the same manufacturer and serial number is the same device (a MAC can be hidden behind a router);
3. otherwise the device most recently seen at the same IP address is taken to be the same one, unless
   its own MAC or serial says it is a different device (then this is a new device).

Keys a device gains later are filled in (a camera first seen without a MAC gets one). Each key is a
unique column, so two writers that both decide "new device" cannot both insert it: the second fails
on the constraint and the caller retries, finding the first's row (see ``store.record_host``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from camaudit.macaddress import normalise_mac
from camaudit.model import Device, Identity
from camaudit.register.models import AddressRow, DeviceRow


@dataclass(frozen=True, slots=True)
class DeviceKeys:
    """What a device can be recognised by."""

    ip: str
    mac: str | None = None
    manufacturer: str | None = None
    serial: str | None = None

    @property
    def serial_key(self) -> str | None:
        """``manufacturer:serial`` — serials are unique only within one manufacturer."""
        if self.serial and self.manufacturer:
            return f"{self.manufacturer}:{self.serial}"
        return None

    @classmethod
    def of(cls, device: Device) -> DeviceKeys:
        """The keys of a scanned device (its first address is where it was reached)."""
        address = device.addresses[0]
        mac = next((normalise_mac(a.mac) for a in device.addresses if normalise_mac(a.mac)), None)
        return cls(address.ip, mac, device.identity.manufacturer, device.identity.serial)


def find_device(session: Session, keys: DeviceKeys) -> DeviceRow | None:
    """The register device these keys belong to, by the rules above, or ``None`` for a new device."""
    if keys.mac:
        row = session.scalar(select(DeviceRow).where(DeviceRow.mac == keys.mac))
        if row is not None:
            return row
    serial_key = keys.serial_key
    if serial_key:
        row = session.scalar(select(DeviceRow).where(DeviceRow.serial_key == serial_key))
        if row is not None:
            return row
    # Only the latest device at this address is a candidate: an older one has since been replaced there.
    latest = session.scalar(
        select(DeviceRow)
        .join(AddressRow)
        .where(AddressRow.ip == keys.ip)
        .order_by(AddressRow.last_seen.desc(), DeviceRow.id.desc())
        .limit(1)
    )
    if latest is None:
        return None
    if keys.mac and latest.mac and latest.mac != keys.mac:
        return None
    if serial_key and latest.serial_key and latest.serial_key != serial_key:
        return None
    return latest


def merge_device(session: Session, keys: DeviceKeys, identity: Identity, seen_at: str) -> DeviceRow:
    """Find or create the register device for a sighting and bring it up to date (flushes)."""
    row = find_device(session, keys)
    if row is None:
        row = DeviceRow(
            mac=keys.mac,
            serial_key=keys.serial_key,
            # An address is a key only for a device known by nothing better (see module docstring).
            ip_key=keys.ip if not keys.mac and not keys.serial_key else None,
            first_seen=seen_at,
            last_seen=seen_at,
            last_ip=keys.ip,
        )
        session.add(row)
        _set_identity(row, identity)
    else:
        if keys.mac and not row.mac:
            row.mac = keys.mac
        if keys.serial_key and not row.serial_key:
            row.serial_key = keys.serial_key
        row.first_seen = min(row.first_seen, seen_at)
        # Writers from several sites may arrive out of order: only a newer sighting updates the summary.
        if seen_at >= row.last_seen:
            row.last_seen = seen_at
            row.last_ip = keys.ip
            _set_identity(row, identity)
    session.flush()
    _touch_address(session, row, keys, seen_at)
    return row


def _set_identity(row: DeviceRow, identity: Identity) -> None:
    row.device_type = identity.device_type
    row.brand = identity.brand
    row.manufacturer = identity.manufacturer
    row.model = identity.model
    row.firmware = identity.firmware
    row.serial = identity.serial


def _touch_address(session: Session, row: DeviceRow, keys: DeviceKeys, seen_at: str) -> None:
    address = session.scalar(
        select(AddressRow).where(AddressRow.device_id == row.id, AddressRow.ip == keys.ip)
    )
    if address is None:
        session.add(
            AddressRow(device_id=row.id, ip=keys.ip, mac=keys.mac, first_seen=seen_at, last_seen=seen_at)
        )
    else:
        address.first_seen = min(address.first_seen, seen_at)
        if seen_at >= address.last_seen:
            address.last_seen = seen_at
            address.mac = keys.mac or address.mac
    session.flush()
