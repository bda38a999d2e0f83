"""Capability and configuration answers typed by the video concepts their keys declare.

Three concepts of importers/settings_vocabulary.py that capability answers and media profiles spell (helper-161):
video analytics rules (ONVIF's LineDetector/FieldDetector and VideoAnalyticsConfiguration, ISAPI's smart events,
Dahua's IVS rules), the device's video sources (ONVIF's VideoSources/VideoSourceConfiguration, ISAPI's input counts)
and ONVIF's video encoder configuration by its whole name. Each counts as one concept towards the three that type a
video device; none names a maker. A key whose value is null or None holds nothing and counts for nothing.
"""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.importers.settings_answers import as_bare, as_http, assert_claims_nothing

from camaudit.identify import identify
from camaudit.importers import settings_keys
from camaudit.model import is_video_device

# An ONVIF media profile as zeep prints GetProfiles' answer (a Python dict repr). Invented from ONVIF's schema (the
# Profile type's configurations, github:patrickmichalina/onvif-rx src/api/media.ts and its types), not a capture.
ONVIF_PROFILE = (
    "{'Name': 'mainStream', 'token': 'Profile_1', 'fixed': True, "
    "'VideoSourceConfiguration': {'Name': 'VideoSourceConfig', 'UseCount': 2, 'SourceToken': 'VideoSource_1', "
    "'Bounds': {'x': 0, 'y': 0, 'width': 1920, 'height': 1080}, 'token': 'VideoSourceToken'}, "
    "'AudioSourceConfiguration': None, "
    "'VideoEncoderConfiguration': {'Name': 'VideoEncoder_1', 'UseCount': 1, 'Encoding': 'H264', "
    "'Resolution': {'Width': 1920, 'Height': 1080}, 'Quality': 4.0, "
    "'RateControl': {'FrameRateLimit': 25, 'EncodingInterval': 1, 'BitrateLimit': 4096}, 'token': 'VE_1'}, "
    "'VideoAnalyticsConfiguration': {'Name': 'VideoAnalyticsName', 'UseCount': 2, "
    "'AnalyticsEngineConfiguration': {'AnalyticsModule': [{'Name': 'MyCellMotionModule', 'Type': 'tt:CellMotionEngine'}]}, "
    "'RuleEngineConfiguration': {'Rule': [{'Name': 'MyMotionDetectorRule', 'Type': 'tt:CellMotionDetector'}]}, "
    "'token': 'VideoAnalyticsToken'}, "
    "'PTZConfiguration': None, 'MetadataConfiguration': None}"
)
# An ISAPI capability answer as a JSON client keeps it, without a namespace (its SysCap/EventCap/SmartCap layout and
# names as a Hikvision integration's tests write them; invented values).
ISAPI_CAPABILITIES = json.dumps({
    "SysCap": {"AudioCap": {"audioInputNums": "1"}, "IOCap": {"IOInputPortNums": "2"},
               "VideoCap": {"videoInputPortNums": "1"}},
    "EventCap": {"isSupportMotionDetection": "true"},
    "SmartCap": {"isSupportLineDetection": "true", "isSupportFieldDetection": "true",
                 "isSupportRegionEntrance": "false"},
})

LOOK_ALIKES = {
    # A smart TV's state: its HDMI input is no video source of a camera.
    "tv": '{"power": "on", "inputSource": "HDMI1", "videoInput": "HDMI1", "picture": {"backlight": 10, '
          '"contrast": 90}, "volume": 12, "mute": false}',
    # A computer-vision application's settings: a line detector and a video device file -- two concepts, no more.
    "vision app": '{"lineDetector": {"threshold": 30}, "edgeDetector": {"sigma": 1.2}, "videoSource": "/dev/video0", '
                  '"fps": 30}',
    # An alarm panel's zones: intrusion and tamper words, no video analytics rule.
    "alarm panel": '{"zones": [{"id": 1, "name": "Hall", "type": "intrusion", "bypassed": false}], '
                   '"partitions": [{"armed": "away"}], "tamper": false, "siren": true}',
    # A media server's transcoding settings: an encoder named by codec, not ONVIF's configuration entity.
    "media server": '{"EncoderPreset": "veryfast", "VideoEncoder": "libx264", "HardwareAccelerationType": "vaapi", '
                    '"EnableTonemapping": false, "H264Crf": 23}',
}


