"""Axis VAPIX ``root.Properties``: the video features an Axis product declares make it a video device.

Every Axis product answers ``param.cgi?action=list&group=root.Properties`` -- door controllers, network speakers and
I/O modules too -- so the answer names Axis only beside video evidence (rules/device_documents.yaml
``axis.devinfo.answer.vapix-parameters``, ``needs: video``). The answer's own feature groups are that evidence when two
distinct video features are declared (importers/settings_vocabulary.AXIS_VIDEO_PROPERTIES): image, motion/tampering,
PTZ, the live view's on-screen controls, privacy masks, video streaming. Streaming alone is not enough (an audio
product may stream over RTSP), nor are the groups every Axis product has (API.HTTP, Firmware, System, Audio, HTTPS).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.importers.settings_answers import as_bare, as_http, assert_only_axis_catalogue

from camaudit.identify import identify
from camaudit.importers import settings_keys
from camaudit.model import is_video_device

# github:Kane610/axis/tests/test_param_cgi.py@0176b7ce96f6 (response_param_cgi_properties, an AXIS M1065-LW): the lines
# of its root.Properties answer, in its order, up to the PTZ group.
M1065_PROPERTIES = """root.Properties.AlwaysMulticast.AlwaysMulticast=yes
root.Properties.API.Browser.Language=yes
root.Properties.API.Browser.RootPwdSetValue=yes
root.Properties.API.Browser.UserGroup=yes
root.Properties.API.ClientNotes.ClientNotes=yes
root.Properties.API.HTTP.AdminPath=/
root.Properties.API.HTTP.Version=3
root.Properties.API.Metadata.Metadata=yes
root.Properties.API.Metadata.Version=1.0
root.Properties.API.OnScreenControls.OnScreenControls=yes
root.Properties.API.PTZ.Presets.Version=2.00
root.Properties.API.RTSP.RTSPAuth=yes
root.Properties.API.RTSP.Version=2.01
root.Properties.API.WebService.EntryService=yes
root.Properties.API.WebService.WebService=yes
root.Properties.API.WebService.ONVIF.ONVIF=yes
root.Properties.API.WebService.ONVIF.Version=1.02
root.Properties.API.WebSocket.RTSP.RTSP=yes
root.Properties.ApiDiscovery.ApiDiscovery=yes
root.Properties.Audio.Audio=yes
root.Properties.Audio.DuplexMode=half,post,get
root.Properties.Audio.Format=lpcm,g711,g726,aac,opus
root.Properties.Firmware.BuildDate=Feb 15 2019 09:42
root.Properties.Firmware.Version=9.10.1
root.Properties.HTTPS.HTTPS=yes
root.Properties.Image.Format=jpeg,mjpeg,h264
root.Properties.Image.NbrOfViews=2
root.Properties.Image.Resolution=1920x1080,1280x960,1280x720,1024x768,1024x576,800x600,640x480,640x360,352x240,320x240
root.Properties.Image.Rotation=0,180
root.Properties.ImageSource.DayNight=yes
root.Properties.Motion.MaxNbrOfWindows=10
root.Properties.Motion.Motion=yes
root.Properties.PrivacyMask.MaxNbrOfPrivacyMasks=10
root.Properties.PrivacyMask.PrivacyMask=no
root.Properties.PTZ.DigitalPTZ=yes
root.Properties.PTZ.PTZ=yes
root.Properties.System.SerialNumber=ACCC12345678
"""
# The same answer cut where a log excerpt may cut it: before the Image group (the APIs and audio only).
M1065_FIRST_LINES = "\n".join(M1065_PROPERTIES.splitlines()[:19]) + "\n"
# What every Axis product declares, door controllers and speakers too: the same answer's groups that are not video
# features (API.HTTP, API.WebService, Audio, Firmware, HTTPS, System), with its streaming groups (RTSP, multicast).
NOT_VIDEO_FEATURES = "".join(line + "\n" for line in M1065_PROPERTIES.splitlines()
                             if ".HTTP." in line or "WebService" in line or ".Audio." in line or "Firmware" in line
                             or "HTTPS" in line or "System" in line or "Browser" in line)
STREAMING_ONLY = NOT_VIDEO_FEATURES + ("root.Properties.AlwaysMulticast.AlwaysMulticast=yes\n"
                                       "root.Properties.API.RTSP.Version=2.01\n"
                                       "root.Properties.API.Metadata.Metadata=yes\n")


def test_a_cameras_properties_answer_is_a_video_device_and_names_axis() -> None:
    for body in (M1065_PROPERTIES, M1065_FIRST_LINES):
        for record in (as_http(body, "text/plain"), as_bare(body)):
            identity = identify(record.observations)
            assert is_video_device(identity.device_type), body[:40]
            assert identity.manufacturer == "axis"


def test_the_features_counted_and_a_denied_flag() -> None:
    assert settings_keys._axis_video_features(settings_keys._keys(M1065_PROPERTIES)) == {
        "image", "sensor", "motion", "ptz", "live_view", "streaming"}  # the privacy mask is declared "no"
    assert settings_keys._axis_video_features(settings_keys._keys(M1065_FIRST_LINES)) == {"ptz", "live_view",
                                                                                            "streaming"}


def test_what_every_axis_product_declares_and_streaming_alone_are_typed_by_axis_catalogue_only() -> None:
    # Not the answer's own video features (an audio product declares these too): VAPIX names Axis, and Axis's
    # catalogue (decided video, catalogues.yaml) types it at the base rate's cap.
    for body in (NOT_VIDEO_FEATURES, STREAMING_ONLY):
        fields: dict[str, str] = {}
        assert not settings_keys.read(body, fields)
        assert_only_axis_catalogue(body)


def test_the_same_group_names_outside_axis_properties_count_for_nothing() -> None:
    # Another API's keys that happen to end in Axis's group names (a Java properties file, a TV's picture settings).
    for body in ("Image.Format=png\nMotion.Enabled=true\nPTZ.Speed=3\n",
                 "app.Properties.Image.Format=png\napp.Properties.Motion.Motion=yes\n",
                 "root.Image.Format=jpeg\nroot.PTZ.Speed=3\n"):
        assert settings_keys._axis_video_features(settings_keys._keys(body)) == set()


_HOSTILE_LINES = ["root.Properties.", "root.Properties.API.", "Properties.API", "root.Properties.Image=",
                  "root.Properties.API.PTZ=no", "x=1"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*M1065_PROPERTIES.splitlines(), *_HOSTILE_LINES]), max_size=30),
       st.text(max_size=80))
def test_any_mix_of_properties_lines_reads_without_raising(lines: list[str], noise: str) -> None:
    body = "\n".join(lines) + "\n" + noise
    fields: dict[str, str] = {}
    found = settings_keys.read(body, fields)
    assert found == bool(fields)
    assert set(fields) <= {settings_keys.SETTINGS, settings_keys.SETTINGS_DEVICE, settings_keys.SETTINGS_API}


def test_the_properties_are_features_not_settings_so_no_capability_is_claimed_from_them() -> None:
    # PTZ.PTZ=yes is the M1065-LW's digital PTZ (a fixed camera), PrivacyMask.PrivacyMask=no a feature it lacks: the
    # generic concepts read neither, so no PTZ capability and no privacy mask come from the properties answer.
    fields: dict[str, str] = {}
    assert settings_keys.read(M1065_PROPERTIES, fields)
    assert fields == {"devinfo.settings_device": "video_device"}
    identity = identify(as_bare(M1065_PROPERTIES).observations)
    assert "ptz" not in identity.capabilities
