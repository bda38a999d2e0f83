"""RTSP answers read by their shape: a maker's embedded stack, known by what it writes, not by its name.

Whole answers, read as the Shodan and masscan importers read a banner (``importers.sniff``). Each answer is
quoted from, or filled in from, the public source its entry in ``layers/rtsp_shapes.yaml`` cites (named beside
it); the counter-examples are other stacks' answers from their own public sources. The assertions are what a
user sees: the device type and the maker.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.rtsp_answer import answer, rule_ids

from camaudit.model import is_video_device

# --- Axis's RTSP server before AXIS OS ---------------------------------------------------------------------

# nmap-service-probes@f1a9fdd1659f: p/Axis 207W Webcam rtspd/ (Public without SET_PARAMETER) and p/AXIS 207W
# or 212 PTZ network camera rtspd/ (with it), each a whole OPTIONS answer.
AXIS_LEGACY = {
    "207w": "RTSP/1.0 200 OK\nCSeq: 1\nPublic: DESCRIBE, GET_PARAMETER, PAUSE, PLAY, SETUP, TEARDOWN\n\n",
    "212 ptz": "RTSP/1.0 200 OK\nPublic: DESCRIBE, GET_PARAMETER, PAUSE, PLAY, SETUP, SET_PARAMETER, TEARDOWN\n\n",
}


@pytest.mark.parametrize("text", AXIS_LEGACY.values(), ids=AXIS_LEGACY.keys())
def test_axis_firmwares_own_method_list_names_axis_as_a_hint(text: str) -> None:
    identity = answer(text)
    assert is_video_device(identity.device_type), identity.attribution
    assert identity.manufacturer == "axis"
    assert identity.confidence <= 0.5
    assert "rtsp_shapes.axis.legacy-method-list" in rule_ids(identity)


OTHER_STACKS = {
    # gst-rtsp-server's list, the same from an AXIS OS camera and from any GStreamer relay (Kane610/axis
    # tests/test_rtsp.py, with the library's Server header): not read as Axis's older firmware.
    "gstreamer": "RTSP/1.0 200 OK\nCSeq: 1\n"
    "Public: OPTIONS, DESCRIBE, GET_PARAMETER, PAUSE, PLAY, SETUP, SET_PARAMETER, TEARDOWN\n\n",
    # nmap p/VLC rtspd/ (its Server header left out): VLC's list, no spaces.
    "vlc": "RTSP/1.0 200 OK\nContent-Length: 0\nPublic: DESCRIBE,SETUP,TEARDOWN,PLAY,PAUSE,GET_PARAMETER\n\n",
    # LIVE555 (liveMedia/RTSPServer.cpp allowedCommandNames), which TP-Link, Foscam and Reolink firmware keep.
    "live555": "RTSP/1.0 200 OK\nCSeq: 2\nDate: Tue, Sep 20 2022 18:05:01 GMT\n"
    "Public: OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY, PAUSE, GET_PARAMETER, SET_PARAMETER\n\n",
}


@pytest.mark.parametrize("text", OTHER_STACKS.values(), ids=OTHER_STACKS.keys())
def test_other_stacks_lists_do_not_name_axis(text: str) -> None:
    identity = answer(text)
    assert identity.manufacturer != "axis"
    assert "rtsp_shapes.axis.legacy-method-list" not in rule_ids(identity)


def test_axis_list_loses_to_a_rival_makers_firm_sign() -> None:
    # A Hikvision realm (a 0.9 rule) beside the list: a wrong maker is worse than none, the firm sign wins.
    identity = answer(
        'RTSP/1.0 401 Unauthorized\nCSeq: 1\nWWW-Authenticate: Digest realm="Hikvision", nonce="0a1b"\n'
        "Public: DESCRIBE, GET_PARAMETER, PAUSE, PLAY, SETUP, TEARDOWN\n\n"
    )
    assert identity.manufacturer == "hikvision"


# --- Reolink: "BC Streaming Media" -------------------------------------------------------------------------

# https://github.com/AlexxIT/go2rtc/issues/763: a Reolink E1 Pro's 401 to DESCRIBE (go2rtc rewrites header
# names in Go's canonical case; the camera's own spelling is LIVE555's).
REOLINK_401 = (
    "RTSP/1.0 401 Unauthorized\nCSeq: 1\nDate: Tue, Jan 30 2024 23:23:27 GMT\n"
    'WWW-Authenticate: Digest realm="BC Streaming Media", nonce="9d074cfa00e866d46f3e3d0cdec95828"\n\n'
)

# github:AlexxIT/go2rtc/pkg/rtsp/rtsp_test.go@051c5ff91362 TestBugSDP3 (the description verbatim, its first
# medium); the head is LIVE555's DESCRIBE head, filled in.
REOLINK_SDP = (
    'v=0\no=- 1680614126554766 1 IN IP4 192.168.0.3\ns=Session streamed by "preview"\nt=0 0\n'
    "a=tool:BC Streaming Media v202210012022.10.01\na=type:broadcast\na=control:*\na=range:npt=now-\n"
    'a=x-qt-text-nam:Session streamed by "preview"\nm=video 0 RTP/AVP 96\nc=IN IP4 0.0.0.0\nb=AS:8192\n'
    "a=rtpmap:96 H264/90000\na=control:track1\n"
)


def describe(sdp: str, path: str = "stream1") -> str:
    return (
        "RTSP/1.0 200 OK\nCSeq: 3\nDate: Thu, Nov 24 2022 15:10:19 GMT\n"
        f"Content-Base: rtsp://192.0.2.40/{path}/\nContent-Type: application/sdp\n"
        f"Content-Length: {len(sdp)}\n\n{sdp}"
    )


def test_reolinks_realm_names_reolink() -> None:
    identity = answer(REOLINK_401)
    assert is_video_device(identity.device_type)
    assert identity.manufacturer == "reolink"
    assert "rtsp_shapes.reolink.realm" in rule_ids(identity)


def test_reolinks_stream_description_names_reolink() -> None:
    # On a path of no maker's convention: the description alone names Reolink.
    identity = answer(describe(REOLINK_SDP))
    assert is_video_device(identity.device_type)
    assert identity.manufacturer == "reolink"
    assert {"rtsp_shapes.reolink.tool", "rtsp_shapes.reolink.session-preview"} <= rule_ids(identity)


LIVE555_LOOKALIKES = {
    # https://github.com/AlexxIT/go2rtc/issues/214: LIVE555's own realm (an older Reolink, but LIVE555's
    # default: every LIVE555 build that asks a password says it).
    "live555 realm": "RTSP/1.0 401 Unauthorized\nCSeq: 1\nDate: Thu, Jan 26 2023 23:06:41 GMT\n"
    'WWW-Authenticate: Digest realm="LIVE555 Streaming Media", nonce="e70f5b4ffa9d48c1d15e088030090ce6"\n\n',
    # A Tapo camera's realm (TP-Link's LIVE555 build): TP-Link, not Reolink.
    "tp-link realm": "RTSP/1.0 401 Unauthorized\nCSeq: 2\nDate: Wed, May 24 2023 02:15:53 GMT\n"
    'WWW-Authenticate: Digest realm="TP-LINK Streaming Media", nonce="c8822c6beb83e9a1bbe034bed8620d19"\n\n',
    # LIVE555's test server names its sessions after itself (testProgs/testOnDemandRTSPServer.cpp).
    "live555 test server": describe(
        'v=0\no=- 1 1 IN IP4 192.0.2.5\ns=Session streamed by "testOnDemandRTSPServer"\ni=h264ESVideoTest\nt=0 0\n'
        "a=tool:LIVE555 Streaming Media v2020.08.12\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\n"
    ),
}


@pytest.mark.parametrize("text", LIVE555_LOOKALIKES.values(), ids=LIVE555_LOOKALIKES.keys())
def test_other_live555_builds_are_not_reolink(text: str) -> None:
    identity = answer(text)
    assert identity.manufacturer != "reolink"
    assert not any(rule.startswith("rtsp_shapes.reolink") for rule in rule_ids(identity))


# --- TP-Link's MULTITRANS method ----------------------------------------------------------------------------

# Composed, not a capture: LIVE555's own Public list (liveMedia/RTSPServer.cpp, allowedCommandNames) with
# TP-Link's MULTITRANS appended, as go2rtc's pkg/multitrans and its pull request 1995 describe TP-Link's firmware.
# (The capture first used here, mediamtx issue 3116, is a held-out replay profile's source: not used.)
TP_LINK_OPTIONS = (
    "RTSP/1.0 200 OK\nCSeq: 1\nDate: Sun, Apr 28 2024 06:49:17 GMT\n"
    "Public: OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY, PAUSE, GET_PARAMETER, SET_PARAMETER, MULTITRANS\n\n"
)


def test_tp_links_own_method_names_tp_link() -> None:
    identity = answer(TP_LINK_OPTIONS)
    assert is_video_device(identity.device_type)
    assert identity.manufacturer == "tp-link"


def test_the_same_answer_without_tp_links_method_is_live555s_and_names_nobody() -> None:
    identity = answer(TP_LINK_OPTIONS.replace(", MULTITRANS", ""))
    assert is_video_device(identity.device_type)
    assert identity.manufacturer is None and identity.brand is None


# --- Uniview's truncated connection line -------------------------------------------------------------------

# https://github.com/AlexxIT/go2rtc/issues/1663 (the description's lines as go2rtc logged them), served here on
# a path of no maker's convention so that only the description speaks.
UNIVIEW_SDP = (
    "v=0\no=- 1001 1 IN\ns=VCP IPC Realtime stream\nm=video 0 RTP/AVP 105\nc=IN\n"
    "a=control:rtsp://192.0.2.60/stream1/video\na=rtpmap:105 H264/90000\na=recvonly\n"
)


def test_univiews_truncated_connection_line_names_uniview_even_without_its_origin() -> None:
    identity = answer(describe(UNIVIEW_SDP.replace("o=- 1001 1 IN\n", "o=- 1001 1 IN IP4 192.0.2.60\n")))
    assert identity.manufacturer == "uniview"
    assert "sdp.uniview.connection-truncated" in rule_ids(identity)


def test_a_whole_connection_line_names_nobody() -> None:
    whole = UNIVIEW_SDP.replace("o=- 1001 1 IN\n", "o=- 1001 1 IN IP4 192.0.2.60\n").replace(
        "c=IN\n", "c=IN IP4 0.0.0.0\n"
    )
    identity = answer(describe(whole))
    assert identity.manufacturer is None


# --- A camera stack's constant entity tag (type only) ------------------------------------------------------

# github:AlexxIT/go2rtc/pkg/rtsp/rtsp_test.go@051c5ff91362 TestBugSDP5 (its first medium).
CONSTANT_ETAG_SDP = (
    "v=0\no=CV-RTSPHandler 1123412 0 IN IP4 192.168.1.22\ns=Camera\nc=IN IP4 192.168.1.22\nt=0 0\n"
    "a=charset:Shift_JIS\na=range:npt=0-\na=control:*\na=etag:1234567890\nm=video 0 RTP/AVP 99\n"
    "a=rtpmap:99 H264/90000\na=control:trackID=1\na=sendonly\n"
)


def test_the_constant_etag_types_a_camera_and_names_nobody() -> None:
    identity = answer(describe(CONSTANT_ETAG_SDP.replace("s=Camera", "s=Stream")))
    assert identity.device_type == "camera", identity.attribution
    assert identity.manufacturer is None and identity.brand is None


def test_a_media_servers_own_etag_is_not_the_camera_stacks() -> None:
    identity = answer(describe(CONSTANT_ETAG_SDP.replace("s=Camera", "s=Stream").replace("1234567890", "5f3c2a1b")))
    assert "rtsp_shapes.camera-stack.constant-etag" not in rule_ids(identity)
    assert identity.device_type != "camera"


# --- "ALi feng" (decided 2026-12-04) ------------------------------------------------------------------------


def test_an_ali_feng_server_is_no_longer_called_a_television_server() -> None:
    # nmap p/feng rtspd/: LScube's feng as ALi builds it, filed with no device type. Until 2026-12-04 it was
    # typed 'not a camera' at 0.7 as a set-top box; nothing public says so, and it names nothing else.
    identity = answer(
        "RTSP/1.0 505 RTSP Version Not Supported\nServer: ALi feng/2.1.0\nDate: Week 4, 1 Mon0 0070 22:12:06 GMT\n\n"
    )
    assert "words.not-camera.rtsp-tv-servers" not in rule_ids(identity)
    assert identity.manufacturer is None and identity.brand is None


def test_the_freebox_is_still_a_television_server() -> None:
    identity = answer("RTSP/1.0 400 Bad Request\nCseq: 1\nServer: fbxrtspd/1.2 Freebox RTSP server\n\n")
    assert identity.device_type == "not_camera"


# --- hostile text ------------------------------------------------------------------------------------------

#: Header-safe text without letters: it cannot spell a maker, a realm word or a method around the shapes.
NON_LETTERS = st.text(st.characters(exclude_categories=["L", "Cc", "Cs", "Zl", "Zp"]), max_size=60)
#: Any header-safe text at all.
ANY_LINE = st.text(st.characters(exclude_categories=["Cc", "Cs", "Zl", "Zp"]), max_size=200)


@settings(max_examples=60, deadline=None)
@given(ANY_LINE, ANY_LINE, ANY_LINE)
def test_hostile_public_realm_and_session_lines_never_raise(public: str, realm: str, session: str) -> None:
    text = (
        f"RTSP/1.0 401 Unauthorized\nCSeq: 1\nPublic: {public}\n"
        f'WWW-Authenticate: Digest realm="{realm}", nonce="1"\nContent-Type: application/sdp\n\n'
        f"v=0\ns={session}\na=tool:{session}\nm=video 0 RTP/AVP 96\n"
    )
    identity = answer(text)
    assert 0.0 <= identity.confidence <= 1.0


@settings(max_examples=60, deadline=None)
@given(NON_LETTERS, NON_LETTERS)
def test_a_shape_never_names_its_maker_when_something_else_is_glued_to_it(before: str, after: str) -> None:
    # The method list and the realm are whole values: anything around them makes another stack's answer.
    if not (before.strip(" ,\t") or after.strip(" ,\t")):
        return
    public = f"{before}DESCRIBE, GET_PARAMETER, PAUSE, PLAY, SETUP, TEARDOWN{after}"
    assert answer(f"RTSP/1.0 200 OK\nCSeq: 1\nPublic: {public}\n\n").manufacturer != "axis" or public.strip() == (
        "DESCRIBE, GET_PARAMETER, PAUSE, PLAY, SETUP, TEARDOWN"
    )
    realm = f"{before}BC Streaming Media{after}".replace('"', "")
    identity = answer(f'RTSP/1.0 401 Unauthorized\nCSeq: 1\nWWW-Authenticate: Digest realm="{realm}", nonce="1"\n\n')
    assert identity.manufacturer != "reolink" or realm == "BC Streaming Media"
