"""What the ONVIF probe keeps of the answers a device gives without credentials (PRE_AUTH calls): the
namespaces beyond the standards' own, the service addresses of GetCapabilities, the GetHostname name."""

from __future__ import annotations

from camaudit.protocols import soap

# The envelope head of an Axis camera's GetSystemDateAndTime answer (hammeraj/onvif's fixture, cut after the
# first namespaces; the replay lab serves it whole).
AXIS_TIME_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-'
    b'envelope" xmlns:SOAP-ENC="http://www.w3.org/2003/05/soap-encoding" xmlns:xmime="http://tempuri.org/xmime.xsd"'
    b' xmlns:tt="http://www.onvif.org/ver10/schema" xmlns:acert="http://www.axis.com/vapix/ws/cert" '
    b'xmlns:wsrfr="http://docs.oasis-open.org/wsrf/r-2" xmlns:tnsaxis="http://www.axis.com/2009/event/topics">'
)

# Written for this test in the shape of the ONVIF device-management schema (GetCapabilitiesResponse,
# GetHostnameResponse); the addresses are documentation ones.
CAPABILITIES = (
    b'<?xml version="1.0"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
    b'xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:tt="http://www.onvif.org/ver10/schema">'
    b"<s:Body><tds:GetCapabilitiesResponse><tds:Capabilities>"
    b"<tt:Device><tt:XAddr>http://192.0.2.7/onvif/device_service</tt:XAddr></tt:Device>"
    b"<tt:Media><tt:XAddr>http://192.0.2.7/onvif/Media</tt:XAddr></tt:Media>"
    b"<tt:Events><tt:XAddr>http://192.0.2.7/onvif/Events</tt:XAddr></tt:Events>"
    b"</tds:Capabilities></tds:GetCapabilitiesResponse></s:Body></s:Envelope>"
)
HOSTNAME = (
    b'<?xml version="1.0"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
    b'xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:tt="http://www.onvif.org/ver10/schema"><s:Body>'
    b"<tds:GetHostnameResponse><tds:HostnameInformation><tt:FromDHCP>false</tt:FromDHCP>"
    b"<tt:Name>axis-accc8e0a0b0c</tt:Name></tds:HostnameInformation></tds:GetHostnameResponse></s:Body></s:Envelope>"
)


def test_only_namespaces_beyond_the_standards_are_kept_in_order() -> None:
    assert soap.soap_namespaces(AXIS_TIME_HEAD) == [
        "http://www.axis.com/vapix/ws/cert",
        "http://www.axis.com/2009/event/topics",
    ]
    assert soap.soap_namespaces(CAPABILITIES) == []


def test_namespaces_are_capped_and_hostile_text_gives_nothing() -> None:
    many = b"<a " + b" ".join(b'xmlns:n%d="http://vendor.example/%d"' % (i, i) for i in range(500)) + b"/>"
    assert len(soap.soap_namespaces(many)) == soap.MAX_NAMESPACES
    assert soap.soap_namespaces(b"xmlns=" * 20000) == []
    assert soap.soap_namespaces(b'<a xmlns="' + b"h" * 5000 + b'"/>') == []


def test_capability_addresses_and_the_host_name() -> None:
    root = soap.xml_root(CAPABILITIES)
    assert root is not None
    assert soap.capability_xaddrs(root) == [
        "http://192.0.2.7/onvif/device_service",
        "http://192.0.2.7/onvif/Media",
        "http://192.0.2.7/onvif/Events",
    ]
    named = soap.xml_root(HOSTNAME)
    assert named is not None and soap.hostname(named) == "axis-accc8e0a0b0c"
    assert soap.hostname(root) is None
