"""Whose words a body holding a SOAP envelope is, said once by the source that kept it (``http.body_request``).

identify leaves a client's request kept as the body unread (tests/unit/importers/test_soap_request_bodies.py). It used
to decide that itself, parsing again an envelope the importers' sniffer had just read. Now every source that keeps a
body says it beside any body with an envelope near its start (protocols/soap_envelope.py ``body_request``): the
importers from the sniffer's one reading, the live HTTP probe and passive analysis from the body they decoded; identify
reads the word, and looks at the body itself only when no source said (an observation built by hand, an older file).

Fixtures: MINIUPNPD_FAULT is the fault miniupnpd (a router's UPnP IGD daemon) answers an unknown action with, its
template filled with the 401 "Invalid Action" its caller passes (github:miniupnp/miniupnp/miniupnpd/upnpsoap.c
@0027ffaca52f, ``SoapError``); the requests and the TP-Link VIGI fault are the public ones of
tests/unit/importers/test_soap_requests.py (sources there). The HTTP heads are invented.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.importers.test_soap_requests import (
    ALL_REQUESTS,
    PENCLUB_DEVICE_INFORMATION,
    PENCLUB_PROBE,
    VIGI_FAULT,
    post,
)

from camaudit.identify import identify
from camaudit.importers import sniff
from camaudit.model import Observation, is_video_device
from camaudit.passive import http as passive_http
from camaudit.protocols import soap_envelope
from camaudit.scan.http_client import HttpResponse
from camaudit.scan.probes import http as live_http

SAID = soap_envelope.BODY_REQUEST
RULE = "words.onvif-soap-answer"
MINIUPNPD_FAULT = (
    '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" '
    's:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><s:Body><s:Fault><faultcode>s:Client</faultcode>'
    '<faultstring>UPnPError</faultstring><detail><UPnPError xmlns="urn:schemas-upnp-org:control-1-0">'
    "<errorCode>401</errorCode><errorDescription>Invalid Action</errorDescription></UPnPError></detail></s:Fault>"
    "</s:Body></s:Envelope>"
)
HEAD_500 = "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/xml\r\n\r\n"
PAGE = "<html><head><title>Login</title></head><body>Network Camera</body></html>"


def imported(reply: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    sniff.sniff(reply, fields, port=80)
    return fields


def live(body: str) -> dict[str, str]:
    block = "Content-Type: text/xml\r\n"
    return live_http.response_fields(HttpResponse(200, "OK", (("Content-Type", "text/xml"),), block, body.encode()), "/")


def passive(body: str) -> dict[str, str]:
    read = passive_http.response_fields(("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n\r\n" + body).encode())
    assert read is not None
    return read[1]


def rules_of(fields: Mapping[str, str]) -> set[str]:
    observation = Observation("192.0.2.44", 80, "tcp", "http", "import", "2026-12-05T00:00:00Z", fields)
    return {e.rule_id for e in identify([observation]).evidence}


def counting(monkeypatch: pytest.MonkeyPatch, name: str) -> list[str]:
    """Calls of ``soap_envelope.<name>`` from here on, one entry each."""
    calls: list[str] = []
    original: Callable[..., object] = getattr(soap_envelope, name)

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(name)
        return original(*args, **kwargs)

    monkeypatch.setattr(soap_envelope, name, counted)
    return calls


# --- every source says it ------------------------------------------------------------------------------------------


def test_an_imported_routers_fault_is_kept_as_page_text_said_to_be_no_request_from_the_one_reading(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    parses = counting(monkeypatch, "_envelope")
    fields = imported(HEAD_500 + MINIUPNPD_FAULT)
    assert fields["http.body"] == MINIUPNPD_FAULT and fields[SAID] == "false"
    assert parses == ["_envelope"]  # the sniffer's reading; body_request asked nothing more
    identity = identify([Observation("192.0.2.44", 5000, "tcp", "http", "import", "2026-12-05T00:00:00Z", fields)])
    assert parses == ["_envelope"]  # identify read the word, not the body
    assert identity.device_type is None or not is_video_device(identity.device_type)


@pytest.mark.parametrize("read", [live, passive], ids=["live probe", "passive"])
def test_the_live_probe_and_passive_analysis_say_it_beside_an_envelope(read: Callable[[str], dict[str, str]]) -> None:
    assert read(VIGI_FAULT)[SAID] == "false" and read(MINIUPNPD_FAULT)[SAID] == "false"
    for request in ALL_REQUESTS:
        assert read(request)[SAID] == "true", request[:60]
    assert SAID not in read(PAGE) and "http.body" in read(PAGE)


def test_what_the_sources_say_is_what_identify_leaves_unread() -> None:
    for read in (live, passive):
        assert RULE not in rules_of(read(PENCLUB_PROBE))
        assert RULE in rules_of(read(VIGI_FAULT))


# --- identify trusts the word ---------------------------------------------------------------------------------------


def test_identify_reads_the_word_and_does_not_parse_the_body(monkeypatch: pytest.MonkeyPatch) -> None:
    parses = counting(monkeypatch, "from_client")
    # The word decides, whatever the body: an answer said to be a request is left unread, a request said to be the
    # device's answer is read (no source says so; this shows that the word, not a parse, is what identify uses).
    assert RULE not in rules_of({"http.body": VIGI_FAULT, SAID: "true"})
    assert RULE in rules_of({"http.body": PENCLUB_PROBE, SAID: "false"})
    assert parses == []
    # Where no source said, identify looks itself, as before.
    assert RULE not in rules_of({"http.body": PENCLUB_PROBE}) and parses == ["from_client"]


def test_a_word_identify_does_not_know_is_no_word() -> None:
    # Only "true" leaves the body unread; anything else is looked at as if nothing were said.
    assert RULE in rules_of({"http.body": VIGI_FAULT, SAID: "yes"})
    assert RULE not in rules_of({"http.body": PENCLUB_PROBE, SAID: ""})


# --- the word stays with its body -------------------------------------------------------------------------------------


def test_a_body_kept_later_takes_its_own_word() -> None:
    fields: dict[str, str] = {}
    sniff.page_fields(MINIUPNPD_FAULT, fields)
    assert fields[SAID] == "false"
    sniff.page_fields(PAGE, fields)  # a scanner's own copy of the page after the raw reply's body (Shodan's html)
    assert fields["http.body"] == PAGE and SAID not in fields


def test_an_exchanges_later_answer_does_not_lend_its_word_to_the_first_answers_body() -> None:
    # A 401 page, then an answer whose body holds the fault: the first body is kept, and nothing is said beside it.
    fields = imported("HTTP/1.1 401 Unauthorized\r\nContent-Type: text/html\r\n\r\n" + PAGE + "\r\n" + HEAD_500 +
                      MINIUPNPD_FAULT)
    assert fields["http.body"].startswith(PAGE) and SAID not in fields
    # With no body of its own, the first answer takes the later one's body and its word together.
    fields = imported("HTTP/1.1 100 Continue\r\n\r\n" + HEAD_500 + MINIUPNPD_FAULT)
    assert fields["http.body"] == MINIUPNPD_FAULT and fields[SAID] == "false"


# --- the sniffer's word is a full reading's -------------------------------------------------------------------------

_LEADS = st.text(alphabet="\r\n\t \ufeff\x0b\x0c\xa0\u2003<?!-xml", max_size=12)
_DOCUMENTS = st.sampled_from([
    MINIUPNPD_FAULT, VIGI_FAULT, PENCLUB_PROBE, post(PENCLUB_PROBE), PENCLUB_DEVICE_INFORMATION, PAGE,
    '<?xml version="1.0"?>\n' + MINIUPNPD_FAULT, "<!-- a -->" + PENCLUB_PROBE,
    post(PENCLUB_DEVICE_INFORMATION)[:200], PENCLUB_DEVICE_INFORMATION[:300],
    f"<div>{PENCLUB_PROBE}</div>",
])


@settings(max_examples=300, deadline=None)
@given(_LEADS, _DOCUMENTS, st.integers(min_value=0, max_value=2000), st.text(max_size=80))
def test_the_word_kept_beside_an_imported_body_is_what_a_full_reading_of_it_says(
    lead: str, document: str, cut: int, tail: str
) -> None:
    # Wherever the document is cut and whatever comes before and after it, the word the importers keep (from the
    # sniffer's reading, when it made one) is the one a reading of the kept body from scratch gives.
    fields: dict[str, str] = {}
    sniff.page_fields(lead + document[: max(cut, 1)] + tail, fields)
    body = fields.get("http.body")
    if body is not None:
        assert fields.get(SAID) == soap_envelope.body_request(body)
    else:
        assert SAID not in fields


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.booleans())
def test_any_body_is_said_of_safely(body: str, answer: bool) -> None:
    for text in (body, post(body), MINIUPNPD_FAULT[:40] + body, "\x0c" + PENCLUB_PROBE[:200] + body):
        assert soap_envelope.body_request(text, answer=answer) in (None, "true", "false")
        for read in (live, passive):
            assert read(text).get(SAID) in (None, "true", "false")
