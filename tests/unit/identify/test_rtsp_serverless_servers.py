"""Streaming servers that answer on port 554 without a Server header (the bare forms' look-alikes, rtsp_shapes.yaml).

The bare session and description forms (``camera-stack.bare-session-answer`` / ``-description-answer``) type a
Server-less answer past OPTIONS on port 554 a video device at 0.4. Public servers that write such answers:

* LIVE555's own Media Server (github:rgaufman/live555/mediaServer/live555MediaServer.cpp): listens on 554 first and
  streams the files of its directory as ``rtsp://<host>/<filename>``, with LIVE555's camera-identical answers
  (RTSPServer.cpp: CSeq, Date, Content-Base, Session, RTP-Info; no Server). Its DESCRIBE and PLAY answers name the
  file, and a container or audio file suffix there (``rtsp_shapes.not-camera.media-file-stream``) makes it a file
  server: not a camera. Its SETUP answer names no path and still reads as the bare session form (docs: still weak).
* ffserver (FFmpeg's doc/ffserver.conf, ffserver.c): streams named as files (``test1-rtsp.mpg``), CSeq and Date only.
* Servers that name themselves (gortsplib, GStreamer's gst-rtsp-server, VLC, EasyDarwin, Wowza) stay out of the bare
  forms on any port: the Server header is one of the headers the forms refuse.

A camera's live path (``/live/ch00_0``, ``/Streaming/Channels/101``) and an elementary stream a camera names so
(``main.264``) are no file server's.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.rtsp_answer import answer, rule_ids

from camaudit.model import is_video_device

FILE_RULE = "rtsp_shapes.not-camera.media-file-stream"
BARE = {"rtsp_shapes.camera-stack.bare-session-answer", "rtsp_shapes.camera-stack.bare-description-answer"}


def describe_head(path: str) -> str:
    return (
        f"RTSP/1.0 200 OK\nCSeq: 2\nDate: Wed, Apr 06 2016 07:05:30 GMT\nContent-Base: rtsp://192.0.2.10/{path}/\n"
        "Content-Type: application/sdp\nContent-Length: 512\n\n"
    )


def play_answer(path: str) -> str:
    return (
        "RTSP/1.0 200 OK\nCSeq: 4\nDate: Wed, Apr 06 2016 07:05:31 GMT\nRange: npt=0.000-\nSession: 0A1B2C3D\n"
        f"RTP-Info: url=rtsp://192.0.2.10/{path}/track1;seq=1;rtptime=0\n\n"
    )


def described(path: str) -> str:
    sdp = (
        "v=0\no=- 1 1 IN IP4 192.0.2.10\ns=Matroska video+audio+(optional)subtitles, streamed by the LIVE555 Media "
        "Server\ni=test.mkv\nt=0 0\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\na=control:track1\n"
    )
    length = len(sdp.replace("\n", "\r\n"))
    return (
        f"RTSP/1.0 200 OK\nCSeq: 2\nDate: Wed, Apr 06 2016 07:05:30 GMT\nContent-Base: rtsp://192.0.2.10/{path}/\n"
        f"Content-Type: application/sdp\nContent-Length: {length}\n\n{sdp}"
    )


def test_the_live555_media_servers_file_streams_on_554_are_not_cameras() -> None:
    for text in (
        describe_head("test.mkv"),
        play_answer("test.mkv"),
        described("test.mkv"),
        describe_head("music/song.mp3"),
        play_answer("test1-rtsp.mpg"),
    ):
        identity = answer(text, port=554)
        assert FILE_RULE in rule_ids(identity), text
        assert not is_video_device(identity.device_type), (text, identity.attribution)
        assert identity.manufacturer is None


def test_camera_paths_on_554_keep_the_bare_forms_weak_video_type() -> None:
    for path in ("live/ch00_0", "Streaming/Channels/101", "main.264", "h264_stream", "stream1"):
        for text in (describe_head(path), play_answer(path)):
            identity = answer(text, port=554)
            assert FILE_RULE not in rule_ids(identity), text
            assert rule_ids(identity) & BARE, text
            assert is_video_device(identity.device_type) and identity.confidence >= 0.4, (text, identity.attribution)


def test_servers_that_name_themselves_on_554_stay_out_of_the_bare_forms() -> None:
    for server in (
        "gortsplib",
        "GStreamer RTSP server",
        "VLC/3.0.18 (LIVE555 Streaming Media v2016.11.28)",
        "EasyDarwin/7.0.5",
        "Wowza Streaming Engine 4.8.10",
    ):
        text = (
            f"RTSP/1.0 200 OK\nCSeq: 3\nServer: {server}\nSession: 1850358837;timeout=60\n"
            "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\n\n"
        )
        assert not rule_ids(answer(text, port=554)) & BARE, server


@settings(max_examples=60, deadline=None)
@given(
    name=st.from_regex(r"\A[A-Za-z0-9_-]{1,20}\Z"),
    suffix=st.sampled_from(["mkv", "webm", "mp3", "wav", "ts", "mpg", "ogg", "aac", "ac3", "vob"]),
    kind=st.sampled_from([describe_head, play_answer]),
)
def test_any_file_named_stream_is_no_video_device_on_554(name: str, suffix: str, kind: object) -> None:
    assert callable(kind)
    identity = answer(kind(f"{name}.{suffix}"), port=554)
    assert not is_video_device(identity.device_type), (name, suffix, identity.attribution)
