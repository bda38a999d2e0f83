"""How much a set of signs is worth: one reply is one witness, the same string twice is one sign, and only
a firm fingerprint or two replies reach the firm band (identify/resolve.py, docs/identification/resolution.md)."""

from __future__ import annotations

import sys

import pytest

from camaudit.identify.resolve import FIRM, ONE_REPLY_CAP, WEAK_CAP, confidence_of, reply_group, resolve
from camaudit.model import Evidence


def ev(rule_id: str, field: str, matched: str, certainty: float, port: int = 80, **asserts: str) -> Evidence:
    return Evidence(
        rule_id, field, matched, asserts or {"manufacturer": "dahua"}, certainty, "https://example.org", port
    )


def test_fields_of_one_http_answer_are_one_reply_and_the_favicon_and_certificate_are_others() -> None:
    assert {reply_group(f) for f in ("http.server", "http.www_authenticate", "http.title", "http.body")} == {"http"}
    assert reply_group("http.favicon.mmh3") == "http.favicon"
    assert reply_group("tls.issuer") == reply_group("tls.subject") == "tls"
    assert reply_group("rtsp.sdp") == reply_group("rtsp.server") == "rtsp"
    assert reply_group("import.product") == reply_group("import.cpe") == "import"


def test_server_realm_and_title_of_one_answer_do_not_add_up_like_three_witnesses() -> None:
    server = ev("lexicon.dahua.1", "http.server", "Dahua", 0.7)
    realm = ev("words.realm", "http.www_authenticate", "Login to 4K01FD2PAJ6E3FF", 0.7)
    title = ev("paths.dahua.web", "http.title", "WEB SERVICE", 0.7)
    one_answer = confidence_of([server, realm, title])
    three_replies = confidence_of(
        [
            server,
            ev("words.realm", "rtsp.www_authenticate", "Login to 4K01", 0.7, 554),
            ev("paths.dahua.web", "tls.issuer", "Dahua Device CA", 0.7, 443),
        ]
    )
    assert one_answer < three_replies
    assert one_answer <= ONE_REPLY_CAP < FIRM <= three_replies


def test_one_reply_reaches_the_firm_band_only_through_an_exact_fingerprint_firm_on_its_own() -> None:
    layer = ev("words.network-camera", "ftp.banner", "Network Camera", 0.8, 21)
    model = ev("models.axis.prefixed", "ftp.banner", "AXIS Q3517", 0.85, 21)
    two_witnesses = 1 - 0.15 * (1 - 0.8 * 0.8)  # what the two signs would make if they were independent
    assert two_witnesses > FIRM
    assert confidence_of([layer, model]) == ONE_REPLY_CAP
    exact = ev("axis.ftp.banner.network-camera", "ftp.banner", "AXIS Q3517 Fixed Dome Network Camera", 0.9, 21)
    assert confidence_of([exact, layer, model]) >= FIRM


def test_the_same_realm_served_on_two_ports_counts_once() -> None:
    rtsp = ev("dahua.rtsp.realm", "rtsp.www_authenticate", "Login to AMC0007RVY5EQ6DV29", 0.7, 554)
    http = ev("dahua.http.realm", "http.www_authenticate", "Login to AMC0007RVY5EQ6DV29", 0.7, 80)
    assert confidence_of([rtsp, http]) == confidence_of([rtsp]) == 0.7
    other = ev("dahua.http.realm", "http.www_authenticate", "Login to 4K01FD2PAJ6E3FF", 0.7, 80)
    assert confidence_of([rtsp, other]) == pytest.approx(1 - 0.3 * 0.3)


def test_weak_signs_never_leave_the_weak_band_however_many_replies_carry_them() -> None:
    hints = [
        ev("words.rtsp-answered", "rtsp.headers", "CSeq: 2", 0.35, port, device_type="video_device")
        for port in (554, 8554, 10554)
    ]
    assert confidence_of(hints) == WEAK_CAP


def _lone_rtsp_answer() -> list[Evidence]:
    return [
        ev("words.rtsp-answered", "rtsp.headers", "CSeq: 2", 0.35, 554, device_type="video_device"),
        ev(
            "words.rtsp-viewing-methods",
            "rtsp.public",
            "OPTIONS, DESCRIBE, SETUP",
            0.45,
            554,
            device_type="video_device",
        ),
    ]


