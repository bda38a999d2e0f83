"""The breadth of the generalising knowledge: every known maker is named somewhere, many makers' model
numbers are read, and a model number never swallows the firmware written after it."""

from __future__ import annotations

import pytest

from camaudit.identify import identify
from camaudit.identify.layers import load_layers
from camaudit.knowledge.loader import vendors
from camaudit.model import Observation


def obs(fields: dict[str, str], port: int = 80, protocol: str = "http") -> Observation:
    return Observation("192.0.2.1", port, "tcp", protocol, "import", "2026-01-01T00:00:00Z", fields)


def _named_by(prefix: str) -> set[str]:
    named: set[str] = set()
    for rule in load_layers():
        if rule.id.startswith(prefix):
            named.update(v for k, v in rule.asserts.items() if k in ("brand", "manufacturer"))
    return named


def test_every_maker_and_brand_camaudit_knows_is_in_the_lexicon() -> None:
    missing = set(vendors()) - _named_by("lexicon.")
    assert not missing, sorted(missing)


def test_model_grammars_cover_at_least_twenty_makers() -> None:
    assert len(_named_by("models.")) >= 20


# Model numbers as public product documents print them (sources in models.yaml).
@pytest.mark.parametrize(
    ("text", "maker", "model"),
    [
        ("Sarix IBE329-1I Network Camera", "pelco", "IBE329-1I"),  # manualshelf.com Pelco data sheet
        ("Honeywell HC35WZ2R25 IP Camera", "honeywell", "HC35WZ2R25"),  # manualshive.com 35 Series guide
        ("TVT TD-5422E1 Thermal Network Camera", "tvt", "TD-5422E1"),  # manuals.online TVT manual
        ("UniFi Protect UVC-G4-Bullet", "ubiquiti", "UVC-G4-Bullet"),
    ],
)
def test_more_makers_model_numbers_name_maker_and_model(text: str, maker: str, model: str) -> None:
    identity = identify([obs({"http.title": text})])
    assert maker in (identity.manufacturer, identity.brand)
    assert identity.model == model


def test_a_label_printer_sharing_a_model_prefix_is_not_a_camera() -> None:
    # Brother's TD- label printers share TVT's prefix; without video evidence nothing is claimed.
    identity = identify([obs({"http.title": "Brother TD-4420DN"})])
    assert identity.manufacturer is None
    assert identity.device_type is not None and identity.device_type.value == "not_camera"


def test_upnp_server_model_number_stops_before_the_firmware() -> None:
    identity = identify([obs({"upnp.server": "Linux/2.6 UPnP/1.0 DS-2CD2142FWD-I/V5.4.5"}, 1900, "upnp")])
    assert identity.manufacturer == "hikvision"
    assert identity.model == "DS-2CD2142FWD-I"


@pytest.mark.parametrize(
    "text",
    ["Milestone XProtect Web Client", "exacqVision Web Service", "Interlogix TruVision NVR"],
)
def test_video_management_product_names_are_video_devices(text: str) -> None:
    identity = identify([obs({"http.title": text})])
    assert identity.device_type is not None and identity.device_type.value != "not_camera"
    assert identity.manufacturer or identity.brand


@pytest.mark.parametrize("text", ["Project milestone 3 report", "ELAN touchpad driver", "Luma mesh Wi-Fi"])
def test_ordinary_words_that_are_also_makers_claim_nothing_alone(text: str) -> None:
    identity = identify([obs({"http.title": text})])
    assert identity.manufacturer is None and identity.brand is None
