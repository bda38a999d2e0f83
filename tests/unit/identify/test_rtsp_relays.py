"""A relay is not the camera whose stream it carries: a wrong maker is worse than none.

A gortsplib server (MediaMTX, rtsp-simple-server) answers DESCRIBE with the session name of the camera it pulls
from -- ``prepareForDescribe`` keeps the source's title (github:bluenviron/gortsplib/server_conn.go@b407cb1dd0cd)
-- so a relay of a Hikvision recorder says ``s=HIK Media Server`` and one of a TP-Link camera ``s=Session
streamed by "TP-LINK RTSP Server"``. Its own ``Server: gortsplib`` header says what answered: the relay, typed
not a camera, and the maker its copied description names is not claimed. The camera's own answer, without the
relay's header, still names its maker.

The relay answers below are written to the shape gortsplib's source gives (Server constant, the session title kept,
its own origin and connection lines, tracks renumbered ``trackID=N``), not captured. The session lines are the
ones the SDP layer quotes from public captures (rules in knowledge/data/layers/sdp.yaml).
"""

from __future__ import annotations

import pytest

from camaudit.identify import identify
from camaudit.importers import shodan
from camaudit.importers.base import ImportRecord
from camaudit.model import is_video_device

#: The session names relays copy, and the maker each names on the camera's own answer.
COPIED_SESSIONS = {
    "s=HIK Media Server V3.4.98": "hikvision",  # https://github.com/Streamedian/html5_rtsp_player/issues/130
    's=Session streamed by "TP-LINK RTSP Server"': "tp-link",  # gortsplib format_test 'application tp-link'
}


def _sdp(session: str) -> str:
    return (
        f"v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\n{session}\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n"
        "m=video 0 RTP/AVP 96\r\na=control:trackID=0\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1\r\n"
    )


def _describe(session: str, server: str | None) -> ImportRecord:
    sdp = _sdp(session)
    head = "RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Base: rtsp://198.51.100.7:8554/cam1/\r\n"
    head += f"Content-Length: {len(sdp)}\r\nContent-Type: application/sdp\r\n"
    if server is not None:
        head += f"Server: {server}\r\n"
    return _rtsp(head + "\r\n" + sdp)


def _rtsp(data: str, port: int = 8554) -> ImportRecord:
    banner = {"ip_str": "198.51.100.7", "port": port, "data": data, "_shodan": {"module": "rtsp"}}
    return shodan.parse_banner(banner, 1)


@pytest.mark.parametrize("session", sorted(COPIED_SESSIONS))
def test_a_relay_that_copies_a_cameras_session_name_is_not_named_after_that_camera(session: str) -> None:
    record = _describe(session, "gortsplib")
    assert record.observations[0].fields["rtsp.server"] == "gortsplib"
    identity = identify(record.observations)
    assert identity.manufacturer is None and identity.brand is None, identity.attribution
    assert identity.device_type == "not_camera"
    # The copied line was read (the evidence says what the stream is), but it does not name the device.
    assert any(e.rule_id.startswith("sdp.") for e in identity.evidence)


@pytest.mark.parametrize(("session", "maker"), sorted(COPIED_SESSIONS.items()))
def test_the_cameras_own_answer_still_names_its_maker(session: str, maker: str) -> None:
    identity = identify(_describe(session, None).observations)
    assert identity.manufacturer == maker and is_video_device(identity.device_type)


def test_a_relay_of_a_unifi_protect_stream_gets_no_maker_from_the_copied_mac() -> None:
    # UniFi Protect names a session after the camera's MAC (sdp.yaml ubiquiti.protect-session); copied by a relay,
    # the MAC's registry block names nobody: the relay is no Ubiquiti recorder.
    relay = identify(_describe("s=F4E2C67AE581_1", "gortsplib").observations)
    assert relay.manufacturer is None and not is_video_device(relay.device_type)
    own = identify(_describe("s=F4E2C67AE581_1", None).observations)
    assert own.manufacturer == "ubiquiti" and is_video_device(own.device_type)


