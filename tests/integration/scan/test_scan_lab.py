"""Scan the lab over loopback and check what a user would see: who made each device."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from camaudit.audit import run_audit
from camaudit.lab.runner import LabRunner
from camaudit.model import ScanResult, is_video_device
from camaudit.scan.engine import ScanOptions
from camaudit.scan.net import Limits
from camaudit.scan.ports import PRESETS
from camaudit.targets import build_scope

BASE = "127.78.0.1"


def _scan(lab: LabRunner, extra_targets: tuple[str, ...] = ()) -> ScanResult:
    guard = build_scope([d.ip for d in lab.devices] + list(extra_targets))
    ports = tuple(sorted(set(PRESETS["cameras"]) | set(lab.ports)))
    options = ScanOptions(ports=ports, host_timeout=20.0, limits=Limits(probe_timeout=2.0))
    return run_audit(guard, options)


@pytest.fixture(scope="module")
def lab_scan() -> Iterator[tuple[LabRunner, ScanResult]]:
    with LabRunner(base=BASE) as lab:
        yield lab, _scan(lab, extra_targets=("127.78.9.9",))


def _device(result: ScanResult, ip: str):  # type: ignore[no-untyped-def]
    matches = [d for d in result.devices if d.addresses[0].ip == ip]
    assert matches, f"no device found at {ip}"
    return matches[0]


def test_every_lab_device_is_named_as_expected(lab_scan: tuple[LabRunner, ScanResult]) -> None:
    lab, result = lab_scan
    wrong = []
    for dev in lab.devices:
        if dev.name == "garbage":
            continue
        ident = _device(result, dev.ip).identity
        for key in ("brand", "manufacturer"):
            if dev.expect.get(key) != getattr(ident, key):
                wrong.append(f"{dev.name}: {key} {getattr(ident, key)!r} != {dev.expect.get(key)!r}")
        if is_video_device(dev.expect.get("device_type")) != ident.is_video_device:
            wrong.append(f"{dev.name}: device_type {ident.device_type!r} vs {dev.expect.get('device_type')!r}")
    assert not wrong, "\n".join(wrong)


def test_relabelled_and_oem_devices(lab_scan: tuple[LabRunner, ScanResult]) -> None:
    lab, result = lab_scan
    annke = _device(result, lab.device("annke-ipc").ip).identity
    assert (annke.brand, annke.manufacturer) == ("annke", "hikvision")
    amcrest = _device(result, lab.device("amcrest-ipc").ip).identity
    assert (amcrest.brand, amcrest.manufacturer) == ("amcrest", "dahua")
    web = _device(result, lab.device("nginx-web").ip).identity
    assert not web.is_video_device and web.manufacturer is None


def test_restricted_devices_carry_citations(lab_scan: tuple[LabRunner, ScanResult]) -> None:
    lab, result = lab_scan
    for name in ("hikvision-ipc", "annke-ipc", "dahua-ipc", "amcrest-ipc"):
        findings = [f for f in _device(result, lab.device(name).ip).findings if f.kind == "restricted"]
        assert findings, f"{name} not marked restricted"
        assert all(f.details["citation"] and f.references for f in findings)
    for name in ("axis-ipc", "nginx-web"):
        assert not [f for f in _device(result, lab.device(name).ip).findings if f.kind == "restricted"]


def test_discovery_and_follow_up_probes_fill_model_firmware_and_mac(
    lab_scan: tuple[LabRunner, ScanResult],
) -> None:
    lab, result = lab_scan
    for name in ("hikvision-ipc", "dahua-ipc", "amcrest-ipc", "axis-ipc"):
        dev = lab.device(name)
        device = _device(result, dev.ip)
        assert device.identity.model == dev.expect.get("model"), name
        assert device.identity.firmware == dev.expect.get("firmware"), name
        assert device.addresses[0].mac == dev.mac.lower(), name


def test_silent_address_gives_no_device(lab_scan: tuple[LabRunner, ScanResult]) -> None:
    _lab, result = lab_scan
    assert not [d for d in result.devices if d.addresses[0].ip == "127.78.9.9"]


def test_garbage_device_does_not_stop_the_scan(lab_scan: tuple[LabRunner, ScanResult]) -> None:
    lab, result = lab_scan
    garbage = lab.device("garbage")
    assert any(e.target == garbage.ip for e in result.errors)
    # Every other device that has a maker is still named: the hostile one cost only its own probes.
    expected = {d.ip for d in lab.devices if d.expect.get("manufacturer")}
    assert len(expected) > 30
    assert {d.addresses[0].ip for d in result.devices if d.identity.manufacturer} == expected


def test_alt_ports_mode_is_scanned_too() -> None:
    with LabRunner(profiles=["dahua-ipc"], base="127.78.1.1", alt_ports=True) as lab:
        assert all(p >= 1024 for p in lab.ports)
        result = _scan(lab)
    assert [d.identity.manufacturer for d in result.devices] == ["dahua"]
    assert {s.port for s in result.devices[0].services} & {8080, 8554}


def test_vulnerable_firmware_gets_the_cve_with_its_kev_flag(lab_scan: tuple[LabRunner, ScanResult]) -> None:
    lab, result = lab_scan
    device = _device(result, lab.device("hikvision-ipc-cve-2017-7921").ip)
    vulns = {f.cve: f for f in device.findings if f.kind == "vulnerability"}
    # V5.4.0 build 160401 on a DS-2CD2xx2F-I: inside CVE-2017-7921's published range, and inside the
    # 2016-2021 builds of CVE-2021-36260, which CISA lists as known exploited (added 2022-01-10).
    assert {"CVE-2017-7921", "CVE-2021-36260"} <= set(vulns)
    assert vulns["CVE-2021-36260"].details["kev"] is True
    assert vulns["CVE-2021-36260"].details["kev_date_added"] == "2022-01-10"
    assert vulns["CVE-2021-36260"].severity == "critical"
    # and a patched device gets no such finding
    current = _device(result, lab.device("hikvision-ipc").ip)
    assert not [f for f in current.findings if f.kind == "vulnerability"]


def test_a_camera_whose_web_ports_are_not_listed_is_found_by_its_discovery_answer() -> None:
    """A small scope: a host that only refuses the listed TCP ports still gets the UDP discovery probes, and a
    Hikvision camera answers SADP with its maker, model and serial."""
    with LabRunner(profiles=["hikvision-ipc"], base="127.78.2.1") as lab:
        ip = lab.devices[0].ip
        result = run_audit(build_scope([ip]), ScanOptions(ports=(9,), limits=Limits(probe_timeout=5.0)))
    (device,) = result.devices
    assert device.addresses[0].ip == ip
    assert [s.transport for s in device.services] == ["udp"]
    assert device.identity.manufacturer == "hikvision"
    assert any("UDP discovery probes to every host that answered" in n for n in result.scope.notes)
