"""Authentication challenges read by their stack's layout (``layers/http_shapes.yaml``, ``shapes.axis.*``).

An RTSP or HTTP server that asks for a password writes its WWW-Authenticate the way its code does: which
parameters, in which order, quoted or not. AXIS OS builds its RTSP server on gst-rtsp-server and says so in its
``Server`` header, which on its own reads as a GStreamer media server; what tells the camera apart is the challenge:
Axis's ``AXIS_`` realm followed by its nonce and an unquoted ``stale=FALSE``, where stock gst-rtsp-server writes
``Digest realm="<realm>", nonce="<16 hex>"`` and nothing more (rtsp-auth.c, default_generate_authenticate_header).

The Axis answer below is the one Kane610/axis tests/test_rtsp.py records (its header order and values); the masked
form is that answer with the MAC and nonce replaced by X, as people quote such logs. The stock GStreamer answer is
written from rtsp-auth.c's format strings (not a capture); the Hitron answer is a public client log's.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.rtsp_answer import answer, rule_ids

from camaudit.identify import match_fields

RULE = "shapes.axis.challenge-layout"


def axis_401(realm: str = "AXIS_ACCC8E012345", nonce: str = "0000eb57Y1462133062b37999f0cd530f02755fa37b8df1") -> str:
    return (
        "RTSP/1.0 401 Unauthorized\nCSeq: 1\n"
        f'WWW-Authenticate: Digest realm="{realm}", nonce="{nonce}", stale=FALSE\n'
        "Server: GStreamer RTSP server\nDate: Sat, 12 Dec 2020 10:44:25 GMT\n\n"
    )


def test_the_axis_os_challenge_beside_a_gstreamer_header_is_an_axis_video_device() -> None:
    identity = answer(axis_401())
    assert identity.manufacturer == "axis"
    assert identity.device_type in ("video_device", "camera")
    assert RULE in rule_ids(identity)


def test_the_same_challenge_with_its_mac_masked_is_still_axis_not_a_media_server() -> None:
    # Without the layout entry this answer was typed not a camera: the GStreamer header outweighed a bare "AXIS".
    identity = answer(axis_401("AXIS_XXXXXXXXXXXX", "XXXXXXXX"))
    assert identity.manufacturer == "axis"
    assert identity.device_type == "video_device"
    # a layout whose id is not read stays below the firm band
    assert identity.confidence < 0.9


def test_stock_gst_rtsp_server_challenge_stays_a_media_server() -> None:
    text = (
        "RTSP/1.0 401 Unauthorized\nCSeq: 2\n"
        'WWW-Authenticate: Basic realm="GStreamer RTSP Server"\n'
        'WWW-Authenticate: Digest realm="GStreamer RTSP Server", nonce="5a1f0c3e9b2d4e71"\n'
        "Server: GStreamer RTSP server\nDate: Sat, 12 Dec 2020 10:44:25 GMT\n\n"
    )
    identity = answer(text, port=8554)
    assert identity.device_type == "not_camera"
    assert identity.manufacturer is None and identity.brand is None


@pytest.mark.parametrize(
    "challenge",
    [
        # a Hitron camera (the same parameter layout under its own prefix), as a VLC session log shows it
        'Digest realm="HITRON_0007D8192659", nonce="MjAxOS0wNC0yMDE0OjIxOjA2", stale=FALSE',
        # Dahua's HTTP API document prints Axis's example challenge under a "DH_" realm
        'Digest realm="DH_00408CA5EA04", nonce="000562fdY631973ef04f77a3ede7c1832ff48720ef95ad", stale=FALSE, qop="auth"',
        # Hikvision's quoted spelling, and the prefix without Axis's layout
        'Digest realm="AXIS_00408C", nonce="0001abcd", stale="FALSE"',
        'Digest realm="AXIS_TEST", nonce="abc123"',
    ],
)
def test_the_layout_without_axis_s_prefix_and_spelling_names_nobody(challenge: str) -> None:
    evidence = match_fields({"rtsp.www_authenticate": challenge}, port=554, protocol="rtsp")
    assert RULE not in {e.rule_id for e in evidence}


def test_the_http_form_of_the_challenge_is_read_too() -> None:
    evidence = match_fields(
        {
            "http.www_authenticate": 'Digest realm="AXIS_ACCC8E270099", '
            'nonce="0000a68bY73713f4c653733b86c8f878b3400ab8", stale=FALSE, qop="auth"'
        },
        port=80,
        protocol="http",
    )
    hits = [e for e in evidence if e.rule_id == RULE]
    assert hits and hits[0].asserts.get("manufacturer") == "axis"


ID_CHARS = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_", min_size=1, max_size=40)
NONCE = st.text("0123456789abcdefXY=", min_size=1, max_size=64)


@settings(max_examples=60, deadline=None)
@given(ID_CHARS, NONCE)
def test_any_axis_prefixed_realm_in_axis_s_layout_is_read(device_id: str, nonce: str) -> None:
    challenge = f'Digest realm="AXIS_{device_id}", nonce="{nonce}", stale=FALSE'
    evidence = match_fields({"rtsp.www_authenticate": challenge}, port=554, protocol="rtsp")
    assert RULE in {e.rule_id for e in evidence}


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=24).filter(lambda p: not p.startswith("AXIS_") and '"' not in p), NONCE)
def test_other_realms_in_the_same_layout_are_not_read_as_axis(prefix: str, nonce: str) -> None:
    challenge = f'Digest realm="{prefix}", nonce="{nonce}", stale=FALSE'
    evidence = match_fields({"rtsp.www_authenticate": challenge}, port=554, protocol="rtsp")
    assert RULE not in {e.rule_id for e in evidence}


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=300))
def test_hostile_challenges_never_raise(text: str) -> None:
    for field in ("rtsp.www_authenticate", "http.www_authenticate"):
        match_fields({field: text}, port=554)
        match_fields({field: f'Digest realm="AXIS_{text}", nonce="{text}", stale=FALSE'}, port=554)


def test_dahua_s_older_rtsp_realm_names_dahua() -> None:
    # Greenbone's RTSP OS detection quotes the realm beside Dahua's "Rtsp Server/2.0" banner; the maker's name is
    # glued to "Rtsp", so the word-bounded lexicon never read it.
    identity = answer(
        'RTSP/1.0 401 Unauthorized\nCSeq: 1\nServer: Rtsp Server/2.0\nWWW-Authenticate: Basic realm="DahuaRtsp"\n\n'
    )
    assert identity.manufacturer == "dahua"
    assert identity.device_type == "video_device"
    assert "rtsp_shapes.dahua.realm-dahuartsp" in rule_ids(identity)


@pytest.mark.parametrize("realm", ["Dahua", "DahuaRtsp2", "dahuartsp", "RTSP"])
def test_near_misses_of_dahua_s_realm_are_not_read_as_it(realm: str) -> None:
    evidence = match_fields({"rtsp.www_authenticate": f'Basic realm="{realm}"'}, port=554, protocol="rtsp")
    assert "rtsp_shapes.dahua.realm-dahuartsp" not in {e.rule_id for e in evidence}
