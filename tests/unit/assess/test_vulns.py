from __future__ import annotations

import json
from pathlib import Path

import pytest

from camaudit.assess import assess
from camaudit.assess.cvedata import kev_catalog, nvd_cvss
from camaudit.assess.vulns import severity_from_cvss, vulnerability_findings
from camaudit.identify import identify
from camaudit.knowledge.loader import cves
from camaudit.model import Finding, Identity, Observation


def _hik(model: str, firmware: str | None, brand: str = "hikvision") -> Identity:
    return Identity(device_type="camera", brand=brand, manufacturer="hikvision", model=model, firmware=firmware)


def _by_cve(findings: list[Finding]) -> dict[str, Finding]:
    return {f.cve: f for f in findings if f.kind == "vulnerability"}


def test_lab_style_hikvision_in_range_gets_cve_with_kev_flag() -> None:
    found = _by_cve(vulnerability_findings(_hik("DS-2CD2132F-I", "V5.4.0 build 160401")))
    assert set(found) == {"CVE-2017-7921", "CVE-2021-36260"}
    rce = found["CVE-2021-36260"]
    assert rce.severity == "critical" and rce.details["kev"] is True and rce.details["kev_date_added"] == "2022-01-10"
    assert "CVE-2021-36260" in rce.title and "known exploited" in rce.title
    assert any(r.url == "https://nvd.nist.gov/vuln/detail/CVE-2021-36260" for r in rce.references)
    assert any(r.url and "known-exploited" in r.url for r in rce.references)
    bypass = found["CVE-2017-7921"]
    # Not in the 2025.08.25 KEV snapshot: flag false, the secondary report is kept, CVSS 10 makes it critical.
    assert bypass.details["kev"] is False and bypass.details["kev_reported"]["date_added"] == "2026-03-05"
    assert bypass.severity == "critical"
    assert "Update the firmware to a release newer than V5.4.0 build 160530" in bypass.remediation


@pytest.mark.parametrize(
    ("firmware", "affected"),
    [
        ("V5.2.0 build 140721", True),  # first affected, inclusive
        ("V5.4.0 build 160530", True),  # last affected, inclusive
        ("V5.4.0 build 160531", False),  # one day newer
        ("V5.4.5 build 170123", False),
        ("V5.1.9 build 140720", False),  # before the range
    ],
)
def test_version_range_edges(firmware: str, affected: bool) -> None:
    found = _by_cve(vulnerability_findings(_hik("DS-2CD2132F-I", firmware)))
    assert ("CVE-2017-7921" in found) is affected


def test_oem_brand_inherits_manufacturer_cves() -> None:
    found = _by_cve(vulnerability_findings(_hik("DS-2CD2143G2-I", "V5.6.3 build 190923", brand="annke")))
    assert set(found) == {"CVE-2021-36260"}


def _sadp(model: str, serial: str, firmware: str, oem: str, mac: str) -> Observation:
    """A Hikvision SADP ProbeMatch of an OEM-branded camera, as the SADP probe reports its fields."""
    return Observation(
        ip="127.0.0.1", port=37020, transport="udp", protocol="sadp", source="scan", seen_at="2026-12-01T00:00:00Z",
        fields={"sadp.DeviceDescription": model, "sadp.DeviceSN": serial, "sadp.SoftwareVersion": firmware,
                "sadp.OEMInfo": oem, "sadp.Activated": "true", "mac": mac},
    )


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        # HiLook is Hikvision's value brand: CVE-2021-36260 (HSRC-202109-01) in builds before 28 Jun 2021.
        (_sadp("IPC-B140H", "IPC-B140H20190301AAWRD12345671", "V5.5.52build 180620", "HiLook", "c0:56:e3:11:22:33"),
         {"CVE-2021-36260"}),
        (_sadp("IPC-B140H", "IPC-B140H20210901AAWRF12345671", "V5.5.800build 210628", "HiLook", "c0:56:e3:11:22:33"),
         set()),
        # EZVIZ CS-C6N-A0-1C2WFR before 5.3.0 build 220428: CVE-2022-2471 and CVE-2022-2472 (Bitdefender, 2022).
        (_sadp("CS-C6N-A0-1C2WFR", "CS-C6N-A0-1C2WFR20201120CCRRF12345673", "V5.3.0build 201109", "EZVIZ",
               "64:f2:fb:5a:6b:7c"), {"CVE-2022-2471", "CVE-2022-2472"}),
        (_sadp("CS-C6N-A0-1C2WFR", "CS-C6N-A0-1C2WFR20220601CCRRF12345673", "V5.3.0build 220428", "EZVIZ",
               "64:f2:fb:5a:6b:7c"), set()),
    ],
)
def test_hilook_and_ezviz_on_old_firmware_get_their_hikvision_cves(reply: Observation, expected: set[str]) -> None:
    identity = identify([reply])
    assert identity.manufacturer == "hikvision" and identity.brand in ("hilook", "ezviz")
    found = {f.cve for f in assess(identity) if f.kind == "vulnerability"}
    assert found == expected


@pytest.mark.parametrize(
    ("brand", "model", "firmware", "expected"),
    [
        ("hilook", "IPC-T240H", "V5.5.6 build 180326", {"CVE-2021-36260"}),
        ("hiwatch", "DS-I200(C)", "V5.5.92 build 200420", {"CVE-2021-36260"}),
        ("ezviz", "CS-CV248", "V5.2.3 build 220601", {"CVE-2022-2471"}),
    ],
)
def test_a_brand_alone_reaches_its_makers_cves_through_the_oem_table(
    brand: str, model: str, firmware: str, expected: set[str]
) -> None:
    # No manufacturer in the identity (an import that only names the brand): oems.yaml supplies Hikvision,
    # whose firmware grammar reads the version and whose CVEs apply.
    identity = Identity(device_type="camera", brand=brand, model=model, firmware=firmware)
    assert {f.cve for f in vulnerability_findings(identity) if f.kind == "vulnerability"} == expected


