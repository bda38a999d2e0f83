"""JUAN's stream names /ch<channel>_<stream>.264 (layers/paths.yaml ``paths.juan.ch-stream``, helper-158 2026-12-05).

The addresses below are the ones the cited public sources report (go2rtc issue 2016: a Hiseeu ESeeCloud K8216-W6
recorder on port 80; Relkci/NightOwl-WifiCamera-Config-wnip2 issue 3: a Night Owl WNVR-BTWN8-V2; dwai99/sf-nvr: Night
Owl Wi-Fi cameras), placed in each field where a device hands out its own stream address. The answers around them
are invented and name nobody. The counter-examples are other makers' paths and other firmware's ``.264``/``.h264``
names: the HiSilicon-SDK name of Yi and SURIP cameras (roleoroleo/yi-hack-MStar issue 49), Jovision's live0.264
(the same Chinese address list that gives JUAN's) and a raw-stream file in a media server's folder (invented).
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.model import Identity, Observation

RULE = "paths.juan.ch-stream"


def _observation(service: str, port: int, fields: dict[str, str]) -> Observation:
    return Observation("192.0.2.60", port, "tcp", service, "import", "2026-01-01T00:00:00Z", fields)


def describe_answer(content_base: str, control: str = "trackID=0") -> Observation:
    # A DESCRIBE 200 whose session names nothing: the stream address is the only sign.
    sdp = f"v=0\no=- 1 1 IN IP4 0.0.0.0\ns=Session\nt=0 0\nm=video 0 RTP/AVP 96\na=control:{control}\n"
    headers = f"CSeq: 2\nContent-Base: {content_base}\nContent-Type: application/sdp"
    return _observation(
        "rtsp", 80, {"rtsp.status": "200", "rtsp.headers": headers, "rtsp.content_base": content_base, "rtsp.sdp": sdp}
    )


def _fired(identity: Identity) -> bool:
    return any(e.rule_id == RULE for e in identity.evidence)


def test_a_recorder_on_its_web_port_is_named_juan_s() -> None:
    # go2rtc issue 2016: rtsp://admin:...@192.168.1.20:80/ch0_0.264 on a Hiseeu ESeeCloud K8216-W6.
    identity = identify([describe_answer("rtsp://192.168.1.20:80/ch0_0.264/")])
    assert identity.manufacturer == "juan"
    assert identity.is_video_device
    assert _fired(identity)
    assert any("paths.juan.ch-stream" in a for a in identity.attribution)


def test_the_sub_stream_of_a_later_channel_is_named_juan_s() -> None:
    # Relkci's issue 3: "each channel can be accessed by incrementing chX_0.264"; stream 1 is the sub stream.
    assert identify([describe_answer("rtsp://192.0.2.60:80/ch7_1.264/")]).manufacturer == "juan"
    assert identify([describe_answer("rtsp://192.0.2.60:80/ch15_0.264/")]).manufacturer == "juan"


def test_the_address_is_read_in_each_field_where_a_device_hands_it_out() -> None:
    address = "rtsp://192.0.2.60:554/ch0_0.264"
    cases = {
        "SDP control URL": describe_answer("rtsp://192.0.2.60:554/", control=f"{address}/trackID=0"),
        "RTSP redirect": _observation("rtsp", 554, {"rtsp.status": "302", "rtsp.location": address}),
        "RTSP RTP-Info": _observation(
            "rtsp", 554, {"rtsp.headers": f"CSeq: 4\nRTP-Info: url={address}/trackID=0;seq=1"}
        ),
        "ONVIF GetStreamUri": _observation(
            "http", 80, {"onvif.xaddrs": f"http://192.0.2.60:80/onvif/device_service\n{address}"}
        ),
        "HTTP redirect": _observation("http", 80, {"http.status": "302", "http.location": address}),
        "HTTP page link": _observation("http", 80, {"http.status": "200", "http.links": address}),
    }
    for name, observation in cases.items():
        identity = identify([observation])
        assert identity.manufacturer == "juan", name
        assert _fired(identity), name


def test_a_night_owl_device_of_no_known_line_is_juan_s_by_its_stream_address() -> None:
    # Night Owl's row is for its Wi-Fi kits' model numbers only, so a Night Owl device without one got no maker;
    # its stream address (sf-nvr: Night Owl Wi-Fi cameras at /ch0_0.264) names the firmware's maker.
    fields = {
        "onvif.device_info.manufacturer": "Night Owl SP",
        "onvif.xaddrs": "http://192.0.2.60/onvif/device_service",
    }
    without = identify([_observation("http", 80, fields)])
    assert (without.brand, without.manufacturer) == ("night-owl", None)
    fields["onvif.xaddrs"] += "\nrtsp://192.0.2.60:554/ch0_0.264"
    withpath = identify([_observation("http", 80, fields)])
    assert (withpath.brand, withpath.manufacturer) == ("night-owl", "juan")


def test_other_makers_paths_keep_their_makers() -> None:
    expected = {
        "rtsp://192.0.2.7:554/Streaming/Channels/101/": "hikvision",
        "rtsp://192.0.2.7:554/h264/ch1/main/av_stream/": "hikvision",
        "rtsp://192.0.2.8:554/cam/realmonitor?channel=1&subtype=0/": "dahua",
        "rtsp://192.0.2.40:554/unicast/c1/s0/live/": "uniview",
    }
    for content_base, maker in expected.items():
        identity = identify([describe_answer(content_base)])
        assert identity.manufacturer == maker, content_base
        assert not _fired(identity), content_base


def test_other_firmware_s_264_names_name_nobody() -> None:
    for content_base in (
        "rtsp://192.0.2.30:554/ch0_0.h264/",  # HiSilicon SDK: Yi (yi-hack), SURIP, Lorex -- a camera, no maker
        "rtsp://192.0.2.61:8554/live0.264/",  # Jovision's name
        "rtsp://192.0.2.62:554/recordings/ch0_0.264/",  # a file in a media server's folder (invented)
        "rtsp://192.0.2.63:554/ch1/main/",  # the bare channel path many OEM firmwares serve
    ):
        identity = identify([describe_answer(content_base)])
        assert identity.manufacturer is None and identity.brand is None, content_base
        assert not _fired(identity), content_base


def test_a_raw_264_file_served_over_http_is_no_camera() -> None:
    # A web or media server offering a raw H.264 file under the same name: no RTSP address, no claim.
    page = _observation("http", 80, {"http.status": "200", "http.links": "http://192.0.2.64/ch0_0.264"})
    identity = identify([page])
    assert not identity.is_video_device and identity.manufacturer is None


def test_a_page_listing_juan_s_address_is_no_camera() -> None:
    # Page text (a forum post, a probe list) quoting the address: the entry reads no prose.
    body = "<p>Try rtsp://admin:@192.168.1.15:554/ch0_0.264 or rtsp://IP/ch0_1.264 for the sub stream</p>"
    identity = identify([_observation("http", 80, {"http.status": "200", "http.body": body})])
    assert not identity.is_video_device and identity.manufacturer is None
    assert not _fired(identity)


_HOST = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789.-:@[]$%{}_"), min_size=1, max_size=64)
_TAIL = st.text(st.sampled_from("/?&=;_-. \n"), max_size=12)


@settings(max_examples=150, deadline=None)
@given(host=_HOST, channel=st.integers(0, 99), stream=st.integers(0, 9), tail=_TAIL)
def test_any_root_address_in_the_scheme_fires(host: str, channel: int, stream: int, tail: str) -> None:
    # Whatever the authority (credentials, port, placeholders) and whatever ends the address, the rule claims JUAN.
    identity = identify([describe_answer(f"rtsp://{host}/ch{channel}_{stream}.264{tail}")])
    assert _fired(identity)
    assert all(e.asserts.get("manufacturer") == "juan" for e in identity.evidence if e.rule_id == RULE)


@settings(max_examples=150, deadline=None)
@given(
    host=_HOST,
    folder=st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789_-."), min_size=1, max_size=16),
    channel=st.integers(0, 99),
    stream=st.integers(0, 9),
)
def test_a_name_inside_a_folder_never_fires(host: str, folder: str, channel: int, stream: int) -> None:
    identity = identify([describe_answer(f"rtsp://{host}/{folder}/ch{channel}_{stream}.264/")])
    assert not _fired(identity)


_ROOT_NAME = re.compile(r"rtsp://[^/\s]{1,64}/ch[0-9]{1,2}_[0-9]\.264", re.IGNORECASE)


@settings(max_examples=200, deadline=None)
@given(value=st.text(max_size=300) | st.text(st.sampled_from("rtsp:/ch_0123456789.264h\n\t @"), max_size=120))
def test_hostile_text_in_a_url_field_is_answered_and_fires_only_on_the_scheme(value: str) -> None:
    # Random and adversarial text: identification answers, and the entry fires only where a root address in the
    # scheme stands in the text (written here as the scheme's plain form, not read from the rule).
    identity = identify([_observation("rtsp", 554, {"rtsp.content_base": value, "rtsp.headers": "CSeq: 1"})])
    if _fired(identity):
        assert _ROOT_NAME.search(value)
