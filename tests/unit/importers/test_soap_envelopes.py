"""A SOAP envelope's start tag names the stack that wrote it, even when the reply was cut before its body.

protocols/soap_envelope.py keeps the declarations as ``soap.declarations``; layers/onvif_answers.yaml reads them. The
namespace tables below are the ones the cited public sources show, in their order; each reply is assembled from such a
table (a collector's cut where the test says so), not captured whole:

* GSOAP_ONVIF: the gSOAP table of an ONVIF device server (github:WebRTSP/ONVIF/onvif.nsmap@408f5720fec5), first part;
* AKRI_ONVIF: a white-label ONVIF camera's ProbeMatch envelope (github:project-akri/akri/discovery-handlers/onvif/src/
  discovery_impl.rs@05c8a63a7cce), first part;
* FAULT_TEMPLATE: the ONVIF Core Specification's fault template (github:lumeohq/onvif-rs/onvif/src/soap/tests.rs
  @6240a6af8155, test_get_fault);
* HIKVISION: a HIKVISION DS-2CD3T45P1-I's GetDeviceInformation envelope (github:liyanhui1998/go-onvif/examples/
  test.go@4ff4e159ee24), its first declarations and the maker's own;
* look-alikes: gSOAP's calculator demo's table (SOAP-ENV, SOAP-ENC, xsi, xsd, ns bound to urn:calc), a WS-Print answer
  in PyWSD's namespaces (github:roncapat/WSD-python: soap, wsa, pri http://schemas.microsoft.com/windows/2006/08/wdp/
  print), TR-069's CWMP envelope (urn:dslforum-org:cwmp-1-0, the Broadband Forum's TR-069 namespace).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.importers import shodan, sniff
from camaudit.importers.base import ImportRecord
from camaudit.model import Identity, is_video_device
from camaudit.protocols import soap_envelope

SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
GSOAP_ONVIF = (
    ("SOAP-ENV", SOAP12),
    ("SOAP-ENC", "http://www.w3.org/2003/05/soap-encoding"),
    ("xsi", "http://www.w3.org/2001/XMLSchema-instance"),
    ("xsd", "http://www.w3.org/2001/XMLSchema"),
    ("chan", "http://schemas.microsoft.com/ws/2005/02/duplex"),
    ("xmime", "http://tempuri.org/xmime.xsd"),
    ("xop", "http://www.w3.org/2004/08/xop/include"),
)
GSOAP_ONVIF_TAIL = (
    ("c14n", "http://www.w3.org/2001/10/xml-exc-c14n#"),
    ("ds", "http://www.w3.org/2000/09/xmldsig#"),
    ("wsu", "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"),
    ("xenc", "http://www.w3.org/2001/04/xmlenc#"),
    ("wsse", "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"),
    ("wsa5", "http://www.w3.org/2005/08/addressing"),
    ("wsdd", "http://schemas.xmlsoap.org/ws/2005/04/discovery"),
)
AKRI_ONVIF = (
    ("SOAP-ENV", SOAP12),
    ("SOAP-ENC", "http://www.w3.org/2003/05/soap-encoding"),
    ("xsi", "http://www.w3.org/2001/XMLSchema-instance"),
    ("xsd", "http://www.w3.org/2001/XMLSchema"),
    ("xs", "http://www.w3.org/2000/10/XMLSchema"),
    ("wsse", "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"),
    ("wsa5", "http://www.w3.org/2005/08/addressing"),
)
FAULT_TEMPLATE = (
    ("soapenv", SOAP12),
    ("ter", "http://www.onvif.org/ver10/error"),
    ("xs", "http://www.w3.org/2000/10/XMLSchema"),
)
HIKVISION = (
    ("env", SOAP12),
    ("soapenc", "http://www.w3.org/2003/05/soap-encoding"),
    ("xsi", "http://www.w3.org/2001/XMLSchema-instance"),
    ("xs", "http://www.w3.org/2001/XMLSchema"),
    ("tt", "http://www.onvif.org/ver10/schema"),
    ("tds", "http://www.onvif.org/ver10/device/wsdl"),
    ("tnshik", "http://www.hikvision.com/2011/event/topics"),
    ("hikwsd", "http://www.onvifext.com/onvif/ext/ver10/wsdl"),
    ("hikxsd", "http://www.onvifext.com/onvif/ext/ver10/schema"),
)
CALCULATOR = (
    ("SOAP-ENV", "http://schemas.xmlsoap.org/soap/envelope/"),
    ("SOAP-ENC", "http://schemas.xmlsoap.org/soap/encoding/"),
    ("xsi", "http://www.w3.org/2001/XMLSchema-instance"),
    ("xsd", "http://www.w3.org/2001/XMLSchema"),
    ("ns", "urn:calc"),
)
WS_PRINT = (
    ("soap", SOAP12),
    ("wsa", "http://schemas.xmlsoap.org/ws/2004/08/addressing"),
    ("pri", "http://schemas.microsoft.com/windows/2006/08/wdp/print"),
)
CWMP = (
    ("SOAP-ENV", "http://schemas.xmlsoap.org/soap/envelope/"),
    ("SOAP-ENC", "http://schemas.xmlsoap.org/soap/encoding/"),
    ("xsd", "http://www.w3.org/2001/XMLSchema"),
    ("xsi", "http://www.w3.org/2001/XMLSchema-instance"),
    ("cwmp", "urn:dslforum-org:cwmp-1-0"),
)


def envelope(table: tuple[tuple[str, str], ...], body: str = "", *, cut: bool = False) -> str:
    """An envelope whose start tag declares ``table`` in order (gSOAP writes one declaration a line); ``cut`` stops
    the text after the last declaration, as a collector's byte cap does."""
    prefix = table[0][0]
    tag = f'<?xml version="1.0" encoding="UTF-8"?>\n<{prefix}:Envelope' + "".join(
        f'\n\txmlns:{name}="{uri}"' for name, uri in table)
    if cut:
        return tag + "\n"
    return f"{tag}><{prefix}:Body>{body}</{prefix}:Body></{prefix}:Envelope>"


