from __future__ import annotations

from collections.abc import Sequence

import pytest

from camaudit.assess import assess as assess_facts
from camaudit.assess.cloud import ecosystem_for_host
from camaudit.assess.privacy import privacy_findings
from camaudit.identify.facts import dahua_init_state, device_facts
from camaudit.model import Finding, Identity, Observation, Service

CAMERA = Identity(device_type="camera", manufacturer="axis", model="P3245-LVE", firmware="10.12.220")


def obs(protocol: str, port: int | None, transport: str = "tcp", **fields: str) -> Observation:
    return Observation("192.0.2.10", port, transport, protocol, "scan", "2026-01-01T00:00:00Z",  # type: ignore[arg-type]
                       {k.replace("__", "."): v for k, v in fields.items()})


def assess(
    identity: Identity, observations: Sequence[Observation] = (), services: Sequence[Service] = (),
    annotations: dict[str, str] | None = None,
) -> tuple[Finding, ...]:
    """Assess what the observations establish, through the device facts as the audit does."""
    return assess_facts(identity, facts=device_facts(observations, services), annotations=annotations)


def kinds(findings: tuple[Finding, ...]) -> dict[str, Finding]:
    return {f.kind: f for f in findings}


def test_admin_page_over_plain_http_only() -> None:
    found = kinds(assess(CAMERA, observations=[obs("http", 80, http__status="200")],
                         services=[Service(80, "tcp", "http")]))
    assert found["exposure-http"].severity == "medium" and "port 80" in found["exposure-http"].explanation
    with_tls = assess(CAMERA, observations=[obs("http", 80), obs("https", 443)],
                      services=[Service(80, "tcp", "http"), Service(443, "tcp", "https")])
    assert "exposure-http" not in kinds(with_tls)


def test_telnet_and_ftp_open() -> None:
    found = kinds(assess(CAMERA, observations=[obs("telnet", 23, telnet__banner="192.0.0.64 login:")],
                         services=[Service(23, "tcp", "banner"), Service(21, "tcp", "banner")]))
    assert found["exposure-telnet"].severity == "high" and found["exposure-telnet"].details["ports"] == [23]
    assert found["exposure-ftp"].severity == "medium"
    assert "Mirai" in found["exposure-telnet"].explanation


def test_exposure_is_only_judged_on_video_devices() -> None:
    printer = Identity(device_type="printer")
    assert assess(printer, services=[Service(23, "tcp", "banner"), Service(80, "tcp", "http")]) == ()


def test_factory_fresh_hikvision_sadp() -> None:
    fresh = kinds(assess(CAMERA, observations=[obs("sadp", 37020, "udp", sadp__Activated="false")]))
    assert fresh["factory-fresh"].severity == "high" and fresh["factory-fresh"].details["confidence"] == "H"
    assert "factory-fresh" not in kinds(assess(CAMERA, observations=[obs("sadp", 37020, "udp",
                                                                         sadp__Activated="true")]))


@pytest.mark.parametrize(("value", "state"), [("3733", "uninitialised"), ("5218", "initialised"), ("0", "legacy"),
                                              ("x", None), (None, None)])
def test_dahua_init_bits(value: str | None, state: str | None) -> None:
    assert dahua_init_state(value) == state


def test_factory_fresh_dahua_init_from_the_real_uninitialised_capture() -> None:
    found = kinds(assess(CAMERA, observations=[obs("dhip", 37810, "udp", dhip__Init="3733")]))
    assert found["factory-fresh"].details["confidence"] == "M"
    assert "factory-fresh" not in kinds(assess(CAMERA, observations=[obs("dhip", 37810, "udp", dhip__Init="5218")]))


def test_hik_connect_enabled_and_the_flase_typo() -> None:
    on = kinds(assess(CAMERA, observations=[obs("sadp", 37020, "udp", sadp__HCPlatformEnable="true")]))
    assert on["cloud-enabled"].details["ecosystem"] == "hik-connect"
    off = assess(CAMERA, observations=[obs("sadp", 37020, "udp", sadp__HCPlatformEnable="flase",
                                           sadp__SupportHCPlatform="true")])
    assert "cloud-enabled" not in kinds(off)


