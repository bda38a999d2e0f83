"""A camera's settings as a client prints them: a Python dict's repr, a Node object's inspection.

Threads and logs rarely keep a camera's settings answer as JSON: a Python client prints the parsed answer as a dict
(single-quoted keys: pydahua's printed Dahua answers, zeep's ONVIF objects), a Node client as an object with bare
keys (``{ irCutFilter: 'AUTO', brightness: 50 }``). importers/settings_keys.py reads the keys of both as it reads
JSON's, so the same settings decide alike in every form; a router's, a bulb's or a player's printed settings stay
below the threshold.
"""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.importers.settings_answers import as_bare, as_http, assert_claims_nothing

from camaudit.identify import identify
from camaudit.importers import settings_keys
from camaudit.model import is_video_device

# github:Aqudei/pydahua README.md@1c0c087215f5: the client's printed GetVideoInExposure answer of a Dahua camera (the
# first of its three profiles, as printed).
PYDAHUA_EXPOSURE = (
    "{0: {'AntiFlicker': 0, 'AutoGainMax': 2, 'Backlight': 0, 'Compensation': 50, 'DoubleExposure': 0, 'Gain': 1, "
    "'GainMax': 20, 'GainMin': 0, 'GlareInhibition': 0, 'Iris': 34, 'IrisAuto': 'true', 'IrisMax': 50, 'IrisMin': 0, "
    "'Mode': 4, 'Name': 'Day', 'RecoveryTime': 900, 'SlowAutoExposure': 0, 'SlowShutter': 'false', 'SlowSpeed': 30, "
    "'Speed': 0, 'Value1': 1, 'Value2': 1, 'WideDynamicRange': 0, 'WideDynamicRangeMode': 0}}"
)
# ONVIF's ImagingSettings20 (github:patrickmichalina/onvif-rx's docs of the schema) as a Node client receives it with
# camel-cased names (agsh/onvif's getImagingSettings) and console.log prints it.
NODE_IMAGING = (
    "{ brightness: 60,\n  contrast: 70,\n  irCutFilter: 'AUTO',\n  wideDynamicRange: { mode: 'ON', level: 60 },\n"
    "  backlightCompensation: { mode: 'ON', level: 45 } }"
)
# The same settings as zeep prints an ONVIF answer (a Python dict of the schema's names).
ZEEP_IMAGING = (
    "{\n    'BacklightCompensation': {\n        'Mode': 'OFF',\n        'Level': None\n    },\n    'Brightness': 50.0,\n"
    "    'IrCutFilter': 'ON',\n    'WideDynamicRange': {\n        'Mode': 'ON',\n        'Level': 50.0\n    }\n}"
)
# Look-alikes printed the same ways: a router's Wi-Fi settings (a port mirror, a channel), a smart bulb's state, a
# media player's picture settings, a JSON text whose description names camera features in prose.
LOOKALIKES = [
    "{'ssid': 'home', 'channel': 6, 'port_mirror': 'off', 'wps': 'on', 'firmware': '1.2'}",
    "{ on: true, bri: 254, hue: 8418, sat: 140, effect: 'none', colormode: 'ct' }",
    "{ brightness: 50, contrast: 50, backlight: 10, hdr: 'auto', picture_mode: 'movie' }",
    '{"name": "Item 1234", "description": "WDR: 120dB, BLC: yes, IR cut: auto, iris: P-iris, defog: yes"}',
]


def test_a_python_print_of_a_dahua_exposure_answer_is_a_camera() -> None:
    fields: dict[str, str] = {}
    assert settings_keys.read(PYDAHUA_EXPOSURE, fields)
    assert fields["devinfo.settings_device"] == "camera"  # a lens iris: no recorder has one
    assert {"iris", "wdr", "backlight_compensation", "video_standard"} <= set(fields["devinfo.settings"].split())


def test_node_and_zeep_prints_of_onvif_imaging_settings_decide_as_the_json_does() -> None:
    as_json = json.dumps({"BacklightCompensation": {"Mode": "OFF"}, "Brightness": 50,
                          "IrCutFilter": "ON", "WideDynamicRange": {"Mode": "ON"}})
    decided = []
    for text in (as_json, NODE_IMAGING, ZEEP_IMAGING):
        fields: dict[str, str] = {}
        settings_keys.read(text, fields)
        decided.append((fields.get("devinfo.settings_device"), fields.get("devinfo.settings")))
    assert decided[0] == decided[1] == decided[2] == ("video_device", "backlight_compensation\nday_night\nwdr")


def test_printed_camera_settings_make_a_video_device_behind_a_head_or_bare() -> None:
    for text in (PYDAHUA_EXPOSURE, NODE_IMAGING, ZEEP_IMAGING):
        for record in (as_http(text, "text/plain"), as_bare(text)):
            identity = identify(record.observations)
            assert is_video_device(identity.device_type), text[:40]
            assert identity.manufacturer is None and identity.brand is None


def test_printed_lookalikes_claim_nothing() -> None:
    for text in LOOKALIKES:
        assert_claims_nothing(text)


_CAMERA_KEYS = ["IrCutFilter", "WideDynamicRange", "BacklightCompensation", "Iris", "Defogging"]
_OTHER_KEYS = ["brightness", "contrast", "name", "channel", "volume", "mirror_url", "hue"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_CAMERA_KEYS + _OTHER_KEYS), min_size=1, max_size=8, unique=True),
       st.sampled_from(["1", "'ON'", "{ mode: 'ON' }"]))
def test_json_repr_and_bare_keys_decide_alike(keys: list[str], value: str) -> None:
    as_json = "{" + ", ".join(f'"{key}": 1' for key in keys) + "}"
    as_repr = "{" + ", ".join(f"'{key}': 1" for key in keys) + "}"
    as_bare_object = "{ " + ", ".join(f"{key}: {value}" for key in keys) + " }"
    decisions = []
    for text in (as_json, as_repr, as_bare_object):
        fields: dict[str, str] = {}
        decisions.append((settings_keys.read(text, fields), fields.get("devinfo.settings_device")))
    assert decisions[0] == decisions[1] == decisions[2]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400), st.sampled_from(["{", "{'", "{ ", "[{'", "{0: {'", "{ a: "]))
def test_any_printed_object_reads_without_raising(text: str, start: str) -> None:
    fields: dict[str, str] = {}
    found = settings_keys.read(start + text, fields)
    assert found == bool(fields)
