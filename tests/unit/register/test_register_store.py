"""Writing scans: round trip, per-host commits, idempotence, resume bookkeeping and bounds."""

from __future__ import annotations

import dataclasses
import time

from sqlalchemy import func, select
from synthetic import device, observation, result

from camaudit.model import Address, ScanError, to_jsonable
from camaudit.register.db import Register, integrity_problems
from camaudit.register.models import SCAN_COMPLETE, SCAN_RUNNING, ObservationRow, ScanHost
from camaudit.register.query import latest_unfinished, list_scans, load_result, recorded_hosts
from camaudit.register.store import (
    MAX_OBSERVATIONS_PER_HOST,
    ScanRecorder,
    begin_scan,
    finish_scan,
    record_host,
    store_result,
)
from camaudit.scan.engine import HostReport


def _normalised(doc: dict[str, object]) -> dict[str, object]:
    for dev in doc["devices"]:  # type: ignore[attr-defined]
        for addr in dev["addresses"]:
            addr["mac"] = addr["mac"].lower() if addr["mac"] else None
    return doc


def test_a_stored_result_reads_back_the_same(register: Register) -> None:
    original = result(
        device("10.0.0.10", mac="C4:2F:90:1A:2B:3C"),
        device("10.0.0.2", serial="SN1", manufacturer="dahua"),
        device("10.0.0.3", manufacturer=None, model=None, restricted=False),
        errors=3,
    )
    scan_id = store_result(register, original)
    loaded = load_result(register, scan_id)
    expected = dataclasses.replace(
        original, devices=tuple(sorted(original.devices, key=lambda d: int(d.addresses[0].ip.split(".")[-1])))
    )
    assert to_jsonable(loaded) == _normalised(to_jsonable(expected))
    (info,) = list_scans(register)
    assert (info.status, info.hosts, info.devices, info.findings, info.errors) == (SCAN_COMPLETE, 3, 3, 2, 3)
    assert integrity_problems(register) == []


def test_hosts_commit_one_by_one_and_the_scan_completes_only_at_the_end(register: Register) -> None:
    scan_id = begin_scan(register, result().scope, options={"ports": [80]})
    record_host(register, scan_id, "10.0.0.1", device("10.0.0.1", mac="c4:2f:90:00:00:01"))
    record_host(register, scan_id, "10.0.0.2", None)  # answered nothing: still done
    info = latest_unfinished(register)
    assert info is not None and info.id == scan_id and info.status == SCAN_RUNNING
    assert recorded_hosts(register, scan_id) == {"10.0.0.1", "10.0.0.2"}
    finish_scan(register, scan_id)
    assert latest_unfinished(register) is None


def test_recording_a_host_twice_changes_nothing(register: Register) -> None:
    scan_id = begin_scan(register, result().scope)
    dev = device("10.0.0.1", mac="c4:2f:90:00:00:01")
    obs = [observation("10.0.0.1", i) for i in range(3)]
    first = record_host(register, scan_id, "10.0.0.1", dev, observations=obs)
    again = record_host(register, scan_id, "10.0.0.1", dev, observations=obs, errors=[ScanError("10.0.0.1", "x", "y")])
    assert first == again
    with register.session() as session:
        assert session.scalar(select(func.count()).select_from(ObservationRow)) == 3
        assert session.scalar(select(func.count()).select_from(ScanHost)) == 1
    assert list_scans(register)[0].errors == 0


def test_observations_per_host_are_bounded(register: Register) -> None:
    scan_id = begin_scan(register, result().scope)
    obs = [observation("10.0.0.1", i, raw_size=10_000) for i in range(MAX_OBSERVATIONS_PER_HOST + 50)]
    record_host(register, scan_id, "10.0.0.1", device("10.0.0.1"), observations=obs)
    with register.session() as session:
        assert session.scalar(select(func.count()).select_from(ObservationRow)) == MAX_OBSERVATIONS_PER_HOST
        longest = session.scalar(select(func.max(func.length(ObservationRow.raw))))
    assert longest == 4096, "raw replies are kept bounded, as the model bounds them"


def test_device_addresses_keep_the_macs_spelling_normalised(register: Register) -> None:
    dev = device("10.0.0.1", mac="C4-2F-90-00-00-01")
    dev = dataclasses.replace(dev, addresses=(Address("10.0.0.1", "C4-2F-90-00-00-01"),))
    scan_id = store_result(register, result(dev))
    assert load_result(register, scan_id).devices[0].addresses[0].mac == "c4:2f:90:00:00:01"


def test_a_recorder_commits_devices_at_once_silent_hosts_in_batches_and_finish_the_rest(register: Register) -> None:
    scan_id = begin_scan(register, result().scope)
    recorder = ScanRecorder(register, scan_id, max_hosts=3, max_wait=3600)
    silent = [f"10.0.1.{i}" for i in range(1, 6)]
    for ip in silent[:2]:
        recorder(HostReport(ip), None)
    assert recorded_hosts(register, scan_id) == frozenset(), "two hosts wait for a batch of three"
    # A device is committed at once, with the silent hosts waiting before it.
    recorder(HostReport("10.0.0.1", [observation("10.0.0.1", 0)]), device("10.0.0.1", mac="c4:2f:90:00:00:01"))
    assert recorded_hosts(register, scan_id) == {*silent[:2], "10.0.0.1"}
    for ip in silent[2:4]:
        recorder(HostReport(ip), None)
    assert recorded_hosts(register, scan_id) == {*silent[:2], "10.0.0.1"}
    # The same device (one MAC) at a second address: one device, one identity, both addresses.
    recorder(HostReport("10.0.0.2", [observation("10.0.0.2", 0)]), device("10.0.0.2", mac="c4:2f:90:00:00:01"))
    recorder(HostReport(silent[4]), None)
    loaded = recorder.finish()
    assert recorded_hosts(register, scan_id) == {*silent, "10.0.0.1", "10.0.0.2"}
    (dev,) = loaded.devices
    assert sorted(a.ip for a in dev.addresses) == ["10.0.0.1", "10.0.0.2"]
    assert list_scans(register)[0].status == SCAN_COMPLETE
    assert integrity_problems(register) == []


def test_a_recorder_commits_a_batch_once_its_first_host_has_waited(register: Register) -> None:
    scan_id = begin_scan(register, result().scope)
    recorder = ScanRecorder(register, scan_id, max_hosts=1000, max_wait=0.2)
    recorder(HostReport("10.0.0.1"), None)
    assert recorded_hosts(register, scan_id) == frozenset()
    time.sleep(0.25)
    recorder(HostReport("10.0.0.2"), None)
    assert recorded_hosts(register, scan_id) == {"10.0.0.1", "10.0.0.2"}
