"""diff lists exactly the devices that appeared, went, or changed identity or firmware."""

from __future__ import annotations

import dataclasses
import json

import pytest
from synthetic import device, result

from camaudit.model import Device, Finding
from camaudit.register.db import Register
from camaudit.register.diff import DiffError, diff_scans
from camaudit.register.store import store_result

A = device("10.0.0.1", mac="c4:2f:90:00:00:01")
B = device("10.0.0.2", mac="c4:2f:90:00:00:02")
C = device("10.0.0.3", mac="c4:2f:90:00:00:03")
D = device("10.0.0.4", mac="c4:2f:90:00:00:04", manufacturer="axis", restricted=False)


def _two_scans(register: Register) -> tuple[int, int]:
    first = store_result(register, result(A, B, C, started="2026-05-01T10:00:00Z"))
    moved_b = device("10.0.0.20", mac="c4:2f:90:00:00:02")  # same camera, new address: unchanged
    new_fw_c = device("10.0.0.3", mac="c4:2f:90:00:00:03", firmware="V5.8.0 build 240101")
    second = store_result(register, result(moved_b, new_fw_c, D, started="2026-05-02T10:00:00Z"))
    return first, second


def test_new_gone_and_changed_firmware(register: Register) -> None:
    first, second = _two_scans(register)
    diff = diff_scans(register, first, second)
    assert [s.ip for s in diff.new] == ["10.0.0.4"]
    assert [s.ip for s in diff.gone] == ["10.0.0.1"]
    assert [(c.ip, c.changes) for c in diff.changed] == [
        ("10.0.0.3", {"firmware": ("V5.7.3 build 220112", "V5.8.0 build 240101")})
    ]


def test_identity_changes_are_reported_per_attribute(register: Register) -> None:
    first = store_result(register, result(A))
    relabelled = device("10.0.0.1", mac="c4:2f:90:00:00:01", brand="annke", model="I91BM", device_type="nvr")
    second = store_result(register, result(relabelled))
    (change,) = diff_scans(register, first, second).changed
    assert set(change.changes) == {"brand", "model", "device_type"}
    assert change.changes["brand"] == ("hikvision", "annke")


def test_no_change_is_an_empty_diff_and_the_json_is_stable(register: Register) -> None:
    first = store_result(register, result(A, B))
    second = store_result(register, result(B, A))
    diff = diff_scans(register, first, second)
    assert diff.empty
    first_text = json.dumps(diff_scans(register, *_two_scans(register)).to_json())
    again = json.dumps(diff_scans(register, 3, 4).to_json())
    assert first_text == again
    assert list(json.loads(first_text)) == [
        "from_scan", "to_scan", "scopes_differ", "new", "gone", "changed", "findings"
    ]


def test_unknown_scan_is_a_diff_error(register: Register) -> None:
    store_result(register, result(A))
    with pytest.raises(DiffError, match="no scan 9"):
        diff_scans(register, 1, 9)


def _with(dev: Device, *findings: Finding) -> Device:
    return dataclasses.replace(dev, findings=dev.findings + findings)


PRIVACY = Finding(
    kind="privacy-sensitive-location", severity="high", title="Camera noted as being in a private place",
    explanation="x", remediation="y", details={"matched": "changing room", "dpia": "missing"},
)
KEV = Finding(
    kind="vulnerability", severity="critical", title="CVE-2021-36260: command injection (known exploited)",
    explanation="x", remediation="y", cve="CVE-2021-36260", details={"kev": True},
)


def test_findings_that_appear_are_resolved_or_change_severity_are_listed(register: Register) -> None:
    first = store_result(register, result(_with(A, KEV), B))
    # A: the firmware update resolved the CVE, and the annotation added a privacy finding.
    # B: the same regime, now at a different severity (another policy).
    regraded = device("10.0.0.2", mac="c4:2f:90:00:00:02")
    regraded = dataclasses.replace(regraded, findings=(dataclasses.replace(regraded.findings[0], severity="low"),))
    second = store_result(register, result(_with(A, PRIVACY), regraded))
    diff = diff_scans(register, first, second)
    assert not diff.new and not diff.gone and not diff.changed
    assert [(f.ip, f.change, f.finding.key) for f in diff.findings] == [
        ("10.0.0.1", "appeared", "privacy-sensitive-location"),
        ("10.0.0.1", "resolved", "vulnerability:CVE-2021-36260"),
        ("10.0.0.2", "severity", "restricted:uk-ppn-0822"),
    ]
    assert (diff.findings[2].before, diff.findings[2].finding.severity) == ("high", "low")
    assert not diff.empty
    doc = diff.to_json()["findings"]
    assert [f["title"] for f in doc["appeared"]] == ["Camera noted as being in a private place"]
    assert doc["resolved"][0]["key"] == "vulnerability:CVE-2021-36260"
    assert doc["severity"][0]["severity_before"] == "high"


def test_findings_of_new_and_gone_devices_are_not_repeated(register: Register) -> None:
    first = store_result(register, result(_with(A, KEV)))
    second = store_result(register, result(_with(B, PRIVACY)))
    diff = diff_scans(register, first, second)
    assert [s.ip for s in diff.new] == ["10.0.0.2"] and [s.ip for s in diff.gone] == ["10.0.0.1"]
    assert diff.findings == []


def _possible(regime: str, severity: str) -> Finding:
    return Finding(
        kind="restricted-possible", severity=severity, title=f"Possibly made by Dahua or Hikvision: {regime} if so",
        explanation="x", remediation="y", regime=regime, chain="brand Lorex -> possibly made by ...",
    )


def test_possible_restrictions_are_told_apart_by_regime_and_resolve_when_settled(register: Register) -> None:
    lorex = device("10.0.0.9", mac="00:1f:54:00:00:09", manufacturer=None, brand="lorex", restricted=False)
    first = store_result(register, result(_with(lorex, _possible("us-ndaa-889", "medium"),
                                                 _possible("us-fcc-covered-list", "medium"))))
    # The next scan read a date of manufacture (2020): Dahua-made, one regime confirmed.
    dated = device("10.0.0.9", mac="00:1f:54:00:00:09", manufacturer="dahua", brand="lorex")
    second = store_result(register, result(dated))
    changes = {(f.change, f.finding.key) for f in diff_scans(register, first, second).findings}
    assert {("resolved", "restricted-possible:us-ndaa-889"), ("resolved", "restricted-possible:us-fcc-covered-list"),
            ("appeared", "restricted:uk-ppn-0822")} <= changes
