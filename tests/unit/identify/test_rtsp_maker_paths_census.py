"""RTSP answers whose stream address is one maker's own convention, found by the per-maker census (helper-265).

docs/identification/rtsp-sdp.md, "RTSP answers by maker: a census" holds the table of what each maker's RTSP answer
carries and which of those camaudit reads. Two conventions were missing with two public sources each:

* Axis's MPEG-4 stream of VAPIX 2 (firmware before 5), ``/mpeg4/media.amp`` (an Axis MediaPortal plugin's VAPIX class;
  a lecture-capture system's Axis page);
* Bosch's RTSP setup parameter ``h26x`` (the video encoding type), which Bosch's firmware takes on any path, the root
  included, and writes back in its descriptions' control URLs (Bosch's configuration note "RTSP usage with Bosch VIP
  Devices"; the Bosch description gortsplib keeps for its issue 632).

Each fixture is an answer whose addresses carry the convention and nothing else names anyone; the look-alikes are other
makers' and media servers' paths built the same way.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.rtsp_answer import answer, rule_ids

from camaudit.identify import match_fields

AXIS = "paths.axis.mpeg4-media-amp"
BOSCH = "paths.bosch.h26x-parameter"


def describe(content_base: str, control: str = "trackID=1", rtpmap: str = "96 H264/90000") -> str:
    """A DESCRIBE answer naming nobody: its addresses are the only sign."""
    payload = rtpmap.split(" ", 1)[0]
    sdp = (
        f"v=0\no=- 1700000000 1 IN IP4 192.0.2.30\ns=Stream\nt=0 0\na=control:*\n"
        f"m=video 0 RTP/AVP {payload}\na=rtpmap:{rtpmap}\na=control:{control}\n"
    )
    return (
        f"RTSP/1.0 200 OK\nCSeq: 3\nContent-Base: {content_base}\nContent-Type: application/sdp\n"
        f"Content-Length: {len(sdp)}\n\n{sdp}"
    )


def test_axis_mpeg4_stream_names_axis_and_a_hikvision_style_mpeg4_path_does_not() -> None:
    identity = answer(describe("rtsp://192.0.2.30/mpeg4/media.amp/"))
    assert identity.manufacturer == "axis", identity.attribution
    assert identity.is_video_device
    assert AXIS in rule_ids(identity)
    # a stream-path convention is general knowledge, never the firm band alone
    assert identity.confidence < 0.9
    # the same codec directory in another maker's scheme is not Axis's
    other = answer(describe("rtsp://192.0.2.31/mpeg4/ch1/main/av_stream/"))
    assert other.manufacturer != "axis" and AXIS not in rule_ids(other)


def test_bosch_parameters_on_the_root_path_name_bosch_without_its_payload_type() -> None:
    # An H.265 stream (dynamic payload type 96): the fixed H.264 payload 35 is not there to read, the control URLs are.
    base = "rtsp://192.0.2.32:554/?inst=1&h26x=5/"
    identity = answer(
        describe(base, control="rtsp://192.0.2.32:554/?inst=1&h26x=5&stream=video", rtpmap="96 H265/90000")
    )
    assert identity.manufacturer == "bosch", identity.attribution
    assert identity.is_video_device
    assert BOSCH in rule_ids(identity)
    assert "rtsp_shapes.bosch.h264-payload-35" not in rule_ids(identity)
    # the stream number alone is no maker's
    bare = answer(describe("rtsp://192.0.2.33:554/?inst=1/", control="rtsp://192.0.2.33:554/?inst=1&stream=video"))
    assert bare.manufacturer is None and BOSCH not in rule_ids(bare)


def test_media_servers_and_generic_paths_name_neither_maker() -> None:
    # Axis is named by its path and Bosch by its parameter; a restreamer's user-chosen name carries neither.
    assert answer(describe("rtsp://192.0.2.34/axis-media/media.amp/")).manufacturer == "axis"
    for base in (
        "rtsp://192.0.2.35:8554/mystream/",
        "rtsp://192.0.2.35:8554/live/test/",
        "rtsp://192.0.2.35/media.amp/",
        "rtsp://192.0.2.35/?h264=4/",
        "rtsp://192.0.2.35/cam/?codec_h26x=4/",
    ):
        identity = answer(describe(base))
        assert {AXIS, BOSCH}.isdisjoint(rule_ids(identity)), base
        assert identity.manufacturer is None, base
    assert BOSCH in rule_ids(answer(describe("rtsp://192.0.2.36/?h26x=4&line=1&inst=1/")))


@settings(max_examples=60, deadline=None)
@given(st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True).filter(lambda key: key != "h26x"), st.integers(0, 99))
def test_only_the_h26x_key_names_bosch(key: str, value: int) -> None:
    assert any(
        e.rule_id == BOSCH
        for e in match_fields({"rtsp.content_base": f"rtsp://192.0.2.37/?h26x={value}"}, port=554, protocol="rtsp")
    )
    evidence = match_fields({"rtsp.content_base": f"rtsp://192.0.2.37/?{key}={value}"}, port=554, protocol="rtsp")
    assert BOSCH not in {e.rule_id for e in evidence}


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_hostile_text_after_either_convention_never_raises_nor_hides_it(text: str) -> None:
    match_fields({"rtsp.content_base": text, "rtsp.sdp": f"a=control:{text}"}, port=554, protocol="rtsp")
    for value, rule in (
        (f"rtsp://192.0.2.38/mpeg4/media.amp?{text}", AXIS),
        (f"rtsp://192.0.2.38/?h26x=4&{text}", BOSCH),
    ):
        evidence = match_fields({"rtsp.content_base": value}, port=554, protocol="rtsp")
        assert rule in {e.rule_id for e in evidence}
