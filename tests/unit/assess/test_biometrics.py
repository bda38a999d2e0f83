"""The biometric-capability privacy finding: face analytics seen in the identity → ICO guidance."""

from __future__ import annotations

from camaudit.assess import assess
from camaudit.identify import identify
from camaudit.model import Identity, Observation


def _obs(fields: dict[str, str]) -> Observation:
    return Observation("192.0.2.9", 80, "tcp", "http", "scan", "2026-01-01T00:00:00Z", fields)


def test_face_terminal_model_gets_a_biometric_finding() -> None:
    identity = identify([_obs({"http.title": "DS-K1T671MF"})])
    assert "face_analytics" in identity.capabilities
    findings = [f for f in assess(identity) if f.kind == "privacy-biometric-capability"]
    assert len(findings) == 1
    assert findings[0].severity == "medium"
    assert any("ico.org.uk" in (r.url or "") for r in findings[0].references)


def test_reported_isapi_capabilities_give_face_analytics_and_a_done_dpia_lowers_severity() -> None:
    identity = identify([_obs({"http.server": "App-webs/", "hik.isapi.capabilities": "Audio,FaceDetect"})])
    assert set(identity.capabilities) >= {"audio", "face_analytics"}
    findings = [f for f in assess(identity, annotations={"dpia": "done"}) if f.kind == "privacy-biometric-capability"]
    assert [f.severity for f in findings] == ["low"]


def test_no_finding_without_face_capability_or_for_non_video() -> None:
    identity = identify([_obs({"http.title": "DS-2CD2143G2-I"})])
    assert not [f for f in assess(identity) if f.kind == "privacy-biometric-capability"]
    printer = Identity(device_type="printer", capabilities=("face_analytics",))
    assert not [f for f in assess(printer) if f.kind == "privacy-biometric-capability"]
