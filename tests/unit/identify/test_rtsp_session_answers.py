"""RTSP SETUP and PLAY answers read whole: a stack known by how it numbers and describes a session.

Scanners and RTSP clients keep bare SETUP/PLAY answers: no Server header, no realm, no description -- a Session
line, a Transport, a Range, an RTP-Info. What a stack writes there by its own convention is
``layers/rtsp_shapes.yaml``'s to read. The answers below are read as the Shodan and masscan importers read a banner
(``importers.sniff``). The Dahua answer's Session line is the one AxisCommunications/media-stream-library-js issue 100
quotes; the Transport line around it is written in the layout the layer entry describes (not a capture). The Dahua
PLAY answers and the fourteen-digit SETUP answer are quoted from JOCh1958/VideoTools' RTSP client (a Rtsp Server/2.0
camera) and go2rtc issue 1594's trace (a Dahua-built Lorex doorbell); the Rtsp Server/3.0 PLAY answer is written in
the layout the entry describes. The other stacks' answers are quoted from the public sources named beside them.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.rtsp_answer import answer, rule_ids

from camaudit.identify import identify
from camaudit.model import Observation

RULE = "rtsp_shapes.dahua.setup-answer"


def dahua_setup(session: str, ssrc: str = "459838E1", transport: str = "RTP/AVP/TCP;unicast;interleaved=0-1") -> str:
    return f"RTSP/1.0 200 OK\nCSeq: 4\nSession: {session};timeout=60\nTransport: {transport};ssrc={ssrc}\nx-Dynamic-Rate: 1\n\n"


def test_a_bare_dahua_setup_answer_names_dahua_and_a_video_device() -> None:
    identity = answer(dahua_setup("1387212806996"))
    assert identity.manufacturer == "dahua", identity.attribution
    assert identity.device_type == "video_device"
    assert RULE in rule_ids(identity)
    # A stack's layout, not a firm fingerprint.
    assert identity.confidence < 0.7


def test_the_udp_form_of_the_same_answer_names_dahua() -> None:
    identity = answer(
        dahua_setup("2936719851115", "15AE4DD8", "RTP/AVP/UDP;unicast;client_port=18294-18295;server_port=23940-23941")
    )
    assert identity.manufacturer == "dahua"


@pytest.mark.parametrize(
    "text",
    [
        # ZLMediaKit: the same order and x-Dynamic-Rate, a twelve-character session (as its push how-to prints it)
        "RTSP/1.0 200 OK\nCSeq: 2\nDate: Tue, Mar 26 2019 09:10:10 GMT\nSession: KPUZ49ejotyD\n"
        "Transport: RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=00000000\nx-Dynamic-Rate: 1\n"
        "x-Transport-Options: late-tolerance=1.400000\n\n",
        # Darwin Streaming Server (a HiSilicon SDK's comment quoting a QuickTime exchange): fifteen digits, no timeout
        "RTSP/1.0 200 OK\nCseq: 2\nSession: 133771051426407\nDate: Tue, 20 Jan 2009 12:23:30 GMT\n"
        "Transport: RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=000026E9\nx-Dynamic-Rate: 1;rtt=109\n\n",
        # Hikvision's order (scottlamb/retina hikvision_setup_ssrc_space.txt): Transport first, nine digits
        "RTSP/1.0 200 OK\nCSeq: 3\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1;ssrc= d6d6627\n"
        "Session: 708886412;timeout=60\n\n",
        # gortsplib (bluenviron/mediamtx issue 380): ten digits, no SSRC
        "RTSP/1.0 200 OK\nCSeq: 0\nSession: 3461776667\n"
        "Transport: RTP/AVP;unicast;client_port=15000-15001;server_port=8000-8001\n\n",
        # LIVE555 (ZoneMinder issue 911): eight hex digits, 65 seconds
        "RTSP/1.0 200 OK\nCSeq: 3\nDate: Sat, Jun 27 2015 15:16:41 GMT\n"
        "Transport: RTP/AVP/TCP;unicast;destination=192.168.10.180;source=192.168.10.20;interleaved=0-1\n"
        "Session: 556A0394;timeout=65\n\n",
    ],
    ids=["zlmediakit", "darwin", "hikvision-order", "gortsplib", "live555"],
)
def test_other_stacks_setup_answers_name_nobody(text: str) -> None:
    identity = answer(text)
    assert RULE not in rule_ids(identity)
    assert identity.manufacturer is None and identity.brand is None


def test_a_named_media_servers_header_outweighs_the_layout() -> None:
    # A relay that copied Dahua's numbering would still say so in its Server header: the two signs conflict, and the
    # not-camera sign of a named media server (0.7) outweighs the layout (0.5).
    text = dahua_setup("555290206560").replace("CSeq: 4\n", "CSeq: 4\nServer: Wowza Streaming Engine 4.8.10\n")
    identity = answer(text)
    assert identity.device_type == "not_camera"
    assert identity.manufacturer is None


OTHER_LENGTHS = st.one_of(
    st.integers(min_value=0, max_value=9_999_999_999), st.integers(min_value=10**14, max_value=10**20)
)


@settings(max_examples=60, deadline=None)
@given(OTHER_LENGTHS)
def test_session_ids_of_other_lengths_name_nobody(number: int) -> None:
    assert answer(dahua_setup(str(number))).manufacturer is None


def test_a_dahua_built_doorbells_fourteen_digit_setup_answer_names_dahua() -> None:
    # go2rtc issue 1594: a Lorex 2K doorbell (Dahua's realm 'Login to <serial>') numbers its session with 14 digits.
    identity = answer(
        "RTSP/1.0 200 OK\nCseq: 5\nSession: 12961780151629;timeout=60\n"
        "Transport: RTP/AVP/TCP;unicast;interleaved=10-11;ssrc=6EEB125A\nX-Dynamic-Rate: 1\n\n"
    )
    assert identity.manufacturer == "dahua"
    assert RULE in rule_ids(identity)


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=10**10, max_value=10**14 - 1), st.text("0123456789ABCDEF", min_size=8, max_size=8))
def test_any_eleven_to_fourteen_digit_session_with_its_ssrc_names_dahua(number: int, ssrc: str) -> None:
    assert answer(dahua_setup(str(number), ssrc)).manufacturer == "dahua"


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=120), st.text(max_size=120))
def test_hostile_session_and_transport_lines_never_raise_and_the_entry_claims_only_dahuas_video_device(
    session: str, transport: str
) -> None:
    fields = {"rtsp.headers": f"CSeq: 4\nSession: {session};timeout=60\nTransport: {transport}\nx-Dynamic-Rate: 1"}
    identity = identify([Observation("192.0.2.1", 554, "tcp", "rtsp", "import", "2026-01-01T00:00:00Z", fields)])
    assert 0.0 <= identity.confidence <= 1.0
    for ev in identity.evidence:
        if ev.rule_id == RULE:
            assert ev.asserts == {"manufacturer": "dahua", "device_type": "video_device"}


# --- PLAY answers ---------------------------------------------------------------------------------------------------

PLAY_RULE = "rtsp_shapes.dahua.play-answer"


def dahua_play(session: str, track_url: str = "trackID=0", rng: bool = True) -> str:
    """A PLAY answer in Rtsp Server/3.0's order (Range, then RTP-Info), written in the layout the entry describes."""
    range_line = "Range: npt=0.000000-\n" if rng else ""
    return f"RTSP/1.0 200 OK\nCSeq: 6\nSession: {session}\n{range_line}RTP-Info: url={track_url};seq=9513;rtptime=2160343659\n\n"


