"""Professional makers' numbers that say the product class (helper-126, 2026-12-04).

Before: AXIS P7701, a video decoder, was read by Axis's camera grammar; VIVOTEK's ND/NR recorders and VS video
servers by its camera grammar; Samsung Techwin's SRD DVRs by Hanwha's NVR grammar; Samsung's own SNC- cameras
(one letter and four digits, unlike Sony's SNC-) and SPE- encoders by nothing. The strings are the model names as
the manuals cited in ``layers/models.yaml`` print them, in the fields a scan or an import keeps them in; the
look-alikes (Sony's SNC- cameras, Visual Studio's VS2019, Axis's radar and siren, a Dahua NVR) keep their own
reading.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.model import Identity, Observation


def _seen(field: str, text: str) -> Identity:
    return identify([Observation("192.0.2.1", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", {field: text})])


def _type_conflicts(identity: Identity) -> list[tuple[str, str]]:
    return [(c.other, c.other_rule_id) for c in identity.conflicts if c.attribute == "device_type"]


@pytest.mark.parametrize(
    ("field", "text", "maker", "model", "device_type"),
    [
        # Axis's decoders: a video device, no longer a camera.
        ("http.title", "AXIS P7701 Video Decoder", "axis", "P7701", "video_device"),
        ("upnp.model_name", "AXIS P7701", "axis", "P7701", "video_device"),
        ("http.title", "AXIS D1110 Video Decoder 4K", "axis", "D1110", "video_device"),
        # VIVOTEK's recorders and video servers, beside the words their pages carry.
        ("http.title", "VIVOTEK ND9541P Network Video Recorder", "vivotek", "ND9541P", "nvr"),
        ("http.title", "ND9424P-V2 Network Video Recorder", "vivotek", "ND9424P", "nvr"),
        ("http.title", "NR7401 Network Video Recorder", "vivotek", "NR7401", "nvr"),
        ("http.title", "VS8102 Video Server", "vivotek", "VS8102", "video_encoder"),
        ("http.title", "VIVOTEK IB8369A Network Camera", "vivotek", "IB8369A", "camera"),
        # Samsung Techwin / Hanwha Vision.
        ("upnp.model_name", "SRD-1670DC", "hanwha", "SRD-1670DC", "dvr"),
        ("http.title", "Samsung SHR-9716", "hanwha", "SHR-9716", "dvr"),
        ("upnp.model_name", "SRN-1673S", "hanwha", "SRN-1673S", "nvr"),
        ("upnp.model_name", "SNC-B5399", "hanwha", "SNC-B5399", "camera"),
        # SNC-1300, Samsung's bare-digit form, is no longer named: SANTEC and SHANY number cameras the same way
        # (helper-183, tests/unit/identify/test_model_grammar_lists.py); the letter form still is.
        ("upnp.model_name", "SNC-C7478N", "hanwha", "SNC-C7478N", "camera"),
        ("upnp.model_name", "LRN-1610S", "hanwha", "LRN-1610S", "nvr"),  # invented number of the LRN series
        ("http.title", "Samsung Techwin SPE-400 Network Video Encoder", "hanwha", "SPE-400", "video_encoder"),
    ],
)
def test_the_number_gives_maker_model_and_class(field: str, text: str, maker: str, model: str,
                                                device_type: str) -> None:
    identity = _seen(field, text)
    assert identity.manufacturer == maker, identity.attribution
    assert identity.model == model
    assert identity.device_type is not None and identity.device_type.value == device_type
    assert [other for other, _ in _type_conflicts(identity) if other == "camera"] == []


@pytest.mark.parametrize(
    ("text", "maker", "model"),
    [
        ("SNC-CH110 Network Camera", "sony", "SNC-CH110"),  # Sony's SNC- numbers: at most three digits
        ("SNC-RZ25N Network Camera", "sony", "SNC-RZ25N"),
        ("AXIS P3245-LVE Network Camera", "axis", "P3245-LVE"),
        ("NVR4104-P-4KS2 NVR", "dahua", "NVR4104-P-4KS2"),
    ],
)
def test_look_alikes_keep_their_maker(text: str, maker: str, model: str) -> None:
    identity = _seen("http.title", text)
    assert (identity.manufacturer, identity.model) == (maker, model)


@pytest.mark.parametrize(
    "text",
    ["Solution built with VS2019", "VS2022 Community", "AXIS D2110-VE Security Radar", "ND9541P", "SPE-400"],
)
def test_no_decoder_recorder_or_encoder_is_claimed_from_a_look_alike_or_a_bare_number(text: str) -> None:
    identity = _seen("http.title", text)
    assert identity.model is None or identity.manufacturer == "axis"
    assert identity.device_type is None or identity.device_type.value in {"not_camera", "video_device"}
    if "AXIS" not in text:
        assert identity.manufacturer is None


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=99), st.sampled_from(["VS20", "vs20"]), st.text(max_size=20))
def test_visual_studio_versions_name_no_maker(minor: int, prefix: str, tail: str) -> None:
    identity = _seen("http.body", f"Built with {prefix}{minor:02d} {tail}")
    assert not any(e.rule_id.startswith("models.vivotek.video-server") for e in identity.evidence)


@pytest.mark.parametrize(
    ("text", "model", "ptz"),
    [("Honeywell HDZ30HDE IP PTZ Camera", "HDZ30HDE", True), ("HDZ20HD Network Camera", "HDZ20HD", True),
     ("HD4DIP Network Camera", "HD4DIP", False), ("HCD554MIH IP Camera", "HCD554MIH", False)],
)
def test_honeywells_numbers_name_the_brand_beside_a_camera_word(text: str, model: str, ptz: bool) -> None:
    identity = _seen("http.title", text)
    assert (identity.brand, identity.model) == ("honeywell", model)
    assert identity.device_type is not None and identity.device_type.value == "camera"
    assert ("ptz" in identity.capabilities) is ptz


@pytest.mark.parametrize("text", ["HD720IP Network Camera", "HD1080IP IP Camera", "HDZ30HD"])
def test_generic_resolution_names_and_a_bare_number_name_no_honeywell(text: str) -> None:
    assert _seen("http.title", text).brand != "honeywell"


@pytest.mark.parametrize(
    ("text", "model", "device_type"),
    [("IDIS DC-D4517RXP Network Camera", "DC-D4517RXP", "camera"), ("DC-E1112WR IP Camera", "DC-E1112WR", "camera"),
     ("DR-6100P Network Video Recorder", "DR-6100P", "nvr")],
)
def test_idis_numbers_name_idis_beside_a_video_word(text: str, model: str, device_type: str) -> None:
    identity = _seen("http.title", text)
    assert (identity.manufacturer, identity.model) == ("idis", model)
    assert identity.device_type is not None and identity.device_type.value == device_type


@pytest.mark.parametrize(
    "text",
    ["Brother DR-2400 drum unit", "TASCAM DR-100MKIII", "Panasonic LUMIX DC-FZ1000M2 camera", "DC-D4517RXP"],
)
def test_drum_units_audio_recorders_still_cameras_and_a_bare_number_name_no_idis(text: str) -> None:
    assert _seen("http.title", text).manufacturer != "idis"


@pytest.mark.parametrize("text", ["WV-CU950", "WV-CU650 System Controller", "WV-CU360C"])
def test_panasonics_system_controllers_are_not_cameras(text: str) -> None:
    identity = _seen("http.title", text)
    assert identity.device_type is None or identity.device_type.value != "camera"
    assert identity.model is None


def test_panasonics_wv_c_cameras_keep_their_reading() -> None:
    identity = _seen("upnp.model_name", "WV-CS850")
    assert (identity.brand, identity.model) == ("panasonic", "WV-CS850")
    assert identity.device_type is not None and identity.device_type.value == "camera"


@pytest.mark.parametrize(("text", "model"), [("Pelco IXE20DN Network Camera", "IXE20DN"), ("IMP519 IP Camera", "IMP519"),
                                             ("IM10DN10-1E Network Camera", "IM10DN10-1E")])
def test_pelcos_first_sarix_names_name_pelco_beside_a_camera_word(text: str, model: str) -> None:
    identity = _seen("http.title", text)
    assert (identity.manufacturer, identity.model) == ("pelco", model)


@pytest.mark.parametrize("text", ["Hyundai ix35 dealer", "IX35", "IMPORT519 Network Camera"])
def test_a_car_a_bare_number_or_a_word_names_no_pelco(text: str) -> None:
    assert _seen("http.title", text).manufacturer != "pelco"
