from __future__ import annotations

from camaudit.assess import assess
from camaudit.audit import build_device
from camaudit.identify import resolve
from camaudit.knowledge.loader import RegimesFile, load_file
from camaudit.model import Device, Evidence, Identity, Observation, Service
from camaudit.scan.engine import HostReport


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


def test_a_maker_from_a_weak_oem_row_is_possibly_restricted_never_confirmed() -> None:
    # Honeywell -> Dahua is a 0.3 row (one community source, graded L); the Hikvision row ends in 2021. The
    # identity keeps Dahua as its likeliest maker, but a restriction on it is only possible: counted apart.
    identity = _resolved("honeywell")
    assert identity.manufacturer == "dahua"
    findings = assess(identity)
    assert not [f for f in findings if f.kind == "restricted"]
    ndaa = next(f for f in findings if f.kind == "restricted-possible" and f.regime == "us-ndaa-889")
    assert ndaa.title == "Possibly made by Dahua or Hikvision: restricted under US NDAA FY2019 Section 889 if so"
    assert ndaa.chain == (
        "brand Honeywell -> possibly made by Dahua (of any date (the relation is by product line), confidence 0.3) "
        "or Hikvision (made before 2021-01-01, confidence 0.3) -> named in US NDAA FY2019 Section 889"
    )
    assert "name Dahua as its maker, but only weakly (confidence 0.3" in ndaa.explanation
    assert "source: https://www.getscw.com" in ndaa.explanation
    assert ndaa.severity == "medium"  # one step below the confirmed finding's "high" under the policy "all"
    assert ndaa.details["manufacturer"] == "dahua" and ndaa.details["manufacturer_from_weak_row"] is True
    # Interlogix's only row (Hikvision, 0.4) is weak too: possible, never confirmed.
    interlogix = assess(_resolved("interlogix"))
    assert not [f for f in interlogix if f.kind == "restricted"]
    assert any(f.kind == "restricted-possible" and f.regime == "us-ndaa-889" for f in interlogix)


def test_a_maker_the_device_names_or_a_firm_oem_row_is_stated_plainly() -> None:
    named = next(f for f in assess(_resolved("honeywell", maker="dahua")) if f.regime == "us-ndaa-889")
    assert named.title == "Made by Dahua: restricted under US NDAA FY2019 Section 889"
    assert "sold as Honeywell but was made by Dahua" in named.explanation and named.details["maker_from"] == "device"
    firm = next(f for f in assess(_resolved("amcrest")) if f.regime == "us-ndaa-889")
    assert firm.title == "Made by Dahua: restricted under US NDAA FY2019 Section 889"
    assert firm.details["maker_from"] == "oem-table" and firm.details["oem_row"]["confidence"] == 0.9


def _device_answering(manufacturer: str, model: str) -> Device:
    """The device a scan builds from one ONVIF GetDeviceInformation answer naming ``manufacturer`` and ``model``."""
    fields = {"onvif.device_info.manufacturer": manufacturer, "onvif.device_info.model": model}
    answer = Observation("127.0.0.9", 80, "tcp", "onvif", "scan", "2026-12-05T03:00:00Z", fields)
    device = build_device(HostReport("127.0.0.9", observations=[answer], services=[Service(80, "tcp", "http")]))
    assert device is not None
    return device


def test_a_relabelled_camera_of_a_dahua_built_line_is_restricted_with_the_line_in_its_chain() -> None:
    # Lorex's rows are dated (Dahua 2018 to 2022-11): an undated Lorex names no maker. The E8 line's own row
    # (oems.yaml, models E8..) settles it for that line, and the finding says which row and line.
    device = _device_answering("Lorex", "E891AB")
    assert (device.identity.brand, device.identity.manufacturer) == ("lorex", "dahua")
    ndaa = next(f for f in device.findings if f.kind == "restricted" and f.regime == "us-ndaa-889")
    assert ndaa.chain == (
        "brand Lorex -> product line Lorex E8-series PoE IP cameras (E841CD, E891AB, E893AB, E896AB) -> made by "
        "Dahua -> named in US NDAA FY2019 Section 889"
    )
    assert "sold as Lorex but was made by Dahua" in ndaa.explanation
    assert ndaa.details["maker_from"] == "oem-table"
    assert ndaa.details["oem_row"]["models"] and "rroller/dahua" in ndaa.details["oem_row"]["source"]
    assert any(f.kind == "restricted" and f.regime == "us-fcc-covered-list" for f in device.findings)
    # Another Lorex model: no line row, no date -- only possibly restricted, and not through the E8 line.
    recorder = _device_answering("Lorex", "LNR6100")
    assert not [f for f in recorder.findings if f.kind == "restricted"]
    possible = next(f for f in recorder.findings if f.kind == "restricted-possible" and f.regime == "us-ndaa-889")
    assert possible.chain is not None and "by product line" not in possible.chain
    assert "made from 2018-01-01 until 2022-11-24" in possible.chain


def test_a_camera_of_a_known_line_is_not_held_to_the_brand_s_other_lines() -> None:
    # Swann's weak Hikvision row (0.3) makes any Swann "possibly Hikvision-made"; an NHD-818 is of the line the
    # Reolink row names, so it is not -- while a Swann DVR of no known line still is.
    bc = _device_answering("Swann", "NHD-818")
    assert bc.identity.manufacturer == "reolink"
    assert not [f for f in bc.findings if f.kind == "restricted-possible"]
    dvr = _device_answering("Swann", "DVR-4580")
    assert dvr.identity.manufacturer == "raysharp"
    assert any(f.kind == "restricted-possible" and "Hikvision" in (f.chain or "") for f in dvr.findings)