@pytest.mark.parametrize(
    "text",
    [
        # JOCh1958/VideoTools ConexionesRTSP.cpp: Rtsp Server/2.0 writes RTP-Info before Range
        "RTSP/1.0 200 OK\nServer: Rtsp Server/2.0\nCSeq: 3\nSession: 80518407122\n"
        "RTP-Info: url=trackID=0;seq=14941;rtptime=135580723;ssrc=4294965765\nRange: npt=0.000000-\n\n",
        # go2rtc issue 1594 (a Lorex 2K doorbell, Dahua-built): go2rtc asked no Range; Go spells the header Rtp-Info
        "RTSP/1.0 200 OK\nCseq: 6\nSession: 12961780151629\nRtp-Info: url=trackID=0;seq=53423;rtptime=269976246,"
        "url=trackID=1;seq=53151;rtptime=218331146,url=trackID=5;seq=0;rtptime=0\n\n",
        dahua_play("272327472040"),
    ],
    ids=["rtsp-server-2.0", "lorex-doorbell-go2rtc", "rtsp-server-3.0-layout"],
)
def test_a_bare_dahua_play_answer_names_dahua_below_the_firm_band(text: str) -> None:
    identity = answer(text)
    assert identity.manufacturer == "dahua", identity.attribution
    assert identity.device_type == "video_device"
    assert PLAY_RULE in rule_ids(identity)
    assert identity.confidence < 0.7


