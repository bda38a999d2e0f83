"""RTSP SETUP and PLAY answers read whole: a stack known by how it numbers and describes a session.

Scanners and RTSP clients keep bare SETUP/PLAY answers: no Server header, no realm, no description -- a Session
line, a Transport, a Range, an RTP-Info. What a stack writes there by its own convention is
``layers/rtsp_shapes.yaml``'s to read. The answers below are read as the Shodan and masscan importers read a banner
(``importers.sniff``). The Dahua answer's Session line is the one AxisCommunications/media-stream-library-js issue 100
quotes; the Transport line around it is written in the layout the layer entry describes (not a capture). The other
stacks' answers are quoted from the public sources named beside them.
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
    st.integers(min_value=0, max_value=9_999_999_999), st.integers(min_value=10**13, max_value=10**20)
)


@settings(max_examples=60, deadline=None)
@given(OTHER_LENGTHS)
def test_session_ids_of_other_lengths_name_nobody(number: int) -> None:
    assert answer(dahua_setup(str(number))).manufacturer is None


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=10**10, max_value=10**13 - 1), st.text("0123456789ABCDEF", min_size=8, max_size=8))
def test_any_eleven_to_thirteen_digit_session_with_its_ssrc_names_dahua(number: int, ssrc: str) -> None:
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
