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


# Whole answers as nmap's service fingerprints (github:nmap/nmap nmap-service-probes@f1a9fdd1659f) file them,
# with the fingerprint's wildcards filled in: the product nmap names, and what a user should see.
MAKERS_BY_DIALECT = {
    "vivotek ip7131 options": (
        "RTSP/1.0 200 OK\nCSeq: -1\nDate: Thu, 03 Dec 2026 10:00:00 GMT\nPublic: OPTIONS, DESCRIBE, PLAY, SETUP, TEARDOWN\n\n",
        "vivotek",
    ),
    "vivotek fd8134v options": (
        "RTSP/1.0 200 OK\nCSeq: -1\nDate: Thu, 03 Dec 2026 10:00:00 GMT\n"
        "Public: OPTIONS, DESCRIBE, PLAY, SETUP, GET_PARAMETER, SET_PARAMETER, TEARDOWN\n\n",
        "vivotek",
    ),
    "acti bad request": (
        "RTSP/1.0 400 Bad Request\nDate: Thu, 03 Dec 2026 10:00:00 GMT\nallow: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\n\n",
        "acti",
    ),
    "h264dvr options with set_parameter": (
        "RTSP/1.0 200 OK\nPublic: OPTIONS, DESCRIBE, SETUP, TEARDOWN, GET_PARAMETER, SET_PARAMETER, PLAY, PAUSE\n\n",
        "xiongmai",
    ),
}


@pytest.mark.parametrize("text,maker", MAKERS_BY_DIALECT.values(), ids=MAKERS_BY_DIALECT.keys())
def test_a_makers_method_list_names_it_weakly(text: str, maker: str) -> None:
    identity = answer(text)
    assert is_video_device(identity.device_type)
    assert identity.manufacturer == maker
    assert identity.confidence < 0.5


# nmap files this six-method order under 'Hikvision DVR rtspd', but a hand-written server that lists the methods in
# the session's own course writes it too: ShareBook's RTSP server (github:limengx518/ShareBook
# ShareBook_srv/rtsp.cpp@fe46da6517269c9a3caac513a9b893bfc0a53c78, RTSP::handleOptions), a reading app's media server.
SESSION_ORDER_OPTIONS = "RTSP/1.0 200 OK\nCSeq: 1\nPublic: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, PAUSE\n\n"


def test_the_session_order_of_six_methods_names_no_maker() -> None:
    # helper-257: it named Hikvision (0.45) until an unrelated server was found writing the same line.
    identity = answer(SESSION_ORDER_OPTIONS)
    assert identity.manufacturer is None and identity.brand is None
    assert is_video_device(identity.device_type)  # an RTSP server offering PLAY and PAUSE, as any such answer


def test_the_session_order_beside_a_hikvision_realm_keeps_hikvision() -> None:
    # The order takes nothing away: a Hikvision recorder's own realm on the same answer still names its maker.
    identity = answer(
        'RTSP/1.0 401 Unauthorized\nCSeq: 1\nWWW-Authenticate: Digest realm="Hikvision", nonce="0a1b"\n'
        "Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, PAUSE\n\n"
    )
    assert identity.manufacturer == "hikvision"


def test_a_live555_bad_request_is_typed_by_the_methods_it_allows() -> None:
    # p/D-Link DCS-2130 or Pelco IDE10DN webcam rtspd/: LIVE555's 400 lists the methods in Allow, with the
    # keep-alive methods a camera offers; no maker in it (LIVE555 runs in many makers' cameras).
    identity = answer(
        "RTSP/1.0 400 Bad Request\nDate: Thu, Dec 03 2026 10:00:00 GMT\n"
        "Allow: OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY, PAUSE, GET_PARAMETER, SET_PARAMETER\n\n"
    )
    assert identity.device_type == "video_device"
    assert identity.manufacturer is None and identity.brand is None


TV_SERVERS = {
    "freebox": "RTSP/1.0 400 Bad Request\nCseq: 1\nServer: fbxrtspd/1.2 Freebox RTSP server\n\n",
    "amino set-top box": "RTSP/1.0 200 OK\nCSeq: 1\nServer: Amino streamer\n"
    "Public: OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY, PAUSE, GET_PARAMETER\n\n",
    "mediaportal tv server": "RTSP/1.0 400 Bad Request\nDate: Thu, 03 Dec 2026 10:00:00 GMT\n"
    "Allow: OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY, PAUSE, STATS\n\n",
}


@pytest.mark.parametrize("text", TV_SERVERS.values(), ids=TV_SERVERS.keys())
def test_television_servers_are_not_cameras(text: str) -> None:
    identity = answer(text)
    assert identity.device_type == "not_camera"
    assert identity.manufacturer is None and identity.brand is None


def test_a_server_reporting_infrared_leds_is_a_camera() -> None:
    # p/Maygion IPCamera rtspd/: the basic five methods alone would leave the type unknown.
    identity = answer(
        "RTSP/1.0 200 OK\nCSeq: 0\nPublic: OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY\nBoard: MIPS\n"
        "DevCaps: VideoColor,IRLed,LightMode,\n\n"
    )
    assert identity.device_type == "camera"
    assert identity.manufacturer is None


SERVERS_BY_NAME = {
    # p/Samsung SNB-2000 webcam rtspd/: Samsung Techwin's realm, the maker Hanwha Vision today.
    "samsung techwin realm": (
        "RTSP/1.0 401 Unauthorized\nCSeq: 0\nDate: Thu, 03 Dec 2026 10:00:00 GMT\nExpires: Thu, 03 Dec 2026 10:00:00 GMT\n"
        'Cache-Control: must-revalidate\nWWW-Authenticate: Digest realm="NET-i", nonce="0000000000000000000000004F2A9C1B"\n\n',
        "hanwha",
    ),
    # p/Gordian httpd/ i/IQinVision IQeye3 webcam rtspd/.
    "iqeye": (
        "RTSP/1.0 200 OK\nServer: Gordian Embedded5.7.0\nCSeq: 1\nPublic: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\n\n",
        "iqinvision",
    ),
}


@pytest.mark.parametrize("text,maker", SERVERS_BY_NAME.values(), ids=SERVERS_BY_NAME.keys())
def test_camera_stacks_nmap_names_name_their_maker(text: str, maker: str) -> None:
    identity = answer(text)
    assert is_video_device(identity.device_type)
    assert identity.manufacturer == maker


def test_a_small_makers_streaming_server_is_a_video_device_without_a_maker() -> None:
    # p/GM Streaming Server rtspd/ d/webcam/: the basic methods alone would leave the type unknown.
    identity = answer(
        "RTSP/1.0 200 OK\nServer: GM Streaming Server v1.2\nPublic: DESCRIBE, SETUP, TEARDOWN, PLAY, PAUSE\n\n"
    )
    assert is_video_device(identity.device_type)
    assert identity.manufacturer is None and identity.brand is None
