"""Text settings answers in the layouts small camera firmwares write: a query string behind a command's name with or
without a space (``get_xxx:a=1&b=2``) or with a leading ``?``, the command's name alone on the first line, a
JavaScript ``var`` list separated by commas, quoted keys on ``;``-terminated lines, and one variable holding the whole
query string. Each layout of the same settings must say the same; the same layouts from routers, TVs, bulbs, media
servers, printers, NAS boxes and training scripts claim nothing.

The camera answers below are INVENTED layouts around key names from public camera CGIs: hi3510's image attributes
``flip``/``mirror``/``wdr`` and ``setircutattr`` (github:Brain820/cognate_vms/default_camera_config.tsx@a64127b37e52,
the source layers/settings_keys.yaml cites), the ESP32 camera's ``hmirror``/``vflip``
(github:espressif/arduino-esp32/libraries/ESP32/examples/Camera/CameraWebServer/app_httpd.cpp@25484e148339) and the
Raspberry Pi camera's ``flicker`` avoidance (github:raspberrypi/userland/host_applications/linux/apps/raspicam/
RaspiCamControl.c@39f4e8c73428). The look-alikes are invented too, from the names those devices' APIs use.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.load import held_call
from tests.unit.importers.settings_answers import as_bare, as_http, assert_claims_nothing

from camaudit.identify import identify
from camaudit.identify.regex_check import pattern_problems
from camaudit.importers import settings_keys
from camaudit.model import is_video_device

#: The same image settings (IR-cut, WDR, flip, with brightness and contrast that count for nothing) in each layout.
#: The first key is a counted concept, so a layout whose first pair is lost falls below the threshold.
LAYOUTS = {
    "command, space": "get_imageattr: ircut=1&brightness=50&wdr=1&contrast=40&flip=0",
    "command, no space": "get_imageattr:ircut=1&brightness=50&wdr=1&contrast=40&flip=0",
    "leading question mark": "?ircut=1&brightness=50&wdr=1&contrast=40&flip=0",
    "command on its own line": "get_imageattr:\nircut=1\nbrightness=50\nwdr=1\ncontrast=40\nflip=0\n",
    "var list with commas": "var ircut=1,brightness=50,wdr=1,contrast=40,flip=0;",
    "quoted keys and values": '"ircut"="1";"brightness"="50";"wdr"="1";"contrast"="40";"flip"="0";',
    "quoted key after a command": 'getimageattr: "ircut"="1";\n"wdr"="1";\n"flip"="0";\n',
    "query string in a variable": "var params=\"ircut=1&brightness=50&wdr=1&contrast=40&flip=0\";",
    "query string in a single-quoted variable": "params = 'ircut=1&wdr=1&flip=0&brightness=50'",
}
EXPECTED = ["day_night", "mirror_flip", "wdr"]


def test_each_layout_of_a_cameras_image_settings_is_read_as_a_camera_and_names_nobody() -> None:
    for layout, body in LAYOUTS.items():
        for record in (as_http(body, "text/plain"), as_bare(body)):
            fields = record.observations[0].fields
            assert fields.get("devinfo.settings", "").splitlines() == EXPECTED, layout
            identity = identify(record.observations)
            assert is_video_device(identity.device_type), layout
            assert identity.manufacturer is None and identity.brand is None, layout


def test_a_sensors_own_register_names_are_its_mirror_and_flicker_settings() -> None:
    mirror = settings_keys.lookup("flip")
    flicker = settings_keys.lookup("powerLineFrequency")
    assert mirror is not None and flicker is not None
    for name in ("hmirror", "vflip", "hflip", "setHmirror"):
        assert settings_keys.lookup(name) is mirror, name
    for name in ("flicker", "flickerAvoidMode", "getFlicker"):
        assert settings_keys.lookup(name) is flicker, name


def test_an_esp32_cameras_status_is_one_concept_and_claims_nothing_alone() -> None:
    # The CameraWebServer example's /status keys (source above; values invented): only hmirror/vflip are a camera
    # concept, so the answer stays below the threshold -- the rule claims three concepts, not any camera's JSON.
    body = ('{"framesize":8,"quality":10,"brightness":0,"contrast":0,"saturation":0,"sharpness":0,"special_effect":0,'
            '"wb_mode":0,"awb":1,"aec":1,"agc":1,"hmirror":0,"vflip":1,"face_detect":0}')
    fields: dict[str, str] = {}
    assert not settings_keys.read(body, fields)
    assert fields == {}


# Look-alikes in the new layouts (invented from the names each kind of device's API uses).
ROUTER = "get_status: wan_ip=203.0.113.7&lan_mask=255.255.255.0&wifi_channel=6&ssid=home&uptime=8812&dhcp=1"
TV = "?picture_mode=vivid&brightness=50&contrast=60&backlight=12&hue=0&sharpness=3&input=hdmi1&volume=20"
BULB = "var brightness=80,hue=120,saturation=50,color_temp=2700,effect=candle,flicker=0;"
MEDIA_SERVER = '"resolution"="1080";"bitrate"="4000";"fps"="30";"codec"="h264";"audio_codec"="aac";"gop"="60";'
PRINTER = "printer-status:\nstate=idle\ntoner_black=80\npaper_tray=A4\nduplex=1\nresolution=600\n"
NAS = "var s=\"volume1=ok&disk1=healthy&disk2=healthy&raid=shr&hdd_temp=38&fan=auto\";"
# A training script's augmentation arguments (Ultralytics' names): flips of images in a data set, not a sensor.
TRAINING_ARGS = "train: epochs=100,batch=16,hsv_h=0.015,degrees=0.0,flipud=0.0,fliplr=0.5,mosaic=1.0,mixup=0.0"
# OctoPrint's webcam settings (a 3D printer server): one concept, flips of the stream it shows.
OCTOPRINT = "webcam: flipH=true&flipV=false&rotate90=false&streamUrl=/webcam/?action=stream&snapshotTimeout=5"


def test_other_devices_answers_in_these_layouts_claim_nothing() -> None:
    for body in (ROUTER, TV, BULB, MEDIA_SERVER, PRINTER, NAS, TRAINING_ARGS):
        assert_claims_nothing(body)
    # OctoPrint's answer says "webcam", which other layers read; the settings reader itself claims nothing of it.
    fields: dict[str, str] = {}
    assert not settings_keys.read(OCTOPRINT, fields)
    assert fields == {}


def test_the_new_patterns_pass_the_rule_checks() -> None:
    for pattern in (settings_keys._TEXT_KEY, settings_keys._FIRST_LINE, settings_keys._WRAPPED_QUERY):
        assert pattern_problems(pattern.pattern, pattern.flags & ~0x20) == [], pattern.pattern


def test_hostile_text_in_these_layouts_is_read_within_bounds() -> None:
    for text in ("?a=" * 30000, "get:" * 20000 + "a=1", '"a"=' * 20000, 'var s="' + "a=1&" * 20000,
                 "a:" * 30000, ",a=1" * 20000, "x:\n" * 30000, "'" * 60000 + "=1"):
        held_call(lambda text=text: settings_keys.read(text[: 64 * 1024], {}), 0.5, f"reading {text[:20]!r}...")


_KEY = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,15}", fullmatch=True)
_VALUE = st.from_regex(r"[A-Za-z0-9]{0,6}", fullmatch=True)


def _render(pairs: list[tuple[str, str]], layout: str) -> str:
    if layout == "command":
        return "get_x:" + "&".join(f"{k}={v}" for k, v in pairs)
    if layout == "question":
        return "?" + "&".join(f"{k}={v}" for k, v in pairs)
    if layout == "var":
        return "var " + ",".join(f"{k}={v}" for k, v in pairs) + ";"
    if layout == "quoted":
        return "".join(f'"{k}"="{v}";\n' for k, v in pairs)
    return 'var q="' + "&".join(f"{k}={v}" for k, v in pairs) + '";'


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_KEY, _VALUE), min_size=1, max_size=12),
       st.sampled_from(["command", "question", "var", "quoted", "wrapped"]))
def test_every_layout_reads_the_keys_it_was_written_with(pairs: list[tuple[str, str]], layout: str) -> None:
    # What the reader claims of a layout: the keys written in it, in order (the first and the last too).
    keys = [key for key, _ in settings_keys._keys(_render(pairs, layout))]
    assert keys == [key for key, _ in pairs]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.sampled_from(["", "?", "get_x:", "var a=\"", "\"k\"=", "x:\n"]))
def test_any_text_behind_a_layouts_start_reads_without_raising(text: str, start: str) -> None:
    fields: dict[str, str] = {}
    settings_keys.read(start + text, fields)
    assert set(fields) <= {settings_keys.SETTINGS, settings_keys.SETTINGS_DEVICE, settings_keys.SETTINGS_API}
