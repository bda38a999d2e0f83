"""A stream description names its maker when the maker's streaming stack writes its own lines.

The SDP a camera answers DESCRIBE with keeps its firmware's layout even when the RTSP headers name nobody:
TP-Link's session name and private media track, Uniview's truncated origin and H3C decoder tag
(layers/sdp.yaml, each with its source). LIVE555's file server describes files, not cameras.
"""

from __future__ import annotations

from camaudit.identify import identify
from camaudit.model import Identity, Observation

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
