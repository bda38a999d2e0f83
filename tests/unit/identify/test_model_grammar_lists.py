"""Model-number grammars fixed from independent model lists (helper-183, 2026-12-05).

bench/models.py measured the grammars on model lists no grammar was written from (tests/data/devmodels.jsonl: a
camera-model dataset of a device-recognition project; tests/data/devmodels_blind.jsonl: NetBox's device-type library
and SANE's Epson scanner list). The numbers below are those lists' own, in the field a device writes its model in
(UPnP ``modelName``); the look-alikes are the other makers' numbers the same lists hold.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.model import Identity, Observation

#: A page title that types a camera and names nobody: the "beside video" of bench/models.py.
VIDEO_SIGN = {"http.title": "Network Camera"}


def _seen(model: str, *, beside_video: bool = False) -> Identity:
    fields = {"upnp.model_name": model, **(VIDEO_SIGN if beside_video else {})}
    return identify([Observation("192.0.2.1", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", fields)])


def _type(identity: Identity) -> str | None:
    return identity.device_type.value if identity.device_type is not None else None


@pytest.mark.parametrize(
    ("model", "maker"),
    [
        # Dahua's SD63xx/64xx/69xx speed domes end -HN: VIVOTEK's general grammar named them VIVOTEK.
        ("SD6370-HN", "dahua"),
        ("SD6980-HN", "dahua"),
        # VIVOTEK's stainless-steel speed domes end -SS: dahua.ptz named them Dahua.
        ("SD8323E-SS", "vivotek"),
        ("SD8362E-SS", "vivotek"),
    ],
)
def test_speed_dome_numbers_name_their_own_maker_beside_video(model: str, maker: str) -> None:
    identity = _seen(model, beside_video=True)
    assert identity.manufacturer == maker, identity.attribution
    assert identity.brand in (maker, None)
    assert "ptz" in identity.capabilities


def test_stardot_sd_numbers_name_neither_speed_dome_maker() -> None:
    for model in ("SD130BN", "SDH1000B", "SD500VN"):
        identity = _seen(model, beside_video=True)
        assert identity.manufacturer is None, (model, identity.attribution)


@pytest.mark.parametrize(
    ("model", "maker", "device_type", "ptz"),
    [
        ("SD4E23-PG-E0-X", "pelco", "camera", True),
        ("SD4N-B0", "pelco", "camera", True),
        ("DH-HAC-HFW1100RN-VF", "dahua", "camera", False),
        ("IPC-K200W", "dahua", "camera", False),
        ("DH-IPC-HD1200C-W", "dahua", "camera", False),
        ("SNCCH110/B", "sony", "camera", False),
        ("SNC_ER585H", "sony", "camera", True),
        ("SNC-ZP550", "sony", "camera", True),
        ("1.0-H3-B1", "avigilon", "camera", False),
        ("12L-H4PRO-B", "avigilon", "camera", False),
        ("DF3000IP-DN", "dallmeier", "camera", False),
        ("DF4910HD-DN-IR", "dallmeier", "camera", False),
        ("DDZ4010-HD", "dallmeier", "camera", True),
        ("WV-SC588", "panasonic", "camera", True),
        ("WFB-130Ae-21", "brickcom", "camera", False),
        ("IPC2B14SE-ADF28K-WP-I1", "uniview", "camera", False),
        ("IPC94144SR-X25-F40C", "uniview", "camera", False),
    ],
)
def test_list_numbers_name_their_maker_alone(model: str, maker: str, device_type: str, ptz: bool) -> None:
    identity = _seen(model)
    assert maker in (identity.manufacturer, identity.brand), identity.attribution
    assert _type(identity) == device_type
    assert ("ptz" in identity.capabilities) == ptz


@pytest.mark.parametrize(("model", "maker"), [("NC-D320-WHI2", "idis"), ("IPR2122", "lilin"), ("IPD2322X", "lilin")])
def test_short_numbers_name_their_maker_beside_video_only(model: str, maker: str) -> None:
    assert _seen(model).manufacturer is None
    assert _seen(model, beside_video=True).manufacturer == maker


@pytest.mark.parametrize(
    "model",
    [
        # Epson's document scanners (SANE's epsonds backend list) were Hikvision video encoders.
        "DS-6500",
        "DS-60000",
        "DS-570W",
        # Edimax's and Nuvico's NC- cameras are not IDIS's; Huawei's IPC numbers are not Uniview's.
        "NC-213",
        "NC-5M-B21",
        "IPC5201-VR",
        "IPC6112-D",
        # Synology's and Ubiquiti's products (NetBox's device-type library).
        "DS920+",
        "Bullet-M2",
    ],
)
def test_other_products_numbers_name_no_camera_maker(model: str) -> None:
    identity = _seen(model)
    assert identity.manufacturer is None, identity.attribution
    assert _type(identity) not in ("camera", "video_encoder", "nvr", "dvr", "video_device")


@settings(max_examples=200, deadline=None)
@given(digits=st.integers(min_value=1000, max_value=99999), suffix=st.sampled_from(["", "W", "II", "WII", "H"]))
def test_epson_shaped_ds_numbers_are_never_hikvision_encoders(digits: int, suffix: str) -> None:
    identity = _seen(f"DS-{digits}{suffix}")
    assert not any(e.rule_id.startswith("models.hikvision.encoder") for e in identity.evidence)


@settings(max_examples=200, deadline=None)
@given(
    first=st.sampled_from("6789"),
    digits=st.integers(min_value=100, max_value=999),
    letter=st.sampled_from(["", "A", "C", "E", "S"]),
    suffix=st.sampled_from(["HN", "HNI", "HNR", "GN", "GNR"]),
)
def test_a_dahua_ptz_suffix_never_reads_as_vivotek(first: str, digits: int, letter: str, suffix: str) -> None:
    identity = _seen(f"SD{first}{digits}{letter}-{suffix}", beside_video=True)
    assert not any(e.rule_id.startswith("models.vivotek") for e in identity.evidence)


@settings(max_examples=200, deadline=None)
@given(digits=st.integers(min_value=1000, max_value=9999), suffix=st.sampled_from(["SS", "E", "EHL", "EH"]))
def test_a_vivotek_suffix_never_reads_as_dahua(digits: int, suffix: str) -> None:
    identity = _seen(f"SD{digits}-{suffix}", beside_video=True)
    assert not any(e.rule_id.startswith("models.dahua") for e in identity.evidence)


@pytest.mark.parametrize(("model", "beside_video"), [("SNC-4323IR", False), ("SNC-6202", False), ("SNC-2252DN", False),
                                                     ("ZG1232X", True)])
def test_other_makers_numbers_of_a_known_shape_name_nobody(model: str, beside_video: bool) -> None:
    # SANTEC's and SHANY's SNC- + four digits were Hanwha's (Samsung's SNC-1300 shape); LILIN's ZG1232X was Zosi's.
    identity = _seen(model, beside_video=beside_video)
    assert identity.manufacturer is None, identity.attribution
    assert identity.brand is None, identity.attribution


#: The entries written or rewritten from the lists.
_CHANGED = (
    "models.pelco.spectra-iv", "models.dahua.hdcvi-camera", "models.sony.snc-unhyphenated", "models.lilin.ip-camera-plain",
    "models.panasonic.ptz", "models.idis.nc-camera", "models.brickcom.camera", "models.vivotek.speed-dome",
    "models.dahua.ptz", "models.hikvision.encoder", "models.hanwha.samsung-snc", "models.zosi.camera",
    "models.uniview.camera", "models.avigilon", "models.dallmeier",
)
_PARTS = ["SD4E", "SD4N", "23", "36", "-PG", "-E0", "-X", "HAC-", "DH-", "HFW", "1100", "RN", "-VF", "SNC", "SNC-", "_",
          "CH", "ZP", "110", "/B", "IPR", "IPD", "2122", "X", "WV-SC", "WV-SW", "588", "395", "NC-", "D320", "-WHI2",
          "WFB", "-130", "Ae", "-21", "SD", "8323E", "6370", "-SS", "-HN", "-E", "DS-6", "704", "HUHI", "IPC", "2B14SE",
          "-ADF28K", "ZG", "1232", "12L", "-H4PRO", "1.0", "-H3", "-B1", "DF", "4910", "HD", "-DN", "IP", " ", "-", "\x00",
          "\u00e9", "\u200b"]


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.sampled_from(_PARTS), max_size=14), noise=st.text(max_size=24))
def test_hostile_model_text_never_raises_and_the_changed_grammars_capture_what_the_text_holds(parts: list[str],
                                                                                            noise: str) -> None:
    text = noise + "".join(parts)
    identity = _seen(text, beside_video=True)
    for evidence in identity.evidence:
        if evidence.rule_id.startswith(_CHANGED):
            model = evidence.asserts.get("model")
            assert model is None or model in text, (evidence.rule_id, model, text)
