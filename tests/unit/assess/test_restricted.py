from __future__ import annotations

from camaudit.assess import assess
from camaudit.identify import resolve
from camaudit.knowledge.loader import RegimesFile, load_file
from camaudit.model import Evidence, Identity


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


def _resolved(brand: str, *, maker: str | None = None) -> Identity:
    evidence = [Evidence("t.brand", "http.title", brand, {"brand": brand, "device_type": "camera"}, 0.9, "test")]
    if maker is not None:
        evidence.append(Evidence("t.firmware", "rtsp.server", maker, {"manufacturer": maker}, 0.8, "test"))
    return resolve(evidence)


def test_a_maker_from_a_weak_oem_row_is_restricted_but_said_to_be_weakly_sourced() -> None:
    # Honeywell -> Dahua is a 0.3 row (one community source, graded L); the Hikvision row ends in 2021.
    identity = _resolved("honeywell")
    assert identity.manufacturer == "dahua"
    ndaa = next(f for f in assess(identity) if f.kind == "restricted" and f.regime == "us-ndaa-889")
    assert ndaa.title == "Made by Dahua (weak OEM source): restricted under US NDAA FY2019 Section 889"
    assert ndaa.chain == (
        "brand Honeywell -> made by Dahua (weak OEM row, confidence 0.3) -> named in US NDAA FY2019 Section 889"
    )
    assert "was made by" not in ndaa.explanation
    assert "only weakly (confidence 0.3; source: https://www.getscw.com" in ndaa.explanation
    assert "confirm who made it before acting on this finding" in ndaa.explanation
    assert ndaa.details["maker_from"] == "oem-table" and ndaa.details["oem_row"]["confidence"] == 0.3


def test_a_maker_the_device_names_or_a_firm_oem_row_is_stated_plainly() -> None:
    named = next(f for f in assess(_resolved("honeywell", maker="dahua")) if f.regime == "us-ndaa-889")
    assert named.title == "Made by Dahua: restricted under US NDAA FY2019 Section 889"
    assert "sold as Honeywell but was made by Dahua" in named.explanation and named.details["maker_from"] == "device"
    firm = next(f for f in assess(_resolved("amcrest")) if f.regime == "us-ndaa-889")
    assert firm.title == "Made by Dahua: restricted under US NDAA FY2019 Section 889"
    assert firm.details["maker_from"] == "oem-table" and firm.details["oem_row"]["confidence"] == 0.9