def test_a_lone_rtsp_answer_is_a_video_hint_below_the_weak_cap() -> None:
    identity = resolve(_lone_rtsp_answer())
    assert identity.device_type is not None and identity.device_type.value == "video_device"
    assert identity.confidence <= WEAK_CAP and identity.manufacturer is None


def test_with_lone_hints_switched_off_one_weak_sign_types_nothing_but_two_kinds_still_do(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    module = sys.modules["camaudit.identify.resolve"]
    monkeypatch.setattr(module, "LONE_HINT_TYPES_VIDEO", False)
    lone = resolve(_lone_rtsp_answer())
    assert lone.device_type is not None and lone.device_type.value == "not_camera"
    path = ev(
        "paths.generic.stream", "rtsp.content_base", "/Streaming/Channels/101", 0.4, 554, device_type="video_device"
    )
    agreed = resolve([*_lone_rtsp_answer(), path])
    assert agreed.device_type is not None and agreed.device_type.value == "video_device"
    assert agreed.confidence <= WEAK_CAP


def test_a_makers_name_in_two_replies_stays_two_signs() -> None:
    title = ev("lexicon.hikvision.1", "http.title", "Hikvision", 0.6, 80)
    issuer = ev("lexicon.hikvision.1", "tls.issuer", "Hikvision", 0.6, 443)
    assert confidence_of([title, issuer]) == pytest.approx(1 - 0.4 * 0.4)


def _bare_answer(port: int = 554) -> Evidence:
    # words.rtsp-answered as layers/device_words.yaml writes it: a video hint that needs a second sign.
    return Evidence(
        "words.rtsp-answered",
        "rtsp.headers",
        "CSeq: 2",
        {"device_type": "video_device"},
        0.35,
        "rfc2326",
        port,
        needs="video",
    )


def test_a_bare_rtsp_answer_alone_leaves_the_type_unknown_and_claims_nothing() -> None:
    identity = resolve([_bare_answer()])
    assert identity.device_type is None
    assert identity.confidence == 0.0 and identity.manufacturer is None
    assert "device type unknown: words.rtsp-answered needs a second sign" in identity.attribution


def test_a_bare_rtsp_answer_beside_a_sign_from_another_reply_is_a_video_device() -> None:
    page = ev("words.camera-word.server", "http.server", "Camera", 0.5, 80, device_type="camera")
    identity = resolve([_bare_answer(), page])
    assert identity.device_type is not None and identity.device_type.value == "camera"


def test_a_bare_rtsp_answer_beside_sure_non_video_evidence_is_that_non_video_type() -> None:
    relay = ev("words.not-camera.media-server", "rtsp.server", "Wowza", 0.7, 554, device_type="not_camera")
    identity = resolve([_bare_answer(), relay])
    assert identity.device_type is not None and identity.device_type.value == "not_camera"
    assert identity.confidence == 0.7


def _vapix_answer() -> Evidence:
    # A maker's API answer marked needs: video, as dahua.devinfo.answer.rpc2 was written until 2026-12-05 (it now names
    # Dahua by itself and leaves the type to the catalogue): the resolver's handling of such evidence is what is held.
    return Evidence(
        "dahua.devinfo.answer.rpc2",
        "devinfo.answer",
        "dahua-rpc2",
        {"manufacturer": "dahua"},
        0.7,
        "https://example.org",
        80,
        needs="video",
    )


def test_a_video_makers_api_answering_alone_leaves_the_type_unknown_not_a_non_camera() -> None:
    identity = resolve([_vapix_answer()])
    assert identity.device_type is None and identity.confidence == 0.0
    assert identity.manufacturer is None
    assert any("dahua.devinfo.answer.rpc2 is a video maker's API" in a for a in identity.attribution)


def test_a_video_makers_api_beside_video_evidence_names_the_maker() -> None:
    page = ev("words.camera-word.server", "http.server", "Camera", 0.5, 80, device_type="camera")
    identity = resolve([_vapix_answer(), page])
    assert identity.device_type is not None and identity.device_type.value == "camera"
    assert identity.manufacturer == "dahua"


def test_a_model_grammar_needing_video_alone_still_says_not_a_camera() -> None:
    # Only a maker's own device API keeps the kind open; a model number in a page title (a label printer sharing
    # a camera maker's prefix) is not evidence that the device is anything but what it answered as.
    title = Evidence(
        "models.tvt.camera",
        "http.title",
        "TD-4420DN",
        {"manufacturer": "tvt"},
        0.6,
        "https://example.org",
        80,
        needs="video",
    )
    identity = resolve([title])
    assert identity.device_type is not None and identity.device_type.value == "not_camera"


def test_a_relabellers_mac_block_alone_leaves_the_type_unknown_and_names_no_brand() -> None:
    # A MAC block registered to a brand that builds nothing itself (identify/oui.beside_video_if_relabelled) says
    # who registered the network card: not that the device is a camera, nor that it is not one.
    block = Evidence(
        "mac.oui.kbvision", "mac.oui", "KBVISION GROUP", {"brand": "kbvision"}, 0.6, "ieee", None, needs="video"
    )
    identity = resolve([block])
    assert identity.device_type is None and identity.brand is None and identity.manufacturer is None


def test_a_device_document_and_the_page_text_of_the_same_body_are_one_witness() -> None:
    # importers/self_description copies a self-describing answer's values into devinfo.*, and the same body is
    # also read as page text: one answer, so one witness, not the 0.98 two witnesses would reach.
    model = ev("models.sony.snc", "devinfo.model", "SNC-DF40", 0.7, 80, manufacturer="sony")
    body = ev("lexicon.sony.body", "http.body", "SONY Network Camera", 0.7, 80, manufacturer="sony")
    assert reply_group("devinfo.model") == reply_group("devinfo.description") == reply_group("http.body")
    assert confidence_of([model, body]) < 1 - 0.3 * 0.3


def test_a_printed_onvif_device_information_answer_is_one_witness_not_two() -> None:
    # importers/self_description fills onvif.device_info.* from a printed GetDeviceInformation answer and says so in
    # devinfo.answer: one answer of one device service. Two witnesses would reach 1 - 0.25 * 0.4 = 0.9, the firm band.
    answer = ev("onvif.devinfo.answer.device-information", "devinfo.answer", "onvif-device-information", 0.6,
                device_type="video_device")
    maker = ev("onvif.device-info.manufacturer", "onvif.device_info.manufacturer", "Acme", 0.75,
               device_type="video_device")
    assert confidence_of([answer, maker]) == 0.75
    assert resolve([answer, maker]).device_type == "video_device"
    # Another device API's answer (the value names it) stays a reply of its own beside ONVIF's fields.
    other = ev("foscam.devinfo.answer", "devinfo.answer", "foscam-cgi", 0.6, device_type="video_device")
    assert confidence_of([other, maker]) == 0.9


def test_a_namespace_seen_in_the_envelopes_table_and_in_the_onvif_namespace_list_counts_once() -> None:
    """The makers' namespaces an ONVIF answer declares (``onvif.namespaces``) are its envelope's table
    (``soap.declarations``) read again: one topic namespace matched in both fields of one answer is one sign of one
    reply, 0.75 -- as two witnesses it made 1 - 0.25 * 0.25 = 0.9375, one reply in the firm band. The list of an
    answer on another port is another reply."""
    topics = "http://www.hikvision.com/2011/event/topics"
    table = ev("soap.hikvision-event-topics", "soap.declarations", f"tnshik={topics}", 0.75, manufacturer="hikvision")
    listed = ev("hikvision.onvif.namespaces.topics", "onvif.namespaces", topics, 0.75, manufacturer="hikvision")
    assert reply_group("onvif.namespaces") == reply_group("soap.declarations") == "http"
    assert confidence_of([table, listed]) == 0.75
    elsewhere = ev("hikvision.onvif.namespaces.topics", "onvif.namespaces", topics, 0.75, 8000, manufacturer="hikvision")
    assert confidence_of([table, elsewhere]) == pytest.approx(1 - 0.25 * 0.25)
