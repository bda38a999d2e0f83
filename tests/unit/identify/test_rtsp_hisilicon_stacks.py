"""HiSilicon-era camera and recorder RTSP stacks read by what their code writes (rules/rtsp.yaml, layers/sdp.yaml).

Two constants of that code family, each a video device and never a maker:

* 'Server: Rtsp Server <width>*<height>*<fps>*<kbit/s>': a Hi3535 recorder's own server writes it on DESCRIBE and 401
  answers and its client reads its cameras' parameters back from it (github:feifei1987720/3535@5f5257d95f21,
  rtspSLib/rtspSLib.c and rtspCLib/rtspFunc.c). The DESCRIBE head below is the one EasyDarwin's issue 130 logged for a
  camera on port 80 (tests/data/devretired_batch9.jsonl line 3); before the rule it was of unknown type.
* 'o=StreamingServer 3331435948 1116907222000': the fixed origin of the RTSP server HiSilicon's encoder sample grew
  (github:Necromix/yi-vencrtsp/src/vencrtsp/sample_venc.c@776347da8178, DescribeAnswer), which Darwin Streaming Server
  only imitates. The description below is built from that DescribeAnswer; served on port 8554, where the bare RTSP
  hints alone type nothing firm, it was a weak 0.35 video guess before the entry.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.rtsp_answer import answer, rule_ids

from camaudit.identify import match_fields
from camaudit.model import is_video_device

HEADER_RULE = "generic.rtsp.server.encoder-parameters"
ORIGIN_RULE = "sdp.camera-stack.hisilicon-demo-origin"

DESCRIBE_HEAD = (
    "RTSP/1.0 200 OK\nCseq: 2\nServer: Rtsp Server 1920*1080*30*4096\nContent-Type: application/sdp\n"
    "Content-length: 384\nContent-Base: rtsp://192.168.31.92/0\n\n"
)
SAMPLE_DESCRIBE = (
    "RTSP/1.0 200 OK\nCSeq: 3\nDate: Mon, Jan 01 2024 00:00:00 GMT\nContent-Type: application/sdp\n"
    "Content-length: 200\nContent-Base: rtsp://192.0.2.5/0/\n\n"
    "v=0\no=StreamingServer 3331435948 1116907222000 IN IP4 192.0.2.5\ns=H.264\nc=IN IP4 0.0.0.0\nt=0 0\n"
    "a=control:*\nm=video 0 RTP/AVP 96\na=control:trackID=0\na=rtpmap:96 H264/90000\n"
)


def test_the_encoder_header_types_a_video_device_and_names_nobody() -> None:
    identity = answer(DESCRIBE_HEAD, port=80)
    assert is_video_device(identity.device_type)
    assert identity.manufacturer is None and identity.brand is None
    assert HEADER_RULE in rule_ids(identity)


def test_the_same_stack_without_its_numbers_stays_unknown() -> None:
    """The recorder's own error head writes 'Rtsp Server ' with nothing after it: no encoder, no claim."""
    identity = answer(DESCRIBE_HEAD.replace("Rtsp Server 1920*1080*30*4096", "Rtsp Server "), port=80)
    assert HEADER_RULE not in rule_ids(identity)
    assert identity.device_type is None


def test_a_relay_that_names_itself_beside_the_numbers_is_not_read() -> None:
    identity = answer(DESCRIBE_HEAD.replace("1920*1080*30*4096", "1920*1080*30*4096 relay"), port=80)
    assert HEADER_RULE not in rule_ids(identity)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 9999),
    st.integers(0, 9999),
    st.integers(0, 999),
    st.integers(0, 999999),
    st.sampled_from([" ", "  "]),
)
def test_any_encoder_parameters_type_a_video_device(width: int, height: int, fps: int, kbps: int, gap: str) -> None:
    server = f"Rtsp Server{gap}{width}*{height}*{fps}*{kbps}"
    hits = [e for e in match_fields({"rtsp.server": server}) if e.rule_id == HEADER_RULE]
    assert [h.asserts for h in hits] == [{"device_type": "video_device"}]


def test_the_sample_servers_fixed_origin_types_a_video_device_firmly_and_names_nobody() -> None:
    identity = answer(SAMPLE_DESCRIBE, port=8554)
    assert ORIGIN_RULE in rule_ids(identity)
    assert is_video_device(identity.device_type)
    assert identity.confidence >= 0.5
    assert identity.manufacturer is None and identity.brand is None


def test_darwin_streaming_servers_own_origin_is_not_the_sample_servers() -> None:
    dss = SAMPLE_DESCRIBE.replace("3331435948 1116907222000", "3433055887 1206062138000")
    identity = answer(dss, port=8554)
    assert ORIGIN_RULE not in rule_ids(identity)
    assert identity.confidence < 0.5


def test_a_relay_that_names_itself_still_wins_over_the_copied_origin() -> None:
    """gortsplib relays a camera's description as it is: its own constant header outweighs the camera's lines."""
    relayed = SAMPLE_DESCRIBE.replace("CSeq: 3\n", "CSeq: 3\nServer: gortsplib\n")
    identity = answer(relayed, port=8554)
    assert not is_video_device(identity.device_type)


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40))
def test_hostile_text_around_either_constant_never_raises_or_names_a_maker(before: str, after: str) -> None:
    fields = {
        "rtsp.server": f"{before}Rtsp Server 1920*1080*30*4096{after}",
        "rtsp.sdp": f"v=0\n{before}o=StreamingServer 3331435948 1116907222000 IN IP4 {after}\n",
    }
    for e in match_fields(fields):
        if e.rule_id in (HEADER_RULE, ORIGIN_RULE):
            assert e.asserts == {"device_type": "video_device"}
