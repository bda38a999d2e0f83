"""A bare RTSP answer past OPTIONS on port 554: a session or a description, no Server header, is a weak video type.

The bare answer (CSeq and nothing any rule reads) needs a second sign, because cameras, SAT>IP tuners, relays and
bridges all answer OPTIONS so (test_rtsp_bare_answers.py). Two forms say more (layers/rtsp_shapes.yaml,
``camera-stack.bare-session-answer`` and ``camera-stack.bare-description-answer``; docs/identification/rtsp-sdp.md,
"The bare answer, decided again on blind development data"): on port 554, an answer that carries a stream session or
a stream description and only RFC 2326's own headers -- no Server, no Public list, no vendor or proxy header. It is
typed a video device at 0.4 (recognised, below the resolver's 0.5) and names nobody; on any other port, beside a
Server header or any other header, it stays what it was.

Bytes: the Dahua SETUP answer is the one AxisCommunications/media-stream-library-js issue 100 quotes, the Axis 551 the
one Axis's VAPIX streaming document prints; the LIVE555 answers follow RTSPServer.cpp's format strings
(github:rgaufman/live555); the media servers' answers are the rule's counter-examples (their own documentation and
code).
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st
from tests.unit.identify.rtsp_answer import answer, rule_ids

from camaudit.identify import match_fields
from camaudit.model import is_video_device

SESSION_RULE = "rtsp_shapes.camera-stack.bare-session-answer"
DESCRIPTION_RULE = "rtsp_shapes.camera-stack.bare-description-answer"
RULES = {SESSION_RULE, DESCRIPTION_RULE}

DAHUA_SETUP = (
    "RTSP/1.0 200 OK\nCSeq: 4\nSession: 1387212806996;timeout=60\n"
    "Transport: RTP/AVP/UDP;unicast;client_port=18292-18293;server_port=23938-23939;ssrc=459838E1\nx-Dynamic-Rate: 1\n\n"
)
AXIS_551 = (
    "RTSP/1.0 551 Option not supported\nCSeq: 7\nSession: 12345678\n"
    "Unsupported: com.axis.parameters-in-header\nDate: Wed, 16 Jul 2008 13:01:24 GMT\n\n"
)
LIVE555_SETUP = (
    "RTSP/1.0 200 OK\nCSeq: 3\nDate: Wed, Apr 06 2016 07:05:30 GMT\n"
    "Transport: RTP/AVP/TCP;unicast;destination=192.0.2.1;source=192.0.2.10;interleaved=0-1\nSession: 0A1B2C3D;timeout=65\n\n"
)
LIVE555_PLAY = (
    "RTSP/1.0 200 OK\nCSeq: 4\nDate: Wed, Apr 06 2016 07:05:31 GMT\nRange: npt=0.000-\nSession: 0A1B2C3D\n"
    "RTP-Info: url=rtsp://192.0.2.10/live/track1;seq=1;rtptime=0\n\n"
)
#: LIVE555's DESCRIBE head, as a client's log keeps it when it does not print the description.
LIVE555_DESCRIBE_HEAD = (
    "RTSP/1.0 200 OK\nCSeq: 2\nDate: Wed, Apr 06 2016 07:05:30 GMT\nContent-Base: rtsp://192.0.2.10/live/\n"
    "Content-Type: application/sdp\nContent-Length: 512\n\n"
)
#: Answers whose only sign is the bare shape (Dahua's SETUP answer is named Dahua by its own layout, tested apart).
CAMERA_ANSWERS = (AXIS_551, LIVE555_SETUP, LIVE555_PLAY, LIVE555_DESCRIBE_HEAD)

WOWZA_SETUP = (
    "RTSP/1.0 200 OK\nCSeq: 3\nServer: Wowza Streaming Engine 4.8.10\nSession: 1850358837;timeout=60\n"
    "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\n\n"
)
ZLMEDIAKIT_SETUP = (
    "RTSP/1.0 200 OK\nCSeq: 2\nDate: Tue, Mar 26 2019 09:10:10 GMT\n"
    "Server: ZLMediaKit-4.0(build in Mar 26 2019 17:01:17)\nSession: KPUZ49ejotyD\n"
    "Transport: RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=00000000\n\n"
)
GORTSPLIB_SETUP = (
    "RTSP/1.0 200 OK\nCSeq: 0\nServer: gortsplib\nSession: 3461776667\n"
    "Transport: RTP/AVP;unicast;client_port=15000-15001;server_port=8000-8001\n\n"
)
#: A SAT>IP server's SETUP answer: its stream id header (SAT>IP specification 1.2.2, section 3.3.6).
SATIP_SETUP = (
    "RTSP/1.0 200 OK\nCSeq: 2\nSession: 12345678;timeout=60\ncom.ses.streamID: 1\n"
    "Transport: RTP/AVP;unicast;client_port=5000-5001\n\n"
)
IPTV_DESCRIBE_HEAD = (
    "RTSP/1.0 200 OK\nServer: ZMSS_ChinaTelcom2.2\nCSeq: 4\nContent-length: 506\nContent-Type: application/sdp\n\n"
)


def test_a_cameras_session_or_description_answer_on_554_is_a_weak_video_type_naming_nobody() -> None:
    for text in CAMERA_ANSWERS:
        identity = answer(text, port=554)
        assert identity.device_type is not None and is_video_device(identity.device_type), (text, identity.attribution)
        # Recognised, but weakly: below the resolver's 0.5, and no maker from a shape every stack writes.
        assert 0.0 < identity.confidence < 0.5, identity.confidence
        assert identity.manufacturer is None and identity.brand is None
        assert rule_ids(identity) & RULES


def test_dahuas_setup_answer_carries_the_shape_beside_its_own_layout() -> None:
    assert SESSION_RULE in rule_ids(answer(DAHUA_SETUP, port=554))
    assert SESSION_RULE not in rule_ids(answer(DAHUA_SETUP, port=8554))


def test_the_same_answers_on_another_port_keep_the_bare_answers_unknown_type() -> None:
    # go2rtc, MediaMTX and ring-mqtt relays listen on 8554 and write no Server header either.
    for text in CAMERA_ANSWERS:
        for port in (8554, 1554, 5000, 80):
            identity = answer(text, port=port)
            assert not rule_ids(identity) & RULES, (port, text)
            assert identity.device_type is None, (port, identity.attribution)


def test_streaming_software_that_names_itself_is_not_made_a_camera() -> None:
    for text in (WOWZA_SETUP, ZLMEDIAKIT_SETUP, GORTSPLIB_SETUP, SATIP_SETUP, IPTV_DESCRIBE_HEAD):
        identity = answer(text, port=554)
        assert not rule_ids(identity) & RULES, text
        assert not is_video_device(identity.device_type), (text, identity.device_type)


def test_options_answers_and_bare_errors_still_need_a_second_sign() -> None:
    # A camera and a SAT>IP tuner answer OPTIONS with the same list on 554: the decision for them is unchanged.
    for text in (
        "RTSP/1.0 200 OK\nCSeq: 1\nPublic: OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY\n\n",
        "RTSP/1.0 200 OK\nCSeq: 1\nDate: Fri, 11 Mar 2016 12:35:54 GMT\nPublic: OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY\n\n",
        "RTSP/1.0 404 Not Found\nCseq: 1\n\n",
        "RTSP/1.0 454 Session Not Found\nCSeq: 5\nDate: Wed, Apr 06 2016 07:05:30 GMT\n\n",
    ):
        identity = answer(text, port=554)
        assert identity.device_type is None and identity.confidence == 0.0, (text, identity.attribution)


def test_a_kept_audio_only_description_outweighs_the_description_head() -> None:
    sdp = "v=0\no=- 0 0 IN IP4 192.0.2.10\ns=Radio\nt=0 0\nm=audio 0 RTP/AVP 14\na=control:track1\n"
    length = len(sdp.replace("\n", "\r\n"))
    text = (
        f"RTSP/1.0 200 OK\nCSeq: 2\nContent-Base: rtsp://192.0.2.10/radio/\nContent-Type: application/sdp\n"
        f"Content-Length: {length}\n\n{sdp}"
    )
    identity = answer(text, port=554)
    assert identity.device_type == "not_camera", identity.attribution


_HEADER_NAME = st.from_regex(r"\A[A-Za-z][A-Za-z0-9-]{0,20}\Z")
#: The headers the session entry allows beside its one Session line (RFC 2326's own, and x-Dynamic-Rate).
_ALLOWED = {
    name.lower()
    for name in [
        "CSeq",
        "Date",
        "Transport",
        "Range",
        "RTP-Info",
        "Content-Base",
        "Content-Length",
        "Content-Location",
        "Content-Type",
        "Cache-Control",
        "Expires",
        "Last-Modified",
        "Connection",
        "Unsupported",
        "Scale",
        "Speed",
        "Accept-Ranges",
        "x-Dynamic-Rate",
    ]
}


def _fired(headers: str, port: int | None = 554) -> set[str]:
    return {e.rule_id for e in match_fields({"rtsp.headers": headers}, port=port)} & RULES


@settings(max_examples=120, deadline=None)
@given(_HEADER_NAME, st.text(alphabet=st.characters(blacklist_characters="\r\n"), max_size=40))
@example("Range", "npt=0.000-")
@example("Session", "1")
@example("RTP-Info", "url=rtsp://192.0.2.10/live/track1;seq=1")
@example("Server", "Wowza Streaming Engine")
@example("Via", "RTSP/1.0 proxy")
@example("Public", "OPTIONS, DESCRIBE")
@example("com.ses.streamID", "1")
def test_any_other_header_beside_the_session_keeps_the_answer_bare(name: str, value: str) -> None:
    headers = f"CSeq: 3\n{name}: {value}\nSession: 0A1B2C3D;timeout=65\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1"
    fired = _fired(headers)
    if name.lower() in _ALLOWED:
        assert fired == {SESSION_RULE}, headers
    else:
        # Server, Via, Public, WWW-Authenticate, com.ses.streamID, a vendor's header: not the bare shape.
        assert not fired, headers


@settings(max_examples=80, deadline=None)
@given(st.integers(min_value=0, max_value=65535))
@example(554)
@example(8554)
def test_the_session_shape_is_read_on_port_554_only(port: int) -> None:
    headers = "CSeq: 3\nSession: 0A1B2C3D;timeout=65"
    assert bool(_fired(headers, port)) == (port == 554)
    assert not _fired(headers, None)


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=3000))
def test_hostile_header_blocks_never_raise_and_never_name_a_maker(headers: str) -> None:
    for ev in match_fields({"rtsp.headers": headers}, port=554):
        if ev.rule_id in RULES:
            assert ev.asserts == {"device_type": "video_device"}
