"""A client's SOAP request is no device evidence; the device's answers (a ProbeMatch, a response, a fault) still are.

Threads, guides and tests quote the requests clients send to cameras as often as the cameras' answers; stored as a
record, a request used to be typed a video device (0.55-0.6) by the ONVIF namespaces it declares and by the
``NetworkVideoTransmitter`` it probes for. protocols/soap_envelope.py ``request`` recognises one by its body's first
element, and the importers keep nothing of it (protocol ``soap-request``). The requests are real public ones:

* PENCLUB_*: a Windows camera scanner's WS-Discovery Probe and Resolve and its GetDeviceInformation
  (github:penclub79/C/4_UniScan(06.29)_Dev/UniScan/UniScan/XMLform.h@02d014152f53; its ``%s`` placeholders filled
  here with a uuid, the ONVIF network namespace and ``dp0:NetworkVideoTransmitter``);
* SNB_GET_PROFILES: an ONVIF client's GetProfiles with its WS-Security UsernameToken header, in default namespaces
  (github:raghunaik2009/itce-team8-2012/SamsungSNBControl/src/onvif/model/media/GetProfilesRequest.java@2aaf4e4e4f1a;
  its placeholders filled with invented credentials);
* AXIS_EVENT_INSTANCES: the Axis device library's request for an Axis device's event list, posted to /vapix/services
  (github:Kane610/axis/axis/event_instances.py@2fe2af708731);
* CAMERA_PROBE: camera-probe's Probe as captured on the wire, every element in a default namespace
  (https://github.com/lumeohq/onvif-rs/issues/48; the quoted capture's closing tags completed);
* WSDISCOVER_PROBE: python-ws-discovery's untyped Probe as its capture option prints it, and TP-Link VIGI C340-W's
  fault answering it, whose header echoes the Probe's action (https://github.com/andreikop/python-ws-discovery/
  issues/56; the thread quotes the fault without its envelope start tag, which is added here).

The HTTP heads in front of the bodies are invented for the tests (as a thread quotes a POST it captured).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import shared_file

from camaudit.identify import identify
from camaudit.importers import api_answers, shodan, sniff
from camaudit.importers.base import ImportRecord
from camaudit.model import Identity, is_video_device
from camaudit.protocols import soap_envelope

PENCLUB_PROBE = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '\t\t<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
    'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing">\n'
    "\t\t\t<s:Header>\n"
    '\t\t\t\t<a:Action s:mustUnderstand="1">http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action>\n'
    "\t\t\t\t<a:MessageID>uuid:0a6dc791-2b23-4ee8-a52e-0fb8e2a1c4d1</a:MessageID>\n"
    "\t\t\t\t<a:ReplyTo>\n"
    "\t\t\t\t\t<a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address>\n"
    "\t\t\t\t</a:ReplyTo>\n"
    '\t\t\t\t<a:To s:mustUnderstand="1">urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>\n'
    "\t\t\t</s:Header>\n"
    "\t\t\t<s:Body>\n"
    '\t\t\t\t<Probe xmlns="http://schemas.xmlsoap.org/ws/2005/04/discovery">\n'
    '\t\t\t\t\t<d:Types xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" '
    'xmlns:dp0="http://www.onvif.org/ver10/network/wsdl">dp0:NetworkVideoTransmitter</d:Types>\n'
    "\t\t\t\t</Probe>\n"
    "\t\t\t</s:Body>\n"
    "\t\t</s:Envelope>"
)
PENCLUB_RESOLVE = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
    'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing">\n'
    '<s:Header><a:Action s:mustUnderstand="1">http://schemas.xmlsoap.org/ws/2005/04/discovery/Resolve</a:Action>\n'
    "<a:MessageID>uuid:0a6dc791-2b23-4ee8-a52e-0fb8e2a1c4d2</a:MessageID>\n"
    '<a:To s:mustUnderstand="1">urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To></s:Header>\n'
    '<s:Body><d:Resolve xmlns="http://schemas.xmlsoap.org/ws/2005/04/discovery">\n'
    "<a:ReferenceProperties>urn:uuid:5f5a69c2-e0ae-504f-829b-00AD0B1C2D3E</a:ReferenceProperties>\n"
    "</d:Resolve></s:Body></s:Envelope>"
)
PENCLUB_DEVICE_INFORMATION = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '\t\t\t<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" '
    'xmlns:tds="http://www.onvif.org/ver10/device/wsdl">\n'
    "\t\t\t\t<SOAP-ENV:Body>\n"
    "\t\t\t\t\t<tds:GetDeviceInformation/>\n"
    "\t\t\t\t</SOAP-ENV:Body>\n"
    "\t\t\t</SOAP-ENV:Envelope>"
)
SNB_GET_PROFILES = (
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope">'
    '<s:Header><Security s:mustUnderstand="1" '
    'xmlns="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">'
    "<UsernameToken><Username>admin</Username><Password Type=\"http://docs.oasis-open.org/wss/2004/01/"
    'oasis-200401-wss-username-token-profile-1.0#PasswordDigest">dGVzdGRpZ2VzdA==</Password>'
    '<Nonce EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0'
    '#Base64Binary">bm9uY2U=</Nonce><Created xmlns="http://docs.oasis-open.org/wss/2004/01/'
    'oasis-200401-wss-wssecurity-utility-1.0.xsd">2012-05-01T10:00:00Z</Created></UsernameToken></Security>'
    "</s:Header>"
    '<s:Body xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">'
    '<GetProfiles xmlns="http://www.onvif.org/ver10/media/wsdl"/>'
    "</s:Body></s:Envelope>"
)
CAMERA_PROBE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<Envelope xmlns="http://www.w3.org/2003/05/soap-envelope">\n'
    '  <Header xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing">\n'
    '    <a:Action mustUnderstand="1">http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action>\n'
    "    <a:MessageID>uuid:33b853b6-86d5-440f-9628-ae401a178d90</a:MessageID>\n"
    "    <a:ReplyTo>\n"
    "      <a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address>\n"
    "    </a:ReplyTo>\n"
    '    <a:To mustUnderstand="1">urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>\n'
    "  </Header>\n"
    "  <Body>\n"
    '    <Probe xmlns="http://schemas.xmlsoap.org/ws/2005/04/discovery">\n'
    '      <Types xmlns:dp0="http://www.onvif.org/ver10/network/wsdl">\n'
    "        dp0:NetworkVideoTransmitter\n"
    "      </Types>\n"
    "    </Probe>\n"
    "  </Body>\n"
    "</Envelope>"
)
WSDISCOVER_PROBE = (
    '<?xml version="1.0" ?>\n'
    "<s:Envelope \n"
    'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" \n'
    'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" \n'
    'xmlns:s="http://www.w3.org/2003/05/soap-envelope">\n'
    "    <s:Header>\n"
    "      <a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action>\n"
    "      <a:MessageID>urn:uuid:d5328158-9034-4872-99c5-621464e5c68f</a:MessageID>\n"
    "      <a:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>\n"
    "    </s:Header>\n"
    "  <s:Body>\n"
    "        <d:Probe/>\n"
    "   </s:Body>\n"
    "</s:Envelope>"
)
VIGI_FAULT = (
    '<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" '
    'xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:ter="http://www.onvif.org/ver10/error">'
    "<SOAP-ENV:Header><wsa:MessageID>urn:uuid:8837bd04-b6df-4e95-971e-1edc3062fc0a</wsa:MessageID>\n"
    '<wsa:To SOAP-ENV:mustUnderstand="true">urn:schemas-xmlsoap-org:ws:2005:04:discovery</wsa:To>\n'
    '<wsa:Action SOAP-ENV:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</wsa:Action>\n'
    "</SOAP-ENV:Header><SOAP-ENV:Body><SOAP-ENV:Fault><SOAP-ENV:Code><SOAP-ENV:Value>SOAP-ENV:Sender\n"
    "</SOAP-ENV:Value><SOAP-ENV:Subcode><SOAP-ENV:Value>ter:InvalidArgVal</SOAP-ENV:Value></SOAP-ENV:Subcode>\n"
    '</SOAP-ENV:Code><SOAP-ENV:Reason><SOAP-ENV:Text xml:lang="en">error</SOAP-ENV:Text></SOAP-ENV:Reason>\n'
    "</SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>"
)
AXIS_EVENT_INSTANCES = (
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope">'
    '<s:Body xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">'
    '<GetEventInstances xmlns="http://www.axis.com/vapix/ws/event1"/>'
    "</s:Body></s:Envelope>"
)
REQUESTS = {
    "Probe": (PENCLUB_PROBE, CAMERA_PROBE, WSDISCOVER_PROBE),
    "Resolve": (PENCLUB_RESOLVE,),
    "GetDeviceInformation": (PENCLUB_DEVICE_INFORMATION,),
    "GetProfiles": (SNB_GET_PROFILES,),
    "GetEventInstances": (AXIS_EVENT_INSTANCES,),
}
ALL_REQUESTS = [text for texts in REQUESTS.values() for text in texts]


def post(body: str) -> str:
    return ("POST /onvif/device_service HTTP/1.1\r\nHost: 192.168.1.64\r\n"
            f'Content-Type: application/soap+xml; charset=utf-8\r\nContent-Length: {len(body)}\r\n\r\n{body}')


def imported(data: str, port: int = 80, module: str = "http") -> ImportRecord:
    return shodan.parse_banner({"ip_str": "198.51.100.41", "port": port, "data": data,
                                "_shodan": {"module": module}}, 1)


def identified(data: str, port: int = 80, module: str = "http") -> Identity:
    return identify(imported(data, port, module).observations)


# --- what a request is ------------------------------------------------------------------------------------------------


def test_each_request_names_the_operation_it_asks_for() -> None:
    for operation, texts in REQUESTS.items():
        for text in texts:
            assert soap_envelope.request(text) == operation


def test_a_stored_request_is_no_device_evidence_whichever_way_it_was_kept() -> None:
    for text in ALL_REQUESTS:
        for data, port, module in ((text, 3702, "wsd"), (text, 80, "http"), (post(text), 80, "http"),
                                   (post(text), 8899, "")):
            record = imported(data, port, module)
            fields = {k: v for obs in record.observations for k, v in obs.fields.items()}
            assert soap_envelope.DECLARATIONS not in fields and "devinfo.answer" not in fields, fields
            assert "banner" not in fields  # not left to the words of banner text either
            identity = identify(record.observations)
            assert identity.device_type is None or not is_video_device(identity.device_type), identity.attribution
            assert identity.evidence == ()


def test_the_sniffer_calls_it_a_request() -> None:
    for text in ALL_REQUESTS:
        assert sniff.sniff(text, {}) == api_answers.REQUEST
        assert sniff.sniff(post(text), {}) == api_answers.REQUEST


def test_a_gsoap_clients_request_does_not_pass_for_its_servers_table() -> None:
    # A gSOAP client generated from ONVIF's WSDLs writes the server's whole table (WS-Discovery and WS-Security
    # included) on its requests: the table below is gSOAP's ONVIF table (github:WebRTSP/ONVIF/onvif.nsmap@408f5720fec5),
    # put on a Probe for this test.
    table = (
        'xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" xmlns:SOAP-ENC="http://www.w3.org/2003/05/soap-encoding" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
        'xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" '
        'xmlns:wsdd="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:tds="http://www.onvif.org/ver10/device/wsdl"'
    )
    answer = f"<SOAP-ENV:Envelope {table}><SOAP-ENV:Body><tds:GetSystemDateAndTimeResponse/></SOAP-ENV:Body></SOAP-ENV:Envelope>"
    request = answer.replace("GetSystemDateAndTimeResponse", "GetSystemDateAndTime")
    assert "soap.gsoap-onvif-discovery-security" in {e.rule_id for e in identified(answer).evidence}
    identity = identified(request)
    assert identity.evidence == () and soap_envelope.request(request) == "GetSystemDateAndTime"


# --- what stays an answer -------------------------------------------------------------------------------------------


def test_a_fault_that_echoes_the_probes_action_is_still_the_cameras_answer() -> None:
    assert soap_envelope.request(VIGI_FAULT) is None
    identity = identified(VIGI_FAULT, 3702, "wsd")
    assert identity.device_type is not None and is_video_device(identity.device_type), identity.attribution


def test_recorded_answers_are_not_requests_even_with_the_requests_credentials_in_their_header() -> None:
    # agsh/onvif's recorded answers keep the request's WS-Security UsernameToken in their header.
    answers = sorted(shared_file("onvif-mock-responses").glob("*.xml")) + sorted(shared_file("wsdiscovery").glob("*.xml"))
    answers += sorted(shared_file("onvif-soap-templates").glob("*.xml"))
    assert len(answers) > 40
    for path in answers:
        assert soap_envelope.request(path.read_text(encoding="utf-8", errors="replace")) is None, path.name
    text = shared_file("onvif-mock-responses", "GetDeviceInformation.xml").read_text(encoding="utf-8")
    assert "UsernameToken" in text
    fields: dict[str, str] = {}
    sniff.sniff(text, fields)
    assert fields.get("onvif.device_info.model") == "Mockup Model" and soap_envelope.DECLARATIONS in fields


def test_a_stored_exchange_keeps_its_answer() -> None:
    answer = shared_file("wsdiscovery", "probe_response.xml").read_text(encoding="utf-8")
    exchange = CAMERA_PROBE + "\n" + answer
    assert soap_envelope.request(exchange) is None
    http_exchange = post(PENCLUB_DEVICE_INFORMATION) + "\r\n" + (
        "HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml\r\n\r\n"
        + shared_file("onvif-mock-responses", "GetDeviceInformation.xml").read_text(encoding="utf-8"))
    assert sniff.sniff(http_exchange, {}) != api_answers.REQUEST


def test_an_envelope_cut_before_its_bodys_first_element_is_read_as_before() -> None:
    cut = PENCLUB_DEVICE_INFORMATION[: PENCLUB_DEVICE_INFORMATION.index("<tds:GetDeviceInformation")]
    assert soap_envelope.request(cut) is None
    fields: dict[str, str] = {}
    assert soap_envelope.read(cut, fields) and fields[soap_envelope.DECLARATIONS].startswith("SOAP-ENV=")


# --- hostile text ---------------------------------------------------------------------------------------------------

NAME = st.from_regex(r"[A-Za-z_][A-Za-z0-9_.-]{0,20}", fullmatch=True)
ONVIF_NS = st.sampled_from(["http://www.onvif.org/ver10/device/wsdl", "http://www.onvif.org/ver20/ptz/wsdl",
                            "http://www.onvif.org/ver10/media/wsdl"])


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400), st.text(max_size=200))
def test_any_text_is_read_safely(before: str, after: str) -> None:
    for text in (before, f'<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope">{before}<s:Body>{after}',
                 PENCLUB_PROBE[: len(before)] + after):
        operation = soap_envelope.request(text)
        assert operation is None or isinstance(operation, str)
        fields: dict[str, str] = {}
        if operation is not None:
            assert not soap_envelope.read(text, fields) and fields == {}


@settings(max_examples=100, deadline=None)
@given(NAME, ONVIF_NS)
def test_an_onvif_operation_is_a_request_and_its_response_is_not(name: str, namespace: str) -> None:
    def body(element: str) -> str:
        return (f'<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:x="{namespace}">'
                f"<env:Body><x:{element}/></env:Body></env:Envelope>")

    assert soap_envelope.request(body(name + "Response")) is None
    if not name.endswith("Response"):
        assert soap_envelope.request(body(name)) == name


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=len(PENCLUB_PROBE)))
def test_a_request_cut_anywhere_is_the_request_or_undecided(cut: int) -> None:
    assert soap_envelope.request(PENCLUB_PROBE[:cut]) in (None, "Probe")


# --- one reading of the start tag serves the sniffer and the API-answer reader --------------------------------------


def _device_information_cut(at: int) -> str:
    return shared_file("onvif-mock-responses", "GetDeviceInformation.xml").read_text(encoding="utf-8")[:at]


def _parses_of_start_tags(monkeypatch: pytest.MonkeyPatch, text: str) -> tuple[str | None, dict[str, str], int]:
    """What sniffing ``text`` gives, and how many times an envelope's start tag was parsed on the way."""
    parsed: list[str] = []
    real = soap_envelope._envelope

    def counted(document: str) -> object:
        parsed.append(document)
        return real(document)

    monkeypatch.setattr(soap_envelope, "_envelope", counted)
    fields: dict[str, str] = {}
    return sniff.sniff(text, fields), fields, len(parsed)


