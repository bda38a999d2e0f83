"""Real public replies that no exact rule was written from, and what the confidence of their identity means.

The replies are those of ``tests/data/heldout_public.jsonl`` (each label names its public source): FTP
banners of Axis devices quoted by Greenbone's detection script, and stream descriptions of real cameras
kept in two open-source RTSP projects' tests.
"""

from __future__ import annotations

import pytest

from camaudit.identify import identify
from camaudit.identify.resolve import confidence_of, resolve
from camaudit.model import Evidence, Observation


def obs(fields: dict[str, str], port: int, protocol: str) -> Observation:
    return Observation("192.0.2.1", port, "tcp", protocol, "import", "2026-01-01T00:00:00Z", fields)


# github:qweasader/gbn/gb_axis_devices_ftp_detect.nasl@95fd36bf6b83 (comments quoting real banners)
AXIS_FTP = [
    ("220 AXIS Q3517 Fixed Dome Network Camera 8.40.1.1 (2018) ready.", "Q3517", "camera"),
    ("220 AXIS M2036-LE Bullet Camera 10.12.114 (2022) ready.", "M2036-LE", "camera"),
    ("220 AXIS 243SA Video Server 4.45 (Dec 14 2007) ready.", "243SA", "video_encoder"),
    ("220 AXIS A8105-E Network Video Door Station 1.65.6 (2022) ready.", "A8105-E", "intercom"),
]


@pytest.mark.parametrize(("banner", "model", "device_type"), AXIS_FTP)
def test_axis_ftp_banners_name_maker_model_and_type_confidently(banner: str, model: str, device_type: str) -> None:
    identity = identify([obs({"ftp.banner": banner}, 21, "ftp")])
    assert identity.manufacturer == "axis"
    assert identity.model == model
    assert identity.device_type == device_type
    # The greeting's whole shape, the maker's name and a number in its model grammar agree.
    assert identity.confidence >= 0.9


# github:erlyvideo/erlyvideo-old/src/sdp_tests.erl@2ee7f92a3e12 (axis_p1311_test), SDP verbatim
AXIS_P1311_SDP = (
    "v=0\r\no=- 1269257289197834 1269257289197834 IN IP4 10.10.11.48\r\ns=Media Presentation\r\ne=NONE\r\n"
    "c=IN IP4 0.0.0.0\r\nb=AS:50032\r\nt=0 0\r\n"
    "a=control:rtsp://10.10.11.48:554/axis-media/media.amp?videocodec=h264\r\na=range:npt=0.000000-\r\n"
)


def test_axis_stream_description_is_not_taken_for_hikvision() -> None:
    identity = identify([obs({"rtsp.sdp": AXIS_P1311_SDP}, 554, "rtsp")])
    assert identity.manufacturer == "axis"
    assert not [c for c in identity.conflicts if c.attribute == "manufacturer"]


def test_media_presentation_session_alone_is_a_video_device_of_no_named_maker() -> None:
    identity = identify([obs({"rtsp.sdp": "v=0\r\ns=Media Presentation\r\ne=NONE\r\nt=0 0\r\n"}, 554, "rtsp")])
    assert identity.device_type is not None and identity.device_type.value == "video_device"
    assert identity.manufacturer is None


def ev(rule_id: str, field: str, matched: str, certainty: float, port: int = 80) -> Evidence:
    return Evidence(rule_id, field, matched, {"manufacturer": "hikvision"}, certainty, "https://example.org", port)


def test_single_weak_sign_stays_low() -> None:
    assert confidence_of([ev("lexicon.hikvision.1.prose", "http.body", "Hikvision", 0.36)]) <= 0.5


def test_same_text_matched_by_two_layers_counts_once() -> None:
    name = ev("lexicon.hikvision.1", "http.server", " HIKVISION ", 0.6)
    inside = ev("models.hikvision.prefixed", "http.server", "HIKVISION DS-2CD2143G2-I", 0.7)
    assert confidence_of([name, inside]) == 0.7


