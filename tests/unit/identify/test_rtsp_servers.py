"""Which RTSP servers are cameras: whole answers, read as an importer reads them, typed and named.

Where a public source is named beside an answer, the answer is that server's (or built from its code);
the others are built from the standard the entry cites. The assertions are what a user sees: the device
type and the maker.
"""

from __future__ import annotations

import pytest

from camaudit.identify import identify
from camaudit.importers.sniff import sniff
from camaudit.model import Identity, Observation, is_video_device

SDP_ANSWER = "RTSP/1.0 200 OK\nCSeq: 2\nContent-Type: application/sdp\n\n"


def answer(text: str, port: int = 554) -> Identity:
    """Identify one raw RTSP answer the way the Shodan and masscan importers read a banner."""
    fields: dict[str, str] = {}
    assert sniff(text.replace("\n", "\r\n"), fields, port=port) == "rtsp"
    return identify([Observation("192.0.2.1", port, "tcp", "rtsp", "import", "2026-01-01T00:00:00Z", fields)])


# AxisCommunications/media-stream-library-js, streams/tests/rtsp-session.fixtures.ts@8114f3792c32: an AXIS
# camera's OPTIONS and DESCRIBE answers (AXIS OS runs GStreamer's RTSP server).
AXIS_OPTIONS = (
    "RTSP/1.0 200 OK\nCSeq: 1\nPublic: OPTIONS, DESCRIBE, GET_PARAMETER, PAUSE, PLAY, SETUP, SET_PARAMETER, TEARDOWN\n"
    "Server: GStreamer RTSP server\nDate: Wed, 03 Jun 2015 14:23:41 GMT\n\n"
)
AXIS_DESCRIBE = (
    "RTSP/1.0 200 OK\nCSeq: 2\nContent-Type: application/sdp\nContent-Base: rtsp://192.168.0.3/axis-media/media.amp/\n"
    "Server: GStreamer RTSP server\nDate: Wed, 03 Jun 2015 14:23:42 GMT\nContent-Length: 623\n\n"
    "v=0\no=- 1188340656180883 1 IN IP4 192.168.0.3\ns=Session streamed with GStreamer\ni=rtsp-server\nt=0 0\n"
    "a=tool:GStreamer\na=type:broadcast\na=range:npt=now-\n"
    "a=control:rtsp://192.168.0.3/axis-media/media.amp?resolution=176x144&fps=1\nm=video 0 RTP/AVP 96\n"
    "c=IN IP4 0.0.0.0\nb=AS:50000\na=rtpmap:96 H264/90000\n"
)


def test_an_axis_cameras_bare_gstreamer_options_answer_is_not_called_a_camera() -> None:
    # The OPTIONS answer is gst-rtsp-server's own, word for word: the envyen/docs wiki's test-launch audio server
    # (tests/data/heldout_batch11.jsonl line 11) gives the same method list and Server header. From 2026-12-02 to
    # 2026-12-04 the method list outvoted the library's name and typed every bare GStreamer server a video device;
    # now the library explains its own method list (identify/stream_software.py) and the answer leans, weakly, to
    # "a computer streaming". The camera's DESCRIBE, with its stream path, still names Axis (below).
    identity = answer(AXIS_OPTIONS)
    assert not is_video_device(identity.device_type)
    assert identity.confidence <= 0.4
    assert identity.manufacturer is None and identity.brand is None


def test_an_axis_describe_answer_names_axis_through_its_stream_path() -> None:
    identity = answer(AXIS_DESCRIBE)
    assert is_video_device(identity.device_type)
    assert identity.manufacturer == "axis"


def test_a_gstreamer_server_offering_only_the_basic_methods_is_not_called_a_camera() -> None:
    # The library alone, without a camera's configured keep-alive methods: a test server or a relay as
    # likely as a camera, so the bare "RTSP answered" hint does not type it.
    identity = answer(
        "RTSP/1.0 200 OK\nCSeq: 1\nServer: GStreamer RTSP server\nPublic: OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY\n\n"
    )
    assert not is_video_device(identity.device_type)


