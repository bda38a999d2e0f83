"""The issue's LAN: exactly the three devices on vendor clouds get the finding, read as pcap and as pcapng."""

from __future__ import annotations

from pathlib import Path

import pytest
from lan import AXIS, DAHUA, DVR, HIKVISION, LAPTOP

from camaudit.fields import field
from camaudit.identify import oui
from camaudit.model import Device, Observation, ScanResult
from camaudit.passive.localnet import LocalNets
from camaudit.passive.run import PassiveOptions, analyse


def _by_ip(result: ScanResult) -> dict[str, Device]:
    return {a.ip: d for d in result.devices for a in d.addresses}


def _clouds(device: Device) -> list[str]:
    return [str(f.details["ecosystem"]) for f in device.findings if f.kind == "cloud-traffic"]


@pytest.fixture(params=["pcap", "pcapng", "pcap.gz"])
def result(request: pytest.FixtureRequest, lan_files: dict[str, Path]) -> ScanResult:
    return analyse([lan_files[request.param]], PassiveOptions(LocalNets.default()))


def test_exactly_the_three_cloud_users_get_the_finding(result: ScanResult) -> None:
    devices = _by_ip(result)
    assert _clouds(devices[HIKVISION[1]]) == ["hik-connect"]
    assert _clouds(devices[DAHUA[1]]) == ["easy4ip"]
    assert _clouds(devices[DVR[1]]) == ["xmeye"]
    flagged = {ip for ip, d in devices.items() if _clouds(d)}
    assert flagged == {HIKVISION[1], DAHUA[1], DVR[1]}
    assert not _clouds(devices[AXIS[1]]) and not _clouds(devices[LAPTOP[1]])
    assert result.errors == ()


def test_makers_come_from_the_ouis(result: ScanResult) -> None:
    devices = _by_ip(result)
    assert devices[HIKVISION[1]].identity.manufacturer == "hikvision"
    assert devices[DAHUA[1]].identity.manufacturer == "dahua"
    assert devices[AXIS[1]].identity.manufacturer == "axis"
    assert devices[HIKVISION[1]].addresses[0].mac == HIKVISION[0]
    # The DVR's MAC names nobody: its maker can only come from its traffic.
    assert oui.lookup(DVR[0]) is None
    assert devices[DVR[1]].identity.manufacturer == "xiongmai"


def test_the_finding_says_where_how_much_and_when(result: ScanResult) -> None:
    hik = _by_ip(result)[HIKVISION[1]]
    finding = next(f for f in hik.findings if f.kind == "cloud-traffic")
    assert finding.title == "Sends traffic to Hik-Connect (Hikvision, China)"
    assert "litedev.hik-connect.com" in finding.explanation and "198.51.100.10" in finding.explanation
    # 20 records of 1,200 bytes of TLS payload plus headers and the ClientHello went out.
    assert 24_000 < int(finding.details["bytes_out"]) < 30_000
    assert finding.details["first_seen"] == "2025-12-01T12:00:00Z"
    assert finding.details["hosts"] == ["litedev.hik-connect.com"]
    assert "turn the cloud option off" in finding.remediation and "firewall" in finding.remediation
    assert "ISAPI /ISAPI/System/Network/EZVIZ" in finding.remediation


def test_pcap_and_pcapng_give_the_same_devices(lan_files: dict[str, Path]) -> None:
    options = PassiveOptions(LocalNets.default())
    one, two = (analyse([lan_files[k]], options) for k in ("pcap", "pcapng"))
    assert one.devices == two.devices


def test_every_field_passive_analysis_fills_is_declared_for_it(lan_files: dict[str, Path]) -> None:
    seen: list[Observation] = []
    analyse([lan_files["pcap"]], PassiveOptions(LocalNets.default()), on_device=lambda _d, obs: seen.extend(obs))
    protocols = {o.protocol for o in seen}
    assert {"flow", "dns", "ethernet", "http"} <= protocols
    wrong = []
    for obs in seen:
        source = f"passive:{obs.protocol}"
        for name, value in obs.fields.items():
            declared = field(name)
            if declared is None or not declared.filled_by(source) or not declared.accepts(value):
                wrong.append((source, name, value[:40]))
    assert wrong == []
