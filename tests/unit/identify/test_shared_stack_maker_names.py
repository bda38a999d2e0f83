"""A maker's name inside a shared stack's Server name does not name that maker (layers/lexicon.yaml, grandstream).

'GrandStream Rtsp Server V100R001' is the Server name written by a HiSilicon-era RTSP server whose C source circulates
among recorder and camera SDKs, beside realm "Surveillance Server" and a fixed SDP origin (docs/identification/
rtsp-sdp.md, "An app's streaming library and a HiSilicon-era stack's constants"). The 401 below is that source's own comment of its answer. Before 2026-12-07 the
lexicon's name entry read it as Grandstream (0.5) as soon as the realm typed the answer video: a maker claim the
white-label devices running the same code would carry wrongly. The maker's own texts are still read.
"""

from __future__ import annotations

from tests.unit.identify.rtsp_answer import answer, rule_ids

from camaudit.identify import match_fields
from camaudit.model import is_video_device

SHARED_STACK_401 = (
    "RTSP/1.0 401 Unauthorized\r\nServer: GrandStream Rtsp Server V100R001\r\nCSeq: 142\r\n"
    'WWW-Authenticate: Digest realm="Surveillance Server", nonce="4e405a1c"\r\n\r\n'
)


def test_the_shared_stack_answer_is_video_and_names_nobody() -> None:
    identity = answer(SHARED_STACK_401, port=554)
    assert is_video_device(identity.device_type)
    assert identity.manufacturer != "grandstream" and identity.brand != "grandstream"
    assert "lexicon.grandstream" not in rule_ids(identity)


def test_the_newer_stack_version_names_nobody_either() -> None:
    identity = answer(SHARED_STACK_401.replace("V100R001", "V200R001"), port=554)
    assert identity.manufacturer != "grandstream"


def test_the_makers_own_texts_still_name_it() -> None:
    for text in ("Grandstream GXV3610_HD", "Grandstream Networks, Inc.", "GRANDSTREAM GDS3710", "Grandstream"):
        ids = {e.rule_id for e in match_fields({"banner": text})}
        assert "lexicon.grandstream" in ids, text