def test_sniffing_a_request_parses_its_start_tag_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # The sniffer's reading of the namespace table also told it was a request; api_answers used to parse it again.
    for text in (PENCLUB_PROBE, SNB_GET_PROFILES, AXIS_EVENT_INSTANCES):
        protocol, fields, parses = _parses_of_start_tags(monkeypatch, text)
        assert (protocol, parses) == (api_answers.REQUEST, 1)
        assert soap_envelope.DECLARATIONS not in fields


def test_an_onvif_answer_cut_inside_its_start_tag_is_read_from_the_one_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    # agsh/onvif's recorded GetDeviceInformation answer, cut by a collector after its tt: (ONVIF schema) declaration
    # and before its start tag's end: no element arrived, the declarations say an ONVIF service answered.
    text = _device_information_cut(1200)
    assert 'xmlns:tt="http://www.onvif.org/ver10/schema"' in text and ">" not in text[text.index("<SOAP-ENV:") :]
    protocol, fields, parses = _parses_of_start_tags(monkeypatch, text)
    assert (protocol, fields.get(api_answers.ANSWER), parses) == ("onvif", "onvif-soap", 1)
    assert fields[soap_envelope.DECLARATIONS].startswith("SOAP-ENV=http://www.w3.org/2003/05/soap-envelope\n")
    # Cut before any ONVIF namespace arrived, the same table is still kept, but no ONVIF answer is claimed.
    protocol, fields, parses = _parses_of_start_tags(monkeypatch, _device_information_cut(900))
    assert (protocol, api_answers.ANSWER in fields, parses) == (None, False, 1)
    assert soap_envelope.DECLARATIONS in fields


def test_a_device_fault_is_read_from_the_one_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    protocol, fields, parses = _parses_of_start_tags(monkeypatch, VIGI_FAULT)
    assert (protocol, fields.get(api_answers.ANSWER), parses) == ("onvif", "onvif-soap", 1)
    assert "ter=http://www.onvif.org/ver10/error" in fields[soap_envelope.DECLARATIONS].splitlines()


@settings(max_examples=80, deadline=None)
@given(st.integers(min_value=0, max_value=2400), st.text(max_size=60))
def test_the_api_answer_reader_answers_alike_with_the_callers_reading_or_its_own(cut: int, tail: str) -> None:
    for text in (_device_information_cut(cut) + tail, PENCLUB_DEVICE_INFORMATION[:cut] + tail, VIGI_FAULT[:cut]):
        found = soap_envelope.reading(text)
        assert found.request is None or found.declarations is None  # a request keeps no table
        own: dict[str, str] = {}
        handed: dict[str, str] = {}
        protocol = api_answers.xml_answer(text, text[:4096], own)
        assert api_answers.xml_answer(text, text[:4096], handed, found) == protocol
        assert handed == own