NOT_CAMERAS = {
    # gortsplib's OPTIONS answer (bluenviron/gortsplib server_session.go@030f71b05074): no OPTIONS in the
    # list, ANNOUNCE and RECORD for published streams, and the keep-alive methods a camera offers too.
    "mediamtx relay": "RTSP/1.0 200 OK\nCSeq: 1\nPublic: DESCRIBE, ANNOUNCE, SETUP, PLAY, RECORD, PAUSE, GET_PARAMETER, TEARDOWN\n\n",
    # FFmpeg's session header (libavformat/sdp.c): what ffserver and a relay fed by "ffmpeg -f rtsp" hand out.
    "ffmpeg description": SDP_ANSWER
    + "v=0\no=- 0 0 IN IP4 127.0.0.1\ns=No Name\nt=0 0\na=tool:libavformat 58.29.100\nm=video 0 RTP/AVP 96\n",
    "television transport stream": SDP_ANSWER
    + "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=Channel 1\nt=0 0\nm=video 0 RTP/AVP 33\na=rtpmap:33 MP2T/90000\n",
    "sound only": SDP_ANSWER
    + "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=Radio\nt=0 0\nm=audio 0 RTP/AVP 14\na=rtpmap:14 MPA/90000\n",
    # MistServer's OPTIONS and DESCRIBE answers, built from DDVTECH/mistserver src/output/output_rtsp.cpp
    # @640a1ec5753e (its method order; 'a=tool:MistServer' in the description it writes).
    "mistserver options": "RTSP/1.0 200 OK\nCSeq: 1\nDate: Thu, 03 Dec 2026, 12:00:00 GMT\n"
    "Public: SETUP, TEARDOWN, PLAY, PAUSE, DESCRIBE, GET_PARAMETER, ANNOUNCE, RECORD\n\n",
    "mistserver description": SDP_ANSWER + "v=0\no=- 1764763200000 1 IN IP4 127.0.0.1\ns=live\nc=IN IP4 0.0.0.0\n"
    "i=live\nu=rtsp://192.0.2.7:5554/live\nt=0 0\na=tool:MistServer\na=type:broadcast\na=control:*\n"
    "a=range:npt=0-\nm=video 0 RTP/AVP 97\na=rtpmap:97 H264/90000\na=control:track1\n",
    # The SAT>IP URL scheme (openatv/enigma2 pull request 830; SAT>IP specification 1.2.2).
    "sat>ip tuner": "RTSP/1.0 200 OK\nCSeq: 2\nContent-Type: application/sdp\n"
    "Content-Base: rtsp://192.0.2.40:554/?freq=177.5&msys=dvbt&bw=7&pids=0,1089,1091\n\n"
    "v=0\no=- 1 1 IN IP4 192.0.2.40\ns=TV\nt=0 0\nm=video 0 RTP/AVP 96\n",
}

CAMERAS = {
    "video then sound": SDP_ANSWER + "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=Media Presentation\ne=NONE\nt=0 0\n"
    "m=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\nm=audio 0 RTP/AVP 0\na=rtpmap:0 PCMU/8000\n",
    "live555 method order": "RTSP/1.0 200 OK\nCSeq: 1\n"
    "Public: OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY, PAUSE, GET_PARAMETER, SET_PARAMETER\n\n",
}


@pytest.mark.parametrize("text", NOT_CAMERAS.values(), ids=NOT_CAMERAS.keys())
def test_relays_tuners_and_sound_sources_are_not_cameras(text: str) -> None:
    identity = answer(text)
    assert identity.device_type == "not_camera"
    assert identity.manufacturer is None and identity.brand is None


@pytest.mark.parametrize("text", CAMERAS.values(), ids=CAMERAS.keys())
def test_camera_shaped_answers_stay_video_devices_without_a_maker(text: str) -> None:
    identity = answer(text)
    assert is_video_device(identity.device_type)
    assert identity.manufacturer is None and identity.brand is None


