"""A key's words, joined by case or by ``_``: the same setting in either naming convention decides alike.

importers/settings_keys.py looks a key up whole, and else word by word; the words of ``wdr_enable`` were found, those
of ``autoNightvision`` or ``flipImage`` were not, so consumer cameras' camelCase APIs (Eufy's device properties,
Node clients' objects) said less than the same names in snake case. A name that is one setting as a whole
(``isEnableOSDMask``) counts once, in either convention.
"""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.importers.settings_answers import as_http

from camaudit.identify import identify
from camaudit.importers import settings_keys
from camaudit.model import is_video_device

# github:bropat/eufy-security-client src/http/types.ts (PropertyName): a Eufy camera's properties as the client names
# them; the night-vision and motion names are camera settings, the rest any device's.
EUFY_CAMERA = json.dumps({"name": "Front", "model": "T8113", "enabled": True, "autoNightvision": True,
                          "nightvision": 1, "statusLed": True, "motionDetection": True, "motionDetectionType": 3,
                          "watermark": 1, "wifiRssi": -52, "battery": 80})
# OctoPrint's webcam settings (config.yaml's webcam section: flipH, flipV, rotate90, streamUrl, snapshotUrl): a 3D
# printer server that shows a webcam is no camera; its flips are one concept.
OCTOPRINT_WEBCAM = json.dumps({"webcam": {"webcamEnabled": True, "timelapseEnabled": True, "streamUrl": "/webcam/",
                                          "snapshotUrl": "http://127.0.0.1:8080/?action=snapshot", "flipH": False,
                                          "flipV": True, "rotate90": False, "watermark": True, "bitrate": "10000k"}})


def _words_of(name: str) -> set[str]:
    return {c.name for c in settings_keys._concepts(name)}


def test_camel_case_words_are_found_as_snake_case_words_are() -> None:
    for camel, snake in (("autoNightvision", "auto_nightvision"), ("flipImage", "flip_image"),
                         ("videoFlip", "video_flip"), ("infraredLamp", "infrared_lamp"), ("PTZChannel", "PTZ_Channel")):
        assert _words_of(camel) == _words_of(snake) != set(), camel


def test_a_name_that_is_one_setting_counts_once() -> None:
    assert _words_of("isEnableOSDMask") == _words_of("is_enable_osd_mask") == {"privacy_mask"}
    assert _words_of("IrcutFilterType") == {"day_night"}


def test_eufys_camera_properties_are_two_camera_concepts_and_claim_nothing_alone() -> None:
    fields: dict[str, str] = {}
    assert not settings_keys.read(EUFY_CAMERA, fields)  # night vision and motion detection: below the threshold
    keys = settings_keys._keys(EUFY_CAMERA)
    assert {c.name for key, _ in keys for c in settings_keys._concepts(key)} == {"day_night", "motion_detection"}


def test_a_printer_servers_webcam_settings_are_no_camera_settings() -> None:
    fields: dict[str, str] = {}
    assert not settings_keys.read(OCTOPRINT_WEBCAM, fields) and fields == {}
    keys = settings_keys._keys(OCTOPRINT_WEBCAM)
    assert {c.name for key, _ in keys for c in settings_keys._concepts(key)} == {"mirror_flip"}
    # Behind its HTTP head the page names nothing either (kept bare, the word "webcam" in it is read as banner text by
    # layers/device_words.yaml: not this reader's claim).
    identity = identify(as_http(OCTOPRINT_WEBCAM).observations)
    assert not is_video_device(identity.device_type) and identity.manufacturer is None


_WORDS = st.sampled_from(["ir", "cut", "filter", "wdr", "mirror", "flip", "image", "night", "vision", "motion",
                          "detection", "osd", "mask", "privacy", "enable", "mode", "level", "channel", "url", "auto"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=5))
def test_snake_and_camel_spellings_of_a_name_decide_alike(words: list[str]) -> None:
    snake = "_".join(words)
    camel = words[0] + "".join(word.capitalize() for word in words[1:])
    assert _words_of(snake) == _words_of(camel), (snake, camel)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="ascii"), max_size=80))
def test_any_name_splits_into_words_that_rejoin_it(name: str) -> None:
    words = settings_keys._camel_words(name)
    assert "".join(words) == name
    assert all(words) or name == ""
    assert all(re.search(r"[a-z0-9][A-Z]", word) is None for word in words)  # no word holds a lower-upper seam
