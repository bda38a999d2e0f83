"""A client's SOAP request kept as an HTTP body is no device evidence, cut or whole; the device's answers still are.

An importer that keeps a POST with its body, or stores what a client sent as the answer's body, hands identify an
``http.body`` that is the client's request: its ONVIF namespaces made words.onvif-soap-answer type the device it was
sent to a video device (0.6). identify now leaves such a body unread (protocols/soap_envelope.py ``from_client``),
and a request quoted after its ``POST`` head is the client's even when it was cut before its body.

The requests are the real public ones of tests/unit/importers/test_soap_requests.py (sources there); the answers are
agsh/onvif's recorded device answers and TP-Link VIGI C340-W's fault that echoes the Probe's action in its header
(github:andreikop/python-ws-discovery issue 56). The HTTP heads are invented, as a thread quotes a POST it captured,
except ANYKA_REQUEST and ANYKA_ANSWER: an Anyka AK3918 ONVIF daemon's documentation of a client's POST (request line,
SOAPAction header, a WS-Security header) and of its answer
(github:kkrzysztofik/Anyka_ak3918_hacking_journey/docs/http-flow.md@6f30ed7e2851).
"""

from __future__ import annotations

from collections.abc import Mapping

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import shared_file
from tests.unit.importers.test_soap_requests import (
    ALL_REQUESTS,
    PENCLUB_DEVICE_INFORMATION,
    PENCLUB_PROBE,
    VIGI_FAULT,
    post,
)

from camaudit.identify import identify
from camaudit.importers import api_answers, sniff
from camaudit.model import Identity, Observation, is_video_device
from camaudit.protocols import soap_envelope

RULE = "words.onvif-soap-answer"
ANYKA_REQUEST = (
    "POST /onvif/device_service HTTP/1.1\n"
    "Host: 192.168.1.100:8080\n"
    "Content-Type: application/soap+xml; charset=utf-8\n"
    "Content-Length: 1234\n"
    'SOAPAction: "http://www.onvif.org/ver10/device/wsdl/GetDeviceInformation"\n'
    "\n"
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope">\n'
    "  <soap:Header>\n"
    '    <wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">\n'
    "      <!-- Authentication credentials -->\n"
    "    </wsse:Security>\n"
    "  </soap:Header>\n"
    "  <soap:Body>\n"
    '    <tds:GetDeviceInformation xmlns:tds="http://www.onvif.org/ver10/device/wsdl"/>\n'
    "  </soap:Body>\n"
    "</soap:Envelope>"
)
ANYKA_ANSWER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope">\n'
    "  <soap:Body>\n"
    '    <tds:GetDeviceInformationResponse xmlns:tds="http://www.onvif.org/ver10/device/wsdl">\n'
    "      <tds:Manufacturer>Anyka</tds:Manufacturer>\n"
    "      <tds:Model>AK3918</tds:Model>\n"
    "    </tds:GetDeviceInformationResponse>\n"
    "  </soap:Body>\n"
    "</soap:Envelope>"
)


def body_identity(body: str, **more: str) -> Identity:
    fields: Mapping[str, str] = {"http.status": "200", "http.body": body, **more}
    return identify([Observation("192.0.2.41", 80, "tcp", "http", "import", "2026-12-04T00:00:00Z", fields)])


def rules(identity: Identity) -> set[str]:
    return {e.rule_id for e in identity.evidence}


def typed_video(identity: Identity) -> bool:
    return identity.device_type is not None and is_video_device(identity.device_type)


def cut_before_body(text: str) -> str:
    return text[: text.index("Body") - 1]


# --- a request kept as the body -----------------------------------------------------------------------------------------


def test_a_request_kept_as_the_body_types_nothing() -> None:
    for request in ALL_REQUESTS:
        for body in (request, post(request), "\ufeff" + request):
            identity = body_identity(body)
            assert RULE not in rules(identity) and not typed_video(identity), (body[:80], identity.attribution)


def test_the_body_is_left_unread_not_the_rest_of_the_answer() -> None:
    # The answer's own header still speaks: an invented Server header that names a camera.
    identity = body_identity(PENCLUB_PROBE, **{"http.server": "Network Camera"})
    assert RULE not in rules(identity) and typed_video(identity)


def test_answers_kept_as_the_body_still_type_a_video_device() -> None:
    answers = [shared_file("onvif-mock-responses", name).read_text(encoding="utf-8")
               for name in ("GetDeviceInformation.xml", "GetSystemDateAndTime.xml", "GetScopes.xml")]
    for body in [*answers, VIGI_FAULT]:
        assert not soap_envelope.from_client(body)
        identity = body_identity(body)
        assert RULE in rules(identity) and typed_video(identity), identity.attribution


