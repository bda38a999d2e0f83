"""RTSP method lists that only one maker's camera stack writes (``layers/rtsp_shapes.yaml``, helper-107).

Whole answers, read as the Shodan and masscan importers read a banner (``importers.sniff``). The Uniview answer is
the one a Uniview IPC2122LB gave MediaMTX (bluenviron/mediamtx issue 4660), the other stacks' answers are quoted
from their own public sources (named beside each). What is asserted is what a user sees: the device type and the
maker.
"""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.rtsp_answer import answer, rule_ids

from camaudit.identify import identify
from camaudit.importers import FORMATS
from camaudit.model import is_video_device

UNIVIEW_LIST = "OPTIONS,DESCRIBE,SETUP,PLAY,PAUSE,TEARDOWN,ANNOUNCE,SET_PARAMETER,GET_PARAMETER"


def test_univiews_options_answer_is_a_uniview_video_device() -> None:
    # mediamtx issue 4660: the camera's whole answer to OPTIONS, nothing else in it names a maker.
    identity = answer(f"RTSP/1.0 200 OK\nCSeq: 1\nPublic: {UNIVIEW_LIST}\n\n")
    assert is_video_device(identity.device_type), identity.attribution
    assert identity.manufacturer == "uniview"
    # a stack's order, which a server imitating the camera could copy: a hint, never the firm band
    assert identity.confidence <= 0.5
    assert "rtsp_shapes.uniview.method-list" in rule_ids(identity)


def test_the_same_list_in_an_allow_header_of_an_error_answer_is_read_too() -> None:
    # An error answer lists its methods in Allow (RFC 2326 section 12.4): the importers read it as the list.
    identity = answer(f"RTSP/1.0 405 Method Not Allowed\nCSeq: 3\nAllow: {UNIVIEW_LIST}\n\n")
    assert identity.manufacturer == "uniview"


def test_nmaps_rtsp_methods_output_alone_names_uniview() -> None:
    # nmap's rtsp-methods script reports the Public list and nothing else (no Server header): the list is all a
    # scan file keeps of the answer. The host and scan are invented; the list is the camera's (mediamtx 4660).
    xml = (
        '<?xml version="1.0"?><nmaprun scanner="nmap" args="nmap -sV --script rtsp-methods -p 554 192.0.2.9">'
        '<host><status state="up"/><address addr="192.0.2.9" addrtype="ipv4"/><ports>'
        '<port protocol="tcp" portid="554"><state state="open"/><service name="rtsp" method="probed" conf="10"/>'
        f'<script id="rtsp-methods" output="{UNIVIEW_LIST}"/></port></ports></host></nmaprun>'
    )
    (record,) = list(FORMATS["nmap"](io.BytesIO(xml.encode())))
    identity = identify(record.observations)
    assert is_video_device(identity.device_type), identity.attribution
    assert identity.manufacturer == "uniview"


OTHER_STACKS = {
    # nmap-service-probes p/VLC rtspd/: VLC writes its list without spaces too
    "vlc": "RTSP/1.0 200 OK\nContent-Length: 0\nPublic: DESCRIBE,SETUP,TEARDOWN,PLAY,PAUSE,GET_PARAMETER\n\n",
    # StarValley's PVSS relay, a DSS-style server (its own Server header left out here)
    "pvss": "RTSP/1.0 200 OK\nCseq: 1\nPublic: DESCRIBE,SETUP,TEARDOWN,PLAY,PAUSE,OPTIONS,ANNOUNCE,RECORD\n\n",
    # Fenice-derived hobby servers' send_options_reply
    "fenice": "RTSP/1.0 200 OK\nCSeq: 1\nPublic: OPTIONS,DESCRIBE,SETUP,PLAY,PAUSE,TEARDOWN\n\n",
    # the development corpus's Dahua answer (Rtsp Server/3.0) without its Server header: Dahua's order, not Uniview's
    "dahua order": "RTSP/1.0 200 OK\nCSeq: 1\n"
    "Public: OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, SET_PARAMETER, GET_PARAMETER, ANNOUNCE\n\n",
    # Uniview's methods written with spaces, and with RECORD (a server that is fed streams): invented variants
    "spaced (invented)": f"RTSP/1.0 200 OK\nCSeq: 1\nPublic: {UNIVIEW_LIST.replace(',', ', ')}\n\n",
    "with record (invented)": "RTSP/1.0 200 OK\nCSeq: 1\n"
    "Public: OPTIONS,DESCRIBE,SETUP,PLAY,PAUSE,TEARDOWN,ANNOUNCE,RECORD,SET_PARAMETER,GET_PARAMETER\n\n",
}


@pytest.mark.parametrize("text", OTHER_STACKS.values(), ids=OTHER_STACKS.keys())
def test_other_stacks_lists_do_not_name_uniview(text: str) -> None:
    identity = answer(text)
    assert identity.manufacturer != "uniview"
    assert "rtsp_shapes.uniview.method-list" not in rule_ids(identity)