def test_a_description_with_sound_before_video_is_not_called_a_sound_source() -> None:
    # Some camera firmware describes its audio track first (a /live/av0 camera in a public ZoneMinder
    # thread): only a description without any video is a sound source. The video stream it offers types it
    # a video device (words.rtsp-described-video), never "not a camera".
    identity = answer(
        SDP_ANSWER + "v=0\no=- 86575122 782967157  IN IP4 192.0.2.10\ns=live\nt=0 0\na=control:*\n"
        "m=audio 0 RTP/AVP 8\na=control:rtsp://192.0.2.10:554/audio0\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\n"
    )
    assert identity.device_type == "video_device", identity.attribution
    assert identity.manufacturer is None and identity.brand is None


def test_a_password_protected_stream_without_a_server_name_is_a_camera_hint() -> None:
    # The typical camera on 554: a 401 with a Digest realm and no Server header (no maker in it).
    identity = answer('RTSP/1.0 401 Unauthorized\nCSeq: 1\nWWW-Authenticate: Digest realm="device", nonce="0a1b2c"\n\n')
    assert identity.device_type == "video_device"
    assert identity.manufacturer is None
    assert identity.confidence <= 0.5


def test_hikvisions_method_order_names_hikvision() -> None:
    # google/ExoPlayer issue 9800: a Hikvision camera's OPTIONS answer (its Date with Hikvision's two
    # spaces left out, so the method list is the only maker sign).
    identity = answer(
        "RTSP/1.0 200 OK\nCSeq: 0\nPublic: OPTIONS, DESCRIBE, PLAY, PAUSE, SETUP, TEARDOWN, SET_PARAMETER, GET_PARAMETER\n\n"
    )
    assert is_video_device(identity.device_type)
    assert identity.manufacturer == "hikvision"
    assert identity.confidence < 0.9


def test_an_axis_rtsp_401_names_axis_firmly() -> None:
    # Kane610/axis tests/test_rtsp.py@aeabea8d497a: an AXIS camera's answer to an unauthorised DESCRIBE.
    identity = answer(
        "RTSP/1.0 401 Unauthorized\nCSeq: 1\n"
        'WWW-Authenticate: Digest realm="AXIS_ACCC8E012345", nonce="0000eb57Y1462133062b37999f0cd530f02755fa37b8df1", '
        "stale=FALSE\nServer: GStreamer RTSP server\nDate: Sat, 12 Dec 2020 10:44:25 GMT\n\n"
    )
    assert is_video_device(identity.device_type)
    assert identity.manufacturer == "axis" and identity.brand == "axis"
    assert identity.confidence >= 0.8


def test_a_gstreamer_server_asking_for_the_librarys_own_realm_is_not_a_camera() -> None:
    # Built from gst-rtsp-server's code (github:GStreamer/gstreamer/gst/rtsp-server/rtsp-auth.c@b1b530157709:
    # the Server header and the realm it sends when the application sets none), with the full method set the
    # library offers: camera-like hints (methods, a protected stream) must not outweigh the library's own realm.
    identity = answer(
        "RTSP/1.0 401 Unauthorized\nCSeq: 2\nWWW-Authenticate: Basic realm=\"GStreamer RTSP Server\"\n"
        "Public: OPTIONS, DESCRIBE, ANNOUNCE, GET_PARAMETER, PAUSE, PLAY, RECORD, SETUP, SET_PARAMETER, TEARDOWN\n"
        "Server: GStreamer RTSP server\n\n"
    )
    assert identity.device_type == "not_camera"
    assert identity.manufacturer is None and identity.brand is None


def test_an_axis_camera_asking_for_its_own_realm_stays_axis() -> None:
    identity = answer(
        "RTSP/1.0 401 Unauthorized\nCSeq: 2\nWWW-Authenticate: Digest realm=\"AXIS_ACCC8E012345\", nonce=\"0a1b2c\"\n"
        "Server: GStreamer RTSP server\n\n"
    )
    assert is_video_device(identity.device_type)
    assert identity.manufacturer == "axis"