def test_current_firmware_and_other_models_get_nothing() -> None:
    assert vulnerability_findings(_hik("DS-2CD2143G2-I", "V5.7.3 build 220112")) == []
    assert vulnerability_findings(_hik("DS-7608NI-Q1", "V4.0.0 build 150101")) == []


def test_unknown_firmware_is_its_own_state_never_safe() -> None:
    findings = vulnerability_findings(_hik("DS-2CD2132F-I", None))
    assert [f.kind for f in findings] == ["firmware-unknown"]
    unknown = findings[0]
    assert "firmware version unknown" in unknown.title and "not a clean bill of health" in unknown.explanation
    assert set(unknown.details["cves"]) == {"CVE-2017-7921", "CVE-2021-36260"}
    assert unknown.severity == "low"  # one of them is known exploited
    garbage = vulnerability_findings(_hik("DS-2CD2132F-I", "firmware: ???"))
    assert [f.kind for f in garbage] == ["firmware-unknown"]


def test_dahua_needs_the_build_date() -> None:
    dated = Identity(device_type="camera", manufacturer="dahua", model="IPC-HFW3441E-AS",
                     firmware="V2.800.0000000.16.R, Build Date: 2020-03-20")
    assert set(_by_cve(vulnerability_findings(dated))) == {"CVE-2021-33044", "CVE-2021-33045"}
    between = Identity(device_type="camera", manufacturer="dahua", model="IPC-HFW3441E-AS",
                       firmware="V2.800.0000000.16.R, Build Date: 2020-10-01")
    assert set(_by_cve(vulnerability_findings(between))) == {"CVE-2021-33044"}  # 33045 fixed by May 2020
    fixed = Identity(device_type="camera", manufacturer="dahua", model="IPC-HFW3441E-AS",
                     firmware="V2.800.0000000.30.R, Build Date: 2021-06-01")
    assert vulnerability_findings(fixed) == []  # 'before' is exclusive
    undated = Identity(device_type="camera", manufacturer="dahua", model="IPC-HFW3441E-AS",
                       firmware="2.800.0000000.16.R")
    assert [f.kind for f in vulnerability_findings(undated)] == ["firmware-unknown"]


def test_unpublished_range_is_could_not_confirm() -> None:
    amcrest = Identity(device_type="camera", brand="amcrest", manufacturer="dahua", model="IP4M-1041B",
                       firmware="2.800.00AC000.0.R")
    findings = vulnerability_findings(amcrest)
    assert [f.kind for f in findings] == ["vulnerability-unconfirmed"]
    assert findings[0].details["cves"] == ["CVE-2020-5735"] and findings[0].severity == "low"


def test_fixed_version_is_named_in_remediation(monkeypatch: pytest.MonkeyPatch) -> None:
    from camaudit.assess import vulns

    original = cves()
    patched = []
    for c in original:
        if c.id == "CVE-2017-7921":
            c = c.model_copy(update={"affected": tuple(r.model_copy(update={"fixed": "V5.4.5 build 170123"})
                                                       for r in c.affected)})
        patched.append(c)
    monkeypatch.setattr(vulns, "cves", lambda: tuple(patched))
    found = _by_cve(vulnerability_findings(_hik("DS-2CD2132F-I", "V5.4.0 build 160401")))
    assert "Update the firmware to V5.4.5 build 170123 or later" in found["CVE-2017-7921"].remediation


def test_severity_bands() -> None:
    assert severity_from_cvss(7.5, kev=True) == "critical"
    assert [severity_from_cvss(s, kev=False) for s in (9.8, 7.5, 5.0, 2.0, None)] == [
        "critical", "high", "medium", "low", "medium"]


def test_cve_table_matches_the_kev_snapshot() -> None:
    kev = kev_catalog()
    assert kev.origin == "package" and kev.catalog_version == "2025.08.25"
    listed = {c.id for c in cves() if c.id in kev.entries}
    assert {"CVE-2021-36260", "CVE-2021-33044", "CVE-2021-33045", "CVE-2020-5735", "CVE-2019-20085"} <= listed
    assert "CVE-2017-7921" not in listed and "CVE-2022-28171" not in listed


def test_user_overlay_takes_over_kev_and_cvss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kb = tmp_path / "xdg2" / "camaudit" / "kb"
    kb.mkdir(parents=True)
    (kb / "kev.json").write_text(json.dumps({
        "catalogVersion": "2026.03.05", "dateReleased": "2026-03-05T00:00:00Z",
        "vulnerabilities": [{"cveID": "CVE-2017-7921", "dateAdded": "2026-03-05", "dueDate": "2026-03-26"}]}))
    (kb / "nvd.json").write_text(json.dumps({"cves": [{"id": "CVE-2020-5735", "cvss": {"score": 8.8}}]}))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg2"))
    kev_catalog.cache_clear()
    nvd_cvss.cache_clear()
    found = _by_cve(list(assess(_hik("DS-2CD2132F-I", "V5.4.0 build 160401"))))
    assert found["CVE-2017-7921"].details["kev"] is True and "known exploited" in found["CVE-2017-7921"].title
    assert nvd_cvss()["CVE-2020-5735"].score == 8.8
