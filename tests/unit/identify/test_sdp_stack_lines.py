"""Stream descriptions read by the stack that wrote them (``layers/sdp.yaml``, helper-107).

Whole DESCRIBE answers, read as the Shodan and masscan importers read a banner (``importers.sniff``). The
descriptions are the ones gortsplib's SDP tests keep from MediaMTX issues (bluenviron/gortsplib
pkg/sdp/sdp_test.go: 'issue mediamtx/85', '/127', '/136'); the answers' heads are filled in (CSeq, Content-Type)
and say so. What is asserted is what a user sees: the device type and the maker.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.importers.sniff import sniff
from camaudit.model import Identity, Observation, is_video_device


def describe(sdp: str, headers: str = "") -> Identity:
    body = sdp.replace("\n", "\r\n")
    text = (
        "RTSP/1.0 200 OK\r\nCSeq: 2\r\n"
        + headers.replace("\n", "\r\n")
        + f"Content-Type: application/sdp\r\nContent-Length: {len(body)}\r\n\r\n"
        + body
    )
    fields: dict[str, str] = {}
    assert sniff(text, fields, port=554) == "rtsp"
    return identify([Observation("192.0.2.1", 554, "tcp", "rtsp", "import", "2026-01-01T00:00:00Z", fields)])


def rule_ids(identity: Identity) -> set[str]:
    return {e.rule_id for e in identity.evidence}


# 'issue mediamtx/85': a Sony camera's whole description.
SONY_85 = (
    "v=0\no=- 12345 1 IN IP4 10.21.61.139\ns=Sony RTSP Server\nt=0 0\na=range:npt=now-\nc=IN IP4 0.0.0.0\n"
    "m=video 0 RTP/AVP 105\na=rtpmap:105 H264/90000\na=control:trackID=1\na=recvonly\na=framerate:25.0\n"
)
# 'issue mediamtx/127': another Sony camera's description, kept without its media lines.
SONY_127 = "v=0\no=RTSP Session 1 2 IN IP4 0.0.0.0\ns=Sony RTSP Server\n"

# 'issue mediamtx/136': a Windows Media server's description of a .wmv file.
WMS_136 = (
    "v=0\no=- 200710060441230578 200710060441230578 IN IP4 127.0.0.1\ns=<No Title>\nc=IN IP4 0.0.0.0\n"
    "b=AS:104\na=maxps:1250\nt=0 0\na=control:rtsp://198.51.100.7:554/refuse/unavailable_media.wmv/\n"
    "a=etag:{CCEE392D-83DF-F4AA-130B-E8A05562CE63}\na=range:npt=3.000-6.185\na=type:notstridable\na=recvonly\n"
    "m=video 0 RTP/AVP 96\nb=AS:105\nb=X-AV:100\nb=RS:0\nb=RR:0\na=rtpmap:96 x-asf-pf/1000\na=control:video\n"
    "a=stream:1\nm=application 0 RTP/AVP 96\nb=RS:0\nb=RR:0\na=rtpmap:96 x-wms-rtx/1000\na=control:rtx\n"
    "a=stream:65536\n"
)


@pytest.mark.parametrize("sdp", [SONY_85, SONY_127], ids=["mediamtx-85", "mediamtx-127"])
def test_sonys_session_name_is_a_sony_camera(sdp: str) -> None:
    identity = describe(sdp)
    assert identity.device_type == "camera", identity.attribution
    assert identity.manufacturer == "sony"
    assert "sdp.sony.rtsp-server-session" in rule_ids(identity)


def test_a_relay_that_copied_sonys_session_name_names_no_maker() -> None:
    # FFmpeg pushing a Sony camera's stream to a relay keeps its 's=' line and adds its own tool line
    # (rules/rtsp.yaml not-camera.rtsp.sdp.libavformat, 0.9): the relay is not a Sony camera.
    identity = describe(SONY_85.replace("t=0 0\n", "t=0 0\na=tool:libavformat 58.76.100\n"))
    assert not is_video_device(identity.device_type), identity.attribution
    assert identity.manufacturer is None


def test_other_session_names_are_not_sonys() -> None:
    for name in ("RTSP Server", "Sony RTSP Server 2", 'Session streamed by "Sony RTSP Server"'):
        identity = describe(SONY_85.replace("s=Sony RTSP Server", f"s={name}"))
        assert "sdp.sony.rtsp-server-session" not in rule_ids(identity), name


def test_a_windows_media_servers_description_is_not_a_camera() -> None:
    # Before this entry the 'm=video' line alone typed this answer a video device (words.rtsp-described-video).
    identity = describe(WMS_136)
    assert identity.device_type == "not_camera", identity.attribution
    assert identity.manufacturer is None
    assert "sdp.not-camera.windows-media" in rule_ids(identity)


def test_a_windows_media_header_alone_is_read_too() -> None:
    # The ASF file header WMS puts in its description (the attribute FFmpeg's rtpdec_asf.c decodes); the
    # payload value here is an invented stub.
    sdp = "v=0\ns=live\nt=0 0\na=pgmpu:data:application/vnd.ms.wms-hdr.asfv1;base64,MCaydY5mzxGm2QCqAGLObA==\n"
    sdp += "m=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\n"
    assert describe(sdp).device_type == "not_camera"


def test_a_camera_maker_sign_still_wins_over_nothing_in_a_plain_camera_description() -> None:
    # A camera's ordinary H.264 description (the Sony one without its session name) carries no ASF track:
    # it stays a video device.
    identity = describe(SONY_85.replace("s=Sony RTSP Server", "s=Media Presentation"))
    assert is_video_device(identity.device_type), identity.attribution
    assert "sdp.not-camera.windows-media" not in rule_ids(identity)


#: Any text that fits on one description line.
ANY_LINE = st.text(st.characters(exclude_categories=["Cc", "Cs", "Zl", "Zp"]), max_size=200)


@settings(max_examples=60, deadline=None)
@given(ANY_LINE, ANY_LINE)
def test_hostile_session_and_payload_lines_never_raise(session: str, payload: str) -> None:
    identity = describe(f"v=0\ns={session}\nt=0 0\nm=video 0 RTP/AVP 96\na=rtpmap:96 {payload}\n")
    assert 0.0 <= identity.confidence <= 1.0


@settings(max_examples=60, deadline=None)
@given(ANY_LINE)
def test_the_sony_session_name_counts_only_as_the_whole_line(tail: str) -> None:
    identity = describe(f"v=0\ns=Sony RTSP Server{tail}\nt=0 0\n")
    named = "sdp.sony.rtsp-server-session" in rule_ids(identity)
    assert named == (tail.rstrip("\r") == "")


# A RealServer/Helix description: the session attributes xine's sdpplin parser reads (mpv's stream/realrtsp/
# sdpplin.c) and the per-stream ones FFmpeg's rdt.c reads; the values are invented, the H.264 track too.
REAL = (
    "v=0\no=- 1271659412 1271659412 IN IP4 192.0.2.37\ns=<No title>\ni=<No author> <No copyright>\n"
    "c=IN IP4 0.0.0.0\nt=0 0\na=SdpplinVersion:1610641560\na=StreamCount:integer;1\na=control:*\n"
    'm=video 0 RTP/AVP 101\na=control:streamid=0\na=ASMRuleBook:string;"marker=0, Bandwidth=20000;"\n'
)


def test_a_real_servers_description_is_not_a_camera() -> None:
    identity = describe(REAL)
    assert identity.device_type == "not_camera", identity.attribution
    assert "sdp.not-camera.realmedia" in rule_ids(identity)


def test_the_typed_attribute_syntax_alone_is_not_reals() -> None:
    # 'a=<name>:integer;<n>' is used by other stacks too (a description in gortsplib's tests, mediamtx/948, carries
    # 'a=Width:integer;384' and 'a=mimetype:string;"video/H264"'): only Real's own attributes count.
    sdp = "v=0\ns=Video Stream\nt=0 0\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\n"
    sdp += 'a=mimetype:string;"video/H264"\na=Width:integer;384\na=Height:integer;832\n'
    identity = describe(sdp)
    assert "sdp.not-camera.realmedia" not in rule_ids(identity)
    assert is_video_device(identity.device_type), identity.attribution