def test_a_relay_asking_for_credentials_in_its_librarys_realm_is_not_typed_a_camera() -> None:
    # gortsplib's realm is its constant "ipcam", which the device-word layer reads as a camera word; the server
    # header outweighs it.
    reply = 'RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\nServer: gortsplib\r\nWWW-Authenticate: Basic realm="ipcam"\r\n\r\n'
    identity = identify(_rtsp(reply).observations)
    assert identity.device_type == "not_camera" and identity.manufacturer is None


def test_ffmpegs_rtsp_listener_is_a_receiver_not_a_camera() -> None:
    # github:FFmpeg/FFmpeg/libavformat/rtspdec.c@a0568ed25440: the OPTIONS answer of 'ffmpeg -rtsp_flags listen'.
    reply = "RTSP/1.0 200 OK\r\nCSeq: 1\r\nServer: Lavf58.29.100\r\nPublic: ANNOUNCE, PAUSE, SETUP, TEARDOWN, RECORD\r\n\r\n"
    identity = identify(_rtsp(reply).observations)
    assert identity.device_type == "not_camera" and identity.manufacturer is None


@pytest.mark.parametrize("server", ["gortsplibx", "Gortsplib server", "Lavf", "LIVE555 Streaming Media v2013.04.08"])
def test_look_alike_server_names_do_not_make_a_cameras_answer_a_relay(server: str) -> None:
    identity = identify(_describe("s=HIK Media Server V3.4.98", server).observations)
    assert identity.manufacturer == "hikvision" and is_video_device(identity.device_type), server


# github:Eson-Jia/EasyDarwin/Capture.md@fccfb57b9d9e -- the EasyDarwin relay's C++ server answering DESCRIBE for a
# stream FFmpeg pushed to it (captured; the description is FFmpeg's, with its tool line).
EASYDARWIN_DESCRIBE = (
    "RTSP/1.0 200 OK\r\nServer: VDMSDarwin/2.0 (Build/4.0; Platform/Linux; Release/EasyDarwin; State/Development; )\r\n"
    "Cseq: 2\r\nCache-Control: no-cache\r\nContent-length: 503\r\nDate: Fri, 15 May 2020 07:09:47 GMT\r\n"
    "Expires: Fri, 15 May 2020 07:09:47 GMT\r\nContent-Type: application/sdp\r\nx-Accept-Retransmit: our-retransmit\r\n"
    "x-Accept-Dynamic-Rate: 1\r\nContent-Base: rtsp://192.168.1.74:10554/18?channel=1/\r\n\r\n"
    "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=No Name\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\na=tool:libavformat 58.18.100\r\n"
    "a=control:*\r\nm=video 0 RTP/AVP 96\r\nb=AS:200\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1; "
    "sprop-parameter-sets=Z00AKZpkA8ARPyzUBAQFAAADA+gAAMNQBA==,aO48gA==; profile-level-id=4D0029\r\na=control:trackID=0\r\n"
    "m=audio 0 RTP/AVP 97\r\nb=AS:128\r\na=rtpmap:97 MPEG4-GENERIC/16000/1\r\na=fmtp:97 profile-level-id=1;mode=AAC-hbr;"
    "sizelength=13;indexlength=3;indexdeltalength=3; config=1408\r\na=control:trackID=1\r\n"
)


def test_an_easydarwin_relay_is_not_a_camera() -> None:
    identity = identify(_rtsp(EASYDARWIN_DESCRIBE, port=10554).observations)
    assert identity.device_type == "not_camera" and identity.manufacturer is None


@pytest.mark.parametrize("session", sorted(COPIED_SESSIONS))
def test_an_ffmpeg_written_description_carrying_a_cameras_session_name_names_no_maker(session: str) -> None:
    # FFmpeg's RTSP demuxer keeps the camera's 's=' line as the stream title and its SDP writer puts it back beside
    # its own tool line (libavformat/rtsp.c, sdp.c): a stream pushed through FFmpeg, served by any relay -- the
    # captured EasyDarwin answer with the title FFmpeg would have copied, and with its server header removed.
    copied = EASYDARWIN_DESCRIBE.replace("s=No Name", session)
    for text in (copied, copied.replace(EASYDARWIN_DESCRIBE.split("\r\n")[1] + "\r\n", "")):
        identity = identify(_rtsp(text, port=10554).observations)
        assert identity.manufacturer is None and not is_video_device(identity.device_type), text[:80]
