"""What an RTSP stack writes by default, read whole answer by answer (helper-143, 2026-12-05).

Two conventions from the stacks' own code (docs/identification/rtsp-sdp.md, "RTSP stack defaults: a chip SDK's
status and a relay library's challenge"):

* HiSilicon's IP-camera RTSP server words its status 416 ``Over Supported connection`` (its status table in
  github:vigoss30611/buildroot-ltc ``.../sess_rtsp/hi_rtsp_parse.c``): read through ``rtsp.reason``, a video device,
  never a maker (``words.sdk.hisilicon-rtsp-over-connection``).
* gortsplib (the library under MediaMTX) challenges in its own realm ``ipcam`` with its own field order and a quoted
  algorithm (``pkg/auth/www_authenticate.go``, ``pkg/headers/authenticate.go``): a collector that keeps only that
  challenge no longer types the relay a camera (``words.software.gortsplib-challenge``).

The answers are composed from those sources' code (the status line and headers each writes; nonces invented), and
from camera firmware layouts quoted in the entries' counter-examples. What is asserted is what a user sees: the device
type, the maker, and which entry spoke.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.rtsp_answer import answer, rule_ids

from camaudit.model import is_video_device

HISILICON = "words.sdk.hisilicon-rtsp-over-connection"
GORTSPLIB = "words.software.gortsplib-challenge"

#: HiSilicon's server writes '<version> <code> <phrase>' from its table, then CSeq, Cache-Control and Server
#: (HiMobileCam's HI_RTSPSVR_MSGParser_GetResponse); the table's phrase ends in a space.
HISILICON_416 = "RTSP/1.0 416 Over Supported connection \nCSeq: 4\nCache-Control: no-cache\n\n"


def test_hisilicons_connection_limit_answer_is_a_video_device_without_a_maker() -> None:
    identity = answer(HISILICON_416)
    assert is_video_device(identity.device_type), identity.attribution
    assert identity.manufacturer is None and identity.brand is None
    # a chip SDK's wording: a hint of the device class, never the firm band
    assert identity.confidence <= 0.5
    assert HISILICON in rule_ids(identity)


@pytest.mark.parametrize(
    "status_line",
    [
        # RFC 2326's own 453 and 416 phrases of other stacks, LIVE555's 404, HTTP's 416 phrase
        "RTSP/1.0 453 Not Enough Bandwidth",
        "RTSP/1.0 404 Stream Not Found",
        "RTSP/1.0 416 Requested Range Not Satisfiable",
        # the phrase inside a longer one, or in other letter case: not the table's string
        "RTSP/1.0 416 Over Supported connection limit",
        "RTSP/1.0 416 over supported connection",
    ],
)
def test_other_stacks_phrases_are_not_read_as_hisilicons(status_line: str) -> None:
    identity = answer(f"{status_line}\nCSeq: 4\n\n")
    assert HISILICON not in rule_ids(identity)
    assert not is_video_device(identity.device_type), identity.attribution


def test_a_media_server_naming_itself_outweighs_the_sdk_phrase() -> None:
    # A relay that happened to word its status so still names itself (words.not-camera.media-server, 0.7).
    identity = answer("RTSP/1.0 416 Over Supported connection\nCSeq: 4\nServer: Wowza Streaming Engine 4.8.5\n\n")
    assert not is_video_device(identity.device_type), identity.attribution


#: Header-safe phrases: no line breaks, no control characters.
PHRASE = st.text(st.characters(exclude_categories=["Cc", "Cs", "Zl", "Zp"]), max_size=80)


@settings(max_examples=80, deadline=None)
@given(PHRASE)
def test_only_the_tables_own_phrase_is_read(phrase: str) -> None:
    identity = answer(f"RTSP/1.0 416 {phrase}\nCSeq: 1\n\n")
    assert (HISILICON in rule_ids(identity)) == (phrase.strip() == "Over Supported connection")
    # the entry claims a video device and nothing else: it never names a maker
    for ev in identity.evidence:
        if ev.rule_id == HISILICON:
            assert dict(ev.asserts) == {"device_type": "video_device"}


# --- gortsplib's challenge ------------------------------------------------------------------------------------

NONCE = "1c3f3a3d5a4b2e6f7a8b9c0d1e2f3a4b"
#: GenerateWWWAuthenticate's default: Basic, Digest MD5, Digest SHA-256, each with the server's realm.
GORTSPLIB_401 = (
    'RTSP/1.0 401 Unauthorized\nCSeq: 2\nWWW-Authenticate: Basic realm="ipcam"\n'
    f'WWW-Authenticate: Digest realm="ipcam", nonce="{NONCE}", algorithm="MD5"\n'
    f'WWW-Authenticate: Digest realm="ipcam", nonce="{NONCE}", algorithm="SHA-256"\n\n'
)


def test_gortsplibs_challenge_alone_is_not_a_camera_though_its_realm_says_ipcam() -> None:
    # No Server header: the challenge is all the collector kept. Before the entry the realm's camera words
    # (words.ip-camera, 0.65) typed this relay a camera.
    identity = answer(GORTSPLIB_401)
    assert identity.device_type == "not_camera", identity.attribution
    assert identity.manufacturer is None and identity.brand is None
    assert GORTSPLIB in rule_ids(identity)


@pytest.mark.parametrize("realm", ["ipcam", "IPCAM"])
@pytest.mark.parametrize("algorithm", ["MD5", "SHA-256"])
def test_one_digest_challenge_in_gortsplibs_layout_is_enough(realm: str, algorithm: str) -> None:
    identity = answer(
        f'RTSP/1.0 401 Unauthorized\nCSeq: 2\nWWW-Authenticate: Digest realm="{realm}", nonce="{NONCE}", '
        f'algorithm="{algorithm}"\n\n'
    )
    assert identity.device_type == "not_camera", identity.attribution


CAMERA_CHALLENGES = {
    # JUAN-style IPC firmware (its JAWS web server's challenge): no comma between realm and nonce
    "ipc without comma": 'Digest realm="IPCAM" nonce="6a3bc7d1e0f24a9b8c7d6e5f4a3b2c1d"',
    # a camera RTSP stack writing qop first and a tick-count nonce
    "qop first": 'Digest qop="auth",realm="ipcam",nonce="123456789"',
    # gortsplib's older layout is LIVE555's too: not read, the camera words still speak
    "no algorithm": f'Digest realm="IPCAM", nonce="{NONCE}"',
}


@pytest.mark.parametrize("challenge", CAMERA_CHALLENGES.values(), ids=CAMERA_CHALLENGES.keys())
def test_camera_stacks_asking_in_the_same_realm_stay_cameras(challenge: str) -> None:
    identity = answer(f"RTSP/1.0 401 Unauthorized\nCSeq: 2\nWWW-Authenticate: {challenge}\n\n")
    assert GORTSPLIB not in rule_ids(identity)
    assert is_video_device(identity.device_type), identity.attribution


def test_a_maker_realm_in_gortsplibs_layout_is_not_read_as_the_library() -> None:
    # Only the library's realm says "gortsplib"; TP-Link's own realm in the same field order stays TP-Link's camera.
    identity = answer(
        'RTSP/1.0 401 Unauthorized\nCSeq: 2\nWWW-Authenticate: Digest realm="TP-LINK IP-Camera", '
        f'nonce="{NONCE}", algorithm="MD5"\n\n'
    )
    assert GORTSPLIB not in rule_ids(identity)
    assert is_video_device(identity.device_type), identity.attribution


HEX32 = st.text(alphabet="0123456789abcdef", min_size=32, max_size=32)
REALM = st.text(st.characters(exclude_categories=["Cc", "Cs", "Zl", "Zp"], exclude_characters='"'), max_size=30)


@settings(max_examples=60, deadline=None)
@given(HEX32, st.sampled_from(["MD5", "SHA-256"]))
def test_any_nonce_in_gortsplibs_layout_is_the_library(nonce: str, algorithm: str) -> None:
    identity = answer(
        f'RTSP/1.0 401 Unauthorized\nCSeq: 3\nWWW-Authenticate: Digest realm="ipcam", nonce="{nonce}", '
        f'algorithm="{algorithm}"\n\n'
    )
    assert GORTSPLIB in rule_ids(identity)
    assert identity.device_type == "not_camera", identity.attribution


@settings(max_examples=60, deadline=None)
@given(REALM, HEX32)
def test_no_other_realm_in_that_layout_is_read_as_the_library(realm: str, nonce: str) -> None:
    identity = answer(
        f'RTSP/1.0 401 Unauthorized\nCSeq: 3\nWWW-Authenticate: Digest realm="{realm}", nonce="{nonce}", '
        'algorithm="MD5"\n\n'
    )
    assert (GORTSPLIB in rule_ids(identity)) == (realm in ("ipcam", "IPCAM"))


@settings(max_examples=60, deadline=None)
@given(PHRASE)
def test_hostile_challenges_never_raise(challenge: str) -> None:
    identity = answer(f"RTSP/1.0 401 Unauthorized\nCSeq: 3\nWWW-Authenticate: {challenge}\n\n")
    assert 0.0 <= identity.confidence <= 1.0