def test_name_and_model_number_in_one_reply_corroborate() -> None:
    name = ev("lexicon.hikvision.1", "upnp.server", "HIKVISION", 0.6, 1900)
    model = ev("models.hikvision.camera", "upnp.server", "DS-2CD2143G2-I", 0.7, 1900)
    one_reply = confidence_of([name, model])
    assert 0.7 < one_reply < 1 - (1 - 0.7) * (1 - 0.6)  # more than either, less than two witnesses


def test_name_model_and_stream_path_from_different_replies_reach_ninety_percent() -> None:
    name = ev("lexicon.hikvision.1", "http.www_authenticate", "HIKVISION", 0.6, 80)
    model = ev("models.hikvision.camera", "upnp.server", "DS-2CD2143G2-I", 0.7, 1900)
    path = ev("paths.hikvision.streaming", "rtsp.content_base", "/Streaming/Channels/101", 0.6, 554)
    assert confidence_of([name, model, path]) >= 0.9


# --- Signs that each need a second one (needs: video), from different replies --------------------------------------
# A bare RTSP answer (layers/device_words.yaml rtsp-answered, RFC 2326's CSeq) and a video maker's own device API
# answering on the HTTP port (rules/device_documents.yaml: the answer's shape names the API) each wait for a second
# sign; on two different replies each is the other's.
BARE_RTSP = {"rtsp.headers": "CSeq: 1\nServer: Foo"}


def test_a_bare_rtsp_answer_and_a_video_makers_api_on_another_port_are_that_makers_video_device() -> None:
    identity = identify([obs(BARE_RTSP, 554, "rtsp"), obs({"devinfo.answer": "hikvision-isapi"}, 80, "http")])
    assert identity.device_type == "video_device"
    assert identity.manufacturer == "hikvision"


def test_either_of_those_signs_alone_still_says_nothing() -> None:
    for alone in (obs(BARE_RTSP, 554, "rtsp"), obs({"devinfo.answer": "hikvision-isapi"}, 80, "http")):
        identity = identify([alone])
        assert identity.device_type is None
        assert identity.manufacturer is None


def test_a_multi_product_makers_mac_block_is_no_second_sign_for_a_bare_rtsp_answer() -> None:
    # Sony's block (00-1D-BA, netaddr's registry) is on its phones and TVs too: with a bare RTSP answer it stays
    # a device of unknown kind, no Sony claimed.
    identity = identify([obs(BARE_RTSP, 554, "rtsp"), obs({"mac": "00:1d:ba:12:34:56"}, None, "arp")])  # type: ignore[arg-type]
    assert identity.device_type is None
    assert identity.brand is None and identity.manufacturer is None


def test_two_signs_needing_video_in_one_reply_are_one_witness_and_type_nothing() -> None:
    api = Evidence(
        "hikvision.devinfo.answer.isapi",
        "devinfo.answer",
        "hikvision-isapi",
        {"manufacturer": "hikvision"},
        0.75,
        "test",
        80,
        "http",
        "video",
    )
    hint = Evidence(
        "words.rtsp-answered",
        "http.body",
        "CSeq: 1",
        {"device_type": "video_device"},
        0.35,
        "test",
        80,
        "http",
        "video",
    )
    identity = resolve([api, hint])
    assert identity.device_type is None
    assert identity.manufacturer is None


def test_signs_vouching_for_each_other_still_lose_to_sure_non_video_evidence() -> None:
    # A router's own fingerprint outweighs two weak signs: no maker of those signs is named on the router.
    router = Evidence("test.router", "http.server", "RouterOS", {"device_type": "router"}, 0.9, "test", 8080, "http")
    api = Evidence(
        "hikvision.devinfo.answer.isapi",
        "devinfo.answer",
        "hikvision-isapi",
        {"manufacturer": "hikvision"},
        0.75,
        "test",
        80,
        "http",
        "video",
    )
    hint = Evidence(
        "words.rtsp-answered",
        "rtsp.headers",
        "CSeq: 1",
        {"device_type": "video_device"},
        0.35,
        "test",
        554,
        "rtsp",
        "video",
    )
    identity = resolve([router, api, hint])
    assert identity.device_type == "router"
    assert identity.manufacturer is None and identity.brand is None
