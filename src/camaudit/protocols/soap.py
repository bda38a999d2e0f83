"""ONVIF SOAP answers and UPnP device descriptions read from text a scanner stored.

Live probes ask for these documents themselves (``scan/probes/onvif.py``, ``scan/discovery/upnp.py``); scan
files (Shodan, Censys, zgrab2, masscan, nmap) often carry the same documents as a banner or an HTTP body.
Parsed with defusedxml (no entities, no external DTDs), from a capped prefix; every reader returns the same
field names the live probe fills, and an empty mapping for anything else.
"""

from __future__ import annotations

import re
from urllib.parse import unquote
from xml.etree.ElementTree import Element, ParseError

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

#: Largest XML document parsed; a device description or a SOAP answer is a few KiB.
MAX_XML_BYTES = 64 * 1024
#: Longest value kept of any one element.
MAX_VALUE_CHARS = 256
MAX_SCOPES = 64
#: Most namespace URIs and service addresses kept of one answer.
MAX_NAMESPACES = 32
MAX_XADDRS = 16

#: An ``xmlns``/``xmlns:prefix`` declaration's URI (bounded: device XML can be anything).
_XMLNS = re.compile(
    rb"""[\s<]xmlns(?::[A-Za-z_][\w.-]{0,39})?[ \t\r\n]{0,8}=[ \t\r\n]{0,8}"""
    rb"""(?:"([^"<>\s]{1,256})"|'([^'<>\s]{1,256})')"""
)
#: The standards' own namespaces (W3C, ONVIF, OASIS, xmlsoap, gSOAP's tempuri placeholder): every ONVIF
#: answer declares some of them, so they say nothing about who made the device.
_STANDARD_NAMESPACE = re.compile(
    r"^(?:https?://(?:www\.)?(?:w3\.org|onvif\.org|docs\.oasis-open\.org|schemas\.xmlsoap\.org|tempuri\.org)/|urn:)",
    re.IGNORECASE,
)

_DEVICE_INFO = {
    "Manufacturer": "onvif.device_info.manufacturer",
    "Model": "onvif.device_info.model",
    "FirmwareVersion": "onvif.device_info.firmware",
    "SerialNumber": "onvif.device_info.serial",
    "HardwareId": "onvif.device_info.hardware_id",
}
_UPNP_DEVICE = {
    "manufacturer": "upnp.manufacturer",
    "modelName": "upnp.model_name",
    "modelNumber": "upnp.model_number",
    "friendlyName": "upnp.friendly_name",
    "serialNumber": "upnp.serial",
    "deviceType": "upnp.device_type",
    "modelDescription": "upnp.model_description",
}


def local_name(tag: object) -> str:
    """An element's tag without its namespace."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def namespace(tag: object) -> str:
    """An element's namespace URI (``{uri}name`` → ``uri``); empty when it has none."""
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def xml_root(data: bytes) -> Element | None:
    """The root element of ``data`` (at most :data:`MAX_XML_BYTES`), parsed safely; ``None`` when unreadable."""
    if len(data) > MAX_XML_BYTES:
        return None
    try:
        root: Element = SafeET.fromstring(data)
    except (ParseError, DefusedXmlException, ValueError, LookupError, RecursionError):
        return None
    return root


def _value(el: Element) -> str:
    return (el.text or "").strip()[:MAX_VALUE_CHARS]


def soap_namespaces(body: bytes) -> list[str]:
    """The namespace URIs a SOAP answer declares beyond the standards' own, in order, at most
    :data:`MAX_NAMESPACES`: a maker's own web services (Axis's ``http://www.axis.com/vapix/ws/...``) show in
    the envelope of any answer, a time reply or a fault included. Read from the raw bytes (a parser drops
    declarations), from the first :data:`MAX_XML_BYTES`."""
    found: list[str] = []
    for match in _XMLNS.finditer(body[:MAX_XML_BYTES]):
        uri = (match.group(1) or match.group(2)).decode("utf-8", errors="replace")[:MAX_VALUE_CHARS]
        if uri not in found and not _STANDARD_NAMESPACE.match(uri):
            found.append(uri)
            if len(found) >= MAX_NAMESPACES:
                break
    return found


def capability_xaddrs(root: Element) -> list[str]:
    """The service addresses (``XAddr``) of a GetCapabilitiesResponse, at most :data:`MAX_XADDRS`."""
    found: list[str] = []
    for el in root.iter():
        if local_name(el.tag) == "XAddr" and _value(el) and _value(el) not in found:
            found.append(_value(el))
            if len(found) >= MAX_XADDRS:
                break
    return found


def hostname(root: Element) -> str | None:
    """The ``Name`` of a GetHostnameResponse's HostnameInformation, if any."""
    for el in root.iter():
        if local_name(el.tag) == "HostnameInformation":
            name = next((_value(c) for c in el if local_name(c.tag) == "Name" and _value(c)), None)
            if name:
                return name
    return None


def decode_scope(text: str) -> str:
    """One scope URI as every reader reports it: percent-decoded first, then capped at
    :data:`MAX_VALUE_CHARS` (so the cap never cuts an escape in half and bounds what a user reads)."""
    return unquote(text.strip()).strip()[:MAX_VALUE_CHARS]


def scope_items(root: Element) -> list[str]:
    """The ``ScopeItem`` URIs of a GetScopesResponse, decoded by :func:`decode_scope`, at most :data:`MAX_SCOPES`."""
    scopes: list[str] = []
    for el in root.iter():
        if local_name(el.tag) == "ScopeItem" and el.text and el.text.strip():
            scopes.append(decode_scope(el.text))
            if len(scopes) >= MAX_SCOPES:
                break
    return scopes


def onvif_fields(root: Element) -> dict[str, str]:
    """``onvif.device_info.*`` of a GetDeviceInformationResponse and ``onvif.scope`` of a GetScopesResponse."""
    fields: dict[str, str] = {}
    for el in root.iter():
        if local_name(el.tag) == "GetDeviceInformationResponse":
            for child in el:
                key = _DEVICE_INFO.get(local_name(child.tag))
                if key and _value(child):
                    fields[key] = _value(child)
    scopes = scope_items(root)
    if scopes:
        fields["onvif.scope"] = "\n".join(scopes)
    return fields


def upnp_fields(root: Element) -> dict[str, str]:
    """``upnp.*`` of the root ``<device>`` of a UPnP device description (empty when it is not one)."""
    device = next((el for el in root if local_name(el.tag) == "device"), None)
    if local_name(root.tag) != "root" or device is None:
        return {}
    fields = {}
    for child in device:
        key = _UPNP_DEVICE.get(local_name(child.tag))
        if key and _value(child):
            fields[key] = _value(child)
    return fields


def upnp_description(body: bytes) -> dict[str, str]:
    """``upnp.*`` of a UPnP device description document (empty when unreadable or not one): what live
    discovery, the SSDP probe and the importers all read."""
    root = xml_root(body)
    return {} if root is None else upnp_fields(root)
