"""The scan summary: findings by severity, the urgent findings one line each, probe errors by kind.

The findings come from the real ``assess`` (not hand-written), so a renamed finding kind or a changed
KEV flag breaks these tests instead of silently dropping a line from the urgent list.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from camaudit.assess import assess
from camaudit.assess.cvedata import kev_catalog, nvd_cvss
from camaudit.identify import device_facts, resolve
from camaudit.model import (
    SCHEMA_VERSION,
    Address,
    Device,
    Evidence,
    Identity,
    Observation,
    ScanError,
    ScanResult,
    Scope,
    Tool,
)
from camaudit.report.summary import summarise, urgent_findings
from camaudit.report.table import summary_lines


@pytest.fixture(autouse=True)
def _shipped_knowledge_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    kev_catalog.cache_clear()
    nvd_cvss.cache_clear()
    yield
    kev_catalog.cache_clear()
    nvd_cvss.cache_clear()


def _obs(ip: str, fields: Mapping[str, str]) -> Observation:
    return Observation(ip, 80, "tcp", "http", "scan", "2026-05-01T10:00:00Z", fields)


def _device(
    ip: str, identity: Identity, *, fields: Mapping[str, str] | None = None,
    notes: Mapping[str, str] | None = None, policy: str = "all",
) -> Device:
    facts = device_facts([_obs(ip, fields)] if fields else [])
    findings = assess(identity, facts=facts, annotations=notes, policy=policy)
    return Device(f"dev-{ip}", (Address(ip),), (), identity, findings, facts)


def _result(*devices: Device, errors: tuple[ScanError, ...] = ()) -> ScanResult:
    return ScanResult(
        SCHEMA_VERSION, Tool("camaudit", "test"), "2026-05-01T10:00:00Z", "2026-05-01T10:05:00Z",
        Scope(tuple(d.addresses[0].ip for d in devices)), devices, errors,
    )


OLD_HIKVISION = Identity(
    device_type="camera", brand="hikvision", manufacturer="hikvision", model="DS-2CD2032F-I",
    firmware="V5.4.0 build 160401",
)
AXIS = Identity(device_type="camera", brand="axis", manufacturer="axis", model="P3245-LVE", firmware="10.12.220")
ANNKE = Identity(device_type="camera", brand="annke", manufacturer="hikvision", model="I91BM",
                 firmware="V5.7.2 build 211117", attribution=("brand:annke", "oem:hikvision"))


def test_each_kind_of_urgent_finding_gets_one_line_with_the_device_and_an_action() -> None:
    devices = (
        _device("10.0.0.16", OLD_HIKVISION),
        _device("10.0.0.4", AXIS, fields={"auth.default.check": "axis", "auth.default.account": "root",
                                          "auth.default.outcome": "accepted"},
                notes={"location": "Changing room, pool", "dpia": "no"}),
        _device("10.0.0.2", ANNKE, fields={"sadp.HCPlatformEnable": "true"}),
    )
    urgent = urgent_findings(devices)
    lines = [(u.ip, u.category, u.severity) for u in urgent]
    assert ("10.0.0.16", "known-exploited", "critical") in lines  # CVE-2021-36260 is in the KEV snapshot
    assert ("10.0.0.4", "default-credentials", "critical") in lines
    assert ("10.0.0.4", "sensitive-place", "high") in lines
    assert ("10.0.0.2", "cloud", "medium") in lines
    assert ("10.0.0.2", "restricted", "high") in lines and ("10.0.0.16", "restricted", "high") in lines
    assert not any(u.ip == "10.0.0.4" and u.category == "restricted" for u in urgent)  # Axis is not restricted
    kev = next(u for u in urgent if u.category == "known-exploited")
    assert "CVE-2021-36260" in kev.what and "update the firmware" in kev.action
    place = next(u for u in urgent if u.category == "sensitive-place")
    assert "changing room" in place.what.lower() and "no DPIA" in place.what
    assert next(u for u in urgent if u.category == "restricted" and u.ip == "10.0.0.2").device == (
        "annke (made by hikvision) I91BM"
    )
    # Most severe first; one restricted line per device however many regimes name its maker.
    assert [u.severity for u in urgent] == sorted((u.severity for u in urgent), key=["critical", "high",
                                                  "medium", "low", "info"].index)
    assert sum(1 for u in urgent if u.category == "restricted") == 2


def test_a_policy_that_only_informs_makes_restricted_makers_not_urgent() -> None:
    # uk-public-sector shows the US regimes as info only and binds the UK direction: still urgent.
    uk = urgent_findings([_device("10.0.0.2", ANNKE, policy="uk-public-sector")])
    assert [u.category for u in uk] == ["restricted"]
    assert urgent_findings([_device("10.0.0.2", ANNKE, policy="none")]) == []


def test_counts_by_severity_and_errors_by_kind() -> None:
    devices = (_device("10.0.0.16", OLD_HIKVISION), _device("10.0.0.4", AXIS))
    errors = (
        ScanError("10.0.0.9", "timeout", "the device stopped answering", 81, "http"),
        ScanError("10.0.0.9", "timeout", "the device stopped answering", 81, "onvif"),
        ScanError("10.0.0.7", "too-large", "header larger than the limit", 554, "rtsp"),
    )
    summary = summarise(_result(*devices, errors=errors))
    expected = {s: 0 for s in ("critical", "high", "medium", "low", "info")}
    for device in devices:
        for finding in device.findings:
            expected[finding.severity] += 1
    assert summary.by_severity == expected and list(summary.by_severity) == list(expected)
    assert summary.errors_by_kind == (("timeout", 2), ("too-large", 1))
    assert summary.error_hosts == 2 and summary.errors == 3
    assert summary.devices == 2 and summary.video_devices == 2


def test_summary_lines_count_errors_and_list_them_only_when_verbose() -> None:
    hostile = "\x1b[31mred\u202eevil"
    errors = (ScanError("10.0.0.9", "protocol", f"not an HTTP reply: {hostile}", 80, "http"),)
    result = _result(_device("10.0.0.16", OLD_HIKVISION), errors=errors)
    short = summary_lines(summarise(result), result)
    assert short[-1] == "Probe errors: 1 on 1 address(es): 1 protocol (--verbose lists them)."
    long = summary_lines(summarise(result), result, verbose=True)
    assert long[-1].startswith("  10.0.0.9:80 http protocol: not an HTTP reply: ")
    assert "\x1b" not in long[-1] and "\u202e" not in long[-1] and "\\x1b[31mred" in long[-1]


def test_device_text_in_urgent_lines_is_escaped() -> None:
    model = "DS-2CD2032F-I\x1b]8;;http://evil\x07"
    device = _device("10.0.0.16", Identity(device_type="camera", brand="hikvision", manufacturer="hikvision",
                                            model=model, firmware="V5.4.0 build 160401"))
    result = _result(device)
    lines = summary_lines(summarise(result), result)
    urgent = [ln for ln in lines if ln.startswith("  ")]
    assert urgent and all("\x1b" not in ln and "\x07" not in ln for ln in urgent)


def test_nothing_urgent_is_said_plainly() -> None:
    result = _result(_device("10.0.0.4", AXIS))
    lines = summary_lines(summarise(result), result)
    assert any(ln.startswith("Urgent: nothing") for ln in lines)
    assert lines[-1] == "Probe errors: none."


def test_a_possibly_restricted_device_gets_its_own_line_and_is_not_counted_restricted() -> None:
    # An undated Lorex camera: Dahua or Hikvision made it, depending on a date it did not give.
    lorex = resolve([Evidence("t.brand", "http.title", "Lorex", {"brand": "lorex", "device_type": "camera"}, 0.9, "t")])
    result = _result(_device("10.0.0.7", lorex, policy="us-federal"), _device("10.0.0.4", AXIS))
    lines = summary_lines(summarise(result), result)
    assert lines[0].endswith(", 0 restricted.")
    assert "Possibly restricted, maker uncertain: 1 device(s) whose brand has sold devices a restricted maker made." \
        in " ".join(lines)
    # A maybe is never urgent, even at high (us-federal: NDAA 889 critical, so a maybe is high).
    assert not urgent_findings(result.devices)
