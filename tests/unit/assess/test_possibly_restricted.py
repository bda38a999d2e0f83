"""``restricted-possible``: a brand that has sold devices a restricted company made, on a device that does not
settle who made it.

Identities come from :func:`resolve` on evidence shaped like what the rules capture (a brand, a device type, a
date of manufacture from a serial), so the OEM table's real rows decide, as they do for a user. Expected
severities are written out from policies.yaml, not computed by the code under test.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.assess import assess
from camaudit.identify import resolve
from camaudit.knowledge.loader import vendors
from camaudit.model import Evidence, Finding, Identity

POSSIBLE = "restricted-possible"


def _device(brand: str, *, made: str | None = None, device_type: str = "camera", maker: str | None = None) -> Identity:
    asserts = {"brand": brand, "device_type": device_type}
    if made is not None:
        asserts["made"] = made
    evidence = [Evidence("t.brand", "http.title", brand, asserts, 0.9, "test")]
    if maker is not None:
        evidence.append(Evidence("t.firmware", "rtsp.server", maker, {"manufacturer": maker}, 0.8, "test"))
    return resolve(evidence)


def _kinds(findings: tuple[Finding, ...], kind: str) -> dict[str, Finding]:
    return {f.regime or "": f for f in findings if f.kind == kind}


def test_an_undated_lorex_is_possibly_dahua_or_hikvision_made_never_surely() -> None:
    identity = _device("lorex")
    assert identity.manufacturer is None
    findings = assess(identity)
    assert not _kinds(findings, "restricted")
    possible = _kinds(findings, POSSIBLE)
    # Policy "all": each regime's default severity (high, high, medium, medium, low, low), one step lower.
    assert {r: f.severity for r, f in possible.items()} == {
        "us-ndaa-889": "medium",
        "us-fcc-covered-list": "medium",
        "us-dod-1260h": "low",
        "uk-2022-sensitive-sites": "low",
        "us-entity-list": "info",
        "au-2023-removals": "info",
    }
    ndaa = possible["us-ndaa-889"]
    assert ndaa.title == "Possibly made by Dahua or Hikvision: restricted under US NDAA FY2019 Section 889 if so"
    assert ndaa.chain == (
        "brand Lorex -> possibly made by Dahua (made from 2018-01-01 until 2022-11-24, confidence 0.8) or "
        "Hikvision (made before 2018-01-01, confidence 0.3) -> named in US NDAA FY2019 Section 889"
    )
    candidates = {c["manufacturer"]: c for c in ndaa.details["candidates"]}
    assert candidates["dahua"]["since"] == "2018-01-01" and candidates["dahua"]["until"] == "2022-11-24"
    assert candidates["hikvision"]["since"] is None and candidates["hikvision"]["until"] == "2018-01-01"
    assert candidates["dahua"]["confidence"] == 0.8 and candidates["hikvision"]["confidence"] == 0.3
    assert "aiodahua" in candidates["dahua"]["source"] and "getscw.com" in candidates["hikvision"]["source"]
    assert ndaa.details["manufacturer"] is None and ndaa.details["made"] is None
    # Never the maker as fact; what the regime covers in its own words; what settles it.
    assert "was made by" not in ndaa.explanation and "could not tell which company made it" in ndaa.explanation
    assert "produced by Hytera, Hikvision or Dahua" in ndaa.explanation
    assert "who produced the equipment, not the name on it" in ndaa.explanation
    for check in ("date code or manufacture date", "label", "OEM cross-reference", "firmware family", "MAC address"):
        assert check in ndaa.remediation
    assert ndaa.references and "Pub. L. 115-232" in ndaa.details["citation"]


def test_the_uk_direction_is_worded_as_covering_not_naming() -> None:
    uk = _kinds(assess(_device("lorex")), POSSIBLE)["uk-2022-sensitive-sites"]
    assert uk.title.startswith("Possibly made by Dahua or Hikvision: covered by UK Cabinet Office direction")
    assert "counts among the companies it covers" in uk.explanation
    assert "National Intelligence Law" in uk.explanation
    assert uk.chain is not None and uk.chain.endswith(
        "-> covered by UK Cabinet Office direction on surveillance systems at sensitive sites (24 Nov 2022)"
    )


def test_a_lorex_made_in_2020_is_dahua_made_and_surely_restricted() -> None:
    findings = assess(_device("lorex", made="20200315"))
    restricted = _kinds(findings, "restricted")
    assert restricted["us-ndaa-889"].chain == "brand Lorex -> made by Dahua -> named in US NDAA FY2019 Section 889"
    assert not _kinds(findings, POSSIBLE)


def test_a_lorex_made_in_2017_is_possibly_hikvision_made_by_the_only_row_for_that_date() -> None:
    # The date picks the row, but that row is graded weak (0.3, one community source): the identity names
    # Hikvision, the restriction stays possible (docs/assessment.md, "A maker from a weak OEM row").
    identity = _device("lorex", made="20170601")
    assert identity.manufacturer == "hikvision"
    findings = assess(identity)
    assert not _kinds(findings, "restricted")
    ndaa = _kinds(findings, POSSIBLE)["us-ndaa-889"]
    assert [c["manufacturer"] for c in ndaa.details["candidates"]] == ["hikvision"]
    assert ndaa.details["made"] == "2017-06-01" and ndaa.details["manufacturer_from_weak_row"] is True


def test_a_lorex_made_in_2024_has_neither_finding() -> None:
    # Skywatch's Lorex: no row covers devices made after the sale on 2022-11-24.
    findings = assess(_device("lorex", made="20240110"))
    assert not _kinds(findings, "restricted") and not _kinds(findings, POSSIBLE)


def test_a_swann_is_raysharp_made_and_possibly_hikvision_made() -> None:
    identity = _device("swann")
    assert identity.manufacturer == "raysharp"
    findings = assess(identity)
    # The UK direction already covers Raysharp (a PRC company): said once, as a fact, not again as a maybe.
    assert set(_kinds(findings, "restricted")) == {"uk-2022-sensitive-sites"}
    possible = _kinds(findings, POSSIBLE)
    assert "uk-2022-sensitive-sites" not in possible
    ndaa = possible["us-ndaa-889"]
    assert [c["manufacturer"] for c in ndaa.details["candidates"]] == ["hikvision"]
    assert ndaa.details["candidates"][0]["confidence"] == 0.3
    assert "camaudit took Raysharp as its maker from the likeliest OEM relation" in ndaa.explanation
    assert "of any date (the relation is by product line)" in ndaa.explanation


def test_a_swann_whose_firmware_names_its_maker_is_settled() -> None:
    findings = assess(_device("swann", maker="raysharp"))
    assert not _kinds(findings, POSSIBLE)


def test_a_brand_that_makes_its_own_devices_or_has_no_rows_gets_none() -> None:
    for brand in ("axis", "hikvision", "zosi", "reolink"):
        assert not _kinds(assess(_device(brand)), POSSIBLE), brand
    # Panasonic's only row (i-PRO, since 2019) names a maker no regime covers.
    assert not _kinds(assess(_device("panasonic")), POSSIBLE)


def test_a_brand_whose_other_makers_are_covered_by_the_same_regimes_adds_nothing() -> None:
    # Annke: Hikvision (0.6) is applied; the Dahua row (0.3) would only repeat the regimes Hikvision is under.
    findings = assess(_device("annke"))
    assert _kinds(findings, "restricted") and not _kinds(findings, POSSIBLE)


def test_a_non_video_device_of_the_brand_gets_none() -> None:
    assert not _kinds(assess(_device("lorex", device_type="router")), POSSIBLE)


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ("us-federal", {"us-ndaa-889": "high", "us-fcc-covered-list": "high", "us-dod-1260h": "medium",
                        "us-entity-list": "low"}),
        ("uk-school", {"uk-2022-sensitive-sites": "low", "us-ndaa-889": "info", "us-fcc-covered-list": "info"}),
        ("none", {}),
    ],
)
def test_the_policy_profile_sets_the_severity_one_step_below_the_confirmed_one(
    policy: str, expected: dict[str, str]
) -> None:
    possible = _kinds(assess(_device("lorex"), policy=policy), POSSIBLE)
    assert {r: f.severity for r, f in possible.items()} == expected


_BRANDS = sorted(vendors())


@settings(max_examples=150, deadline=None)
@given(
    brand=st.sampled_from(_BRANDS),
    made=st.one_of(st.none(), st.text(max_size=12), st.dates().map(lambda d: d.strftime("%Y%m%d"))),
    device_type=st.sampled_from(["camera", "nvr", "dvr", "video_device", "router", "not_camera", "printer"]),
    policy=st.sampled_from(["all", "us-federal", "us-contractor", "uk-public-sector", "uk-school", "none"]),
)
def test_any_brand_date_and_policy_give_hedged_findings_or_none(
    brand: str, made: str | None, device_type: str, policy: str
) -> None:
    identity = _device(brand, made=made, device_type=device_type)
    findings = assess(identity, policy=policy)
    sure = {f.regime for f in findings if f.kind == "restricted"}
    for f in findings:
        if f.kind != POSSIBLE:
            continue
        assert identity.is_video_device and f.regime not in sure
        assert f.title.startswith("Possibly made by ") and f.title.endswith(" if so")
        # The maker resolution named is a candidate only when a weak OEM row gave it (it settled nothing).
        assert f.details["candidates"] and (f.details["manufacturer_from_weak_row"] or all(
            c["manufacturer"] != identity.manufacturer for c in f.details["candidates"]))
        assert "possibly made by" in (f.chain or "")
