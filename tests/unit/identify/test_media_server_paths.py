"""A media server's stream naming types its RTSP answer not a camera (layers/rtsp_shapes.yaml,
``not-camera.media-server-application-stream``).

Wowza Streaming Engine (and the Flash Media Server layout nginx-rtmp and Red5 accept) names each stream
``<application>/<instance>/<type>:<name>``, the instance "_definst_" by default. An answer that kept that path but
lost the ``Server`` header (a proxy in front, a collector that kept the head) was typed a video device by the
generic hints every RTSP server gives. The answers below are built around the playback URLs of Wowza's own
documentation (https://www.wowza.com/docs/about-playing-wowza-streaming-engine-streams); none is a capture.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify, match_fields, ruleset
from camaudit.importers.sniff import sniff
from camaudit.model import Identity, Observation, is_video_device

RULE = "rtsp_shapes.not-camera.media-server-application-stream"


def answer(text: str, port: int = 554) -> Identity:
    fields: dict[str, str] = {}
    assert sniff(text.replace("\n", "\r\n"), fields, port=port) == "rtsp"
    return identify([Observation("192.0.2.1", port, "tcp", "rtsp", "import", "2026-01-01T00:00:00Z", fields)])


def describe(content_base: str) -> str:
    sdp = "v=0\no=- 1 1 IN IP4 192.0.2.20\ns=Stream\nt=0 0\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\na=control:trackID=1\n"
    return (
        f"RTSP/1.0 200 OK\nCSeq: 2\nContent-Base: {content_base}\nContent-Type: application/sdp\n"
        f"Content-Length: {len(sdp)}\n\n{sdp}"
    )


def test_a_wowza_stream_without_its_server_header_is_not_typed_a_camera() -> None:
    for base in (
        "rtsp://192.0.2.20:554/vod/mp4:sample.mp4/",
        "rtsp://192.0.2.20:554/live/_definst_/myStream/",
    ):
        identity = answer(describe(base))
        assert RULE in {e.rule_id for e in identity.evidence}
        assert not is_video_device(identity.device_type), (base, identity.device_type)
        assert identity.manufacturer is None and identity.brand is None


def test_a_cameras_own_stream_path_still_names_it() -> None:
    identity = answer(describe("rtsp://192.0.2.10:554/Streaming/Channels/101/"))
    assert RULE not in {e.rule_id for e in identity.evidence}
    assert is_video_device(identity.device_type)
    assert identity.manufacturer == "hikvision"


def test_a_generic_camera_path_keeps_its_video_type() -> None:
    identity = answer(describe("rtsp://192.0.2.10:554/stream1/"))
    assert is_video_device(identity.device_type)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("rtsp:/_definst_mp4.abc?;, \r\n"), max_size=600))
def test_hostile_content_bases_never_raise(junk: str) -> None:
    assert any(r.id == RULE for r in ruleset().rules)
    found = match_fields({"rtsp.headers": "Content-Base: rtsp://" + junk}, port=554, protocol="rtsp")
    if any(e.rule_id == RULE for e in found):
        assert "_definst_" in junk or ":" in junk
