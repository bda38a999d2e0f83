"""What an RTSP answer says when no rule quotes its strings: the bare reply, its method list, its SDP."""

from __future__ import annotations

from pathlib import Path

import pytest

from camaudit.identify import identify, load_ruleset
from camaudit.identify.rules import RuleError
from camaudit.model import Observation

# A Dahua camera's DESCRIBE answer on /cam/realmonitor, as quoted in bluenviron/gortsplib issue 479 (cut
# after the metadata track).
DAHUA_SDP = (
    "v=0\no=- 2273421142 2273421142 IN IP4 0.0.0.0\ns=Media Server\nc=IN IP4 0.0.0.0\nt=0 0\na=control:*\n"
    "a=packetization-supported:DH\na=rtppayload-supported:DH\na=range:npt=now-\n"
    "a=x-packetization-supported:IV\na=x-rtppayload-supported:IV\nm=video 0 RTP/AVP 96\na=control:trackID=0\n"
    "a=framerate:15.000000\na=rtpmap:96 H264/90000\na=recvonly\nm=audio 0 RTP/AVP 8\na=control:trackID=1\n"
    "a=rtpmap:8 PCMA/8000\na=recvonly\nm=application 0 RTP/AVP 107\na=control:trackID=4\n"
    "a=rtpmap:107 vnd.onvif.metadata/90000\na=recvonly\n"
)
# A HIK Media Server's DESCRIBE answer, Streamedian/html5_rtsp_player issue 130 (the audio track omitted).
HIK_SDP = (
    "v=0\no=- 1109162014219182 0 IN IP4 0.0.0.0\ns=HIK Media Server V3.4.98\n"
    "i=HIK Media Server Session Description : standard\ne=NONE\nc=IN IP4 0.0.0.0\nt=0 0\na=control:*\n"
    "b=AS:4106\nm=video 0 RTP/AVP 96\ni=Video Media\na=rtpmap:96 H264/90000\na=control:trackID=video\n"
    "a=Media_header:MEDIAINFO=494D4B48020100000400000121720110803E0000803E000000000000000000000000000000000000;\n"
    "a=appversion:1.0\n"
)


def rtsp(fields: dict[str, str]) -> Observation:
    return Observation("192.0.2.1", 554, "tcp", "rtsp", "import", "2026-01-01T00:00:00Z", fields)


def test_a_bare_rtsp_answer_alone_is_of_unknown_kind_and_claims_nothing() -> None:
    # Media servers, SAT>IP tuners, IPTV head-ends and radio scanners answer RTSP too: the answer alone is
    # neither a camera claim nor evidence against one (docs/identification/rtsp-sdp.md, "The decision for a bare answer").
    identity = identify([rtsp({"rtsp.status": "200", "rtsp.headers": "CSeq: 1"})])
    assert identity.device_type is None
    assert identity.manufacturer is None and identity.brand is None
    assert identity.confidence == 0.0
    assert [e.rule_id for e in identity.evidence] == ["words.rtsp-answered"]
    assert "device type unknown: words.rtsp-answered needs a second sign" in identity.attribution


def test_a_bare_rtsp_answer_with_a_second_sign_is_a_video_device() -> None:
    # The keep-alive method list cameras offer is a second sign of another rule: video, still below the weak cap.
    headers = "CSeq: 1\nPublic: OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY, GET_PARAMETER"
    public = "OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY, GET_PARAMETER"
    identity = identify([rtsp({"rtsp.status": "200", "rtsp.headers": headers, "rtsp.public": public})])
    assert identity.device_type == "video_device"
    assert identity.manufacturer is None and identity.brand is None
    assert identity.confidence <= 0.5


def test_a_describe_that_offers_a_video_stream_types_a_device_on_its_own() -> None:
    # A camera that answers DESCRIBE without a login and names no maker (replayed cameras in bench/replay.py
    # answer only this): the video stream on offer types the device; an audio-only description does not.
    sdp = "v=0\no=- 1 1 IN IP4 127.0.0.1\ns=Session streamed\nt=0 0\nm=video 0 RTP/AVP 96\na=control:track1"
    identity = identify([rtsp({"rtsp.status": "200", "rtsp.headers": "CSeq: 2", "rtsp.sdp": sdp})])
    assert identity.device_type == "video_device"
    assert identity.manufacturer is None and identity.brand is None
    assert identity.confidence <= 0.5
    radio = "v=0\no=- 1 1 IN IP4 127.0.0.1\ns=Scanner\nt=0 0\nm=audio 0 RTP/AVP 0\na=control:track1"
    identity = identify([rtsp({"rtsp.status": "200", "rtsp.headers": "CSeq: 2", "rtsp.sdp": radio})])
    assert identity.device_type == "not_camera"