def http(status: str, body: str, headers: str = "Server: gSOAP/2.8\r\n") -> str:
    return (f"HTTP/1.1 {status}\r\n{headers}Content-Type: application/soap+xml; charset=utf-8\r\nConnection: close"
            f"\r\n\r\n{body}")


def identified(data: str, port: int = 80) -> Identity:
    banner = {"ip_str": "198.51.100.40", "port": port, "data": data, "_shodan": {"module": "http"}}
    record: ImportRecord = shodan.parse_banner(banner, 1)
    return identify(record.observations)


def fired(identity: Identity) -> set[str]:
    return {e.rule_id for e in identity.evidence}


def declarations(text: str) -> str | None:
    fields: dict[str, str] = {}
    soap_envelope.read(text, fields)
    return fields.get(soap_envelope.DECLARATIONS)


# --- the reader ---------------------------------------------------------------------------------------------------


def test_the_declarations_are_kept_in_the_order_written() -> None:
    text = envelope(GSOAP_ONVIF + GSOAP_ONVIF_TAIL)
    assert declarations(text) == "\n".join(f"{p}={u}" for p, u in GSOAP_ONVIF + GSOAP_ONVIF_TAIL)


def test_a_start_tag_cut_mid_declaration_keeps_the_ones_that_arrived() -> None:
    whole = envelope(AKRI_ONVIF, cut=True)
    cut = whole[: whole.index('xmlns:wsa5="') + len('xmlns:wsa5="http://www.w3')]
    assert declarations(cut) == "\n".join(f"{p}={u}" for p, u in AKRI_ONVIF[:-1])


def test_a_default_namespace_is_written_as_xmlns() -> None:
    text = f'<Envelope xmlns="{SOAP12}" xmlns:tds="http://www.onvif.org/ver10/device/wsdl"><Body/></Envelope>'
    assert declarations(text) == f"xmlns={SOAP12}\ntds=http://www.onvif.org/ver10/device/wsdl"


def test_what_is_no_soap_envelope_gives_nothing() -> None:
    # The tag's own prefix bound to another namespace, or not declared on it; a WSDL with the 2000/10 schema.
    assert declarations('<s:Envelope xmlns:s="http://example.com/envelope" xmlns:xs="http://www.w3.org/2000/10/XMLSchema">') is None
    assert declarations(f'<a:Envelope xmlns:s="{SOAP12}">') is None
    assert declarations('<wsdl:definitions xmlns:xs="http://www.w3.org/2000/10/XMLSchema">') is None
    assert declarations("<html><body>SOAP-ENV:Envelope</body></html>") is None


def test_only_the_envelopes_own_start_tag_is_read() -> None:
    text = envelope(FAULT_TEMPLATE[:1], '<x xmlns:xs="http://www.w3.org/2000/10/XMLSchema"/>')
    assert declarations(text) == f"soapenv={SOAP12}"


def test_at_most_64_declarations_are_kept() -> None:
    table = tuple((f"ns{i}", f"urn:example:{i}") for i in range(200))
    kept = declarations(envelope((("SOAP-ENV", SOAP12), *table)))
    assert kept is not None and len(kept.splitlines()) == soap_envelope.MAX_DECLARATIONS


# --- what the layer reads there ---------------------------------------------------------------------------------------


