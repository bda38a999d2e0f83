"""Model-number grammars of consumer and OEM lines (breadth round 2): what a user sees for a model number alone.

Each grammar's source is in ``layers/models.yaml``: client libraries that must tell the makers' models apart
(wyze-sdk, pyaarlo, python-miio) and camera-URL databases listing the models users connected (Sighthound
Video's camera table, Strix's per-brand files). Short or shared numberings name nobody on their own.
"""

from __future__ import annotations

import pytest

from camaudit.identify import identify
from camaudit.model import Observation


def obs(fields: dict[str, str], port: int = 80, protocol: str = "http") -> Observation:
    return Observation("192.0.2.1", port, "tcp", protocol, "import", "2026-01-01T00:00:00Z", fields)


@pytest.mark.parametrize(
    ("model", "brand", "device_type"),
    [
        ("WYZE_CAKP2JFUS", "wyze", "camera"),
        ("WYZEC1-JZ", "wyze", "camera"),
        ("WYZEDB3", "wyze", "intercom"),
        ("VMC4030", "arlo", "camera"),
        ("AVD1001", "arlo", "intercom"),
        ("chuangmi.camera.ipc019", "xiaomi", "camera"),
        ("APM-J0233-WS-IR", "apexis", "camera"),
        ("TVIP52501", "abus", "camera"),
        ("IPCB42515A", "abus", "camera"),
        ("WNIP-2LTA-BS", "night-owl", "camera"),
        ("SWADS-440-IPC", "swann", "camera"),
        ("ZSWNVK-A81300-US", "zosi", "nvr"),
    ],
)
def test_a_model_number_alone_names_brand_model_and_type(model: str, brand: str, device_type: str) -> None:
    # What a UPnP description with a blank manufacturer says.
    identity = identify([obs({"upnp.model_name": model}, 1900, "upnp")])
    assert identity.brand == brand
    assert identity.model == model
    assert identity.device_type is not None and identity.device_type.value == device_type


@pytest.mark.parametrize("model", ["WYZEDB3", "AVD2001"])
def test_doorbell_numbers_carry_the_doorbell_capability(model: str) -> None:
    identity = identify([obs({"onvif.device_info.model": model}, 80, "onvif")])
    assert "doorbell" in identity.capabilities


@pytest.mark.parametrize(
    ("text", "brand", "model"), [("Zavio F731E", "zavio", "F731E"), ("ANNKE I91BN", "annke", "I91BN")]
)
def test_a_short_model_name_after_the_makers_name_is_that_makers(text: str, brand: str, model: str) -> None:
    identity = identify([obs({"http.title": text})])
    assert identity.brand == brand
    assert identity.model == model


@pytest.mark.parametrize("title", ["I91BN", "NHD-865", "ZG2622MW"])
def test_shared_or_short_numbers_name_nobody_on_their_own(title: str) -> None:
    # Annke's I91BN numbering is Sannce's too; NHD- starts display part numbers; ZG + digits is short.
    identity = identify([obs({"http.title": title, "http.server": "nginx"})])
    assert identity.brand is None and identity.manufacturer is None


def test_another_brands_name_before_a_shared_number_is_not_annke() -> None:
    identity = identify([obs({"http.title": "Sannce I21AG"})])
    assert identity.brand != "annke" and identity.model != "I21AG"


def test_a_needs_video_number_names_its_maker_beside_a_camera_sign() -> None:
    identity = identify([obs({"http.title": "NHD-865MSB", "http.www_authenticate": 'Basic realm="IP Camera"'})])
    assert identity.brand == "swann"
    assert identity.model == "NHD-865MSB"


def test_other_xiaomi_miio_devices_are_not_cameras() -> None:
    identity = identify([obs({"upnp.model_name": "chuangmi.plug.m1"}, 1900, "upnp")])
    assert identity.brand is None


@pytest.mark.parametrize(("model", "device_type"), [("DS-I200(D)", "camera"), ("DS-I450L(C)", "camera")])
def test_hiwatch_ds_i_numbers_are_hiwatch_cameras(model: str, device_type: str) -> None:
    identity = identify([obs({"onvif.device_info.model": model}, 80, "onvif")])
    assert identity.brand == "hiwatch"
    assert identity.model == model
    assert identity.device_type is not None and identity.device_type.value == device_type


@pytest.mark.parametrize(
    ("model", "device_type"), [("2N IP Verso", "intercom"), ("2N Access Unit M", "access_control")]
)
def test_2n_product_names_are_2n_devices(model: str, device_type: str) -> None:
    identity = identify([obs({"upnp.model_name": model}, 1900, "upnp")])
    assert identity.manufacturer == "2n"
    assert identity.device_type is not None and identity.device_type.value == device_type