def test_an_http_server_answering_on_the_rtsp_port_is_not_a_video_hint() -> None:
    # The RTSP probe records any status line; only an RTSP reply echoes the request's CSeq.
    identity = identify([rtsp({"rtsp.status": "400", "rtsp.headers": "Content-Type: text/html\nConnection: close"})])
    assert identity.device_type == "not_camera"


def test_a_relay_that_takes_published_streams_is_not_a_camera() -> None:
    # EasyDarwin's answer (github:Eson-Jia/EasyDarwin/Capture.md): RECORD, no keep-alive methods.
    identity = identify(
        [
            rtsp(
                {
                    "rtsp.status": "200",
                    "rtsp.headers": "CSeq: 1\nPublic: DESCRIBE, SETUP, TEARDOWN, PLAY, PAUSE, OPTIONS, ANNOUNCE, RECORD",
                    "rtsp.public": "DESCRIBE, SETUP, TEARDOWN, PLAY, PAUSE, OPTIONS, ANNOUNCE, RECORD",
                }
            )
        ]
    )
    assert identity.device_type == "not_camera"


def test_a_named_media_server_outweighs_the_bare_answer() -> None:
    identity = identify(
        [
            rtsp(
                {
                    "rtsp.status": "200",
                    "rtsp.headers": "CSeq: 1\nServer: Wowza",
                    "rtsp.server": "Wowza Streaming Engine 4.8.5",
                }
            )
        ]
    )
    assert identity.device_type == "not_camera"


def test_dahua_packetisation_in_the_sdp_names_dahua() -> None:
    identity = identify([rtsp({"rtsp.status": "200", "rtsp.headers": "CSeq: 3", "rtsp.sdp": DAHUA_SDP})])
    assert identity.is_video_device
    assert identity.manufacturer == "dahua"
    assert any(e.rule_id == "sdp.onvif-metadata-track" for e in identity.evidence)


def test_hikvision_stream_header_and_session_name_name_hikvision() -> None:
    identity = identify([rtsp({"rtsp.status": "200", "rtsp.headers": "CSeq: 3", "rtsp.sdp": HIK_SDP})])
    assert identity.is_video_device
    assert identity.manufacturer == "hikvision"
    rules = {e.rule_id for e in identity.evidence}
    assert {"sdp.hikvision.media-header", "sdp.hikvision.hik-media-server"} <= rules


def test_a_session_named_media_presentation_alone_names_nobody() -> None:
    # FFmpeg-fed relays name sessions "Media Presentation" too; Hikvision's stack adds "e=NONE".
    sdp = "v=0\no=- 0 0 IN IP4 127.0.0.1\ns=Media Presentation\nc=IN IP4 192.0.2.22\nt=0 0\na=tool:libavformat 57.73.100\n"
    identity = identify([rtsp({"rtsp.status": "200", "rtsp.headers": "CSeq: 2", "rtsp.sdp": sdp})])
    assert identity.manufacturer is None


RULE_WITH_SUPPORT = """
rules:
  - id: acme.http.server.x
    field: http.server
    pattern: '^Acme-Webs$'
    asserts: {device_type: camera}
    certainty: 0.8
    source: "https://example.org/a (Acme-Webs)"
    checked: 2026-12-01
    examples: ['Acme-Webs']
    supports:
      - source: "%s"
        shows: '%s'
"""


def test_a_rule_keeps_the_independent_sources_it_lists(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(RULE_WITH_SUPPORT % ("https://example.net/b (seen there)", "Acme-Webs"), encoding="utf-8")
    (rule,) = load_ruleset([path]).rules
    assert rule.supports == (("https://example.net/b (seen there)", "Acme-Webs"),)


@pytest.mark.parametrize(
    ("locator", "shows", "problem"),
    [
        ("https://example.net/b", "Other-Webs", "does not match the pattern"),
        ("a forum post", "Acme-Webs", "public locator"),
    ],
)
def test_a_supporting_source_must_be_public_and_show_what_the_rule_matches(
    tmp_path: Path, locator: str, shows: str, problem: str
) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(RULE_WITH_SUPPORT % (locator, shows), encoding="utf-8")
    with pytest.raises(RuleError, match=problem):
        load_ruleset([path])