def test_a_gsoap_onvif_servers_401_cut_before_its_onvif_prefixes_is_a_video_device() -> None:
    # The 401 gSOAP answers a request without WS-Security credentials, cut after its WS-Discovery entry.
    body = envelope(GSOAP_ONVIF[:4] + GSOAP_ONVIF_TAIL, cut=True)
    identity = identified(http("401 Unauthorized", body, 'WWW-Authenticate: Basic realm="gSOAP Web Service"\r\n'
                                                          "Server: gSOAP\r\n"))
    assert identity.device_type == "video_device", identity.attribution
    assert identity.manufacturer is None and identity.brand is None
    assert "soap.gsoap-onvif-discovery-security" in fired(identity)


def test_an_envelope_carrying_the_onvif_fault_templates_schema_binding_is_a_video_device() -> None:
    for body in (envelope(AKRI_ONVIF, cut=True), envelope(FAULT_TEMPLATE, "<soapenv:Fault/>")):
        identity = identified(http("400 Bad Request", body), port=8899)
        assert identity.device_type == "video_device", identity.attribution
        assert identity.manufacturer is None
        assert "soap.onvif-fault-template-xs2000" in fired(identity)


def test_hikvisions_own_event_topics_in_the_table_name_hikvision() -> None:
    body = envelope(HIKVISION, "<tds:GetSystemDateAndTimeResponse/>")
    identity = identified(http("200 OK", body, "Server: App-webs/\r\n"))
    assert "soap.hikvision-event-topics" in fired(identity)
    assert identity.manufacturer == "hikvision", identity.attribution


def test_look_alike_soap_services_are_not_video_devices() -> None:
    for table, status in ((CALCULATOR, "200 OK"), (WS_PRINT, "200 OK"), (CWMP, "401 Unauthorized")):
        identity = identified(http(status, envelope(table, "<x/>")))
        assert not any(r.startswith("soap.") for r in fired(identity)), table
        assert identity.device_type is None or not is_video_device(identity.device_type), (table, identity.attribution)


def test_a_gsoap_service_that_only_does_ws_security_or_only_discovery_is_not_taken_for_onvif() -> None:
    security_only = GSOAP_ONVIF[:4] + GSOAP_ONVIF_TAIL[:-1]
    discovery_only = GSOAP_ONVIF[:4] + GSOAP_ONVIF_TAIL[-1:]
    for table in (security_only, discovery_only):
        identity = identified(http("401 Unauthorized", envelope(table, cut=True)))
        assert "soap.gsoap-onvif-discovery-security" not in fired(identity)


def test_the_table_and_the_page_text_of_one_reply_are_one_witness() -> None:
    identity = identified(http("400 Bad Request", envelope(AKRI_ONVIF + FAULT_TEMPLATE[1:2], "<SOAP-ENV:Fault/>")))
    assert identity.device_type == "video_device"
    assert identity.confidence < 0.9, identity.attribution


# --- hostile text ---------------------------------------------------------------------------------------------------

ANY_TEXT = st.text(st.characters(blacklist_categories=["Cs"]), max_size=300)
PREFIX = st.from_regex(r"[A-Za-z_][A-Za-z0-9_.-]{0,12}", fullmatch=True)
URI = st.from_regex(r"[!-~]{1,40}", fullmatch=True).map(lambda u: u.replace('"', "").replace("<", "").replace(">", "") or "x")


@settings(max_examples=150, deadline=None)
@given(ANY_TEXT)
def test_any_text_after_an_envelope_tag_is_read_safely(rest: str) -> None:
    fields: dict[str, str] = {}
    soap_envelope.read(f'<SOAP-ENV:Envelope xmlns:SOAP-ENV="{SOAP12}"' + rest, fields)
    lines = fields[soap_envelope.DECLARATIONS].splitlines()
    assert lines[0] == f"SOAP-ENV={SOAP12}"
    assert len(lines) <= soap_envelope.MAX_DECLARATIONS
    assert all("=" in line and len(line) <= 300 for line in lines)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(PREFIX, URI), max_size=20))
def test_tables_without_onvifs_bindings_never_type_a_video_device(table: list[tuple[str, str]]) -> None:
    kept = [(p, u) for p, u in table if p not in ("wsdd", "wsse", "xs", "xmlns")]
    body = envelope((("SOAP-ENV", SOAP12), *kept), "<x/>")
    fields: dict[str, str] = {}
    sniff.sniff(http("200 OK", body, "Server: Apache\r\n"), fields)
    identity = identified(http("200 OK", body, "Server: Apache\r\n"))
    assert not any(r.startswith("soap.") for r in fired(identity)), fields.get(soap_envelope.DECLARATIONS)
