"""RTSP dialects: what one answer's method list and headers say about the stack that wrote it.

Whole answers, read as the Shodan and masscan importers read a banner. Each answer is quoted from, or
built from, the public source its entry cites (named beside it); the assertions are what a user sees:
the device type and the maker.
"""

from __future__ import annotations

import pytest

from camaudit.identify import identify
from camaudit.importers.sniff import sniff
from camaudit.model import Identity, Observation, is_video_device


def answer(text: str, port: int = 554) -> Identity:
    fields: dict[str, str] = {}
    assert sniff(text.replace("\n", "\r\n"), fields, port=port) == "rtsp"
    return identify([Observation("192.0.2.1", port, "tcp", "rtsp", "import", "2026-01-01T00:00:00Z", fields)])


# AxisCommunications/media-stream-library-js, streams/tests/protocols.fixtures.ts@51318dc52d55
# (optionsResponseLowerCase, from the library's issue 310): an XMEye DVR's OPTIONS answer.
XIONGMAI_OPTIONS = "RTSP/1.0 200 OK\nServer: H264DVR 1.0\ncseq: 1\nPublic: OPTIONS, DESCRIBE, SETUP, TEARDOWN, GET_PARAMETER, PLAY, PAUSE\n\n"


def test_xiongmais_method_order_names_xiongmai_without_its_server_name() -> None:
    # The same answer with its Server header left out: the order of the methods is the maker sign left.
    identity = answer(XIONGMAI_OPTIONS.replace("Server: H264DVR 1.0\n", ""))
    assert is_video_device(identity.device_type)
    assert identity.manufacturer == "xiongmai"
    assert identity.confidence < 0.9


def test_xiongmais_whole_answer_names_xiongmai_firmly() -> None:
    identity = answer(XIONGMAI_OPTIONS)
    assert is_video_device(identity.device_type)
    assert identity.manufacturer == "xiongmai"


@pytest.mark.parametrize(
    "public",
    [
        # LIVE555's order (liveMedia/RTSPServer.cpp), a camera or a media server built on the library.
        "OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY, PAUSE, GET_PARAMETER, SET_PARAMETER",
        # A media server's order with ANNOUNCE appended: the same methods, another stack.
        "OPTIONS, DESCRIBE, SETUP, TEARDOWN, GET_PARAMETER, PLAY, PAUSE, ANNOUNCE",
    ],
)
def test_other_stacks_method_orders_name_no_maker(public: str) -> None:
    identity = answer(f"RTSP/1.0 200 OK\nCSeq: 1\nPublic: {public}\n\n")
    assert identity.manufacturer is None and identity.brand is None


# AirPlay receivers answer RTSP too: a sender streams sound or a mirrored screen to them. UxPlay
# (FDH2/UxPlay lib/raop.c@060a0abc003f) answers with 'Audio-Jack-Status' on every answer and handles FLUSH.
AIRPLAY_ANSWERS = {
    "method list alone": "RTSP/1.0 200 OK\nCSeq: 1\n"
    "Public: ANNOUNCE, SETUP, RECORD, PAUSE, FLUSH, TEARDOWN, OPTIONS, GET_PARAMETER, SET_PARAMETER\n\n",
    "jack status alone": "RTSP/1.0 200 OK\nCSeq: 3\nAudio-Jack-Status: connected; type=digital\n\n",
    "both, with AirPlay 2's POST and GET": "RTSP/1.0 200 OK\nCSeq: 1\nAudio-Jack-Status: connected; type=digital\n"
    "Public: ANNOUNCE, SETUP, RECORD, PAUSE, FLUSH, TEARDOWN, OPTIONS, GET_PARAMETER, SET_PARAMETER, POST, GET\n\n",
}


@pytest.mark.parametrize("text", AIRPLAY_ANSWERS.values(), ids=AIRPLAY_ANSWERS.keys())
def test_airplay_receivers_are_not_cameras(text: str) -> None:
    identity = answer(text, port=7000)
    assert identity.device_type == "not_camera"
    assert identity.manufacturer is None and identity.brand is None


def test_an_airplay_sign_does_not_outweigh_a_cameras_realm() -> None:
    # A camera's own realm (a 0.9 maker rule) beside a receiver's header: the maker stays, the camera stays.
    identity = answer(
        'RTSP/1.0 401 Unauthorized\nCSeq: 1\nWWW-Authenticate: Digest realm="Hikvision", nonce="0a1b"\n'
        "Audio-Jack-Status: connected; type=digital\n\n"
    )
    assert identity.manufacturer == "hikvision"
    assert is_video_device(identity.device_type)