def test_a_named_media_server_with_univiews_list_is_still_not_a_camera_maker() -> None:
    # A streaming server that copied the list still names itself: its Server header wins (words.not-camera...).
    identity = answer(f"RTSP/1.0 200 OK\nCSeq: 1\nServer: Wowza Streaming Engine 4.8.5\nPublic: {UNIVIEW_LIST}\n\n")
    assert not is_video_device(identity.device_type), identity.attribution


def test_univiews_list_loses_to_a_rival_makers_firm_sign() -> None:
    # An answer that also carries Hikvision's own realm (rules/rtsp.yaml, 0.9) is Hikvision's: the list is a hint.
    identity = answer(
        f"RTSP/1.0 401 Unauthorized\nCSeq: 1\nPublic: {UNIVIEW_LIST}\n"
        'WWW-Authenticate: Digest realm="Hikvision", nonce="a43641f37dcb161ad81d3a39d4e9fa63", stale="FALSE"\n\n'
    )
    assert identity.manufacturer == "hikvision"


#: Header-safe text without letters: it cannot spell a method around the list.
NON_LETTERS = st.text(st.characters(exclude_categories=["L", "Cc", "Cs", "Zl", "Zp"]), max_size=60)
#: Any header-safe text at all.
ANY_LINE = st.text(st.characters(exclude_categories=["Cc", "Cs", "Zl", "Zp"]), max_size=300)


@settings(max_examples=60, deadline=None)
@given(NON_LETTERS, NON_LETTERS)
def test_the_list_names_uniview_only_as_a_whole_value(before: str, after: str) -> None:
    public = f"{before}{UNIVIEW_LIST}{after}"
    named = "rtsp_shapes.uniview.method-list" in rule_ids(answer(f"RTSP/1.0 200 OK\nCSeq: 1\nPublic: {public}\n\n"))
    # A header's value is read without the white space around it, a no-break or other Unicode space included
    # (importers/text.py head_fields: str.strip), as the list a device wrote.
    assert named == (public.strip() == UNIVIEW_LIST)


@settings(max_examples=60, deadline=None)
@given(ANY_LINE)
def test_hostile_method_lists_never_raise(public: str) -> None:
    identity = answer(f"RTSP/1.0 200 OK\nCSeq: 1\nPublic: {public}\n\n")
    assert 0.0 <= identity.confidence <= 1.0


# --- RealNetworks' servers: the handshake header -----------------------------------------------------------


def test_a_real_servers_challenge_header_is_not_a_camera_even_without_its_server_header() -> None:
    # FFmpeg's rtsp.c and MPlayer's realrtsp read 'RealChallenge1:' from a RealServer/Helix answer; the value
    # and the rest of this answer are invented. Its method list offers ANNOUNCE, so nothing typed it before.
    identity = answer(
        "RTSP/1.0 200 OK\nCSeq: 1\nRealChallenge1: 4f5a3e2b1c0d9e8f7a6b5c4d3e2f1a0b\n"
        "Public: OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER, SET_PARAMETER\n\n"
    )
    assert identity.device_type == "not_camera", identity.attribution
    assert "not-camera.rtsp.headers.realchallenge" in rule_ids(identity)


def test_a_camera_realm_beside_a_real_challenge_still_names_the_camera() -> None:
    # A firm maker sign outweighs the challenge (0.7): a Hikvision realm (rules/rtsp.yaml, 0.9) stays Hikvision's.
    identity = answer(
        "RTSP/1.0 401 Unauthorized\nCSeq: 1\nRealChallenge1: 4f5a3e2b\n"
        'WWW-Authenticate: Digest realm="Hikvision", nonce="a43641f37dcb161ad81d3a39d4e9fa63", stale="FALSE"\n\n'
    )
    assert identity.manufacturer == "hikvision"


# --- MediaMTX's own challenge --------------------------------------------------------------------------------


def test_mediamtxs_challenge_stays_a_media_server_though_its_realm_says_ipcam() -> None:
    # gortsplib's server writes 'Server: gortsplib' and MediaMTX challenges in the realm "IPCAM" (its
    # rtspAuthRealm constant): the camera words of the realm must not outvote the server's own name. The
    # nonce is invented.
    identity = answer(
        'RTSP/1.0 401 Unauthorized\nCSeq: 2\nServer: gortsplib\nWWW-Authenticate: Basic realm="IPCAM"\n'
        'WWW-Authenticate: Digest realm="IPCAM", nonce="1c3f3a3d5a4b2e6f7a8b9c0d1e2f3a4b"\n\n'
    )
    assert identity.device_type == "not_camera", identity.attribution
    assert identity.manufacturer is None