def test_a_keep_alive_answer_of_the_same_session_names_nobody() -> None:
    # Without its RTP-Info line the answer is what Dahua sends to a keep-alive GET_PARAMETER: no maker. On port 554 a
    # serverless session answer is a weak video type since 2026-12-06 (test_rtsp_bare_session_answers.py); elsewhere
    # it stays bare, type unknown.
    keep_alive = "RTSP/1.0 200 OK\nCSeq: 7\nSession: 2936719851115\n\n"
    identity = answer(keep_alive)
    assert identity.manufacturer is None and identity.brand is None
    assert identity.device_type == "video_device" and identity.confidence < 0.5
    elsewhere = answer(keep_alive, port=8554)
    assert elsewhere.device_type is None and elsewhere.manufacturer is None


@pytest.mark.parametrize(
    "text",
    [
        # the 'UServer' of a Chinese RTSP tutorial (kp rtspcamera's CmdPLAY comment): relative URL, nineteen digits
        "RTSP/1.0 200 OK\nServer: UServer 0.9.7_rc1\nCseq: 4\nSession: 6310936469860791894\nRange: npt=0.000000-\n"
        "RTP-Info: url=trackID=0;seq=17040;rtptime=1467265309\n\n",
        # Darwin Streaming Server (a QuickTime exchange in a HiSilicon SDK's comments): fifteen digits, absolute URL
        "RTSP/1.0 200 OK\nServer: DSS/5.5.5 (Build/489.16; Platform/Win32; Release/Darwin; state/beta; )\nCseq: 7\n"
        "Session: 115302692050290\nRange: npt=0.00000-70.00000\n"
        "RTP-Info: url=rtsp://10.85.180.240/sample_h264_100kbit.mp4/trackID=3;seq=23717;rtptime=11394\n\n",
        # Hikvision (deepch/RTSPtoWeb issue 132): ten digits, absolute URL
        "RTSP/1.0 200 OK\nCSeq: 5\nSession:       1247302948\n"
        "RTP-Info: url=rtsp://192.168.1.107:554/Streaming/Channels/102/trackID=1;seq=14368;rtptime=4007995378\n\n",
        # LIVE555 (Streamedian html5_rtsp_player issue 89): eight hex digits, absolute URL
        "RTSP/1.0 200 OK\nCSeq: 5\nDate: Mon, Jul 23 2018 13:36:05 GMT\nRange: npt=0.000-\nSession: CE3A8D73\n"
        "RTP-Info: url=rtsp://192.168.1.70/6947244519572367685?device=3/track1;seq=65224;rtptime=2427209565\n\n",
        # Dahua's layout with an absolute URL: not what the stack writes
        dahua_play("272327472040", "rtsp://192.0.2.10:554/live/trackID=0"),
    ],
    ids=["userver", "darwin", "hikvision", "live555", "absolute-url"],
)
def test_other_stacks_play_answers_are_not_read_as_dahuas(text: str) -> None:
    identity = answer(text)
    assert PLAY_RULE not in rule_ids(identity)
    # Hikvision's answer is still named by its own stream path; none is named Dahua.
    assert identity.manufacturer in (None, "hikvision") and identity.brand in (None, "hikvision")


def test_a_named_media_servers_header_outweighs_the_play_layout() -> None:
    text = dahua_play("555290206560").replace("CSeq: 6\n", "CSeq: 6\nServer: Wowza Streaming Engine 4.8.10\n")
    identity = answer(text)
    assert identity.device_type == "not_camera"
    assert identity.manufacturer is None


@settings(max_examples=60, deadline=None)
@given(OTHER_LENGTHS, st.booleans())
def test_play_session_ids_of_other_lengths_name_nobody(number: int, rng: bool) -> None:
    assert answer(dahua_play(str(number), rng=rng)).manufacturer is None


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=10**10, max_value=10**14 - 1), st.integers(min_value=0, max_value=9), st.booleans())
def test_any_eleven_to_fourteen_digit_play_answer_with_a_relative_track_names_dahua(
    number: int, track: int, rng: bool
) -> None:
    assert answer(dahua_play(str(number), f"trackID={track}", rng)).manufacturer == "dahua"


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=120), st.text(max_size=120), st.text(max_size=120))
def test_hostile_play_lines_never_raise_and_the_entry_claims_only_dahuas_video_device(
    session: str, rng: str, info: str
) -> None:
    fields = {"rtsp.headers": f"CSeq: 6\nSession: {session}\nRange: {rng}\nRTP-Info: {info}"}
    identity = identify([Observation("192.0.2.1", 554, "tcp", "rtsp", "import", "2026-01-01T00:00:00Z", fields)])
    assert 0.0 <= identity.confidence <= 1.0
    for ev in identity.evidence:
        if ev.rule_id == PLAY_RULE:
            assert ev.asserts == {"manufacturer": "dahua", "device_type": "video_device"}
