"""Axis VAPIX parameter lists typed by what they declare: images, an image sensor, a PTZ driver, privacy masks.

A ``root.Properties`` list that declares images in listed formats and resolutions (``Image``), an image sensor
(``ImageSource``), a PTZ driver or privacy masks is a video product's on that alone; streaming, live-view controls and
motion still need a second feature. Outside ``root.Properties`` a ``param.cgi?action=list`` tree is read by VAPIX's
dynamic-group grammar: an instance named by its parent group's first letter and a number (``root.Image.I0.``,
``root.PTZ.Limit.L1.``) of a group only video products hold. A list that declares a radar is a video device's only by
a PTZ driver or privacy masks (a radar draws a virtual video stream); without them it says ``radar``, not a camera.
The maker sign these answers carry (``axis.devinfo.answer.vapix-parameters``) names Axis by itself, and Axis's
catalogue types a list that declares nothing at the base rate: these features are the answer's own video evidence.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.importers.settings_answers import as_bare, as_http, assert_only_axis_catalogue

from camaudit.identify import identify
from camaudit.importers import settings_keys
from camaudit.model import is_video_device

# github:Kane610/axis/tests/parameters/test_ptz.py@0dd958541e60 (PTZ_5_51_M1054_RESPONSE): the first lines of a fixed
# AXIS M1054's PTZ group (its digital PTZ; PTZEnabled=false), in the answer's order.
M1054_PTZ = """root.PTZ.NbrOfSerPorts=0
root.PTZ.NbrOfCameras=1
root.PTZ.CameraDefault=1
root.PTZ.BoaProtPTZOperator=password
root.PTZ.CamPorts.Cam1Port=1
root.PTZ.ImageSource.I0.PTZEnabled=false
root.PTZ.Limit.L1.MinPan=-180
root.PTZ.Limit.L1.MaxPan=180
root.PTZ.Limit.L1.MinTilt=-180
root.PTZ.Limit.L1.MaxTilt=180
root.PTZ.Limit.L1.MinZoom=1
root.PTZ.Limit.L1.MaxZoom=9999
root.PTZ.Preset.P0.Name=
root.PTZ.Preset.P0.ImageSource=0
root.PTZ.Preset.P0.HomePosition=1
root.PTZ.Support.S1.AbsolutePan=true
"""
# github:Kane610/axis/tests/parameters/test_image.py@026d56cae0e3 (IMAGE_RESPONSE): a view area's appearance lines of
# the Image group, without the trigger, overlay and text lines (no camera setting among them).
IMAGE_VIEW_AREA = """root.Image.NbrOfConfigs=2
root.Image.I0.Enabled=yes
root.Image.I0.Name=View Area 1
root.Image.I0.Source=0
root.Image.I0.Appearance.Compression=30
root.Image.I0.Appearance.Resolution=1920x1080
root.Image.I0.Stream.FPS=0
"""
# github:Kane610/axis/tests/test_param_cgi.py@0176b7ce96f6 (response_param_cgi_properties, an AXIS M1065-LW): the
# lines of the groups every Axis product declares, with the Image group -- and nothing else of video.
IMAGE_PROPERTIES = """root.Properties.API.HTTP.AdminPath=/
root.Properties.API.HTTP.Version=3
root.Properties.Audio.Audio=yes
root.Properties.Firmware.BuildDate=Feb 15 2019 09:42
root.Properties.Firmware.Version=9.10.1
root.Properties.HTTPS.HTTPS=yes
root.Properties.Image.Format=jpeg,mjpeg,h264
root.Properties.Image.NbrOfViews=2
root.Properties.Image.Resolution=1920x1080,1280x960,1280x720,1024x768,1024x576,800x600,640x480,640x360
root.Properties.Image.Rotation=0,180
root.Properties.System.SerialNumber=ACCC12345678
"""
# Invented from VAPIX's radar chapter (a product "equipped with a security radar" declares Properties.Radar.Radar=yes;
# its radar image API draws a virtual video stream): a radar's list with images and streaming, in the list's order.
RADAR_PROPERTIES = """root.Properties.API.HTTP.Version=3
root.Properties.API.Metadata.Metadata=yes
root.Properties.API.RTSP.Version=2.01
root.Properties.Firmware.Version=10.12.114
root.Properties.Image.Format=jpeg,mjpeg,h264
root.Properties.Image.Resolution=1280x720,640x360
root.Properties.Radar.Radar=yes
root.Properties.System.SerialNumber=ACCC12345678
"""


def _typed_and_named(body: str) -> None:
    for record in (as_http(body, "text/plain"), as_bare(body)):
        assert record.observations[0].fields.get("devinfo.settings_device") == "video_device", body[:40]
        identity = identify(record.observations)
        assert is_video_device(identity.device_type), body[:40]
        assert identity.manufacturer == "axis", body[:40]


def test_a_properties_list_that_declares_images_is_a_video_product_and_names_axis() -> None:
    _typed_and_named(IMAGE_PROPERTIES)


def test_a_decoder_or_a_video_output_declared_alone_is_a_video_product() -> None:
    # The identification properties VAPIX gives its Decoder API and its Video output API (invented lines in the
    # answer's grammar, beside what every product declares).
    common = "root.Properties.API.HTTP.Version=3\nroot.Properties.Firmware.Version=10.12.114\n"
    for line in ("root.Properties.API.Decoder.Decoder=yes", "root.Properties.VideoOutputControl.VideoOutputControl=yes"):
        _typed_and_named(common + line + "\n")
        assert not settings_keys.read(common + line.replace("=yes", "=no") + "\n", {})  # declared absent


def test_a_ptz_driver_tree_is_a_video_product_but_no_ptz_camera() -> None:
    _typed_and_named(M1054_PTZ)
    # The M1054 is a fixed camera: its PTZ group is its digital PTZ, so no PTZ capability is claimed.
    assert "ptz" not in identify(as_bare(M1054_PTZ).observations).capabilities


def test_a_view_area_tree_is_a_video_product() -> None:
    _typed_and_named(IMAGE_VIEW_AREA)


def test_what_a_speaker_declares_is_typed_by_axis_catalogue_alone() -> None:
    # Every Axis product's groups, audio included: a speaker's list declares no video feature of its own. VAPIX names
    # Axis, and Axis's catalogue types it at the base rate (a speaker answering only VAPIX is the error it accepts).
    speaker = "".join(line + "\n" for line in IMAGE_PROPERTIES.splitlines() if ".Image." not in line)
    assert not settings_keys.read(speaker, {})
    assert_only_axis_catalogue(speaker)


def test_a_radar_list_is_no_video_product_unless_it_declares_what_no_radar_has() -> None:
    fields: dict[str, str] = {}
    assert settings_keys.read(RADAR_PROPERTIES, fields)
    assert fields["devinfo.settings_device"] == "radar"
    for record in (as_http(RADAR_PROPERTIES, "text/plain"), as_bare(RADAR_PROPERTIES)):
        identity = identify(record.observations)
        # Named Axis by its API, typed not a camera by its radar: Axis's catalogue does not override a sign.
        assert identity.device_type is not None and identity.device_type.value == "not_camera"
        assert identity.manufacturer == "axis"
    # A radar-video fusion camera declares privacy masks beside its radar.
    fusion = RADAR_PROPERTIES.replace("root.Properties.Radar", "root.Properties.PrivacyMask.PrivacyMask=yes\n"
                                      "root.Properties.Radar")
    _typed_and_named(fusion)


def test_group_names_without_a_dynamic_instance_or_outside_vapix_count_for_nothing() -> None:
    for body in ("root.Image.Format=jpeg\nroot.PTZ.Speed=3\n",  # no instance
                 "root.Image.X0.Name=a\nroot.PTZ.Limit.M1.Max=3\n",  # the instance's letter is not its parent's
                 "root.Audio.A0.Enabled=yes\nroot.Input.I0.Name=door\n",  # instances of groups every product has
                 "app.Image.I0.Name=a\napp.PTZ.Preset.P0.Name=b\n",  # another tree's names
                 "Image.I0.Name=a\nPTZ.Preset.P0.Name=b\n"):
        assert settings_keys._axis_video_features(settings_keys._keys(body)) == set(), body
        assert not settings_keys.read(body, {}), body


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(sorted(("Image", "ImageSource", "PTZ.Limit", "PTZ.Preset", "StreamProfile", "Motion"))),
       st.integers(min_value=0, max_value=99), st.from_regex(r"[A-Z][A-Za-z]{0,20}", fullmatch=True),
       st.text(alphabet=st.characters(blacklist_characters="\r\n"), max_size=30))
def test_any_dynamic_instance_of_a_video_group_is_read(group: str, number: int, name: str, value: str) -> None:
    parent = group.rsplit(".", 1)[-1]
    key = f"root.{group}.{parent[0]}{number}.{name}"
    expected = {"Image": "image", "ImageSource": "sensor", "PTZ": "ptz", "StreamProfile": "streaming",
                "Motion": "motion"}[group.split(".", 1)[0]]
    assert expected in settings_keys._axis_video_features([(key, value[:8])])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*M1054_PTZ.splitlines(), *IMAGE_PROPERTIES.splitlines(),
                                 *RADAR_PROPERTIES.splitlines(), "root.", "root.PTZ.", "root.Image.I", "root.Radar.",
                                 "root.PTZ.Preset.P.Name=", "root.Image.I0=", "x=1"]), max_size=30),
       st.text(max_size=80))
def test_any_mix_of_parameter_lines_reads_without_raising(lines: list[str], noise: str) -> None:
    body = "\n".join(lines) + "\n" + noise
    fields: dict[str, str] = {}
    found = settings_keys.read(body, fields)
    assert found == bool(fields)
    kind = fields.get(settings_keys.SETTINGS_DEVICE, "video_device")
    assert kind in ("video_device", "radar")
    # "radar" only where a radar group is in the text: never a guess from other lines.
    assert kind == "video_device" or "Radar." in body
