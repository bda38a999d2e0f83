"""Model-number grammars that waited for a public source (helper-177, 2026-12-05).

Avigilon's thermal cameras (H4A/H5A THC and THR), Axis's T8705 video decoder, Infinova's IP and PTZ cameras and
GeoVision's video servers and compact mobile DVRs. The model strings are those of the public sources cited in
``layers/models.yaml`` (Avigilon's thermal web-interface guide, Axis's T8705 datasheet and an Axis device finder's
change log, a camera dataset built from Infinova's datasheets, two reports of TWCERT's CVE-2024-11120 advisory), in
the fields a scan or an import keeps a model name in; the look-alikes are the same makers' other products and numbers
of the same shape that name nobody.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.model import Identity, Observation


def _seen(fields: dict[str, str]) -> Identity:
    return identify([Observation("192.0.2.1", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", fields)])


def _type(identity: Identity) -> str | None:
    return identity.device_type.value if identity.device_type is not None else None


def _read_by(identity: Identity, rule_id: str) -> bool:
    return any(e.rule_id == rule_id for e in identity.evidence)


@pytest.mark.parametrize(
    ("field", "text", "model"),
    [
        # The three models of Avigilon's H5A thermal web-interface guide, and the H4 form with the lens code.
        ("onvif.device_info.model", "320F-H5A-THC", "320F-H5A-THC"),
        ("onvif.device_info.model", "640F-H5A-THC", "640F-H5A-THC"),
        ("upnp.model_name", "640F-H5A-THR", "640F-H5A-THR"),
        ("onvif.device_info.model", "320S-H4A-THC-BO12", "320S-H4A-THC-BO12"),
    ],
)
def test_avigilon_thermal_numbers_name_a_thermal_camera(field: str, text: str, model: str) -> None:
    identity = _seen({field: text})
    assert identity.manufacturer == "avigilon"
    assert identity.model == model
    assert _type(identity) == "thermal_camera"
    assert "thermal" in identity.capabilities


def test_an_avigilon_optical_number_is_not_thermal() -> None:
    identity = _seen({"onvif.device_info.model": "2.0C-H5A-BO1-IR"})
    assert identity.manufacturer == "avigilon"
    assert _type(identity) == "camera"
    assert "thermal" not in identity.capabilities


@pytest.mark.parametrize("text", ["320F-H5A", "480F-H5A-THC", "320F-H6A-THC", "320F-H5A-THX"])
def test_near_avigilon_thermal_numbers_are_not_read(text: str) -> None:
    identity = _seen({"onvif.device_info.model": text})
    assert not _read_by(identity, "models.avigilon.thermal")
    assert "thermal" not in identity.capabilities


@pytest.mark.parametrize(("field", "text"), [("onvif.device_info.model", "AXIS T8705"),
                                             ("upnp.model_name", "AXIS T8705 Video Decoder")])
def test_axis_t8705_is_a_decoder_not_a_non_video_product(field: str, text: str) -> None:
    identity = _seen({field: text})
    assert identity.manufacturer == "axis"
    assert _type(identity) == "video_device"
    assert _read_by(identity, "models.axis.decoder")
    assert identity.confidence >= 0.8


def test_axis_switches_beside_the_decoder_stay_switches() -> None:
    identity = _seen({"upnp.model_name": "AXIS T8504-E Outdoor PoE Switch"})
    assert not _read_by(identity, "models.axis.decoder")
    assert _type(identity) != "video_device"


@pytest.mark.parametrize(
    ("text", "model", "ptz"),
    [
        ("VS210-A2-Y0", "VS210-A2-Y0", False),
        ("VH211-A20B-C0", "VH211-A20B-C0", False),
        ("VPAE511-0550-M0", "VPAE511-0550-M0", False),
        ("VT240-A2", "VT240-A2", True),
        ("VP130-A220", "VP130-A220", True),
    ],
)
def test_infinova_numbers_name_infinova_beside_video_evidence(text: str, model: str, ptz: bool) -> None:
    # An ONVIF answer whose Manufacturer says Infinova: the number adds the model and, for VT/VP, the PTZ class.
    identity = _seen({"onvif.device_info.manufacturer": "Infinova", "onvif.device_info.model": text})
    assert identity.manufacturer == "infinova"
    assert identity.model == model
    assert ("ptz" in identity.capabilities) is ptz


def test_infinova_numbers_alone_name_nobody() -> None:
    # Too plain to be Infinova's alone: with no other video sign the entry names no maker.
    identity = _seen({"onvif.device_info.model": "VS210-A2-Y0"})
    assert identity.manufacturer is None
    assert identity.brand is None


@pytest.mark.parametrize("text", ["VS210", "VT242", "VX210-A2", "VS2100-A2", "V1421MN-A2", "VS8102"])
def test_infinova_look_alikes_are_not_read(text: str) -> None:
    identity = _seen({"onvif.device_info.manufacturer": "Infinova", "onvif.device_info.model": text})
    assert not _read_by(identity, "models.infinova.ip-camera")
    assert not _read_by(identity, "models.infinova.ptz")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="VSHTPAE0123456789-ABCYM ", max_size=40))
def test_infinova_numbers_without_the_dash_group_are_never_read(text: str) -> None:
    # Every model the entries capture carries a dash group after the three digits, and is a piece of the text.
    identity = _seen({"onvif.device_info.manufacturer": "Infinova", "upnp.model_name": text})
    if _read_by(identity, "models.infinova.ip-camera") or _read_by(identity, "models.infinova.ptz"):
        assert identity.model is not None
        assert identity.model in text
        assert re.fullmatch(r"V[A-Z]{1,3}[0-9]{3}-[A-Z0-9]+(?:-[A-Z0-9]+)*", identity.model)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["320F-H5A-THC", "AXIS T8705", "VT240-A2"]))
def test_hostile_text_around_a_number_never_raises(noise: str, number: str) -> None:
    identity = _seen({"upnp.model_name": noise + number + noise, "http.title": number * 20})
    assert identity.confidence <= 1.0
    if identity.model is not None:
        assert identity.model in noise + number + noise or identity.model in number * 20


@pytest.mark.parametrize(
    ("field", "text", "model", "device_type"),
    [
        # GeoVision's video servers and compact mobile DVRs as TWCERT's CVE-2024-11120 advisory names them.
        ("upnp.model_name", "GV-VS12", "GV-VS12", "video_encoder"),
        ("http.title", "GeoVision GV-VS11", "GV-VS11", "video_encoder"),
        ("onvif.device_info.model", "GV-LX4C V2", "GV-LX4C V2", "dvr"),
    ],
)
def test_geovision_video_servers_and_mobile_dvrs_get_their_class(field: str, text: str, model: str,
                                                                 device_type: str) -> None:
    identity = _seen({field: text})
    assert identity.manufacturer == "geovision"
    assert identity.model == model
    assert _type(identity) == device_type


@pytest.mark.parametrize("text", ["GV-VS1", "GV-VS123", "GV-LX4", "GV-LX8C V2"])
def test_near_geovision_numbers_are_not_read_as_servers_or_dvrs(text: str) -> None:
    identity = _seen({"upnp.model_name": text})
    assert not _read_by(identity, "models.geovision.video-server")
    assert not _read_by(identity, "models.geovision.mobile-dvr")