def test_dahua_p2p_bits() -> None:
    enabled = 2 | (2 << 2)  # bits 0-1 = 2 (initialised), bits 2-3 = 2 (public network access on)
    found = kinds(assess(CAMERA, observations=[obs("dhip", 37810, "udp", dhip__Init=str(enabled))]))
    assert found["cloud-enabled"].details["ecosystem"] == "easy4ip"
    assert "cloud-enabled" not in kinds(assess(CAMERA, observations=[obs("dhip", 37810, "udp", dhip__Init="3733")]))


@pytest.mark.parametrize(
    ("host", "ecosystem"),
    [("eucas.ezvizlife.com", "ezviz"), ("litedev.hik-connect.com", "hik-connect"),
     ("app-eu.easy4ipcloud.com", "imou"), ("www.easy4ipcloud.com", "easy4ip"), ("pub-cfg.secu100.net.", "xmeye"),
     ("example.com", None), ("ezvizlife.com.evil.test", None)],
)
def test_cloud_hosts_for_passive_matching(host: str, ecosystem: str | None) -> None:
    cloud = ecosystem_for_host(host)
    assert (cloud.id if cloud else None) == ecosystem


@pytest.mark.parametrize(
    ("notes", "severity", "place"),
    [
        ({"location": "Boys' changing room, east wall"}, "high", "changing room"),
        ({"location": "Staff WC corridor", "dpia": "done 2024-03"}, "medium", "WC"),
        ({"site": "Leisure centre", "purpose": "monitor showers"}, "high", "showers"),
        ({"location": "Locker room"}, "high", "Locker room"),
        ({"location": "First aid room"}, "medium", "First aid room"),
    ],
)
def test_privacy_sensitive_locations(notes: dict[str, str], severity: str, place: str) -> None:
    [finding] = privacy_findings(notes)
    assert finding.kind == "privacy-sensitive-location" and finding.severity == severity
    assert finding.details["matched"] == place
    titles = " ".join(r.title for r in finding.references)
    assert "ICO" in titles and "Surveillance Camera Code" in titles and "principles 1 and 2" in titles


def test_privacy_reports_dpia_status() -> None:
    [missing] = privacy_findings({"location": "toilets", "dpia": "no"})
    assert missing.details["dpia"] == "missing" and "no DPIA" in missing.explanation
    [unknown] = privacy_findings({"location": "toilets"})
    assert unknown.details["dpia"] == "unknown"


@pytest.mark.parametrize("notes", [None, {}, {"location": "Car park"}, {"location": "Toiletries aisle"},
                                   {"location": "Reception", "dpia": "done"}])
def test_no_privacy_finding_elsewhere(notes: dict[str, str] | None) -> None:
    assert privacy_findings(notes) == []


def test_annotations_flow_through_assess() -> None:
    found = kinds(assess(CAMERA, annotations={"location": "Girls changing rooms"}))
    assert "privacy-sensitive-location" in found


def test_end_of_life_only_where_the_maker_says_so() -> None:
    nvr = Identity(device_type="nvr", manufacturer="nuuo", model="NVRmini2", firmware="3.0.0")
    found = kinds(assess(nvr))
    assert found["end-of-life"].references[0].url and "NUUO" in found["end-of-life"].explanation
    assert "end-of-life" not in kinds(assess(CAMERA))


def test_findings_are_ordered_most_severe_first() -> None:
    identity = Identity(device_type="camera", brand="annke", manufacturer="hikvision", model="DS-2CD2132F-I",
                        firmware="V5.4.0 build 160401")
    findings = assess(identity, services=[Service(80, "tcp", "http"), Service(23, "tcp", "banner")],
                      observations=[obs("http", 80)], annotations={"location": "pool changing area"})
    order = ["critical", "high", "medium", "low", "info"]
    assert [order.index(f.severity) for f in findings] == sorted(order.index(f.severity) for f in findings)
    assert {"restricted", "vulnerability", "exposure-telnet", "exposure-http", "privacy-sensitive-location"} <= {
        f.kind for f in findings}
    for f in findings:
        assert f.title and f.explanation and f.remediation
