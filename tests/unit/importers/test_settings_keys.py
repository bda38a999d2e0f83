"""A structured answer whose key names are a camera's or recorder's settings types a video device, whatever layout it
comes in; a maker's own spellings name the maker weakly; the same shapes from routers, bulbs, TVs, media servers,
printers, NAS boxes and photo cameras stay what they are.

Each answer is quoted from, or built from the names of, the public source named above it; where a test builds an
answer rather than quoting one, it says so.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.load import held_call
from tests.unit.importers.settings_answers import as_bare, as_http, assert_claims_nothing

from camaudit.fields import field
from camaudit.identify import identify
from camaudit.identify.regex_check import pattern_problems
from camaudit.importers import settings_keys, shodan, web_page
from camaudit.importers.base import ImportRecord
from camaudit.model import Capability, is_video_device

# --- Camera and recorder answers ----------------------------------------------------------------------------------
# ONVIF GetImagingSettings as a client library prints it (zeep's object as JSON): the ImagingSettings20 elements of
# the schema (github:patrickmichalina/onvif-rx/docs/interfaces/_api_types_.imagingsettings20.md@d62cee92ef18). Built
# from the schema's names; no namespace, no envelope, no maker anywhere.
ONVIF_IMAGING = json.dumps({
    "BacklightCompensation": {"Mode": "OFF", "Level": None}, "Brightness": 50.0, "ColorSaturation": 50.0,
    "Contrast": 50.0, "Exposure": None, "Focus": {"AutoFocusMode": "MANUAL", "DefaultSpeed": 1.0},
    "IrCutFilter": "ON", "Sharpness": 50.0, "WideDynamicRange": {"Mode": "ON", "Level": 50.0},
    "WhiteBalance": {"Mode": "AUTO"}})
# A Xiongmai camera's Camera.Param as the DVRIP answer carries it (JSON): the names and values a python-dvr user printed
# (github:markmac99/pi-meteortools/pi/SetExpo.py@04c86975be54, the closing comment), written as the firmware's JSON.
XIONGMAI_CAMERA_PARAM = json.dumps({"Name": "Camera.Param", "Camera.Param": [{
    "AeSensitivity": 1, "ApertureMode": "0x00000000", "BLCMode": "0x00000001", "DayNightColor": "0x00000002",
    "Day_nfLevel": 0, "DncThr": 50, "ElecLevel": 30, "EsShutter": "0x00000006",
    "ExposureParam": {"LeastTime": "0x00000064", "Level": 0, "MostTime": "0x00013880"},
    "GainParam": {"AutoGain": 1, "Gain": 65}, "IRCUTMode": 0, "IrcutSwap": 0, "Night_nfLevel": 0,
    "PictureFlip": "0x00000001", "PictureMirror": "0x00000001", "RejectFlicker": "0x00000000",
    "WhiteBalance": "0x00000002"}]})
# The white-label hi3510 CGI's image answers as a var list (param.cgi?cmd=getinfrared&cmd=getimageattr): the names of
# github:Brain820/cognate_vms/default_camera_config.tsx@a64127b37e52 (setinfrared infraredstat; setimageattr
# brightness, contrast, mirror, flip, shutter, night, wdr, wdrvalue), in the CGI's ``var name="value";`` form.
HI3510_IMAGE = ('var infraredstat="auto";\nvar brightness="50";\nvar contrast="50";\nvar saturation="128";\n'
                'var mirror="on";\nvar flip="on";\nvar shutter="2000";\nvar night="off";\nvar wdr="on";\n'
                'var wdrvalue="25";\nvar noise="on";\n')
# Hikvision ISAPI /ISAPI/Image/channels/1 without its namespace (a firmware that omits it, a paste that lost it):
# element names of the ISAPI guide (IrcutFilter/IrcutFilterType, nightToDayFilterLevel, SupplementLight, WDR,
# Shutter) as the integrations in the code corpus write them. Assembled, not a capture.
ISAPI_IMAGE_CHANNEL = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<ImageChannel version="2.0"><id>1</id><enabled>true</enabled>'
    "<videoInputID>1</videoInputID><IrcutFilter><IrcutFilterType>auto</IrcutFilterType>"
    "<nightToDayFilterLevel>4</nightToDayFilterLevel><nightToDayFilterTime>5</nightToDayFilterTime></IrcutFilter>"
    "<SupplementLight><supplementLightMode>irLight</supplementLightMode></SupplementLight>"
    "<WDR><mode>close</mode><WDRLevel>50</WDRLevel></WDR><Shutter><ShutterLevel>1/25</ShutterLevel></Shutter>"
    "</ImageChannel>\n")
# The same answer with Rockchip's reference camera application's names (rkipc's Hungarian-notation copies of the ISAPI
# image names: github:LuckfoxTECH/luckfox-pico/project/app/rkipc@8f34c2760d53, isp.c and its web back end), as JSON.
RKIPC_IMAGE = json.dumps({
    "nightToDay": {"sNightToDay": "auto", "iNightToDayFilterLevel": 5, "iNightToDayFilterTime": 5,
                   "sIrcutFilterAction": "day", "sFillLightMode": "IR"},
    "videoAdjustment": {"sImageFlip": "close", "sPowerLineFrequencyMode": "PAL(50HZ)"},
    "BLC": {"sBLCRegion": "close", "sHDR": "close", "sHLC": "close"}})
# Foscam getMirrorAndFlipSetting and getOSDSetting results as a client prints them together (JSON): the names of
# github:hypothermic/FoscamAPI/src/main/java/nl/hypothermic/foscamlib/Foscam.java@1ef57750bc95 (isMirror, isFlip) and
# containers/OSDSettings.java@1ea03a61363a (isEnableTimeStamp, isEnableDevName, dispPos, isEnableOSDMask). Assembled.
FOSCAM_SETTINGS = json.dumps({"result": "0", "isMirror": "0", "isFlip": "0", "isEnableTimeStamp": "1",
                              "isEnableDevName": "1", "dispPos": "0", "isEnableOSDMask": "0"})
# A recorder's settings (ISAPI names, no namespace): its disks, its IP channels, their motion detection, video loss
# and OSD. Assembled from the ISAPI guide's element names.
ISAPI_RECORDER = (
    "<Recorder><hddList><hdd><id>1</id><hddName>hdd1</hddName><capacity>3815447</capacity></hdd></hddList>"
    "<InputProxyChannelList><InputProxyChannel><id>1</id><name>Gate</name></InputProxyChannel>"
    "</InputProxyChannelList><MotionDetection><enabled>true</enabled></MotionDetection>"
    "<VideoLoss><enabled>true</enabled></VideoLoss><OSD><enabled>true</enabled></OSD></Recorder>")

# --- Answers of other devices in the same shapes ------------------------------------------------------------------
# https://developers.meethue.com/develop/hue-api/lights-api/ : a Hue bulb's state.
HUE_LIGHT = json.dumps({"state": {"on": True, "bri": 254, "hue": 8417, "sat": 140, "effect": "none",
                                  "xy": [0.4573, 0.41], "ct": 366, "alert": "select", "colormode": "ct",
                                  "mode": "homeautomation", "reachable": True},
                        "type": "Extended color light", "name": "Hue color lamp 1", "modelid": "LCT007"})
# Sony Camera Remote API (https://developer.sony.com/develop/cameras/ : getEvent and getAvailableApiList): a photo
# camera's exposure, shutter, focus and zoom settings. A still camera is not a video device here.
SONY_REMOTE = json.dumps({"result": [{"type": "cameraStatus", "cameraStatus": "IDLE"},
                                     {"type": "zoomInformation", "zoomPosition": 0},
                                     {"type": "exposureMode", "currentExposureMode": "Intelligent Auto"},
                                     {"type": "shutterSpeed", "currentShutterSpeed": "1/60"},
                                     {"type": "isoSpeedRate", "currentIsoSpeedRate": "AUTO"},
                                     {"type": "whiteBalance", "currentWhiteBalanceMode": "Auto WB"},
                                     {"type": "focusMode", "currentFocusMode": "AF-S"}], "id": 1})
# UPnP RenderingControl:1 (https://upnp.org/specs/av/UPnP-av-RenderingControl-v1-Service.pdf): a TV's picture and
# sound state variables, as an XML answer.
UPNP_TV = ("<RenderingControl><Brightness>50</Brightness><Contrast>50</Contrast><Sharpness>20</Sharpness>"
           "<RedVideoGain>50</RedVideoGain><ColorTemperature>2</ColorTemperature><Volume>12</Volume>"
           "<Mute>0</Mute><Loudness>0</Loudness><HorizontalKeystone>0</HorizontalKeystone></RenderingControl>")
# A router's nvram dump (https://wiki.dd-wrt.com/wiki/index.php/Hardware#NVRAM , key=value lines).
ROUTER_NVRAM = ("lan_ipaddr=192.168.1.1\nlan_netmask=255.255.255.0\nwan_proto=dhcp\nwl0_channel=6\nwl0_ssid=home\n"
                "wl0_mode=ap\nhttp_lanport=80\nport_mirror=1\nmirror_port=4\nupnp_enable=1\n")
# A set-top box PVR's settings (Enigma2 keys, config.<group>.<name>=value): OSD, disks and video mode, no camera.
ENIGMA2 = ("config.osd.language=en_GB\nconfig.osd.alpha=255\nconfig.usage.hdd_standby=300\n"
           "config.av.videomode.HDMI=1080i\nconfig.av.colorformat=rgb\nconfig.recording.margin_before=3\n")
# A NAS's storage answer (Synology DSM storage API shape): disks and volumes only.
NAS_STORAGE = json.dumps({"data": {"disks": [{"id": "sda", "hdd": True, "temp": 35}],
                                   "hdd_info": {"count": 4}, "volumes": [{"id": "volume_1"}]}, "success": True})
# IPP printer attributes (RFC 8011) as ipptool prints them.
IPP_PRINTER = ("printer-state=3\nprinter-state-reasons=none\nmedia-default=iso_a4_210x297mm\n"
               "print-quality-default=4\norientation-requested-default=3\nsides-default=one-sided\n")
# python-dvr's Simplify.Encode answer (github:prototriangle/camera-configuration/README.md@024dff92f1db): encoding
# keys only -- resolution, bit rate, frame rate, GOP. Media servers and transcoders have the same.
ENCODE_ONLY = json.dumps([{"ExtraFormat": {"AudioEnable": False, "Video": {
    "BitRate": 552, "BitRateControl": "VBR", "Compression": "H.265", "FPS": 20, "GOP": 2, "Quality": 3,
    "Resolution": "D1"}, "VideoEnable": True}, "MainFormat": {"AudioEnable": False, "Video": {
    "BitRate": 2662, "BitRateControl": "VBR", "Compression": "H.265", "FPS": 25, "GOP": 2, "Quality": 4,
    "Resolution": "1080P"}, "VideoEnable": True}}])
# A shop's page describing the same features in prose and markup.
SHOP_PAGE = ("<!DOCTYPE html><html><body><dl><dt>IrCutFilter</dt><dd>yes</dd><dt>WideDynamicRange</dt>"
             "<dd>120 dB</dd><dt>BacklightCompensation</dt><dd>yes</dd><dt>PrivacyMask</dt><dd>4</dd></dl></body></html>")

XHTML_SHOP_PAGE = '<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN">' + SHOP_PAGE[15:]


def _fields(record: ImportRecord) -> dict[str, str]:
    fields = dict(record.observations[0].fields)
    for name, value in fields.items():
        declared = field(name)
        assert declared is not None and declared.filled_by("import:shodan"), name
        assert declared.accepts(value), (name, value)
    return fields


def test_onvif_imaging_settings_printed_without_envelope_are_a_video_device_and_name_nobody() -> None:
    for record in (as_http(ONVIF_IMAGING), as_bare(ONVIF_IMAGING)):
        fields = _fields(record)
        assert fields["devinfo.settings"].splitlines() == ["backlight_compensation", "day_night", "wdr"]
        identity = identify(record.observations)
        assert is_video_device(identity.device_type)
        assert identity.manufacturer is None and identity.brand is None


def test_xiongmai_camera_param_is_a_camera_and_names_xiongmai_weakly() -> None:
    record = as_bare(XIONGMAI_CAMERA_PARAM)
    fields = _fields(record)
    assert fields["devinfo.settings_api"] == "xiongmai-sofia"
    assert fields["devinfo.settings_device"] == "camera"  # an iris: no recorder has one
    identity = identify(record.observations)
    assert identity.device_type == "camera"
    assert identity.manufacturer == "xiongmai"
    assert identity.confidence < 0.5  # a firmware's spellings, not its envelope: weak


def test_hi3510_image_var_list_is_a_camera_without_a_maker() -> None:
    record = as_http(HI3510_IMAGE, "text/plain")
    fields = _fields(record)
    assert {"day_night", "mirror_flip", "wdr"} <= set(fields["devinfo.settings"].splitlines())
    identity = identify(record.observations)
    assert is_video_device(identity.device_type) and identity.manufacturer is None


def test_isapi_image_channel_without_namespace_names_hikvision_beside_its_own_camera_settings() -> None:
    record = as_http(ISAPI_IMAGE_CHANNEL, "application/xml")
    fields = _fields(record)
    assert fields["devinfo.settings_api"] == "hikvision-isapi"
    identity = identify(record.observations)
    assert identity.device_type == "camera" and identity.manufacturer == "hikvision"
    assert identity.confidence < 0.5


def test_rockchip_reference_firmware_copying_isapi_names_is_a_camera_but_not_hikvision() -> None:
    record = as_bare(RKIPC_IMAGE)
    fields = _fields(record)
    assert "devinfo.settings_api" not in fields
    identity = identify(record.observations)
    assert identity.device_type == "camera"  # its fill light
    assert identity.manufacturer is None and identity.brand is None


def test_foscams_spellings_name_foscam_only_beside_other_video_evidence() -> None:
    alone = as_bare(FOSCAM_SETTINGS)
    assert _fields(alone)["devinfo.settings_api"] == "foscam-cgi"
    identity = identify(alone.observations)  # two concepts (mirror, mask): no video device, so no maker
    assert not is_video_device(identity.device_type) and identity.brand is None
    beside = identify(alone.observations + as_bare(ONVIF_IMAGING).observations)
    assert is_video_device(beside.device_type) and beside.brand == "foscam" and beside.confidence < 0.5


def test_a_whole_axis_parameter_list_shows_its_image_settings() -> None:
    # github:Kane610/axis/tests/test_param_cgi.py@0176b7ce96f6: the param.cgi?action=list answer of an AXIS M1065-LW:
    # IR-cut, WDR, mirror, privacy masks, motion detection. Not PTZ: the fixed camera's root.PTZ group is its digital
    # PTZ driver (it says root.Properties.PTZ.PTZ=yes too), so the group's keys name no PTZ setting (helper-161).
    text = (Path(__file__).resolve().parents[2] / "data" / "documents" / "axis_param_list.txt").read_text("utf-8")
    fields: dict[str, str] = {}
    assert settings_keys.read(text[: 64 * 1024], fields)
    assert fields["devinfo.settings"].splitlines() == [
        "day_night", "mirror_flip", "motion_detection", "privacy_mask", "wdr"]
    assert identify(as_http(text, "text/plain").observations).manufacturer == "axis"


def test_the_version_of_an_api_is_not_a_setting() -> None:
    # root.Properties.API.PTZ.Presets.Version (the same answer's line 431) says which PTZ API the firmware speaks.
    fields: dict[str, str] = {}
    answer = ("root.Properties.API.PTZ.Presets.Version=2.00\nroot.ImageSource.I0.DayNight.IrCutFilter=auto\n"
              "root.ImageSource.I0.Sensor.WDR=on\nroot.Image.I0.Appearance.MirrorEnabled=no\n")
    assert settings_keys.read(answer, fields)
    assert "ptz" not in fields["devinfo.settings"].splitlines()


def test_a_recorders_disks_and_ip_channels_make_it_an_nvr() -> None:
    record = as_http(ISAPI_RECORDER, "application/xml")
    assert _fields(record)["devinfo.settings_device"] == "nvr"
    assert identify(record.observations).device_type == "nvr"


def test_ptz_keys_give_the_ptz_capability_and_a_denied_flag_does_not() -> None:
    with_ptz = HI3510_IMAGE + 'var ptz_speed="5";\n'
    assert Capability.PTZ in identify(as_http(with_ptz, "text/plain").observations).capabilities
    denied = ISAPI_IMAGE_CHANNEL.replace("</ImageChannel>", "<isSupportPTZ>false</isSupportPTZ></ImageChannel>")
    assert Capability.PTZ not in identify(as_http(denied, "application/xml").observations).capabilities
    granted = denied.replace("false</isSupportPTZ>", "true</isSupportPTZ>")
    assert Capability.PTZ in identify(as_http(granted, "application/xml").observations).capabilities


def test_other_devices_answers_in_the_same_shapes_stay_what_they_are() -> None:
    for body in (HUE_LIGHT, SONY_REMOTE, UPNP_TV, ROUTER_NVRAM, ENIGMA2, NAS_STORAGE, IPP_PRINTER, ENCODE_ONLY,
                 SHOP_PAGE, XHTML_SHOP_PAGE):
        assert_claims_nothing(body)


def test_two_concepts_are_not_enough() -> None:
    # A settings answer with IR-cut and WDR only (a cut ONVIF answer): below the threshold, nothing is claimed.
    fields: dict[str, str] = {}
    assert not settings_keys.read(json.dumps({"IrCutFilter": "ON", "WideDynamicRange": {"Mode": "ON"}}), fields)
    assert fields == {}


def test_two_makers_vocabularies_in_one_answer_name_nobody() -> None:
    mixed = json.loads(FOSCAM_SETTINGS) | json.loads(XIONGMAI_CAMERA_PARAM)["Camera.Param"][0]
    fields: dict[str, str] = {}
    settings_keys.read(json.dumps(mixed), fields)
    assert "devinfo.settings_api" not in fields and fields["devinfo.settings_device"] == "camera"


def test_the_readers_patterns_pass_the_rule_checks() -> None:
    for pattern in (web_page.PAGE_START, web_page.XHTML, settings_keys._XML_KEY, settings_keys._JSON_KEY,
                    settings_keys._REPR_KEY, settings_keys._BARE_KEY, settings_keys._DOUBLE_QUOTED_KEY,
                    settings_keys._SINGLE_QUOTED_KEY, settings_keys._TEXT_KEY, settings_keys._FIRST_LINE):
        assert pattern_problems(pattern.pattern, pattern.flags & ~0x20) == [], pattern.pattern


def test_a_hostile_answer_is_read_within_its_bounds_quickly() -> None:
    keys = "".join(f'"k{i}":1,' for i in range(20000))
    for text in ('{"' + "a" * 60000, "<" * 65536, "<a " + " " * 65000, "a=" * 32768, "{" + keys + "}",
                 "var " * 16384, '{"wdr":' * 9000, "<IrCutFilter>" * 5000):
        held_call(lambda text=text: settings_keys.read(text[: 64 * 1024], {}), 0.5, f"reading {text[:20]!r}...")
    # More keys than the cap: only the first MAX_KEYS are looked at, so concepts past them are not seen.
    padded = "{" + "".join(f'"k{i}":1,' for i in range(settings_keys.MAX_KEYS)) + ONVIF_IMAGING[1:]
    assert not settings_keys.read(padded, {})


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=600), st.sampled_from(["", "{", "[", "<", "var a=", "a=1&", "<x>", '{"IrCutFilter":', "x: a="]))
def test_any_text_reads_without_raising_and_fills_only_declared_values(text: str, start: str) -> None:
    fields: dict[str, str] = {}
    found = settings_keys.read(start + text, fields)
    assert found == bool(fields)
    for name, value in fields.items():
        declared = field(name)
        assert declared is not None and declared.accepts(value), (name, value)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["IrCutFilter", "wdr_enable", "BLCMode", "privacyMask", "MotionDetect", "hdd",
                                 "Brightness", "Volume", "ssid", "bitrate", "isSupportPTZ", "VideoLoss"]),
                max_size=12),
       st.sampled_from(["json", "xml", "text"]))
def test_the_same_keys_say_the_same_in_json_xml_and_key_value_text(keys: list[str], form: str) -> None:
    # Whatever the layout, the decision depends on the key names only.
    as_json = json.dumps(dict.fromkeys(keys, "1"))
    rendered = {"json": as_json, "xml": "<settings>" + "".join(f"<{k}>1</{k}>" for k in keys) + "</settings>",
                "text": "".join(f"{k}=1\n" for k in keys) or "a=1\n"}[form]
    left: dict[str, str] = {}
    right: dict[str, str] = {}
    settings_keys.read(as_json, left)
    settings_keys.read(rendered, right)
    assert left == right


# --- A maker's envelope that names it only beside video evidence: the settings are that evidence ------------------
AXIS_LIST = (Path(__file__).resolve().parents[2] / "data" / "documents" / "axis_param_list.txt").read_text("utf-8")


def test_an_axis_image_group_without_brand_lines_names_axis_by_its_own_settings() -> None:
    # The root.Image and root.ImageSource groups of the same M1065-LW answer (github:Kane610/axis/tests/
    # test_param_cgi.py@0176b7ce96f6), without root.Brand or root.Properties: VAPIX answered (devinfo.answer), and its
    # keys are a camera's (IR-cut, WDR, mirror, privacy masks, motion detection), so the VAPIX rule's maker holds.
    image = "".join(line + "\n" for line in AXIS_LIST.splitlines() if line.startswith(("root.Image.", "root.ImageSource.")))
    assert "root.Brand" not in image and "root.ImageSource.I0.DayNight.IrCutFilter" in image
    record = as_http(image, "text/plain")
    fields = _fields(record)
    assert fields["devinfo.answer"] == "axis-vapix" and "axis.brand" not in fields
    identity = identify(record.observations)
    assert is_video_device(identity.device_type) and identity.manufacturer == "axis"
    assert not any("axis's catalogue" in note for note in identity.attribution)  # its own settings type it
    # Its audio group alone (what a network speaker answers too) names Axis by the API and is typed only by Axis's
    # catalogue, at the base rate's cap.
    audio = "".join(line + "\n" for line in AXIS_LIST.splitlines() if line.startswith("root.Audio."))
    speaker = identify(as_http(audio, "text/plain").observations)
    assert speaker.manufacturer == "axis" and is_video_device(speaker.device_type)
    assert any("from axis's catalogue" in note for note in speaker.attribution)


def test_a_namespaced_isapi_image_answer_names_hikvision_at_the_envelopes_certainty() -> None:
    # The same ImageChannel answer in ISAPI's namespace: importers/api_answers.py knows the envelope (Hikvision, only
    # beside video evidence: alarm panels speak ISAPI too); the image settings are that evidence.
    namespaced = ISAPI_IMAGE_CHANNEL.replace(
        '<ImageChannel version="2.0">', '<ImageChannel version="2.0" xmlns="http://www.hikvision.com/ver20/XMLSchema">')
    identity = identify(as_http(namespaced, "application/xml").observations)
    assert identity.device_type == "camera" and identity.manufacturer == "hikvision"
    assert identity.confidence >= 0.7
    # An ISAPI time setting in the same namespace is no camera's: no maker.
    time_answer = ('<?xml version="1.0" encoding="UTF-8"?>\n<Time version="2.0" xmlns="http://www.hikvision.com/ver20/'
                   'XMLSchema"><timeMode>NTP</timeMode><localTime>2026-12-03T10:00:00</localTime>'
                   "<timeZone>CST-8:00:00</timeZone></Time>\n")
    assert identify(as_http(time_answer, "application/xml").observations).manufacturer is None


def test_dahuas_exposure_settings_as_rpc2_json_are_a_camera() -> None:
    # Dahua's VideoInExposure for one channel profile, with the keys and values of github:Aqudei/pydahua/README.md
    # @1c0c087215f5 (GetVideoInExposure, printed there as a Python dict), written as the JSON of a getConfig answer.
    exposure = json.dumps({"table": [{"AntiFlicker": 0, "AutoGainMax": 2, "Backlight": 0, "Compensation": 50,
                                      "Gain": 1, "GlareInhibition": 0, "Iris": 34, "IrisAuto": True, "IrisMax": 50,
                                      "IrisMin": 0, "Mode": 4, "Name": "Day", "SlowShutter": False,
                                      "WideDynamicRange": 0, "WideDynamicRangeMode": 0}]})
    fields: dict[str, str] = {}
    assert settings_keys.read(exposure, fields)
    assert fields["devinfo.settings"].splitlines() == ["backlight_compensation", "iris", "video_standard", "wdr"]
    assert fields["devinfo.settings_device"] == "camera"


def test_the_registry_fixture_holds_these_answers() -> None:
    # tests/data/importers/shodan_settings_answers.jsonl feeds the field-registry test
    # (tests/integration/scan/test_field_registry.py), so that the three settings fields are produced by an importer
    # over a fixture file: the AXIS M1065-LW parameter list above as a Shodan HTTP banner, and the Xiongmai
    # Camera.Param answer above (written as the firmware's JSON from a user's print-out) as a banner kept whole.
    path = Path(__file__).resolve().parents[2] / "data" / "importers" / "shodan_settings_answers.jsonl"
    fields = [dict(record.observations[0].fields) for record in shodan.read(path)]
    assert [f.get("devinfo.settings_device") for f in fields] == ["video_device", "camera"]
    assert [f.get("devinfo.settings_api") for f in fields] == [None, "xiongmai-sofia"]
    assert "wdr" in fields[0]["devinfo.settings"].splitlines()
    assert "iris" in fields[1]["devinfo.settings"].splitlines()
