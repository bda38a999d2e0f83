"""The MJPEG-camera CGI family's settings answers (``rules/http.yaml``): get_camera_params.cgi and get_misc.cgi answer
with numeric JavaScript assignments (``var resolution=8;`` ... , ``var ptz_patrol_rate=10;`` ...).

The family's firmware runs on Foscam's first cameras and their clones, so the answers type a camera and name nobody.
The rules were written from two clients' documented keys (a Kodi add-on's Foscam SD module and a PHP wrapper); the
answers tested here come from a third public source, the recorded answers of a Ruby client's test cassettes.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.shodan_banner import identify_banner

from camaudit.identify import match_fields
from camaudit.model import is_video_device

_IP = "192.0.2.73"
_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"
_PARAMS_RULE = "generic.http.body.mjpeg-cgi-camera-params"
_MISC_RULE = "generic.http.body.mjpeg-cgi-misc-ptz"

#: github:cwadding/foscam-ruby spec/fixtures/vcr_cassettes (get_camera_params): the recorded answer body.
CAMERA_PARAMS = "var resolution=8;\nvar brightness=169;\nvar contrast=2;\nvar mode=1;\nvar flip=0;\nvar fps=0;\n"
#: github:cwadding/foscam-ruby spec/fixtures/vcr_cassettes (get_misc): the recorded answer body.
MISC = (
    "var led_mode=1;\nvar ptz_center_onstart=1;\nvar ptz_auto_patrol_interval=0;\nvar ptz_auto_patrol_type=0;\n"
    "var ptz_patrol_h_rounds=2;\nvar ptz_patrol_v_rounds=2;\nvar ptz_patrol_rate=10;\nvar ptz_patrol_up_rate=6;\n"
    "var ptz_patrol_down_rate=6;\nvar ptz_patrol_left_rate=6;\nvar ptz_patrol_right_rate=6;\n"
    "var ptz_disable_preset=1;\nvar ptz_preset_onstart=0;\n"
)

_PTZ_KEYS = (
    "center_onstart", "auto_patrol_interval", "auto_patrol_type", "patrol_h_rounds", "patrol_v_rounds", "patrol_rate",
    "preset_rate", "patrol_up_rate", "patrol_down_rate", "patrol_left_rate", "patrol_right_rate", "disable_preset",
    "preset_onstart",
)


@pytest.mark.parametrize("answer", [CAMERA_PARAMS, MISC])
def test_a_recorded_settings_answer_types_a_camera_and_names_nobody(answer: str) -> None:
    identity = identify_banner(_HEAD + answer, 80, _IP)
    assert is_video_device(identity.device_type)
    assert identity.manufacturer is None and identity.brand is None
    assert identity.confidence < 0.9  # one answer of a firmware shared by several brands


@pytest.mark.parametrize("body", [
    # Written here, not captures: page scripts that name the same settings, one assignment alone, the settings as
    # a request's query, spaced assignments, and the keys in another order.
    "<script>var resolution=screen.width;\nvar brightness=document.getElementById('brightness');</script>",
    "var brightness=96;\nvar contrast=4;\n",
    "var ptz_patrol_rate=10;\n",
    "GET /set_misc.cgi?ptz_patrol_h_rounds=1&ptz_patrol_v_rounds=1&ptz_patrol_rate=1 HTTP/1.1",
    "var ptz_center_onstart = 0;\nvar ptz_auto_patrol_type = 1;\n",
    "var contrast=4;\nvar brightness=96;\nvar resolution=32;\n",
    '{"led_mode": 0, "ptz_center_onstart": 0, "ptz_patrol_rate": 10}',
])
def test_look_alikes_type_no_video(body: str) -> None:
    identity = identify_banner(_HEAD + body, 80, _IP)
    assert not is_video_device(identity.device_type) and identity.manufacturer is None


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 999), min_size=6, max_size=6), st.sampled_from(["\n", "\r\n", " ", ""]))
def test_any_numeric_camera_params_are_read(values: list[int], sep: str) -> None:
    keys = ("resolution", "brightness", "contrast", "mode", "flip", "fps")
    answer = sep.join(f"var {k}={v};" for k, v in zip(keys, values, strict=True))
    assert _PARAMS_RULE in {e.rule_id for e in match_fields({"http.body": answer})}


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PTZ_KEYS), min_size=2, max_size=5), st.integers(0, 99999))
def test_two_ptz_settings_in_a_row_are_read(keys: list[str], value: int) -> None:
    answer = "\n".join(f"var ptz_{k}={value};" for k in keys) + "\n"
    assert _MISC_RULE in {e.rule_id for e in match_fields({"http.body": answer})}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.sampled_from(_PTZ_KEYS), st.integers(0, 99999))
def test_one_ptz_setting_in_any_text_is_not_read(text: str, key: str, value: int) -> None:
    body = f"{text}var ptz_{key}={value};{text}"
    if body.count("var ptz_") != 1 or "var led_mode=" in body:
        return
    assert _MISC_RULE not in {e.rule_id for e in match_fields({"http.body": body})}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_hostile_text_never_raises(text: str) -> None:
    fired = {e.rule_id for e in match_fields({"http.body": text})}
    if "var " not in text:
        assert not fired & {_PARAMS_RULE, _MISC_RULE}
