"""Streaming software explains its own RTSP answer (identify/stream_software.py, layers/streaming_software.yaml).

A media server, a relay or a desktop streamer answers RTSP, offers viewing methods, describes video and asks for
a password exactly as a camera does; when the same answer names the software, those generic hints are its own
doing and must not type it a video device. A camera whose firmware embeds such a server keeps its type and maker
through the signs that are its own (a maker's stream path or realm).

Fixtures: the GStreamer answer is Recog's example (github:rapid7/recog/xml/rtsp_servers.xml@05af7739, as kept in
tests/data/shodan_captures.jsonl line 57) with gst-rtsp-server's default method list; the AXIS answers are
AxisCommunications/media-stream-library-js streams/tests/rtsp-session.fixtures.ts@8114f3792c32 and
Kane610/axis tests/test_rtsp.py@aeabea8d497a. The Darwin Streaming Server and GamingAnywhere answers are built
from those programs' own defaults (the sources named in the layer) around an RTSP head, not captured.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify, match_fields, ruleset
from camaudit.identify.stream_software import EMBEDDED_STACK_SIGNS, GENERIC_RTSP_HINTS, explained_hints
from camaudit.importers.sniff import sniff
from camaudit.model import Evidence, Identity, Observation, is_video_device


def answer(text: str, port: int = 554) -> Identity:
    """Identify one raw RTSP answer the way the Shodan and masscan importers read a banner."""
    fields: dict[str, str] = {}
    assert sniff(text.replace("\n", "\r\n"), fields, port=port) == "rtsp"
    return identify([Observation("192.0.2.1", port, "tcp", "rtsp", "import", "2026-01-01T00:00:00Z", fields)])


def answers(*texts: tuple[str, int]) -> Identity:
    observations = []
    for text, port in texts:
        fields: dict[str, str] = {}
        assert sniff(text.replace("\n", "\r\n"), fields, port=port) == "rtsp"
        observations.append(Observation("192.0.2.1", port, "tcp", "rtsp", "import", "2026-01-01T00:00:00Z", fields))
    return identify(observations)


def rules_of(identity: Identity) -> set[str]:
    return {e.rule_id for e in identity.evidence}


# gst-rtsp-server's own OPTIONS answer (the method list every application of the library gives unless it records).
GSTREAMER_OPTIONS = (
    "RTSP/1.0 200 OK\nCSeq: 1\nPublic: OPTIONS, DESCRIBE, GET_PARAMETER, PAUSE, PLAY, SETUP, SET_PARAMETER, TEARDOWN\n"
    "Server: GStreamer RTSP server\n\n"
)
# Darwin Streaming Server with its Server header turned off (the RTSP_server_info preference of
# github:macosforge/dss/Server.tproj/QTSServerPrefs.cpp@c94bcb0cfc0f): its default realm is all that names it.
DSS_401 = (
    "RTSP/1.0 401 Unauthorized\nCSeq: 1\n"
    'WWW-Authenticate: Digest realm="Streaming Server", nonce="cba1e24d77d2b0f00c91f0e2f3f06ade"\n\n'
)
# GamingAnywhere's defaults (github:chunying/gaminganywhere/ga/config/common/server-common.conf@0e38978001a4:
# base-object /desktop, title 'Real-Time Desktop', port 8554) in the LIVE555 session it serves.
DESKTOP_DESCRIBE = (
    "RTSP/1.0 200 OK\nCSeq: 2\nContent-Base: rtsp://192.0.2.1:8554/desktop/\nContent-Type: application/sdp\n\n"
    "v=0\no=- 1561469908423507 1 IN IP4 192.0.2.1\ns=Real-Time Desktop\ni=desktop\nt=0 0\n"
    "a=tool:LIVE555 Streaming Media v2018.02.18\na=type:broadcast\na=control:*\nm=video 0 RTP/AVP 96\n"
    "a=rtpmap:96 H264/90000\na=control:track1\n"
)


def test_a_bare_gstreamer_server_with_its_default_methods_is_not_typed_video() -> None:
    identity = answer(GSTREAMER_OPTIONS)
    assert not is_video_device(identity.device_type), identity.attribution
    assert "words.rtsp-viewing-methods" in rules_of(identity)  # kept as evidence, not counted
    assert any("streaming software" in line for line in identity.attribution)


def test_recogs_gstreamer_example_is_not_typed_video() -> None:
    identity = answer(
        "RTSP/1.0 200 OK\nCSeq: 1\nServer: GStreamer RTSP server\nPublic: OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY, PAUSE\n\n"
    )
    assert not is_video_device(identity.device_type)


@pytest.mark.parametrize(
    "text",
    [
        GSTREAMER_OPTIONS,
        # Recog's example (shodan_captures.jsonl line 57) and its header alone (shodan_sample.jsonl line 211).
        "RTSP/1.0 200 OK\nCSeq: 1\nServer: GStreamer RTSP server\nPublic: OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY, PAUSE\n\n",
        "RTSP/1.0 200 OK\nCSeq: 1\nServer: GStreamer RTSP server\n\n",
    ],
    ids=["default methods", "recog example", "header alone"],
)
def test_gstreamers_server_header_alone_leaves_the_type_unknown(text: str) -> None:
    # AXIS OS cameras answer with this header as Raspberry Pi streamers and relays do: neither "a camera" nor
    # "not a camera" (2026-12-05: two held-out AXIS OS cameras had been typed not a camera by it).
    identity = answer(text)
    assert identity.device_type is None, identity.attribution
    assert identity.confidence == 0.0
    assert any("cameras embed" in line for line in identity.attribution)


def test_gstreamers_default_realm_still_says_not_a_camera() -> None:
    # The library's default realm is what an application that never set its own asks in; AXIS OS asks AXIS_<MAC>.
    identity = answer(
        'RTSP/1.0 401 Unauthorized\nCSeq: 1\nServer: GStreamer RTSP server\n'
        'WWW-Authenticate: Basic realm="GStreamer RTSP Server"\n\n'
    )
    assert "words.not-camera.gstreamer-default-realm" in rules_of(identity)
    assert identity.device_type == "not_camera"


def test_a_named_media_server_beside_gstreamer_stays_not_a_camera() -> None:
    # A sure software sign of another reply keeps "not a camera": only the embedded stack's own claim is dropped.
    identity = answers(
        (GSTREAMER_OPTIONS, 8554),
        ('RTSP/1.0 401 Unauthorized\nCSeq: 1\nWWW-Authenticate: Digest realm="Streaming Server", nonce="cba1e24d77d2b0f00c91f0e2f3f06ade"\n\n', 1935),
    )
    assert identity.device_type == "not_camera", identity.attribution


def test_the_embedded_stack_signs_are_rules_that_say_not_a_camera_on_rtsp() -> None:
    by_id = {rule.id: rule for rule in ruleset().rules}
    for rule_id in EMBEDDED_STACK_SIGNS:
        assert rule_id in by_id, rule_id
        assert by_id[rule_id].asserts.get("device_type") == "not_camera", rule_id


def test_darwin_streaming_servers_default_realm_outweighs_the_protected_stream_hint() -> None:
    identity = answer(DSS_401, port=1935)
    assert identity.device_type == "not_camera"
    assert identity.manufacturer is None and identity.brand is None
    assert "words.software.dss-default-realm" in rules_of(identity)


def test_a_desktop_stream_on_live555_is_not_a_camera() -> None:
    identity = answer(DESKTOP_DESCRIBE, port=8554)
    assert identity.device_type == "not_camera"
    assert identity.manufacturer is None and identity.brand is None


@pytest.mark.parametrize(
    "text",
    [
        # A camera's own realm on a password-protected stream (Vivotek's realm, rules/http.yaml; Hikvision's
        # 'IP Camera(<digits>)'): no software sign, the generic hint stands.
        'RTSP/1.0 401 Unauthorized\nCSeq: 1\nWWW-Authenticate: Digest realm="IP Camera(C2183)", nonce="1"\n\n',
        # A LIVE555 camera session (tests/unit/identify/test_sdk_servers.py's HiSilicon reference server): the
        # library names no kind of device, its video stream types it.
        "RTSP/1.0 200 OK\nCSeq: 2\nContent-Type: application/sdp\n\nv=0\no=- 1 1 IN IP4 192.0.2.1\n"
        's=Session streamed by "mainstream"\ni=mainstream\nt=0 0\na=tool:LIVE555 Streaming Media v2009.09.28\n'
        "m=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\n",
    ],
    ids=["camera realm", "live555 camera session"],
)
def test_camera_answers_without_a_software_sign_stay_video_devices(text: str) -> None:
    identity = answer(text)
    assert is_video_device(identity.device_type), identity.attribution


def test_an_axis_camera_on_gstreamer_keeps_its_type_and_maker_through_its_stream_path() -> None:
    identity = answer(
        "RTSP/1.0 200 OK\nCSeq: 2\nContent-Type: application/sdp\nContent-Base: rtsp://192.168.0.3/axis-media/media.amp/\n"
        "Server: GStreamer RTSP server\nDate: Wed, 03 Jun 2015 14:23:42 GMT\nContent-Length: 623\n\n"
        "v=0\no=- 1188340656180883 1 IN IP4 192.168.0.3\ns=Session streamed with GStreamer\ni=rtsp-server\nt=0 0\n"
        "a=tool:GStreamer\na=type:broadcast\na=range:npt=now-\n"
        "a=control:rtsp://192.168.0.3/axis-media/media.amp?resolution=176x144&fps=1\nm=video 0 RTP/AVP 96\n"
        "c=IN IP4 0.0.0.0\nb=AS:50000\na=rtpmap:96 H264/90000\n"
    )
    assert is_video_device(identity.device_type)
    assert identity.manufacturer == "axis"
    # Once the camera's own sign makes it a video device, the generic hints count again: nothing set aside.
    assert not any("streaming software" in line for line in identity.attribution)


def test_an_axis_camera_on_gstreamer_keeps_its_realm() -> None:
    identity = answer(
        "RTSP/1.0 401 Unauthorized\nCSeq: 1\n"
        'WWW-Authenticate: Digest realm="AXIS_ACCC8E012345", nonce="0000eb57Y1462133062b37999f0cd530f02755fa37b8df1", '
        "stale=FALSE\nServer: GStreamer RTSP server\nDate: Sat, 12 Dec 2020 10:44:25 GMT\n\n"
    )
    assert is_video_device(identity.device_type)
    assert identity.manufacturer == "axis"


def test_software_on_one_port_does_not_explain_a_cameras_answer_on_another() -> None:
    identity = answers(
        ('RTSP/1.0 401 Unauthorized\nCSeq: 1\nWWW-Authenticate: Digest realm="device", nonce="0a1b2c"\n\n', 554),
        (GSTREAMER_OPTIONS, 8554),
    )
    assert is_video_device(identity.device_type), identity.attribution


def test_the_generic_hints_are_rules_that_only_say_a_video_device() -> None:
    by_id = {rule.id: rule for rule in ruleset().rules}
    for rule_id in GENERIC_RTSP_HINTS:
        assert rule_id in by_id, rule_id
        assert dict(by_id[rule_id].asserts) == {"device_type": "video_device"}, rule_id
        assert by_id[rule_id].field.startswith("rtsp."), rule_id


def test_nothing_is_explained_without_a_software_sign_on_the_same_answer() -> None:
    hint = Evidence("words.rtsp-answered", "rtsp.headers", "CSeq: 1", {"device_type": "video_device"}, 0.35, "s", 554)
    http_sign = Evidence("x.http", "http.server", "Wowza", {"device_type": "not_camera"}, 0.7, "s", 554)
    other_port = Evidence("x.rtsp", "rtsp.server", "Wowza", {"device_type": "not_camera"}, 0.7, "s", 1935)
    same = Evidence("x.rtsp", "rtsp.server", "Wowza", {"device_type": "not_camera"}, 0.7, "s", 554)
    assert explained_hints([hint]) == ()
    assert explained_hints([hint, http_sign, other_port]) == ()
    assert explained_hints([hint, same]) == (hint,)


# No letters: a maker name spelled by chance would be a true sign; quotes, CR/LF, controls and digits are hostile enough.
AROUND = st.text(st.characters(exclude_categories=["L", "Cs"]), max_size=60)


@settings(max_examples=60, deadline=None)
@given(AROUND, AROUND)
def test_hostile_text_around_the_software_signs_never_raises_or_names_a_maker(before: str, after: str) -> None:
    for fields in (
        {"rtsp.www_authenticate": f'{before}Digest realm="Streaming Server"{after}'},
        {"rtsp.sdp": f"v=0\ns={before}Desktop{after}\nm=video 0 RTP/AVP 96\n"},
        {"rtsp.server": f"GStreamer RTSP server{after}", "rtsp.public": f"{before}PAUSE, PLAY"},
    ):
        identity = identify([Observation("192.0.2.1", 554, "tcp", "rtsp", "import", "2026-01-01T00:00:00Z", fields)])
        assert identity.manufacturer is None and identity.brand is None


# --- Second step (2026-12-04): DSS-derived servers, Miracast, GameStream hosts; the camera stack 'Rtsp Server/x.y' ---


def test_a_darwin_derived_server_header_is_not_read_as_software_because_cameras_embed_it() -> None:
    # An IP camera's OPTIONS answer as an ExoPlayer log quotes it (google/ExoPlayer issue 9619): DSS's Server-header
    # layout (macosforge/dss QTSServerInterface::Initialize) under the camera firmware's own name.
    identity = answer(
        "RTSP/1.0 200 OK\nServer: MS/1.0 (Build/1.0; Platform/Linux; Release/RDCamera;)\nCSeq: 1\n"
        "Public: OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY, PAUSE\n\n"
    )
    assert identity.device_type != "not_camera", identity.attribution


def test_a_miracast_receivers_method_list_is_not_a_camera() -> None:
    # Android's WifiDisplaySink::onOptionsRequest (CyanogenMod/android_frameworks_av@8060060217ff), with the
    # keep-alive methods that would otherwise hint at a camera.
    identity = answer("RTSP/1.0 200 OK\nCSeq: 1\nPublic: org.wfa.wfd1.0, GET_PARAMETER, SET_PARAMETER\n\n", port=7236)
    assert identity.device_type == "not_camera"


def test_a_gamestream_hosts_serverinfo_is_not_a_camera() -> None:
    # LizardByte/Sunshine src/nvhttp.cpp@0217b0186c08 serverinfo(), as written by boost's write_xml.
    body = (
        '<?xml version="1.0" encoding="utf-8"?>\n<root status_code="200"><hostname>gaming-pc</hostname>'
        "<appversion>7.1.431.-1</appversion><GfeVersion>3.23.0.74</GfeVersion><uniqueid>123456789ABCDEF</uniqueid>"
        "<HttpsPort>47984</HttpsPort><ExternalPort>47989</ExternalPort><mac>00:00:00:00:00:00</mac>"
        "<PairStatus>0</PairStatus><currentgame>0</currentgame><state>SUNSHINE_SERVER_FREE</state></root>"
    )
    fields = {"http.status": "200", "http.body": body}
    identity = identify([Observation("192.0.2.1", 47989, "tcp", "http", "import", "2026-01-01T00:00:00Z", fields)])
    assert identity.device_type == "not_camera", identity.attribution
    assert identity.manufacturer is None


def test_the_rtsp_server_x_y_stack_types_a_video_device_and_names_nobody_but_dahuas_own_version() -> None:
    # Greenbone's RTSP OS detection (xqcyberscore/nvt gb_rtsp_os_detection.nasl@df5aa9b40b1a): 'Rtsp Server/2.0'.
    two = answer("RTSP/1.0 200 OK\nServer: Rtsp Server/2.0\nCSeq: 1\nSession: 80518407122\n\n")
    assert is_video_device(two.device_type), two.attribution
    assert two.manufacturer is None and two.brand is None
    three = answer("RTSP/1.0 200 OK\nCSeq: 1\nServer: Rtsp Server/3.0\n\n")
    assert is_video_device(three.device_type)
    assert three.manufacturer == "dahua"  # rules/rtsp.yaml's exact rule, unchanged


# --- Recorders that restream (helper-113, 2026-12-04): UniFi Protect behind its embedded EvoStream server ---

# A UniFi Protect console's PLAY answer as go2rtc's trace prints it (AlexxIT/go2rtc issue 81, 2022-10-21; the head
# line and CSeq as sent, nothing else changed): its Server header names EvoStream, its Rtp-Info the Protect address.
PROTECT_PLAY = (
    "RTSP/1.0 200 OK\nRange: npt=now-\nSession: vBTZ55qE\nCache-Control: no-store\n"
    "Date: Fri, 21 Oct 2022 09:52:14 UTC\nPragma: no-cache\n"
    "Rtp-Info: url=rtsps://192.168.1.1:7441/E1oZmxXGX4dAzBsz?enableSrtp/trackID=1;seq=51883;rtptime=0,"
    "url=rtsps://192.168.1.1:7441/E1oZmxXGX4dAzBsz?enableSrtp/trackID=2;seq=34745;rtptime=0\n"
    "Server: EvoStream Media Server (www.evostream.com)\nCseq: 4\nExpires: Fri, 21 Oct 2022 09:52:14 UTC\n\n"
)
# EvoStream's own OPTIONS answer (Streamedian/html5_rtsp_player issue 73, as replayed by bench/replay.py's
# replay-evostream, written back as header lines): the same Server header with no Protect address.
EVOSTREAM_OPTIONS = (
    "RTSP/1.0 200 OK\nCSeq: 1\nCache-Control: no-store\nDate: Mon, 05 Mar 2018 10:40:58 UTC\n"
    "Expires: Mon, 05 Mar 2018 10:40:58 UTC\nPragma: no-cache\n"
    "Public: DESCRIBE, OPTIONS, PAUSE, PLAY, SETUP, TEARDOWN, ANNOUNCE, RECORD\n"
    "Server: EvoStream Media Server (www.evostream.com)\n\n"
)


def protect_describe(content_base: str, server: str = "EvoStream Media Server (www.evostream.com)") -> str:
    """A DESCRIBE head around ``content_base`` (invented around the address layouts the layer cites)."""
    return f"RTSP/1.0 200 OK\nCSeq: 2\nContent-Base: {content_base}\nServer: {server}\n\n"


def test_a_unifi_protect_console_restreaming_through_evostream_is_ubiquitis_recorder() -> None:
    identity = answer(PROTECT_PLAY, port=7441)
    assert identity.device_type == "nvr", identity.attribution
    assert identity.manufacturer == "ubiquiti"
    assert "words.software.unifi-protect-restream" in rules_of(identity)
    # The media-server reading of the header is still there, outweighed, not removed.
    assert "words.not-camera.media-server" in rules_of(identity)


def test_the_evostream_header_alone_stays_a_media_server() -> None:
    identity = answer(EVOSTREAM_OPTIONS, port=5544)
    assert identity.device_type == "not_camera"
    assert identity.manufacturer is None and identity.brand is None


@pytest.mark.parametrize(
    "content_base",
    [
        "rtsps://192.0.2.1:7441/E1oZmxXGX4dAzBsz/",  # go2rtc's rtspx form, the query cut: no Protect-only sign
        "rtsp://192.0.2.1:5544/livestream?enableSrtp=1/",  # a query of that name with a value
        "rtsp://192.0.2.1:1935/vod/mp4:sample.mp4?enableSrtp/",  # a two-segment path
        "rtsp://192.0.2.1:554/live?enableSrtp/",  # an alias too short to be Protect's
    ],
)
def test_a_general_servers_address_without_protects_layout_stays_a_media_server(content_base: str) -> None:
    identity = answer(protect_describe(content_base), port=554)
    assert "words.software.unifi-protect-restream" not in rules_of(identity)
    assert identity.device_type == "not_camera"
    assert identity.manufacturer is None


def test_the_protect_address_behind_another_general_server_still_names_the_recorder() -> None:
    # The address is Protect's, whatever server software the console embeds in a later release.
    identity = answer(
        protect_describe("rtsps://10.0.100.4:7441/M3oBdx0AmMnk54pq?enableSrtp/", "Wowza Streaming Engine")
    )
    assert (identity.device_type, identity.manufacturer) == ("nvr", "ubiquiti")


ALIAS = st.text(
    st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"), min_size=12, max_size=24
)


@settings(max_examples=40, deadline=None)
@given(ALIAS)
def test_any_protect_alias_names_the_recorder(alias: str) -> None:
    identity = answer(protect_describe(f"rtsps://192.0.2.1:7441/{alias}?enableSrtp/"), port=7441)
    assert (identity.device_type, identity.manufacturer) == ("nvr", "ubiquiti")


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80), st.text(max_size=80))
def test_hostile_text_in_a_protect_like_address_never_raises_and_the_entry_claims_only_ubiquitis_recorder(
    before: str, after: str
) -> None:
    fields = {
        "rtsp.content_base": f"{before}rtsps://192.0.2.1:7441/{after}?enableSrtp",
        "rtsp.headers": f"Rtp-Info: url={before}/{after}?enableSrtp\r\nCSeq: 1",
        "rtsp.server": "EvoStream Media Server (www.evostream.com)",
    }
    identity = identify([Observation("192.0.2.1", 7441, "tcp", "rtsp", "import", "2026-01-01T00:00:00Z", fields)])
    for ev in identity.evidence:
        if ev.rule_id == "words.software.unifi-protect-restream":
            assert ev.asserts == {"manufacturer": "ubiquiti", "device_type": "nvr"}


# A web page that links a Protect address is not the console (helper-122, 2026-12-04): datarhei/restreamer issue 307
# quotes the link UniFi Protect shows for a camera; a page or a scanner's note carrying it names nobody. The page
# around the link is invented (an nginx-served page with that link and a title), the address is the issue's.
PROTECT_LINK = "rtsps://10.0.100.4:7441/M3oBdx0AmMnk54pq?enableSrtp"


@pytest.mark.parametrize(
    "fields",
    [
        {"http.server": "nginx/1.18.0", "http.title": "Restreamer", "http.links": PROTECT_LINK},
        {"http.server": "nginx/1.18.0", "http.location": PROTECT_LINK},
        {"import.info": f"stream {PROTECT_LINK}"},
    ],
    ids=["page-link", "redirect", "scanner-note"],
)
def test_a_protect_address_outside_an_rtsp_answer_names_no_recorder(fields: dict[str, str]) -> None:
    identity = identify([Observation("192.0.2.9", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", fields)])
    assert "words.software.unifi-protect-restream" not in rules_of(identity)
    assert identity.manufacturer is None and identity.brand is None
    assert identity.device_type != "nvr"


def test_the_protect_address_in_the_answers_own_description_still_names_the_recorder() -> None:
    # The control URL of a DESCRIBE body (rtsp.sdp) is the console's own address too.
    text = (
        "RTSP/1.0 200 OK\nCSeq: 2\nContent-Type: application/sdp\nServer: EvoStream Media Server (www.evostream.com)\n\n"
        f"v=0\no=- 0 0 IN IP4 10.0.100.4\ns=stream\nt=0 0\nm=video 0 RTP/AVP 96\na=control:{PROTECT_LINK}/trackID=1\n"
    )
    identity = answer(text, port=7441)
    assert (identity.device_type, identity.manufacturer) == ("nvr", "ubiquiti")


# --- The console on its own ports (helper-122, 2026-12-04): an EvoStream answer with no stream address ---------------


@pytest.mark.parametrize("port", [7441, 7447])
def test_an_evostream_answer_on_protects_own_ports_is_ubiquitis_recorder(port: int) -> None:
    identity = answer(EVOSTREAM_OPTIONS, port=port)
    assert (identity.device_type, identity.manufacturer) == ("nvr", "ubiquiti"), identity.attribution
    assert "words.software.unifi-protect-evostream-port" in rules_of(identity)


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=1, max_value=65535).filter(lambda p: p not in (7441, 7447)))
def test_an_evostream_answer_on_any_other_port_stays_a_media_server(port: int) -> None:
    identity = answer(EVOSTREAM_OPTIONS, port=port)
    assert "words.software.unifi-protect-evostream-port" not in rules_of(identity)
    assert identity.device_type == "not_camera"
    assert identity.manufacturer is None


def test_an_evostream_header_whose_port_is_unknown_names_nobody() -> None:
    fields = {"rtsp.server": "EvoStream Media Server (www.evostream.com)"}
    assert not [e for e in match_fields(fields) if e.rule_id == "words.software.unifi-protect-evostream-port"]
    assert [e.rule_id for e in match_fields(fields, port=7441)].count("words.software.unifi-protect-evostream-port") == 1


def test_another_servers_answer_on_protects_port_is_not_read_as_protect() -> None:
    identity = answer(GSTREAMER_OPTIONS, port=7441)
    assert "words.software.unifi-protect-evostream-port" not in rules_of(identity)
    assert identity.manufacturer is None
