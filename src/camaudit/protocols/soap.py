"""ONVIF SOAP answers and UPnP device descriptions read from text a scanner stored.

Live probes ask for these documents themselves (``scan/probes/onvif.py``, ``scan/discovery/upnp.py``); scan
files (Shodan, Censys, zgrab2, masscan, nmap) often carry the same documents as a banner or an HTTP body.
Parsed with defusedxml (no entities, no external DTDs), from a capped prefix; every reader returns the same
field names the live probe fills, and an empty mapping for anything else.
"""

from __future__ import annotations

from urllib.parse import unquote
from xml.etree.ElementTree import Element, ParseError

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

#: Largest XML document parsed; a device description or a SOAP answer is a few KiB.
MAX_XML_BYTES = 64 * 1024
#: Longest value kept of any one element.
MAX_VALUE_CHARS = 256
MAX_SCOPES = 64

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
