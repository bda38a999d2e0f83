"""Merge rules: MAC beats address, then manufacturer + serial, then the address as a last resort."""

from __future__ import annotations

from sqlalchemy import func, select
from synthetic import device, result

from camaudit.model import Device
from camaudit.register.db import Register
from camaudit.register.models import AddressRow, DeviceRow
from camaudit.register.query import load_result
from camaudit.register.store import store_result


def _devices(register: Register) -> list[DeviceRow]:
    with register.session() as session:
        return list(session.scalars(select(DeviceRow).order_by(DeviceRow.id)))


def _scan(register: Register, *devices: Device, day: int) -> int:
    return store_result(register, result(*devices, started=f"2026-05-{day:02d}T10:00:00Z"))


def test_same_mac_at_a_new_address_is_the_same_device(register: Register) -> None:
    _scan(register, device("10.0.0.5", mac="c4:2f:90:1a:2b:3c"), day=1)
    _scan(register, device("10.0.0.9", mac="C4-2F-90-1A-2B-3C", firmware="V5.8.0"), day=2)
    (only,) = _devices(register)
    assert only.mac == "c4:2f:90:1a:2b:3c"
    assert only.last_ip == "10.0.0.9" and only.firmware == "V5.8.0"
    assert only.first_seen < only.last_seen
    with register.session() as session:
        ips = sorted(session.scalars(select(AddressRow.ip).where(AddressRow.device_id == only.id)))
    assert ips == ["10.0.0.5", "10.0.0.9"]


def test_mac_beats_address_a_different_mac_at_the_same_address_is_a_new_device(register: Register) -> None:
    _scan(register, device("10.0.0.5", mac="c4:2f:90:00:00:01"), day=1)
    _scan(register, device("10.0.0.5", mac="c4:2f:90:00:00:02"), day=2)
    assert [d.mac for d in _devices(register)] == ["c4:2f:90:00:00:01", "c4:2f:90:00:00:02"]


def test_manufacturer_and_serial_match_without_a_mac(register: Register) -> None:
    _scan(register, device("10.0.0.5", serial="DS-123"), day=1)
    _scan(register, device("10.0.1.7", serial="DS-123"), day=2)
    (only,) = _devices(register)
    assert only.serial_key == "hikvision:DS-123" and only.last_ip == "10.0.1.7"


def test_the_same_serial_from_another_manufacturer_is_another_device(register: Register) -> None:
    _scan(register, device("10.0.0.5", serial="123"), day=1)
    _scan(register, device("10.0.0.6", serial="123", manufacturer="dahua"), day=2)
    assert len(_devices(register)) == 2


def test_address_is_the_fallback_and_a_later_mac_is_added(register: Register) -> None:
    _scan(register, device("10.0.0.5", manufacturer=None, model=None, restricted=False), day=1)
    _scan(register, device("10.0.0.5", manufacturer=None, model=None, restricted=False), day=2)
    assert len(_devices(register)) == 1
    _scan(register, device("10.0.0.5", mac="c4:2f:90:1a:2b:3c"), day=3)
    (only,) = _devices(register)
    assert only.mac == "c4:2f:90:1a:2b:3c" and only.manufacturer == "hikvision"


def test_address_fallback_does_not_override_a_conflicting_serial(register: Register) -> None:
    _scan(register, device("10.0.0.5", serial="A1"), day=1)
    _scan(register, device("10.0.0.5", serial="B2"), day=2)
    assert len(_devices(register)) == 2


def test_only_the_latest_device_at_an_address_is_a_candidate(register: Register) -> None:
    _scan(register, device("10.0.0.5", manufacturer=None, restricted=False), day=1)  # anonymous
    _scan(register, device("10.0.0.5", mac="c4:2f:90:00:00:01"), day=2)  # merges (gains a MAC)
    _scan(register, device("10.0.0.5", mac="c4:2f:90:00:00:02"), day=3)  # a different camera
    _scan(register, device("10.0.0.5", manufacturer=None, restricted=False), day=4)  # anonymous again
    devices = _devices(register)
    assert len(devices) == 2
    with register.session() as session:
        latest = session.scalar(
            select(AddressRow.device_id).where(AddressRow.ip == "10.0.0.5").order_by(AddressRow.last_seen.desc())
        )
    assert latest == devices[1].id, "the anonymous sighting belongs to the camera seen there last"


def test_an_older_sighting_does_not_overwrite_the_newest_identity(register: Register) -> None:
    _scan(register, device("10.0.0.5", mac="c4:2f:90:1a:2b:3c", firmware="new"), day=5)
    _scan(register, device("10.0.0.9", mac="c4:2f:90:1a:2b:3c", firmware="old"), day=1)
    (only,) = _devices(register)
    assert (only.firmware, only.last_ip) == ("new", "10.0.0.5")
    assert only.first_seen.startswith("2026-05-01")


def test_one_device_at_two_addresses_in_one_scan_is_one_identity(register: Register) -> None:
    scan_id = _scan(
        register, device("10.0.0.5", mac="c4:2f:90:1a:2b:3c"), device("10.0.0.6", mac="c4:2f:90:1a:2b:3c"), day=1
    )
    loaded = load_result(register, scan_id)
    assert len(loaded.devices) == 1
    assert [a.ip for a in loaded.devices[0].addresses] == ["10.0.0.5", "10.0.0.6"]
    with register.session() as session:
        assert session.scalar(select(func.count()).select_from(DeviceRow)) == 1
