"""One reply's two readings of one fact count once (identify/restatements.py).

An RTSP DESCRIBE answer on port 554 whose description was kept is read twice: its head by
``rtsp_shapes.camera-stack.bare-description-answer`` (written for collectors that keep only the head) and its
description by ``words.rtsp-described-video``. Before this, the two agreeing weak hints corroborated each other and a
described stream's weak type rose from 0.35 to 0.5 on port 554 alone (helper-222's measurement: five development
cameras). The head form only restates what the kept description says, so it adds nothing there; where the description
was not kept, it still counts.

Bytes: LIVE555's DESCRIBE answer as RTSPServer.cpp writes it (github:rgaufman/live555), with a one-track H.264
description in RFC 4566's layout.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.rtsp_answer import answer, rule_ids

from camaudit.identify import ruleset
from camaudit.identify.resolve import resolve
from camaudit.identify.restatements import RESTATED_BY, restatements
from camaudit.model import Evidence, is_video_device

HEAD_RULE = "rtsp_shapes.camera-stack.bare-description-answer"
DESCRIBED = "words.rtsp-described-video"


def describe_answer(sdp: str | None) -> str:
    """LIVE555's DESCRIBE answer, its description kept (``sdp``) or left out by the collector (``None``)."""
    body = sdp or ""
    length = len(body.replace("\n", "\r\n")) if sdp is not None else 512
    return (
        "RTSP/1.0 200 OK\nCSeq: 2\nDate: Wed, Apr 06 2016 07:05:30 GMT\nContent-Base: rtsp://192.0.2.10/live/\n"
        f"Content-Type: application/sdp\nContent-Length: {length}\n\n{body}"
    )


def video_sdp(codec: str = "H264", payload: int = 96) -> str:
    return (
        "v=0\no=- 0 0 IN IP4 192.0.2.10\ns=Session streamed by the camera\nt=0 0\n"
        f"m=video 0 RTP/AVP {payload}\na=rtpmap:{payload} {codec}/90000\na=control:track1\n"
    )


def test_a_kept_video_description_counts_once_on_port_554() -> None:
    on_554 = answer(describe_answer(video_sdp()), port=554)
    elsewhere = answer(describe_answer(video_sdp()), port=8554)
    # The head form fired (it is shown) but the described stream is as sure as it is on any other port.
    assert {HEAD_RULE, DESCRIBED} <= rule_ids(on_554)
    assert HEAD_RULE not in rule_ids(elsewhere)
    assert on_554.device_type == elsewhere.device_type == "video_device"
    assert on_554.confidence == elsewhere.confidence == 0.35, (on_554.confidence, on_554.attribution)
    assert any(HEAD_RULE in note and "restates" in note for note in on_554.attribution), on_554.attribution


def test_the_head_alone_still_counts_where_the_description_was_not_kept() -> None:
    identity = answer(describe_answer(None), port=554)
    assert HEAD_RULE in rule_ids(identity) and DESCRIBED not in rule_ids(identity)
    assert identity.device_type == "video_device" and identity.confidence == 0.4, identity.attribution
    assert not any("restates" in note for note in identity.attribution)


def test_a_kept_audio_only_description_still_says_not_a_camera() -> None:
    sdp = "v=0\no=- 0 0 IN IP4 192.0.2.10\ns=Radio\nt=0 0\nm=audio 0 RTP/AVP 14\na=control:track1\n"
    identity = answer(describe_answer(sdp), port=554)
    assert identity.device_type == "not_camera", identity.attribution
    assert HEAD_RULE in rule_ids(identity)


def _ev(rule_id: str, field: str, port: int, certainty: float) -> Evidence:
    return Evidence(rule_id, field, "m", {"device_type": "video_device"}, certainty, "https://example.org", port)


def test_only_a_reading_of_the_same_reply_makes_the_head_a_restatement() -> None:
    head = _ev(HEAD_RULE, "rtsp.headers", 554, 0.4)
    same_reply = _ev(DESCRIBED, "rtsp.sdp", 554, 0.35)
    other_port = _ev(DESCRIBED, "rtsp.sdp", 8554, 0.35)
    assert restatements((head, same_reply)) == (head,)
    assert restatements((head, other_port)) == ()
    assert restatements((head,)) == ()
    assert restatements((same_reply, other_port)) == ()
    # Two replies (two ports) stay two witnesses; one reply's two readings are one.
    assert resolve((head, other_port)).confidence > resolve((head, same_reply)).confidence == 0.35


def test_the_restating_forms_are_rules_that_only_type() -> None:
    by_id = {rule.id: rule for rule in ruleset().rules}
    for rule_id in RESTATED_BY:
        assert rule_id in by_id, rule_id
        assert dict(by_id[rule_id].asserts) == {"device_type": "video_device"}, rule_id


@settings(max_examples=40, deadline=None)
@given(codec=st.sampled_from(["H264", "H265", "JPEG", "MP4V-ES"]), payload=st.integers(min_value=96, max_value=127))
def test_any_kept_video_description_is_as_sure_on_554_as_elsewhere(codec: str, payload: int) -> None:
    sdp = video_sdp(codec, payload)
    on_554, elsewhere = answer(describe_answer(sdp), port=554), answer(describe_answer(sdp), port=8554)
    assert is_video_device(on_554.device_type)
    assert on_554.confidence == elsewhere.confidence, (codec, payload, on_554.attribution)
