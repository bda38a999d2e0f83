"""An app's RTSP streaming library names itself: not a camera's firmware (layers/streaming_software.yaml).

pedroSG94's Android RTSP server writes ``Server: pedroSG94 Server`` on every answer and serves whatever the app hands
it (a phone's camera or screen, a file, audio). Its answers are built here from the library's own code
(github:pedroSG94/RTSP-Server/rtspserver/src/main/java/com/pedro/rtspserver/ServerCommandManager.kt@ac76795bc27d:
createHeader, createOptions, createError, createDescribe's body, createSetup's fixed session) around its header; the
OPTIONS answer on port 1935 is the one the development batch keeps (tests/data/devreplies_rtsp.jsonl line 7).
Before the entry the OPTIONS answer was typed a video device (0.45, the viewing-methods hint) and the 401 a video
device (0.5, the protected-stream hint).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.rtsp_answer import answer, rule_ids

from camaudit.identify import match_fields
from camaudit.model import is_video_device

ENTRY = "words.software.pedrosg94-rtsp-server"
HEAD = "RTSP/1.0 {status}\nServer: pedroSG94 Server\n"

OPTIONS = HEAD.format(status="200 OK") + "Cseq: 2\nPublic: DESCRIBE,SETUP,TEARDOWN,PLAY,PAUSE\n\n"
UNAUTHORIZED = HEAD.format(status="401 Unauthorized") + 'WWW-Authenticate: Basic realm="pedroSG94"\nCseq: 3\n\n'
DESCRIBE = (
    HEAD.format(status="200 OK") + "Cseq: 3\nContent-Length: 140\nContent-Base: 192.0.2.5:554/\n"
    "Content-Type: application/sdp\n\nv=0\no=- 0 0 IN IP4 192.0.2.5\ns=Unnamed\ni=N/A\nc=IN IP4 192.0.2.9\nt=0 0\n"
    "a=recvonly\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\na=control:streamid=0\n"
)
SETUP = (
    HEAD.format(status="200 OK") + "Cseq: 4\nContent-Length: 0\n"
    "Transport: RTP/AVP/TCP;unicast;interleaved=0-1;mode=play\nSession: 1185d20035702ca\nCache-Control: no-cache\n\n"
)


@pytest.mark.parametrize(
    ("text", "port"),
    [(OPTIONS, 1935), (OPTIONS, 554), (UNAUTHORIZED, 554), (DESCRIBE, 554), (SETUP, 554)],
    ids=["options-1935", "options-554", "401", "describe", "setup"],
)
def test_the_librarys_answers_are_not_typed_a_camera(text: str, port: int) -> None:
    identity = answer(text, port)
    assert not is_video_device(identity.device_type)
    assert identity.device_type == "not_camera"
    assert identity.manufacturer is None and identity.brand is None
    assert ENTRY in rule_ids(identity)


def test_a_camera_sdk_servers_answer_beside_it_stays_a_video_device() -> None:
    """The camera SDK's demo server (words.sdk.rtsp-demo-server) with the library's own method list is a camera."""
    identity = answer(OPTIONS.replace("pedroSG94 Server", "rtsp_demo"), 8554)
    assert is_video_device(identity.device_type)
    assert ENTRY not in rule_ids(identity)


def test_a_cameras_stream_path_behind_the_library_is_still_read() -> None:
    """A maker's stream path in the answer's own address is a camera sign of its own, which the header does not erase."""
    described = DESCRIBE.replace("Content-Base: 192.0.2.5:554/", "Content-Base: rtsp://192.0.2.5/axis-media/media.amp/")
    identity = answer(described, 554)
    assert "paths.axis.media" in rule_ids(identity)


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40))
def test_only_the_librarys_exact_name_is_read(before: str, after: str) -> None:
    server = f"{before}pedroSG94 Server{after}"
    hits = [e for e in match_fields({"rtsp.server": server}) if e.rule_id == ENTRY]
    if hits:
        assert server.rstrip("\r") == "pedroSG94 Server"
        assert hits[0].asserts == {"device_type": "not_camera"}
