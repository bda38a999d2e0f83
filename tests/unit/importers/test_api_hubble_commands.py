"""Hubble's camera command answers, and two consumer cameras' spellings of camera settings.

Hubble Connected's camera firmware (Motorola and Binatone video baby monitors, Hubble's own cameras) answers
``GET /?action=command&command=<name>`` with one line, ``<name>: <value>`` (layers/api_bodies.yaml
``hubble.command-answer``): its camera commands type a camera and name nobody. Its other getters (Wi-Fi strength,
brightness) and other devices' ``name: value`` lines stay what they are.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.importers.settings_answers import as_bare, as_http

from camaudit.identify import identify
from camaudit.importers import settings_keys
from camaudit.model import DeviceType, is_video_device

# github:onderweg/homebridge-hubble-temp readme: a Motorola MBP-845 Connect camera's answer, as the readme quotes it.
MBP845_TEMPERATURE = (
    "HTTP/1.1 200 OK\r\nCache-Control: no-store, no-cache, must-revalidate, pre-check=0, post-check=0, max-age=0\r\n"
    "Connection: Close\r\nContent-type: text/plain\r\nExpires: 0\r\nPragma: no-cache\r\nProxy-Connection: Keep-Alive\r\n"
    "Server: nuvoton\r\n\r\nvalue_temperature: 23.6\r\n"
)
# github:jingle-jew/hubble-connected-home-assistant tests/test_orbweb_commands.py: the camera's answers its test server
# gives (a 3667 camera's getters) and a set command's acknowledgement.
HUBBLE_ANSWERS = ["get_night_vision: 0", "value_flipup: 1", "get_video_bitrate: 600", "value_temperature: 22.67",
                  "set_night_vision: 0"]
# The same firmware's getters that other devices answer in words of their own, and other devices' name: value lines.
NOT_CAMERA_ANSWERS = ["get_wifi_strength: 85", "get_brightness: 8", "temperature: 23.6", "night_vision: 0",
                      "get_status: 0", "value: 1", "GET /?action=command&command=get_night_vision HTTP/1.1"]


def _shodan(data: str) -> list:
    from camaudit.importers import shodan

    return shodan.parse_banner({"ip_str": "198.51.100.9", "port": 80, "data": data, "_shodan": {"module": "http"}},
                               1).observations


def test_a_motorola_baby_monitors_temperature_answer_is_a_camera_of_no_maker() -> None:
    identity = identify(_shodan(MBP845_TEMPERATURE))
    assert identity.device_type == DeviceType.CAMERA
    # The command answer names nobody (the random text around it may: Hypothesis draws words such as "DAHUA"
    # from the code under test, and a lexicon rightly names Dahua from them).
    hubble = [e for e in identity.evidence if e.rule_id.endswith("hubble.command-answer")]
    assert not any({"manufacturer", "brand"} & e.asserts.keys() for e in hubble), identity.attribution
    assert any(e.rule_id.endswith("hubble.command-answer") for e in identity.evidence)


def test_hubbles_camera_commands_type_a_camera_behind_a_head_or_bare() -> None:
    for answer in HUBBLE_ANSWERS:
        for record in (as_http(answer, "text/plain"), as_bare(answer)):
            identity = identify(record.observations)
            assert identity.device_type == DeviceType.CAMERA, answer
            # The command answer names nobody (the random text around it may: Hypothesis draws words such as "DAHUA"
    # from the code under test, and a lexicon rightly names Dahua from them).
    hubble = [e for e in identity.evidence if e.rule_id.endswith("hubble.command-answer")]
    assert not any({"manufacturer", "brand"} & e.asserts.keys() for e in hubble), identity.attribution


def test_other_getters_and_other_devices_lines_type_nothing() -> None:
    for answer in NOT_CAMERA_ANSWERS:
        for record in (as_http(answer, "text/plain"), as_bare(answer)):
            identity = identify(record.observations)
            assert not is_video_device(identity.device_type), answer
            # The command answer names nobody (the random text around it may: Hypothesis draws words such as "DAHUA"
    # from the code under test, and a lexicon rightly names Dahua from them).
    hubble = [e for e in identity.evidence if e.rule_id.endswith("hubble.command-answer")]
    assert not any({"manufacturer", "brand"} & e.asserts.keys() for e in hubble), identity.attribution


def test_hubbles_flip_and_tapos_lens_mask_are_camera_concepts() -> None:
    # value_flipup/set_flipup (Hubble's ceiling-mount flip), lens_mask (Tapo's getLensMaskConfig, the privacy mode).
    assert settings_keys.lookup("flipup") is not None and settings_keys.lookup("flipup").name == "mirror_flip"
    assert settings_keys.lookup("lensmask") is not None and settings_keys.lookup("lensmask").name == "privacy_mask"
    found = {c.name for key in ("value_flipup", "lens_mask.lens_mask_info.enabled") for c in settings_keys._concepts(key)}
    assert found == {"mirror_flip", "privacy_mask"}
    # Look-alikes: a pop-up menu, a face mask's sensor, a lens catalogue.
    for key in ("popup_menu", "mask", "lens", "lens_type", "face_mask_detect"):
        assert {c.name for c in settings_keys._concepts(key)} & {"mirror_flip", "privacy_mask"} == set(), key


_NAMES = st.sampled_from(["value_temperature", "value_flipup", "get_night_vision", "get_video_bitrate", "set_flipup",
                          "get_wifi_strength", "x"])


@settings(max_examples=300, deadline=None)
@given(_NAMES, st.text(max_size=40), st.sampled_from([": ", ":", " : ", ": -", ""]), st.text(max_size=40))
def test_only_a_whole_command_line_with_a_number_types_a_camera(name: str, before: str, sep: str, value: str) -> None:
    line = before + name + sep + value
    identity = identify(as_bare(line).observations)
    # The command answer names nobody (the random text around it may: Hypothesis draws words such as "DAHUA"
    # from the code under test, and a lexicon rightly names Dahua from them).
    hubble = [e for e in identity.evidence if e.rule_id.endswith("hubble.command-answer")]
    assert not any({"manufacturer", "brand"} & e.asserts.keys() for e in hubble), identity.attribution
    if identity.device_type == DeviceType.CAMERA and any(e.rule_id.endswith("hubble.command-answer")
                                                         for e in identity.evidence):
        # The importer keeps a banner without the whitespace around it, so " value_temperature: 0" is that one line.
        assert any(
            row.startswith(f"{cmd}: ")
            for row in line.strip().splitlines()
            for cmd in ("value_temperature", "value_flipup", "get_night_vision", "get_video_bitrate", "set_flipup")
        )
