"""The configuration vocabulary's additions (helper-98): a camera's streams named by their role (main and sub stream,
Xiongmai's and Dahua's main and extra format) count as a camera concept; Reolink's own spellings name Reolink weakly
when a client prints an api.cgi value object without its cmd/code list; and media servers, transcoders, photo
cameras, e-readers and routers that have a stream, an anti-flicker or a mirror setting stay what they are.

Each answer is quoted from, or built from the names of, the public source named above it.
"""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.importers.settings_answers import as_bare, as_http, assert_claims_nothing

from camaudit.identify import identify
from camaudit.importers import settings_keys
from camaudit.importers.sniff import document_fields
from camaudit.model import is_video_device

# github:ReolinkCameraAPI/reolinkapipy/examples/response/GetEnc.json@3f6e0b2b7e91 -- the "value" object of GetEnc.
REOLINK_ENC = {"Enc": {"audio": 0, "channel": 0,
                       "mainStream": {"bitRate": 2048, "frameRate": 20, "profile": "Main", "size": "3072*1728"},
                       "subStream": {"bitRate": 64, "frameRate": 4, "profile": "High", "size": "640*360"}}}
# github:ReolinkCameraAPI/reolinkapipy/examples/response/GetOsd.json@3f6e0b2b7e91 -- the "value" object of GetOsd.
REOLINK_OSD = {"Osd": {"bgcolor": 0, "channel": 0, "osdChannel": {"enable": 0, "name": "FarRight", "pos": "Lower Right"},
                       "osdTime": {"enable": 0, "pos": "Top Center"}}}
# github:ReolinkCameraAPI/reolinkapipy/api/image.py@0c3475aa00a0 -- SetIsp's Isp object with the client's defaults (a
# GetIsp value carries the same names).
REOLINK_ISP = {"Isp": {"channel": 0, "antiFlicker": "Outdoor", "exposure": "Auto", "gain": {"min": 1, "max": 62},
                       "shutter": {"min": 1, "max": 125}, "blueGain": 128, "redGain": 128, "whiteBalance": "Auto",
                       "dayNight": "Auto", "backLight": "DynamicRangeControl", "blc": 128, "drc": 128, "rotation": 0,
                       "mirroring": 0, "nr3d": 1}}
# The same client's values printed together, as a status page or a log would (assembled from the three above).
REOLINK_VALUES = json.dumps(REOLINK_ENC | REOLINK_OSD | REOLINK_ISP)

# --- Look-alikes: streams, flicker and mirroring elsewhere --------------------------------------------------------
# A transcoder's output ladder (HLS packagers, ffmpeg wrappers): renditions by codec, profile and bit rate.
TRANSCODER = json.dumps({"outputs": [{"name": "1080p", "video": {"codec": "h264", "profile": "high", "bitrate": 6000,
                                                                  "framerate": 30, "gop": 60}},
                                     {"name": "360p", "video": {"codec": "h264", "profile": "main", "bitrate": 800}}],
                         "audio": {"codec": "aac", "bitrate": 128}})
# An e-reader's display refresh settings (an Onyx app profile as printed in a public tool: antiFlicker, gcInterval).
E_READER = json.dumps({"refreshConfig": {"animationDuration": 50, "antiFlicker": 10, "enable": True, "gcInterval": 20,
                                         "turbo": 2, "updateMode": 2}})
# A photo camera's remote settings (Olympus/OM-style property names: antiflicker, digitalzoom, noisefilter).
PHOTO_CAMERA = "antiflicker=auto\ndigitalzoom=off\nnoisefilter=standard\nliveviewquality=0640x0480\nbatterylevel=full\n"
# A media player's stream choice (main stream and a subtitle stream: a player, not a camera).
PLAYER = json.dumps({"mainStream": "video", "subStream": None, "subtitleStream": 2, "audioStream": 1, "volume": 80})
# A router's UCI-style export with a port mirror and a flicker-free LED setting.
ROUTER = ("network.lan.proto=static\nnetwork.lan.ipaddr=192.168.1.1\nswitch.mirror_source_port=1\n"
          "system.led_wan.trigger=netdev\nwireless.radio0.channel=36\n")


def test_a_reolink_value_object_printed_without_its_list_is_a_camera_and_names_reolink_weakly() -> None:
    for record in (as_http(REOLINK_VALUES), as_bare(REOLINK_VALUES)):
        fields = record.observations[0].fields
        assert fields["devinfo.settings_api"] == "reolink-api"
        concepts = set(fields["devinfo.settings"].splitlines())
        assert {"stream_roles", "osd", "day_night", "mirror_flip", "video_standard"} <= concepts
        identity = identify(record.observations)
        assert is_video_device(identity.device_type) and identity.brand == "reolink"
        assert identity.confidence < 0.5  # spellings, not the api.cgi envelope


def test_the_stream_roles_count_as_one_camera_concept() -> None:
    assert settings_keys.lookup("mainStream").name == "stream_roles"  # type: ignore[union-attr]
    assert settings_keys.lookup("ExtraFormat").name == "stream_roles"  # type: ignore[union-attr]
    # Dahua's configManager names the encoder's main and extra formats inside its table. lines.
    fields: dict[str, str] = {}
    settings_keys.read("table.Encode[0].MainFormat[0].Video.BitRate=2048\ntable.Encode[0].ExtraFormat[0].Video."
                       "BitRate=512\ntable.VideoInOptions[0].DayNightColor=1\ntable.VideoWidget[0].Covers[0].Enable="
                       "false\n", fields)
    assert {"stream_roles", "day_night", "osd", "privacy_mask"} <= set(fields["devinfo.settings"].splitlines())


def test_a_reolink_encoder_answer_alone_is_encoding_only_and_claims_nothing() -> None:
    fields: dict[str, str] = {}
    assert not settings_keys.read(json.dumps(REOLINK_ENC), fields)
    assert fields == {}


def test_streams_flicker_and_mirrors_of_other_devices_stay_what_they_are() -> None:
    for body in (TRANSCODER, E_READER, PHOTO_CAMERA, PLAYER, ROUTER):
        assert_claims_nothing(body)


def test_reolinks_names_beside_another_makers_name_nobody() -> None:
    mixed = REOLINK_ISP["Isp"] | {"IrcutFilterType": "auto", "nightToDayFilterLevel": 4, "WDRLevel": 50}
    fields: dict[str, str] = {}
    settings_keys.read(json.dumps(mixed), fields)
    assert "devinfo.settings_api" not in fields  # two makers' spellings: neither is named


# The camera-less keys a look-alike may hold, and one role or one Reolink name among them.
_OTHER_KEYS = ["bitrate", "framerate", "profile", "codec", "gop", "resolution", "volume", "brightness", "contrast",
               "ssid", "channel", "hostname", "ntp", "timezone", "enable", "name", "size", "audio", "exposure"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_OTHER_KEYS), min_size=1, max_size=12, unique=True),
       st.sampled_from(["mainStream", "subStream", "MainFormat", "osdTime", "antiFlicker", "nr3d"]),
       st.sampled_from(["json", "text"]))
def test_one_camera_name_among_generic_keys_never_types_a_device(keys: list[str], extra: str, form: str) -> None:
    names = [*keys, extra]
    text = json.dumps(dict.fromkeys(names, 1)) if form == "json" else "".join(f"{name}=1\n" for name in names)
    fields: dict[str, str] = {}
    document_fields(text, fields)
    assert "devinfo.settings_device" not in fields and "devinfo.settings_api" not in fields