def test_an_onvif_media_profile_printed_by_a_client_is_a_video_device() -> None:
    for record in (as_http(ONVIF_PROFILE, "text/plain"), as_bare(ONVIF_PROFILE)):
        identity = identify(record.observations)
        assert is_video_device(identity.device_type)
        assert identity.manufacturer is None and identity.brand is None
    fields: dict[str, str] = {}
    assert settings_keys.read(ONVIF_PROFILE, fields)
    assert fields[settings_keys.SETTINGS].splitlines() == [
        "video_analytics", "video_encoder_configuration", "video_source"]


def test_a_configuration_printed_as_none_or_null_counts_for_nothing() -> None:
    # 'PTZConfiguration': None is a profile without PTZ: no PTZ concept, so no PTZ capability.
    assert "ptz" not in identify(as_bare(ONVIF_PROFILE).observations).capabilities
    with_ptz = ONVIF_PROFILE.replace("'PTZConfiguration': None", "'PTZConfiguration': {'Name': 'PTZ', 'token': 'P'}")
    fields: dict[str, str] = {}
    assert settings_keys.read(with_ptz, fields)
    assert "ptz" in fields[settings_keys.SETTINGS].splitlines()
    as_json = '{"VideoSourceConfiguration": null, "VideoAnalyticsConfiguration": null, "PTZConfiguration": null}'
    assert not settings_keys.read(as_json, {})


def test_a_capability_answer_with_smart_events_and_video_inputs_is_a_video_device() -> None:
    for record in (as_http(ISAPI_CAPABILITIES), as_bare(ISAPI_CAPABILITIES)):
        assert is_video_device(identify(record.observations).device_type)
    fields: dict[str, str] = {}
    settings_keys.read(ISAPI_CAPABILITIES, fields)
    assert {"video_analytics", "video_source", "motion_detection"} <= set(fields[settings_keys.SETTINGS].splitlines())


def test_look_alikes_claim_nothing() -> None:
    for name, body in LOOK_ALIKES.items():
        assert not settings_keys.read(body, {}), name
        assert_claims_nothing(body)


_NEW_KEYS = ["VideoSourceConfiguration", "VideoSources", "videoInputPortNums", "videoInNo", "LineDetector",
             "FieldDetector", "isSupportLineDetection", "regionEntrance", "CrossLineDetection", "VideoAnalyseRule",
             "VideoAnalyticsConfiguration", "VideoEncoderConfiguration", "VideoEncoder2Configuration"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_NEW_KEYS), min_size=1, max_size=8, unique=True), st.booleans())
def test_any_of_these_keys_holding_null_counts_for_nothing(keys: list[str], repr_form: bool) -> None:
    body = ("{" + ", ".join(f"'{key}': None" for key in keys) + "}" if repr_form
            else json.dumps(dict.fromkeys(keys)))
    assert not settings_keys.read(body, {})


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_NEW_KEYS), min_size=1, max_size=8, unique=True))
def test_the_same_keys_decide_alike_in_json_repr_and_xml(keys: list[str]) -> None:
    forms = (json.dumps(dict.fromkeys(keys, "1")), "{" + ", ".join(f"'{key}': '1'" for key in keys) + "}",
             "<Answer>" + "".join(f"<{key}>1</{key}>" for key in keys) + "</Answer>")
    found = []
    for body in forms:
        fields: dict[str, str] = {}
        settings_keys.read(body, fields)
        found.append((fields.get(settings_keys.SETTINGS_DEVICE), fields.get(settings_keys.SETTINGS)))
    assert found[0] == found[1] == found[2]
