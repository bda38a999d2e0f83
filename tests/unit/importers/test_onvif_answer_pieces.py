"""A piece of an ONVIF answer kept without its response element (a GetCapabilities ``<tt:XAddr>``, GetServices'
``<tds:Service>`` entries, GetScopes' ``<tds:Scopes>``) is the device service's answer too when it holds what only the
device's own answer holds: a service address on ONVIF's ``/onvif/`` path or an ONVIF scope. A piece of ONVIF's schema
that names no service of the device (a type from a WSDL excerpt), a WS-Discovery printer's addresses and an
ONVIF-looking prefix bound elsewhere are not read.

The pieces are written here to the element names of ONVIF's device WSDL and schema (devicemgmt.wsdl: GetServices'
Service with Namespace, XAddr and Version; onvif.xsd: DeviceCapabilities' XAddr, Scope's ScopeDef and ScopeItem), with
addresses of the documentation range: no capture is quoted.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.importers import shodan
from camaudit.importers.base import ImportRecord
from camaudit.importers.sniff import document_fields, sniff
from camaudit.model import is_video_device

XADDR = "<tt:XAddr>http://192.0.2.10/onvif/device_service</tt:XAddr>"
SERVICES = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<tds:Service><tds:Namespace>http://www.onvif.org/ver10/device/wsdl'
    "</tds:Namespace><tds:XAddr>http://192.0.2.10/onvif/device_service</tds:XAddr><tds:Version><tt:Major>2</tt:Major>"
    "<tt:Minor>40</tt:Minor></tds:Version></tds:Service><tds:Service><tds:Namespace>http://www.onvif.org/ver10/media/"
    "wsdl</tds:Namespace><tds:XAddr>http://192.0.2.10/onvif/Media</tds:XAddr></tds:Service>"
)
CAPABILITIES = (
    "<tt:Device><tt:XAddr>http://192.0.2.10:8080/onvif/device_service</tt:XAddr><tt:Network><tt:IPFilter>false"
    "</tt:IPFilter></tt:Network></tt:Device>"
)
SCOPES = ("<tds:Scopes><tt:ScopeDef>Fixed</tt:ScopeDef><tt:ScopeItem>onvif://www.onvif.org/Profile/Streaming"
          "</tt:ScopeItem></tds:Scopes>")


def _record(text: str) -> ImportRecord:
    return shodan.parse_banner({"ip_str": "192.0.2.10", "port": 8899, "data": text, "_shodan": {"module": "http"}}, 1)


@pytest.mark.parametrize("piece", [XADDR, SERVICES, CAPABILITIES, SCOPES], ids=["xaddr", "services", "device", "scopes"])
def test_a_piece_naming_the_device_service_types_a_video_device_and_no_maker(piece: str) -> None:
    found: dict[str, str] = {}
    sniff(piece, found, port=8899)
    assert found["devinfo.answer"] == "onvif-soap"
    identity = identify(_record(piece).observations)
    assert is_video_device(identity.device_type)
    assert (identity.brand, identity.manufacturer) == (None, None)


def test_every_service_address_of_a_getservices_answer_is_kept() -> None:
    found: dict[str, str] = {}
    sniff(SERVICES, found)
    assert found["onvif.xaddrs"].splitlines() == ["http://192.0.2.10/onvif/device_service",
                                                  "http://192.0.2.10/onvif/Media"]
    found = {}
    sniff(SCOPES, found)
    assert found["onvif.scope"] == "onvif://www.onvif.org/Profile/Streaming"


@pytest.mark.parametrize(
    "text",
    [
        # An address off ONVIF's path, a schema type from a WSDL excerpt, a WS-Discovery printer's metadata, an
        # ONVIF-looking prefix bound to another namespace, a piece never closed.
        "<tt:XAddr>http://192.0.2.10/cgi-bin/service</tt:XAddr>",
        "<tt:IntRange><tt:Min>0</tt:Min><tt:Max>100</tt:Max></tt:IntRange>",
        '<wsdp:ThisModel xmlns:wsdp="http://schemas.xmlsoap.org/ws/2006/02/devprof"><wsdp:Manufacturer>HP'
        "</wsdp:Manufacturer><wsdp:ModelName>LaserJet</wsdp:ModelName></wsdp:ThisModel>",
        '<d:XAddrs xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery">http://192.0.2.20:3911/</d:XAddrs>',
        '<tt:XAddr xmlns:tt="http://example.com/tt">http://192.0.2.10/onvif/device_service</tt:XAddr>',
        "<tt:XAddr>http://192.0.2.10/onvif/device_service",
    ],
    ids=["off-path", "schema-type", "dpws-printer", "wsd-xaddrs", "other-namespace", "unclosed"],
)
def test_pieces_that_name_no_onvif_service_of_the_device_type_nothing(text: str) -> None:
    found: dict[str, str] = {}
    sniff(text, found)
    document_fields(text, found)
    assert found.get("devinfo.answer") != "onvif-soap"
    assert not is_video_device(identify(_record(text).observations).device_type)


@settings(max_examples=150, deadline=None)
@given(prefix=st.sampled_from(["tds", "tt", "trt", "tptz"]), name=st.from_regex(r"[A-Z][A-Za-z]{1,12}", fullmatch=True),
       inner=st.text(max_size=300))
def test_any_text_inside_an_onvif_looking_piece_never_raises(prefix: str, name: str, inner: str) -> None:
    text = f"<{prefix}:{name}>{inner}</{prefix}:{name}>"
    found: dict[str, str] = {}
    sniff(text, found)
    document_fields(text, found)
    assert all(len(value) <= 4096 for value in found.values())
