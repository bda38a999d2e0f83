"""Product lines whose numbers named no maker or the wrong class before (helper-110, 2026-12-04): Dahua's DVRs
(XVR, HCVR: typed NVRs), Hikvision's traffic cameras (iDS-TCM, -TCV, -TVJ ...), UniFi Protect's recorders (UNVR),
Grandstream's door systems (GDS37xx) and Tenda's cameras (Tenda CP3 ...), with Tenda's routers as the look-alike.

Model strings come from the sources cited in ``layers/models.yaml`` and ``layers/lexicon_consumer.yaml``
(Dahua's AI DVR manual, JoeyGE0/hikvision-fw-archive, uiprotect, grandstream-home-api, StrixCamDB's Tenda list);
the MAC blocks are Tenda's in the IEEE registry.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify, match_fields
from camaudit.model import Identity, Observation


def _seen(fields: dict[str, str], protocol: str = "upnp", port: int = 1900) -> Identity:
    return identify([Observation("192.0.2.1", port, "tcp", protocol, "import", "2026-01-01T00:00:00Z", fields)])


@pytest.mark.parametrize(
    ("text", "maker", "model", "device_type", "capabilities"),
    [
        ("DH-XVR4232AN-I", "dahua", "DH-XVR4232AN-I", "dvr", set()),
        ("XVR5108HS-X", "dahua", "XVR5108HS-X", "dvr", set()),
        ("HCVR5104HS-S3", "dahua", "HCVR5104HS-S3", "dvr", set()),
        ("NVR4104-P-4KS2", "dahua", "NVR4104-P-4KS2", "nvr", set()),
        ("IDS-TCM403-B", "hikvision", "IDS-TCM403-B", "camera", {"plate_recognition"}),
        ("IDS-TVJ860-GIR", "hikvision", "IDS-TVJ860-GIR", "camera", {"plate_recognition"}),
        ("UNVR Pro", "ubiquiti", "UNVR Pro", "nvr", set()),
        ("GDS3710", "grandstream", "GDS3710", "intercom", {"doorbell"}),
        ("Tenda CP3", "tenda", "CP3", "camera", set()),
        ("Tenda IC7-L(P)RS", "tenda", "IC7-L(P)RS", "camera", set()),
    ],
)
def test_the_line_is_named_and_typed(
    text: str, maker: str, model: str, device_type: str, capabilities: set[str]
) -> None:
    identity = _seen({"upnp.model_name": text})
    assert maker in (identity.manufacturer, identity.brand), identity.attribution
    assert identity.model == model
    assert identity.device_type is not None and identity.device_type.value == device_type
    assert set(identity.capabilities) == capabilities


def test_the_dahua_grammars_no_longer_call_an_xvr_an_nvr() -> None:
    # (The device-type words still read "XVR" as a recorder word; that layer is not this change's.)
    evidence = match_fields({"upnp.model_name": "XVR5108HS-X"})
    types = {e.rule_id: e.asserts.get("device_type") for e in evidence if e.rule_id.startswith("models.dahua.")}
    assert types == {"models.dahua.dvr": "dvr"}


@pytest.mark.parametrize(
    "fields",
    [
        {"http.title": "Tenda"},  # a Tenda router's login page
        {"http.title": "Tenda AC1200 Smart Dual-Band Router"},
        {"upnp.model_name": "Tenda N301"},
        {"upnp.manufacturer": "Shenzhen Tenda Technology Co., Ltd."},
        {"mac": "c8:3a:35:12:34:56"},  # IEEE: Tenda Technology Co., Ltd.
    ],
)
def test_tenda_routers_are_no_camera_and_name_nobody(fields: dict[str, str]) -> None:
    identity = _seen(fields, "http", 80)
    assert identity.manufacturer is None and identity.brand is None, identity.attribution
    assert not identity.is_video_device


def test_a_tenda_block_beside_a_camera_realm_names_tenda() -> None:
    # A camera word is video evidence; Tenda's own block then names its maker (a multi-product maker's block
    # counts only beside video evidence).
    identity = _seen({"mac": "b4:0f:3b:12:34:56", "http.www_authenticate": 'Basic realm="IP Camera"'}, "http", 80)
    assert identity.is_video_device
    assert "tenda" in (identity.manufacturer, identity.brand), identity.attribution


@settings(deadline=None)
@given(
    line=st.sampled_from(["AC", "N", "F", "W", "MW", "AX", "TX", "RX", "EM", "O", "B", "U"]),
    number=st.integers(1, 99999),
)
def test_tenda_router_numbers_never_read_as_tenda_cameras(line: str, number: int) -> None:
    evidence = match_fields({"upnp.model_name": f"Tenda {line}{number}"})
    assert "lexicon.tenda.cameras" not in {e.rule_id for e in evidence}


@settings(deadline=None)
@given(
    family=st.sampled_from(["P", "D", "B", "K", "N", "A", "E", "S", "X"]),
    code=st.from_regex(r"\A[0-9A-Z]{3}-[0-9A-Z]{1,5}\Z"),
)
def test_other_hikvision_t_numbers_are_not_traffic_cameras(family: str, code: str) -> None:
    evidence = match_fields({"upnp.model_name": f"DS-T{family}{code}"})
    assert "models.hikvision.traffic" not in {e.rule_id for e in evidence}


def test_an_lts_numbered_recorder_on_dahua_firmware_is_not_sent_to_hikvision() -> None:
    # aiodahua's tested hardware: an "LTN6416" answering Dahua's API on Dahua's own 4.001.0000005.4.R firmware.
    # The LTS grammar would have made it an LTS, so Hikvision-made through the OEM table; its number now names
    # nobody and the firmware's own signs decide.
    identity = _seen({"upnp.model_name": "LTN6416"})
    assert identity.manufacturer != "hikvision" and identity.brand != "lts", identity.attribution
    assert _seen({"upnp.model_name": "LTN8708K-P8"}).brand == "lts"
