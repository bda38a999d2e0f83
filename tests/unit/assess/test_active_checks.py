from __future__ import annotations

from collections.abc import Mapping, Sequence

from camaudit.assess import assess as assess_facts
from camaudit.identify.facts import device_facts
from camaudit.knowledge.loader import default_accounts
from camaudit.model import Finding, Identity, Observation


def _obs(fields: dict[str, str], port: int = 80) -> Observation:
    return Observation("127.0.0.9", port, "tcp", "auth", "scan", "2026-11-23T00:00:00Z", fields)


def _default(account: str, outcome: str) -> Observation:
    """What the default-credentials probe reports for one Dahua account it tried."""
    return _obs({"auth.default.check": "dahua", "auth.default.account": account, "auth.default.outcome": outcome})


CAMERA = Identity(device_type="camera", manufacturer="dahua", brand="dahua")


def assess(
    identity: Identity, *, observations: Sequence[Observation] = (), annotations: Mapping[str, str] | None = None,
    policy: str,
) -> tuple[Finding, ...]:
    """Assess what the observations establish, through the device facts as the audit does."""
    return assess_facts(identity, facts=device_facts(observations), annotations=annotations, policy=policy)


def test_accepted_default_account_is_critical() -> None:
    findings = assess(CAMERA, observations=[_default("admin", "rejected"), _default("888888", "accepted")],
                      policy="none")
    [finding] = [f for f in findings if f.kind == "default-credentials"]
    assert finding.severity == "critical" and finding.details["accounts"] == ["888888"]
    assert "password" in finding.remediation.lower()


def test_rejected_default_accounts_are_not_a_finding() -> None:
    findings = assess(CAMERA, observations=[_default("admin", "rejected")], policy="none")
    assert not [f for f in findings if f.kind == "default-credentials"]


def test_open_rtsp_stream() -> None:
    findings = assess(CAMERA, observations=[_obs({"rtsp.unauthenticated": "/Streaming/Channels/101"}, 554)], policy="none")
    [finding] = [f for f in findings if f.kind == "unauthenticated-rtsp"]
    assert finding.details == {"paths": ["/Streaming/Channels/101"], "ports": [554]}


def test_refused_credentials_say_could_not_check() -> None:
    findings = assess(CAMERA, observations=[_obs({"auth.dahua": "rejected"})], policy="none")
    [finding] = [f for f in findings if f.kind == "credentials-rejected"]
    assert finding.title.startswith("Could not check")


def test_cloud_switch_read_with_credentials() -> None:
    findings = assess(CAMERA, observations=[_obs({"dahua.cloud.p2p_enabled": "true"})], policy="none")
    assert [f.details["ecosystem"] for f in findings if f.kind == "cloud-enabled"] == ["easy4ip"]


def test_default_accounts_are_one_password_per_user() -> None:
    accounts = default_accounts()
    assert len({(a.vendor, a.username) for a in accounts}) == len(accounts)
    assert all(a.source for a in accounts)


def test_sensitive_place_flag_alone_raises_the_privacy_finding() -> None:
    def privacy(annotations: dict[str, str]) -> list[str]:
        found = assess(CAMERA, annotations=annotations, policy="none")
        return [f.kind for f in found if f.kind.startswith("privacy")]

    assert privacy({"site": "Gym", "sensitive_place": "yes"}) == ["privacy-sensitive-location"]
    assert privacy({"site": "Gym", "sensitive_place": "no"}) == []
