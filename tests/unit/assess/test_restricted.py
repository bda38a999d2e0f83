from __future__ import annotations

from camaudit.assess import assess
from camaudit.knowledge.loader import RegimesFile, load_file
from camaudit.model import Identity


def test_relabelled_hikvision_is_restricted_with_chain_and_citation() -> None:
    identity = Identity(device_type="camera", brand="annke", manufacturer="hikvision", confidence=0.9)
    findings = [f for f in assess(identity) if f.kind == "restricted"]
    regimes = {f.regime for f in findings}
    assert {"us-ndaa-889", "us-fcc-covered-list"} <= regimes
    ndaa = next(f for f in findings if f.regime == "us-ndaa-889")
    assert ndaa.chain == "brand Annke -> made by Hikvision -> named in US NDAA FY2019 Section 889"
    assert "Pub. L. 115-232" in ndaa.details["citation"]
    assert "sold as Annke but was made by Hikvision" in ndaa.explanation
    assert any(r.url and r.date for r in ndaa.references)
    assert ndaa.severity == "high" and ndaa.remediation


def test_subsidiary_follows_its_parent() -> None:
    findings = assess(Identity(device_type="camera", brand="ezviz", manufacturer="ezviz"))
    chains = {f.chain for f in findings if f.kind == "restricted"}
    assert "made by EZVIZ -> part of Hikvision -> named in US FCC Covered List" in chains


def test_unrestricted_and_unknown_makers_get_no_restriction() -> None:
    assert not [f for f in assess(Identity(device_type="camera", manufacturer="axis")) if f.kind == "restricted"]
    assert assess(Identity(device_type="not_camera")) == ()


def test_every_regime_loads_with_references() -> None:
    for regime in load_file(RegimesFile).regimes:
        assert regime.references and regime.citation and regime.covers
