"""Chip-SDK streaming stacks say "a camera" and name nobody; RTSP services that are not cameras say so.

Cameras built on a SoC vendor's SDK answer with the SDK's strings: HiSilicon's RTSP servers, Goke's RTSP
library, OpenIPC's streamer for those boards (layers/sdk_servers.yaml, rules/rtsp.yaml). They must type the
device as a camera without naming a maker. A Uniden radio scanner also answers RTSP, and names its audio
server (rules/non_camera.yaml). Sources are in those files; the answers below are assembled from the lines
those sources show, not captured whole.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.importers import shodan
from camaudit.importers.base import ImportRecord
from camaudit.model import Identity, is_video_device

PUBLIC = "OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN"


def answer(headers: str, sdp: str = "", port: int = 554) -> Identity:
    head = f"RTSP/1.0 200 OK\r\nCSeq: 2\r\n{headers}"
    if sdp:
        head += f"Content-Type: application/sdp\r\nContent-Length: {len(sdp)}\r\n"
    banner = {"ip_str": "198.51.100.9", "port": port, "data": head + "\r\n" + sdp, "_shodan": {"module": "rtsp"}}
    record: ImportRecord = shodan.parse_banner(banner, 1)
    return identify(record.observations)


def test_hisilicons_streaming_media_server_is_not_called_a_media_server_and_names_no_maker() -> None:
    # Before 2026-12-03 the "media server" word typed this SDK server not a camera at 0.7. No pinned public
    # source shows the string (docs/identification/rtsp-sdp.md), so it is no camera sign either: with the basic
    # method list only, the answer is of unknown kind; with a camera's keep-alive methods, a video device.
    for server in (
        "Hisilicon RTSP Streaming Media Server/1.0.0",
        "Hisilicon Streaming Media Server/1.0.0(Jul 30 2015)",
    ):
        bare = answer(f"Server: {server}\r\nPublic: {PUBLIC}\r\n")
        assert bare.device_type is None, bare.attribution
        kept_alive = answer(f"Server: {server}\r\nPublic: {PUBLIC}, GET_PARAMETER\r\n")
        assert kept_alive.device_type is not None and is_video_device(kept_alive.device_type), kept_alive.attribution
        for identity in (bare, kept_alive):
            assert identity.manufacturer is None and identity.brand is None


def test_a_server_that_calls_itself_a_media_server_is_still_not_a_camera() -> None:
    for server in ("Serviio Media Server", "Universal Media Server", "MediaServer/1.0"):
        identity = answer(f"Server: {server}\r\nPublic: {PUBLIC}\r\n")
        assert identity.device_type == "not_camera", (server, identity.attribution)


def test_hisilicons_reference_vod_server_is_a_camera_without_a_maker() -> None:
    identity = answer(f"Server: HiIpcam/V100R003 VodServer/1.0.0\r\nPublic: {PUBLIC}, GET_PARAMETER\r\n")
    assert identity.device_type == "camera"
    assert identity.manufacturer is None and identity.brand is None


GOKE_SDP = (
    "v=0\r\no=- 1418744474352605 1418744474352605 IN IP4 192.0.2.30\r\ns=Media Presentation\r\ne=NONE\r\n"
    "b=AS:5100\r\ni=mpeg4\r\nt=0 0\r\na=tool:LIVE555 Streaming Media v2009.09.28\r\na=type:broadcast\r\n"
    "a=control:*\r\na=range:npt=0-\r\na=x-qt-text-nam:RTSP/RTP stream from Network Video Server\r\n"
    "a=x-qt-text-inf:mpeg4\r\nm=video 0 RTP/AVP 96\r\na=control:trackID=0\r\na=rtpmap:96 H264/90000\r\n"
    "m=audio 0 RTP/AVP 8\r\na=control:trackID=1\r\na=rtpmap:8 PCMA/8000\r\n"
    "a=Media_header:MEDIAINFO=494D4B48010100000400010010710110401F000000FA000000000000000000000000000000000000;\r\n"
)


def test_openipcs_stream_path_types_a_camera_without_a_maker() -> None:
    identity = answer("Content-Base: rtsp://192.0.2.31:554/stream=0/\r\n", "v=0\r\ns=-\r\nm=video 0 RTP/AVP 96\r\n")
    assert identity.device_type == "camera", identity.attribution
    assert identity.manufacturer is None and identity.brand is None


def test_a_relays_own_stream_names_are_not_openipcs() -> None:
    identity = answer("Content-Base: rtsp://192.0.2.32:8554/mystream/\r\n", "v=0\r\ns=-\r\nm=video 0 RTP/AVP 96\r\n")
    assert not any(e.rule_id == "words.sdk.openipc-majestic-stream" for e in identity.evidence)


SCANNER_OPTIONS = (
    "Cache-Control: no-cache\r\nPublic: DESCRIBE, SETUP, TEARDOWN, PLAY, OPTIONS, GET_PARAMETER\r\n"
    "Server: Scanner Audio Server 0.0.1\r\nSupported: play.basic, con.persistent\r\n"
)


def test_a_uniden_radio_scanner_answering_rtsp_is_not_a_camera() -> None:
    # Without its Server header the same answer is typed a video device by the bare RTSP hints.
    anonymous = answer(SCANNER_OPTIONS.replace("Server: Scanner Audio Server 0.0.1\r\n", ""))
    assert anonymous.device_type is not None and is_video_device(anonymous.device_type)
    identity = answer(SCANNER_OPTIONS)
    assert identity.device_type == "not_camera", identity.attribution
    assert identity.manufacturer is None


#: Text with no letters: it cannot spell a maker's name or another device word around the SDK's strings.
NON_LETTERS = st.text(st.characters(exclude_categories=["L"]), max_size=40)


@settings(max_examples=60, deadline=None)
@given(NON_LETTERS, NON_LETTERS)
def test_sdk_server_strings_type_a_video_device_and_name_nobody_whatever_surrounds_them(
    before: str, after: str
) -> None:
    server = (before + "Hisilicon RTSP Streaming Media Server" + after).replace("\r", " ").replace("\n", " ")
    identity = answer(f"Server: {server}\r\nContent-Base: rtsp://192.0.2.33/stream=0/\r\n")
    assert identity.device_type is not None and is_video_device(identity.device_type), identity.attribution
    assert identity.manufacturer is None and identity.brand is None


AMBARELLA_SDP = (
    'v=0\r\no=- 1354672200000000 1 IN IP4 192.0.2.34\r\ns=Streamed by "Ambarella RTSP Server"\r\ni=stream1\r\n'
    "t=0 0\r\na=tool:Ambarella RTSP Server: Nov 12 2012 - 10:00:00\r\na=type:broadcast\r\na=control:*\r\n"
    'a=range:npt=0-\r\na=x-qt-text-nam:Streamed by "Ambarella RTSP Server"\r\na=x-qt-text-inf:stream1\r\n'
    "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:trackID=0\r\n"
)


@pytest.mark.parametrize(
    ("sdp", "rule_id"),
    [(GOKE_SDP, "words.sdk.goke-network-video-server"), (AMBARELLA_SDP, "words.sdk.ambarella-rtsp-server")],
    ids=["goke", "ambarella"],
)
def test_a_chip_sdks_stream_description_types_a_camera_and_names_nobody(sdp: str, rule_id: str) -> None:
    # Goke's description also carries Hikvision-style lines (the IMKH header, 's=Media Presentation'/'e=NONE').
    identity = answer("Content-Base: rtsp://192.0.2.30/stream1/\r\n", sdp)
    assert identity.device_type == "camera", identity.attribution
    assert identity.manufacturer is None and identity.brand is None
    assert any(e.rule_id == rule_id for e in identity.evidence)


def test_a_satellite_tv_tuner_answering_rtsp_is_not_a_camera() -> None:
    # A SAT>IP server's SETUP answer: its own stream-id header, the tuning query in the stream URL.
    setup = (
        "Session: 0123456789;timeout=60\r\nTransport: RTP/AVP;unicast;client_port=1400-1401\r\ncom.ses.streamID: 1\r\n"
    )
    assert answer(setup).device_type == "not_camera"
    base = "Content-Base: rtsp://192.0.2.35:554/?src=1&freq=11494&pol=h&msys=dvbs2&sr=22000&pids=0,17,18\r\n"
    identity = answer(base + f"Public: {PUBLIC}\r\n")
    assert identity.device_type == "not_camera", identity.attribution
    # A camera's own query string is not a tuner's.
    camera = answer("Content-Base: rtsp://192.0.2.36/cam/realmonitor?channel=1&subtype=0\r\n")
    assert camera.device_type is not None and is_video_device(camera.device_type)


#: Constructed, not captured: the entry's sources (layers/sdk_servers.yaml) print the server line alone, so the rest of
#: this answer (a status the camera's stack might give an unknown path) is written for the test.
RTSP_DEMO_404 = "RTSP/1.0 404 Not Found\r\nCSeq: 2\r\nServer: rtsp_demo\r\n\r\n"


def identify_banner(data: str, port: int = 8554) -> Identity:
    banner = {"ip_str": "198.51.100.9", "port": port, "data": data, "_shodan": {"module": "rtsp-tcp"}}
    return identify(shodan.parse_banner(banner, 1).observations)


def test_the_rtsp_demo_server_cheap_cameras_ship_types_a_video_device_and_names_nobody() -> None:
    # Without the entry this answer is typed "not a camera" (nothing said video, 0.3): see the test below.
    identity = identify_banner(RTSP_DEMO_404)
    assert identity.device_type is not None and is_video_device(identity.device_type), identity.attribution
    assert identity.manufacturer is None and identity.brand is None
    assert any(e.rule_id == "words.sdk.rtsp-demo-server" for e in identity.evidence)


@pytest.mark.parametrize("server", ["rtsp_demo_server", "RTSP Demo", "my rtsp_demo", "rtsp_demo relay"])
def test_other_servers_that_say_demo_are_not_the_cameras_stack(server: str) -> None:
    identity = identify_banner(RTSP_DEMO_404.replace("rtsp_demo", server))
    assert not any(e.rule_id == "words.sdk.rtsp-demo-server" for e in identity.evidence), identity.attribution
    assert identity.device_type is None or not is_video_device(identity.device_type), identity.attribution


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_only_the_exact_server_name_is_the_cameras_stack(name: str) -> None:
    name = name.replace("\r", " ").replace("\n", " ").strip()
    identity = identify_banner(RTSP_DEMO_404.replace("rtsp_demo", name))
    fired = any(e.rule_id == "words.sdk.rtsp-demo-server" for e in identity.evidence)
    assert fired == (name == "rtsp_demo"), (name, identity.attribution)


# --- The wis-streamer lineage's session name (layers/sdk_servers.yaml, sdk.wis-streamer-session-name) -------------
#: Constructed, not captured: wis-streamer's default description (Options.cpp) in the session-level lines LIVE555
#: writes for a ServerMediaSession (s=, i=, a=tool:, a=x-qt-text-nam:), cut before the first medium -- an answer
#: whose description is cut short (a collector's length limit) keeps these lines and nothing that says "video".
WIS_SDP = (
    "v=0\r\no=- 1423192406342531 1 IN IP4 192.0.2.50\r\ns=RTSP/RTP stream from a WIS GO7007 encoder\r\ni=\r\n"
    "t=0 0\r\na=tool:LIVE555 Streaming Media v2006.03.03\r\na=type:broadcast\r\na=control:*\r\na=range:npt=0-\r\n"
    "a=x-qt-text-nam:RTSP/RTP stream from a WIS GO7007 encoder\r\na=x-qt-text-inf:\r\n"
)

#: Constructed from the format strings of Hanbang's rtspsrv_handler.c (rsrv_do_describe, _reply_describe): its
#: DESCRIBE answer with its Server header, its description and tool line, one H.264 medium.
HANBANG_DESCRIBE = (
    "Server: HanBang RTSP Server V1.0.1\r\nContent-Base: rtsp://192.0.2.51:554/H264MainStream\r\n",
    "v=0\r\no=- 1700000000123456 1 IN IP4 192.0.2.51\r\ns=RTSP/RTP stream from IPC\r\ni=H264MainStream\r\nt=0 0\r\n"
    "a=tool:HanBang RTSP Server V1.0.1\r\na=type:broadcast\r\na=control:rtsp://192.0.2.51:554/H264MainStream\r\n"
    "a=range:npt=0-\r\na=x-qt-text-nam:RTSP/RTP stream from IPC\r\na=x-qt-text-inf:H264MainStream\r\n"
    "m=video 0 RTP/AVP 96\r\nc=IN IP4 0.0.0.0\r\nb=AS:4096\r\na=rtpmap:96 H264/90000\r\n"
    "a=control:rtsp://192.0.2.51:554/H264MainStream/track1\r\n",
)

WIS_RULE = "words.sdk.wis-streamer-session-name"


def fired(identity: Identity, rule_id: str = WIS_RULE) -> bool:
    return any(e.rule_id == rule_id for e in identity.evidence)


def test_a_wis_streamer_description_cut_before_its_media_types_a_video_device_and_names_nobody() -> None:
    # Without the entry nothing in this answer says video: the bare answer alone leaves the type unknown. (Port 8554:
    # on 554 a description answer with RFC 2326's headers only is a weak video type of its own since 2026-12-06,
    # test_rtsp_bare_session_answers.py.)
    without = answer("", WIS_SDP.replace("RTSP/RTP stream from", "Session streamed by"), port=8554)
    assert without.device_type is None, without.attribution
    identity = answer("", WIS_SDP, port=8554)
    assert identity.device_type == "video_device", identity.attribution
    assert identity.confidence == pytest.approx(0.5)
    assert identity.manufacturer is None and identity.brand is None
    assert fired(identity)


def test_hanbangs_own_server_keeps_its_maker_and_the_session_name_adds_none() -> None:
    identity = answer(*HANBANG_DESCRIBE)
    assert identity.manufacturer == "hanbang", identity.attribution
    assert identity.device_type is not None and is_video_device(identity.device_type)
    assert fired(identity)
    # The same description from a server that names itself nowhere (no Server header, no tool line): a video
    # device, no maker.
    anonymous = answer("", HANBANG_DESCRIBE[1].replace("a=tool:HanBang RTSP Server V1.0.1\r\n", ""))
    assert anonymous.manufacturer is None and anonymous.brand is None
    assert anonymous.device_type == "video_device" and anonymous.confidence >= 0.5


def test_a_relay_that_copies_the_session_name_is_still_a_relay() -> None:
    # gortsplib keeps the s= line of the camera it carries (docs/identification/rtsp-sdp.md).
    identity = answer("Server: gortsplib\r\nContent-Base: rtsp://192.0.2.52:8554/cam/\r\n", HANBANG_DESCRIBE[1])
    assert identity.device_type == "not_camera", identity.attribution


@pytest.mark.parametrize(
    "line",
    [
        's=Session streamed by "preview"',
        "s=H.264 Video, streamed by the LIVE555 Media Server",
        "s=Media Presentation",
        "i=RTSP/RTP stream from IPC",
        "a=tool:RTSP/RTP stream from IPC",
        "s=RTSP/RTP stream from ",
        "s=RTSP stream from IPC",
    ],
)
def test_other_session_lines_are_not_the_lineages(line: str) -> None:
    identity = answer("", f"v=0\r\no=- 1 1 IN IP4 192.0.2.53\r\n{line}\r\nt=0 0\r\n")
    assert not fired(identity), identity.attribution


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=120))
def test_any_device_after_from_is_a_video_device_and_never_a_maker(device: str) -> None:
    device = device.replace("\r", " ").replace("\n", " ")
    identity = answer("", f"v=0\r\no=- 1 1 IN IP4 192.0.2.54\r\ns=RTSP/RTP stream from {device}\r\nt=0 0\r\n")
    expected = 1 <= len(device) <= 80
    assert fired(identity) == expected, (device, identity.attribution)
    if expected:
        assert identity.device_type is not None and is_video_device(identity.device_type)
    # The entry claims no maker; a maker can come only from another sign (the lexicon reading a maker's name).
    for evidence in identity.evidence:
        if evidence.rule_id == WIS_RULE:
            assert "RTSP/RTP stream from" in evidence.matched


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=60), st.text(max_size=60))
def test_the_phrase_anywhere_but_at_a_lines_start_is_not_read(before: str, after: str) -> None:
    before = "x" + before.replace("\r", " ").replace("\n", " ")
    after = after.replace("\r", " ").replace("\n", " ")
    identity = answer("", f"v=0\r\ns={before}RTSP/RTP stream from {after}\r\nt=0 0\r\n")
    assert not fired(identity), identity.attribution
