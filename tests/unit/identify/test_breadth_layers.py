"""The breadth round's layers end to end: what a user sees for strings no exact rule quotes.

Model numbers from the makers' own numbering (each grammar's source is in ``layers/models.yaml``), camera
and recorder words in the languages web interfaces are written in, a shop's title in the same languages,
paths many brands share, and an Axis serial that is its MAC.
"""

from __future__ import annotations

import pytest

from camaudit.identify import identify
from camaudit.model import Observation


def obs(fields: dict[str, str], port: int = 80, protocol: str = "http") -> Observation:
    return Observation("192.0.2.1", port, "tcp", protocol, "import", "2026-01-01T00:00:00Z", fields)


def kind(fields: dict[str, str], port: int = 80, protocol: str = "http") -> str | None:
    device_type = identify([obs(fields, port, protocol)]).device_type
    return None if device_type is None else device_type.value


@pytest.mark.parametrize(
    ("model", "maker_field", "maker", "device_type"),
    [
        ("DWC-MB94Wi28T", "brand", "digital-watchdog", "camera"),
        ("CP-UNC-TA21PL3-V3", "brand", "cp-plus", "camera"),
        ("CP-UVR-0801E1-CS", "brand", "cp-plus", "dvr"),
        ("TC-C32GN", "manufacturer", "tiandy", "camera"),
        # An indoor station is part of Hikvision's video intercom: an intercom, a video type (helper-249, 2026-12-07).
        ("DS-KH6320-WTE1", "manufacturer", "hikvision", "intercom"),
        ("NVR-104MH-C/4P", "brand", "hilook", "nvr"),
        ("FLEXIDOME IP starlight 8000i", "manufacturer", "bosch", "camera"),
        ("CIVS-IPC-2500W", "brand", "cisco", "camera"),
        ("BL-C131", "brand", "panasonic", "camera"),
    ],
)
def test_a_model_number_alone_names_maker_model_and_type(
    model: str, maker_field: str, maker: str, device_type: str
) -> None:
    # What an ONVIF GetDeviceInformation answer with a blank manufacturer says.
    identity = identify([obs({"onvif.device_info.model": model}, 80, "onvif")])
    assert getattr(identity, maker_field) == maker
    assert identity.model == model
    assert identity.device_type is not None and identity.device_type.value == device_type


def test_ptz_lines_carry_the_capability() -> None:
    identity = identify([obs({"onvif.device_info.model": "AUTODOME IP starlight 7000i"}, 80, "onvif")])
    assert identity.manufacturer == "bosch"
    assert "ptz" in identity.capabilities


@pytest.mark.parametrize(
    "title", ["Netzwerkkamera", "Caméra réseau", "Cámara IP", "IP-камера", "网络摄像机", "ネットワークカメラ", "네트워크 카메라"]
)
def test_a_camera_word_in_another_language_is_a_camera(title: str) -> None:
    assert kind({"http.title": title}) == "camera"


@pytest.mark.parametrize("title", ["网络硬盘录像机", "Сетевой видеорегистратор", "Netzwerk-Videorekorder"])
def test_a_recorder_word_in_another_language_is_an_nvr(title: str) -> None:
    assert kind({"http.title": title}) == "nvr"


@pytest.mark.parametrize(
    "title", ["IP-Kamera kaufen", "Cámaras IP - Tienda online", "Купить IP-камеру", "网络摄像机 价格", "ネットワークカメラ 通販"]
)
def test_a_shop_selling_cameras_is_not_a_camera_in_any_of_those_languages(title: str) -> None:
    identity = identify([obs({"http.title": title, "http.server": "nginx"})])
    assert identity.device_type is not None and identity.device_type.value not in ("camera", "nvr", "video_device")
    assert identity.manufacturer is None and identity.brand is None


def test_a_shared_clone_path_says_camera_but_names_nobody() -> None:
    identity = identify([obs({"http.location": "/videostream.cgi?user=admin&pwd="})])
    assert identity.device_type is not None and identity.device_type.value == "camera"
    assert identity.manufacturer is None and identity.brand is None


def test_an_axis_serial_names_axis_when_the_manufacturer_is_blank() -> None:
    identity = identify(
        [obs({"onvif.device_info.manufacturer": "", "onvif.device_info.serial": "ACCC8E270AD8"}, 80, "onvif")]
    )
    assert identity.manufacturer == "axis"


def test_an_ambiguous_grammar_names_nobody_without_other_video_evidence() -> None:
    # Icom's IC-7100 radio shares Edimax's camera number; alone it is nobody's camera.
    identity = identify([obs({"http.title": "IC-7100"})])
    assert identity.brand is None and identity.manufacturer is None