# --- an envelope cut before its body ----------------------------------------------------------------------------------


def test_a_request_cut_before_its_body_after_its_post_head_is_the_clients() -> None:
    cut = cut_before_body(PENCLUB_DEVICE_INFORMATION)
    assert soap_envelope.request(cut) is None  # the body never arrived: request() cannot tell
    assert soap_envelope.from_client(post(cut))
    assert sniff.sniff(post(cut), {}) == api_answers.REQUEST
    identity = body_identity(post(cut))
    assert RULE not in rules(identity) and not typed_video(identity)


def test_a_bare_envelope_cut_before_its_body_is_read_as_before() -> None:
    # Nothing that arrived says who wrote it: the VIGI fault's header carries the Probe's action as a request's does.
    for cut in (cut_before_body(PENCLUB_DEVICE_INFORMATION), cut_before_body(VIGI_FAULT)):
        assert not soap_envelope.from_client(cut)
        assert RULE in rules(body_identity(cut))
    assert "discovery/Probe</wsa:Action>" in cut_before_body(VIGI_FAULT)


def test_an_exchange_after_its_post_head_keeps_its_answer() -> None:
    answer = shared_file("onvif-mock-responses", "GetDeviceInformation.xml").read_text(encoding="utf-8")
    for request in (PENCLUB_DEVICE_INFORMATION, cut_before_body(PENCLUB_DEVICE_INFORMATION)):
        exchange = post(request) + "\r\nHTTP/1.1 200 OK\r\nContent-Type: application/soap+xml\r\n\r\n" + answer
        assert not soap_envelope.from_client(exchange)
        assert RULE in rules(body_identity(exchange))


def test_a_page_quoting_a_request_is_not_a_request() -> None:
    # Invented: a guide's page that quotes a request after its own markup; and a GET (no body) before an envelope.
    page = f"<html><head><title>ONVIF guide</title></head><body><pre>{PENCLUB_PROBE}</pre></body></html>"
    assert not soap_envelope.from_client(page)
    assert not soap_envelope.from_client("GET / HTTP/1.1\r\nHost: a\r\n\r\n" + PENCLUB_PROBE)
    assert not soap_envelope.from_client("POST / HTTP/1.1\r\nHost: a\r\n\r\n<html><body>form</body></html>")


# --- hostile text -------------------------------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300), st.text(max_size=300))
def test_any_text_is_read_safely(before: str, after: str) -> None:
    for text in (before + after, post(before) + after, "POST " + before, post(cut_before_body(PENCLUB_PROBE)) + before):
        assert soap_envelope.from_client(text) in (True, False)


@settings(max_examples=80, deadline=None)
@given(st.integers(min_value=0, max_value=len(PENCLUB_DEVICE_INFORMATION)), st.text(max_size=200))
def test_a_request_after_its_post_head_is_the_clients_wherever_it_was_cut(cut: int, tail: str) -> None:
    text = PENCLUB_DEVICE_INFORMATION[:cut]
    started = soap_envelope.request(text) is not None or soap_envelope.read(text, {})
    if started:  # the envelope's start tag arrived whole (before that it is no envelope at all)
        assert soap_envelope.from_client(post(text))
    # An answer after a status line is never the client's, whatever the request's cut and what follows.
    assert not soap_envelope.from_client(post(text) + "\r\nHTTP/1.1 200 OK\r\n\r\n" + tail)


def test_a_documented_post_with_its_soapaction_is_the_clients_whole_or_cut_in_its_header() -> None:
    in_header = ANYKA_REQUEST[: ANYKA_REQUEST.index("<!--")]
    for body in (ANYKA_REQUEST, in_header):
        assert soap_envelope.from_client(body)
        assert sniff.sniff(body, {}) == api_answers.REQUEST
        identity = body_identity(body)
        assert RULE not in rules(identity) and not typed_video(identity), identity.attribution
    assert not soap_envelope.from_client(in_header[in_header.index("<?xml") :])  # without its head: undecided
    exchange = ANYKA_REQUEST + "\n\nHTTP/1.1 200 OK\nContent-Type: application/soap+xml; charset=utf-8\n\n" + ANYKA_ANSWER
    assert not soap_envelope.from_client(exchange)
    for body in (ANYKA_ANSWER, exchange):
        assert RULE in rules(body_identity(body))
