"""Sony's IP-controlled PTZ cameras (BRC-, SRG-): a model number names Sony, the model and a PTZ camera.

The model list is the one a VISCA-over-IP controller supports (bitfocus/companion-module-sony-visca, cited in
``layers/models.yaml``). Sony's consumer cameras answer on Wi-Fi too; their numbers (ILCE-, DSC-) name nobody.
"""

from __future__ import annotations

import pytest

from camaudit.identify import identify
from camaudit.model import Observation, is_video_device


def _page(title: str) -> Observation:
    return Observation("192.0.2.1", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", {"http.title": title})


@pytest.mark.parametrize("model", ["SRG-X400", "BRC-X1000", "SRG-300SE", "SRG-HD1M2", "BRC-H800", "SRG-120DH"])
def test_a_sony_ptz_model_number_names_sony_and_a_ptz_camera(model: str) -> None:
    identity = identify([_page(model)])
    assert (identity.manufacturer, identity.model, identity.device_type) == ("sony", model, "camera")
    assert "ptz" in identity.capabilities


@pytest.mark.parametrize("title", ["ILCE-7M3", "DSC-RX100M5", "BRC-20 token explorer", "SRG SSR Player"])
def test_consumer_cameras_and_look_alike_names_are_not_sony_ptz_cameras(title: str) -> None:
    identity = identify([_page(title)])
    assert identity.manufacturer != "sony" and identity.model is None
    assert not is_video_device(identity.device_type)
