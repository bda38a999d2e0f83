"""A stream description names its maker when the maker's streaming stack writes its own lines.

The SDP a camera answers DESCRIBE with keeps its firmware's layout even when the RTSP headers name nobody:
TP-Link's session name and private media track, Uniview's truncated origin and H3C decoder tag
(layers/sdp.yaml, each with its source). LIVE555's file server describes files, not cameras.
"""

from __future__ import annotations

from camaudit.identify import identify
from camaudit.model import Identity, Observation, is_video_device

# A TP-Link camera's DESCRIBE answer, bluenviron/gortsplib pkg/format/format_test.go (issue gortsplib/509).
TP_LINK_SDP = (
    "v=0\no=- 14665860 31787219 1 IN IP4 192.168.1.102\n"
    's=Session streamed by "TP-LINK RTSP Server"\nt=0 0\na=smart_encoder:virtualIFrame=1\n'
    "m=application/tp-link 0 RTP/AVP smart/0/25000\na=rtpmap:95 tp-link/25000\na=control:track3\n"
)
# A camera's answer on Uniview's /media/video1 path, AlexxIT/go2rtc issue 1663.
UNIVIEW_SDP = (
    "v=0\no=- 1001 1 IN\ns=VCP IPC Realtime stream\nm=video 0 RTP/AVP 105\nc=IN\n"
    "a=control:rtsp://192.168.0.60/media/video1/video\na=rtpmap:105 H264/90000\na=recvonly\n"
    "m=application 0 RTP/AVP 107\nc=IN\na=control:rtsp://192.168.0.60/media/video1/metadata\n"
    "a=rtpmap:107 vnd.onvif.metadata/90000\na=fmtp:107 DecoderTag=h3c-v3 RTCP=0\na=recvonly\n"
)
# LIVE555's media server describing a file, gortsplib pkg/format/format_test.go (issue mediamtx/4183).
LIVE555_FILE_SDP = (
    "v=0\no=- 1634883673031268 1 IN IP4 127.0.0.1\ns=H265 Video, streamed by the LIVE555 Media Server\n"
    "i=test.265\nt=0 0\na=tool:LIVE555 Streaming Media v2016.10.11\na=type:broadcast\na=control:*\n"
)


def describe(sdp: str) -> Identity:
    fields = {"rtsp.status": "200", "rtsp.headers": "CSeq: 2\nContent-Type: application/sdp", "rtsp.sdp": sdp}
    return identify([Observation("192.0.2.1", 554, "tcp", "rtsp", "import", "2026-01-01T00:00:00Z", fields)])


def test_a_tp_link_stream_description_names_tp_link() -> None:
    identity = describe(TP_LINK_SDP)
    assert identity.manufacturer == "tp-link"
    assert identity.device_type is not None and identity.device_type.value == "video_device"


def test_the_tp_link_media_track_alone_names_tp_link() -> None:
    sdp = "v=0\no=- 4158123474391860926 2 IN IP4 127.0.0.1\ns=-\nt=0 0\n"
    identity = describe(sdp + "m=application/TP-LINK 0 RTP/AVP smart/1/90000\na=rtpmap:95 TP-LINK/90000\n")
    assert identity.manufacturer == "tp-link"


def test_a_uniview_stream_description_names_uniview() -> None:
    identity = describe(UNIVIEW_SDP)
    assert identity.manufacturer == "uniview"


def test_an_ordinary_origin_line_names_nobody() -> None:
    identity = describe("v=0\no=- 1001 1 IN IP4 192.0.2.1\ns=Stream\nt=0 0\nm=video 0 RTP/AVP 96\n")
    assert identity.manufacturer is None and identity.brand is None


def test_live555s_file_server_is_not_a_camera() -> None:
    identity = describe(LIVE555_FILE_SDP)
    assert identity.manufacturer is None
    assert identity.device_type is not None and identity.device_type.value == "not_camera"


# A camera's description as a VMS SDK's tests keep it (vtpl1/vrtc-sdk av/codec/sdp_test.go), its ONVIF metadata
# medium left out so that only the track tokens speak.
ONVIF_TRACKS_SDP = (
    "v=0\no=RTSP 1739297693 341 IN IP4 0.0.0.0\ns=RTSP server\nc=IN IP4 0.0.0.0\nt=0 0\n"
    "a=charset:Shift_JIS\na=range:npt=0-\na=control:*\na=etag:1234567890\n"
    "m=video 0 RTP/AVP 98\nb=AS:0\na=rtpmap:98 H264/90000\na=control:trackID=2\na=x-onvif-track:trackID=2\n"
    "m=audio 0 RTP/AVP 0\na=control:trackID=8\na=x-onvif-track:trackID=8\na=rtpmap:0 pcmu/8000\n"
)


def _served_by(server: str, sdp: str) -> Identity:
    fields = {
        "rtsp.status": "200",
        "rtsp.server": server,
        "rtsp.headers": f"CSeq: 2\nServer: {server}\nContent-Type: application/sdp",
        "rtsp.sdp": sdp,
    }
    return identify([Observation("192.0.2.1", 554, "tcp", "rtsp", "import", "2026-01-01T00:00:00Z", fields)])


def _without_tracks(sdp: str) -> str:
    return "".join(line + "\n" for line in sdp.splitlines() if not line.startswith("a=x-onvif-track:"))


def test_onvif_track_tokens_make_a_description_a_video_device_with_no_maker() -> None:
    with_tracks, bare = describe(ONVIF_TRACKS_SDP), describe(_without_tracks(ONVIF_TRACKS_SDP))
    # A video device; since 2026-12-04 a camera, for the same description's constant 'a=etag:1234567890'
    # (layers/rtsp_shapes.yaml, rtsp_shapes.camera-stack.constant-etag).
    assert with_tracks.device_type is not None and is_video_device(with_tracks.device_type)
    assert with_tracks.confidence > bare.confidence  # more than "an RTSP server answered"
    assert with_tracks.manufacturer is None and with_tracks.brand is None
    assert any(ev.rule_id == "sdp.onvif-track-token" for ev in with_tracks.evidence)


def test_onvif_track_tokens_outweigh_the_gstreamer_server_hint() -> None:
    # gst-rtsp-server runs in AXIS OS cameras and in desktop streamers alike: alone it leaves the type unknown
    # (since 2026-12-05; it had leaned to "not a camera" at 0.4); ONVIF's track tokens in what it serves make it
    # a video device.
    # The bare description also loses the camera stack's constant etag (another camera sign, 0.5).
    with_tracks = _served_by("GStreamer RTSP server", ONVIF_TRACKS_SDP)
    bare = _served_by("GStreamer RTSP server", _without_tracks(ONVIF_TRACKS_SDP).replace("a=etag:1234567890\n", ""))
    assert with_tracks.device_type is not None and is_video_device(with_tracks.device_type)
    assert bare.device_type is None
    assert any("cameras embed" in line for line in bare.attribution)


def test_a_relay_serving_a_cameras_track_tokens_is_still_not_a_camera() -> None:
    identity = _served_by("gortsplib", ONVIF_TRACKS_SDP)
    assert identity.device_type is not None and identity.device_type.value == "not_camera"
