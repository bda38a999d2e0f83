from __future__ import annotations

import pytest

from camaudit.assess import assess
from camaudit.assess.policy import PolicyError, get_policy, policy_names
from camaudit.model import Identity

HIK = Identity(device_type="camera", brand="annke", manufacturer="hikvision")


def _severities(policy: str, identity: Identity = HIK) -> dict[str, str]:
    return {f.regime: f.severity for f in assess(identity, policy=policy) if f.kind == "restricted"}


def test_profiles_exist_with_plain_english_descriptions() -> None:
    assert set(policy_names()) == {"all", "us-federal", "us-contractor", "uk-public-sector", "uk-school", "none"}
    for name in policy_names():
        assert len(get_policy(name).description) > 60


def test_all_uses_every_regime_at_its_default() -> None:
    # Every regime in regimes.yaml names Hikvision; each at its default_severity there.
    assert _severities("all") == {
        "us-ndaa-889": "high",
        "us-fcc-covered-list": "high",
        "us-entity-list": "low",
        "us-dod-1260h": "medium",
        "uk-2022-sensitive-sites": "medium",
        "au-2023-removals": "low",
    }


def test_us_federal_makes_889_and_fcc_critical() -> None:
    assert _severities("us-federal") == {
        "us-ndaa-889": "critical",
        "us-fcc-covered-list": "critical",
        "us-dod-1260h": "high",
        "us-entity-list": "medium",
    }


def test_us_contractor() -> None:
    assert _severities("us-contractor") == {
        "us-ndaa-889": "high",
        "us-fcc-covered-list": "medium",
        "us-dod-1260h": "medium",
        "us-entity-list": "low",
    }


def test_uk_school_is_a_medium_advisory_with_us_regimes_as_info() -> None:
    sev = _severities("uk-school")
    assert sev == {"uk-2022-sensitive-sites": "medium", "us-ndaa-889": "info", "us-fcc-covered-list": "info"}


def test_uk_public_sector_binds_the_uk_direction_hard() -> None:
    assert _severities("uk-public-sector") == {
        "uk-2022-sensitive-sites": "high",
        "us-ndaa-889": "info",
        "us-fcc-covered-list": "info",
        "us-dod-1260h": "info",
        "au-2023-removals": "info",
    }


def test_none_reports_no_restriction_but_keeps_other_findings() -> None:
    identity = Identity(device_type="camera", manufacturer="hikvision", model="DS-2CD2132F-I",
                        firmware="V5.4.0 build 160401")
    kinds = {f.kind for f in assess(identity, policy="none")}
    assert "restricted" not in kinds and "vulnerability" in kinds


def test_unknown_policy_is_a_one_line_error_naming_the_valid_ones() -> None:
    with pytest.raises(PolicyError) as caught:
        assess(HIK, policy="us-fedral")
    message = str(caught.value)
    assert "\n" not in message and "us-fedral" in message and "us-federal" in message and "uk-school" in message
