"""A stream description read by the payload type a maker's firmware fixes (``layers/rtsp_shapes.yaml``).

Bosch's video firmware sends H.264 in RTP payload type 35, fixed (its configuration note "RTSP usage with Bosch VIP
Devices"), where every other stack numbers H.264 dynamically from 96. The Bosch description below is the one gortsplib
keeps as a test case for its issue 632 (the description verbatim; the status line and headers around it are written
in, not captured); the other stacks' descriptions are written from their usual layout.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.rtsp_answer import answer, rule_ids

from camaudit.identify import match_fields

RULE = "rtsp_shapes.bosch.h264-payload-35"

BOSCH_SDP = (
    "v=0\no=- 0 0 IN IP4 10.100.14.102\ns=LIVE VIEW\nc=IN IP4 0.0.0.0\nt=0 0\n"
    "a=control:rtsp://10.100.14.102:554/?inst=2&h26x=4\nm=video 0 RTP/AVP 35\na=rtpmap:35 H264/90000\n"
    "a=control:rtsp://10.100.14.102:554/?inst=2&h26x=4&stream=video\na=recvonly\n"
    "a=fmtp:35 packetization-mode=1;profile-level-id=4d4029;sprop-parameter-sets=Z01AKY2NYDwBE/LgLcBDQECA,aO44gA==\n"
)


def describe(sdp: str) -> str:
    return f"RTSP/1.0 200 OK\nCSeq: 3\nContent-Type: application/sdp\nContent-Length: {len(sdp)}\n\n{sdp}"


def test_a_bosch_description_names_bosch_and_a_video_device() -> None:
    identity = answer(describe(BOSCH_SDP))
    assert identity.manufacturer == "bosch", identity.attribution
    assert identity.device_type in ("video_device", "camera")
    assert RULE in rule_ids(identity)
    # a payload-type convention, not a firm fingerprint
    assert identity.confidence < 0.9


def test_the_same_description_with_a_dynamic_payload_type_is_not_read_by_its_payload() -> None:
    # The payload rule stays silent; the control URLs' Bosch parameter (paths.bosch.h26x-parameter, helper-265) still
    # names Bosch, and without it the description names nobody.
    sdp = BOSCH_SDP.replace("RTP/AVP 35", "RTP/AVP 96").replace(":35 ", ":96 ")
    identity = answer(describe(sdp))
    assert RULE not in rule_ids(identity)
    assert identity.manufacturer == "bosch" and "paths.bosch.h26x-parameter" in rule_ids(identity)
    plain = answer(describe(sdp.replace("&h26x=4", "")))
    assert plain.manufacturer is None
    assert RULE not in rule_ids(plain)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=127).filter(lambda pt: pt != 35))
def test_no_other_lone_video_payload_type_names_bosch(payload_type: int) -> None:
    sdp = f"v=0\ns=Stream\nm=video 0 RTP/AVP {payload_type}\na=rtpmap:{payload_type} H264/90000\n"
    evidence = match_fields({"rtsp.sdp": sdp}, port=554, protocol="rtsp")
    assert RULE not in {e.rule_id for e in evidence}


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=400))
def test_hostile_descriptions_never_raise(text: str) -> None:
    match_fields({"rtsp.sdp": text}, port=554, protocol="rtsp")
    match_fields({"rtsp.sdp": f"m=video 0 RTP/AVP 35\n{text}"}, port=554, protocol="rtsp")
