from __future__ import annotations

from pathlib import Path

import pytest

from camaudit.assess import assess
from camaudit.knowledge.loader import KnowledgeError, RegimesFile, load_file, regimes
from camaudit.model import Finding, Identity


def _restricted(identity: Identity, policy: str = "all") -> dict[str, Finding]:
    return {f.regime: f for f in assess(identity, policy=policy) if f.kind == "restricted"}


def test_every_regime_has_citation_dates_members_and_references() -> None:
    ids = {r.id for r in regimes()}
    assert ids == {"us-ndaa-889", "us-fcc-covered-list", "us-entity-list", "us-dod-1260h",
                   "uk-2022-sensitive-sites", "au-2023-removals"}
    for regime in regimes():
        assert regime.citation and regime.references and regime.milestones and regime.members
        assert all(m.since and m.source and m.confidence in "HML" for m in regime.members)


@pytest.mark.parametrize(
    ("regime", "citation_part", "since"),
    [
        ("us-ndaa-889", "Pub. L. 115-232", "2018-08-13"),
        ("us-fcc-covered-list", "DA 21-309", "2021-03-12"),
        ("us-entity-list", "2019-22210", "2019-10-09"),
        ("us-dod-1260h", "Pub. L. 116-283", "2022-10-05"),
        ("uk-2022-sensitive-sites", "24 Nov 2022", "2022-11-24"),
        ("au-2023-removals", "9 Feb 2023", "2023-02-09"),
    ],
)
def test_each_regime_shows_the_oem_chain_and_its_citation(regime: str, citation_part: str, since: str) -> None:
    # Amcrest is the name on the box; Dahua made it; every regime covers Dahua.
    found = _restricted(Identity(device_type="camera", brand="amcrest", manufacturer="dahua"))
    finding = found[regime]
    assert finding.chain.startswith("brand Amcrest -> made by Dahua -> ")
    assert citation_part in finding.details["citation"]
    assert finding.details["listed_since"] == since
    assert "sold as Amcrest but was made by Dahua" in finding.explanation


def test_dod_1260h_dates_are_per_company() -> None:
    hik = _restricted(Identity(device_type="camera", manufacturer="hikvision"))["us-dod-1260h"]
    dahua = _restricted(Identity(device_type="camera", manufacturer="dahua"))["us-dod-1260h"]
    assert hik.details["listed_since"] == "2021"
    assert dahua.details["listed_since"] == "2022-10-05"


def test_uk_direction_names_no_vendor_and_covers_prc_makers_by_country() -> None:
    uniview = _restricted(Identity(device_type="camera", manufacturer="uniview"))
    assert set(uniview) == {"uk-2022-sensitive-sites"}
    assert uniview["uk-2022-sensitive-sites"].chain == (
        "made by Uniview -> covered by UK Cabinet Office direction on surveillance systems at sensitive sites "
        "(24 Nov 2022)"
    )
    # Reolink is not a listed member, but vendors.yaml registers it in CN: covered, and said to be by country.
    reolink = _restricted(Identity(device_type="camera", manufacturer="reolink"))["uk-2022-sensitive-sites"]
    assert reolink.details["matched_by"] == "country"
    assert "registered in CN" in reolink.chain
    assert not _restricted(Identity(device_type="camera", manufacturer="axis"))


def test_subsidiary_inherits_through_parent_with_chain() -> None:
    found = _restricted(Identity(device_type="camera", brand="hikmicro", manufacturer="hikmicro"))
    assert found["us-entity-list"].chain == (
        "made by HIKMICRO -> part of Hikvision -> named in US Commerce Entity List"
    )


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "regimes.yaml"
    path.write_text(body, encoding="utf-8")
    return path


BASE = """regimes:
  - id: x
    name: X
    jurisdiction: US
    citation: c
    scope: s
    applies_to: a
    confidence: H
    references: [{title: t}]
    members: [{vendor: %s, since: "%s", confidence: H, source: s}]
"""


@pytest.mark.parametrize(
    ("vendor", "since", "problem"),
    [("nosuchvendor", "2020-01-01", "not a vendor id"), ("hikvision", "13 Aug 2019", "must be YYYY-MM-DD")],
)
def test_bad_regime_entries_fail_loudly(tmp_path: Path, vendor: str, since: str, problem: str) -> None:
    with pytest.raises(KnowledgeError, match=problem):
        load_file(RegimesFile, _write(tmp_path, BASE % (vendor, since)))
