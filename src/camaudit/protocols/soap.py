"""ONVIF SOAP answers and UPnP device descriptions read from text a scanner stored.

Live probes ask for these documents themselves (``scan/probes/onvif.py``, ``scan/discovery/upnp.py``); scan
files (Shodan, Censys, zgrab2, masscan, nmap) often carry the same documents as a banner or an HTTP body.
Parsed with defusedxml (no entities, no external DTDs), from a capped prefix; every reader returns the same
field names the live probe fills, and an empty mapping for anything else. :func:`xml_root` is the one safe
parser of device XML (live probes pass :func:`camaudit.scan.anomalies.note` as its hook); :func:`partial_root`
reads an answer a scanner's byte cap cut off as far as it arrived.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import unquote
from xml.etree.ElementTree import Element, ParseError

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

#: Largest XML document parsed; a device description or a SOAP answer is a few KiB.
MAX_XML_BYTES = 64 * 1024
#: Longest value kept of any one element.
MAX_VALUE_CHARS = 256
MAX_SCOPES = 64
#: Most namespace URIs and service addresses kept of one answer.
MAX_NAMESPACES = 32
MAX_XADDRS = 16
#: Deepest element nesting :func:`partial_root` builds; a SOAP answer is about ten deep.
MAX_DEPTH = 64

#: Told what a device's XML did wrong: ``(kind, message)``, the signature of ``scan.anomalies.note``
#: (kinds ``unsafe-xml``: entities or a DTD refused; ``too-large``: past :data:`MAX_XML_BYTES`, not parsed).
AnomalyHook = Callable[[str, str], None]

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
    "manufacturerURL": "upnp.manufacturer_url",
    "modelURL": "upnp.model_url",
    "presentationURL": "upnp.presentation_url",
    "UDN": "upnp.udn",
}
#: Service types kept of one description's root device (a camera lists one to five).
MAX_SERVICE_TYPES = 16


def local_name(tag: object) -> str:
    """An element's tag without its namespace."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def namespace(tag: object) -> str:
    """An element's namespace URI (``{uri}name`` → ``uri``); empty when it has none."""
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def _refused(exc: DefusedXmlException, on_anomaly: AnomalyHook | None) -> None:
    if on_anomaly is not None:
        on_anomaly("unsafe-xml", f"XML refused, not expanded or fetched: {type(exc).__name__}")


def xml_root(data: bytes, *, on_anomaly: AnomalyHook | None = None) -> Element | None:
    """The root element of ``data`` (at most :data:`MAX_XML_BYTES`), parsed safely (no entities, no external
    DTDs); ``None`` when unreadable. ``on_anomaly`` hears a document refused for its entities or DTD and one
    too large to parse; a document that is merely broken is not an anomaly (most banners are not XML)."""
    if len(data) > MAX_XML_BYTES:
        if on_anomaly is not None:
            on_anomaly("too-large", f"XML of {len(data)} bytes not parsed (the cap is {MAX_XML_BYTES})")
        return None
    try:
        return _whole(data)
    except DefusedXmlException as exc:
        _refused(exc, on_anomaly)
        return None


def _whole(data: bytes) -> Element | None:
    """``data`` parsed whole by defusedxml, ``None`` when broken; a refusal (entities, external DTDs) raises."""
    try:
        root: Element = SafeET.fromstring(data)
    except DefusedXmlException:  # a ValueError too: for the caller to hear, not to pass as merely broken
        raise
    except (ParseError, ValueError, LookupError, RecursionError):  # LookupError: an unknown encoding
        return None
    return root


class _Cut(Exception):
    """Raised inside the parser's callbacks: nesting deeper than :data:`MAX_DEPTH`."""


class _KeepWhatArrived:
    """A parser target that builds the tree as elements arrive, so a document that stops short keeps them.

    Text is given to an element only when something ends it (a child's start, the element's own end): the
    text of an element still open where the document stops may be cut mid-word, so it is dropped. Tails
    (text after an end tag) are not kept: no reader of device XML uses them.
    """

    def __init__(self) -> None:
        self.root: Element | None = None
        self._open: list[Element] = []
        self._text: list[str] = []

    def _settle_text(self) -> None:
        if self._text and self._open:
            top = self._open[-1]
            if top.text is None and len(top) == 0:
                top.text = "".join(self._text)
        self._text.clear()

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self._settle_text()
        if len(self._open) >= MAX_DEPTH:
            raise _Cut
        element = Element(tag, attrib)
        if self._open:
            self._open[-1].append(element)
        elif self.root is None:
            self.root = element
        else:  # a second root element: not well-formed, and nothing of ours
            raise _Cut
        self._open.append(element)

    def end(self, tag: str) -> None:
        self._settle_text()
        if self._open:
            self._open.pop()

    def data(self, text: str) -> None:
        if self._open:
            self._text.append(text)

    def close(self) -> Element | None:
        return self.root


def partial_root(data: bytes, *, on_anomaly: AnomalyHook | None = None) -> Element | None:
    """The root of ``data`` read as far as it is well-formed, for answers a scanner stored cut off at its byte
    cap (or a document longer than :data:`MAX_XML_BYTES`, read to the cap).

    A whole document gives the tree :func:`xml_root` gives. A document that stops short (or turns malformed)
    keeps every element whose start tag arrived, with the text of those that were closed or had a child
    start: a scope list, a model name or an XAddr cut in half is left out, never read half. ``None`` when not
    even a root element arrived, or when defusedxml refuses the document (entities, external DTDs), which
    ``on_anomaly`` then hears, as from :func:`xml_root`.
    """
    try:
        whole = _whole(data) if len(data) <= MAX_XML_BYTES else None
    except DefusedXmlException as exc:  # refused: heard once, and not parsed a second time below
        _refused(exc, on_anomaly)
        return None
    if whole is not None:
        return whole  # the common case, at the C parser's speed
    target = _KeepWhatArrived()
    parser = DefusedXMLParser(target=target, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    try:
        parser.feed(data[:MAX_XML_BYTES])
        parser.close()
    except DefusedXmlException as exc:
        _refused(exc, on_anomaly)
        return None
    except (_Cut, ParseError, ValueError, LookupError, RecursionError):
        pass  # keep what arrived before the cut
    return target.root


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


#: The elements a media service's URI answer puts its address in: Media's ``GetStreamUriResponse`` and
#: ``GetSnapshotUriResponse`` hold a ``MediaUri`` whose ``Uri`` is the address; Media2's hold the ``Uri`` directly
#: (ONVIF Media Service Specification, media.wsdl and media2.wsdl).
_URI_HOLDERS = frozenset(("MediaUri", "GetStreamUriResponse", "GetSnapshotUriResponse"))


def media_uris(root: Element) -> list[str]:
    """The stream and snapshot addresses a media service's URI answer hands out (``rtsp://.../Streaming/Channels/101``,
    ``http://.../onvif-http/snapshot?Profile_1``), at most :data:`MAX_XADDRS`: the device's own paths, in the
    maker's conventions."""
    return _child_values(root, _URI_HOLDERS, "Uri")


def hardware_addresses(root: Element) -> list[str]:
    """The ``HwAddress`` of each network interface a GetNetworkInterfaces answer lists (``tt:NetworkInterfaces`` /
    ``tt:Info`` / ``tt:HwAddress``, ONVIF's schema), as written, at most :data:`MAX_XADDRS`."""
    return _child_values(root, frozenset(("Info",)), "HwAddress")


def _child_values(root: Element, parents: frozenset[str], child_name: str) -> list[str]:
    """The distinct non-empty values of each ``child_name`` element directly under an element named in ``parents``
    (local names), in document order, at most :data:`MAX_XADDRS`."""
    found: list[str] = []
    for el in root.iter():
        if local_name(el.tag) not in parents:
            continue
        for child in el:
            value = _value(child) if local_name(child.tag) == child_name else ""
            if value and value not in found:
                found.append(value)
                if len(found) >= MAX_XADDRS:
                    return found
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
    """``upnp.*`` of the root ``<device>`` of a UPnP device description (empty when it is not one): its names,
    its URLs and UDN, and the service types its ``serviceList`` names (``upnp.service_type``, one per line)."""
    device = next((el for el in root if local_name(el.tag) == "device"), None)
    if local_name(root.tag) != "root" or device is None:
        return {}
    fields = {}
    services: list[str] = []
    for child in device:
        name = local_name(child.tag)
        key = _UPNP_DEVICE.get(name)
        if key and _value(child):
            fields[key] = _value(child)
        elif name == "serviceList":
            for service in child:
                for item in service:
                    kind = _value(item) if local_name(item.tag) == "serviceType" else ""
                    if kind and kind not in services and len(services) < MAX_SERVICE_TYPES:
                        services.append(kind)
    if services:
        fields["upnp.service_type"] = "\n".join(services)
    return fields


def upnp_description(body: bytes) -> dict[str, str]:
    """``upnp.*`` of a UPnP device description document (empty when unreadable or not one): what live
    discovery, the SSDP probe and the importers all read. Read as far as it arrived (:func:`partial_root`): a
    description cut at a reader's byte cap, its long service list lost, still names its maker and model."""
    root = partial_root(body)
    return {} if root is None else upnp_fields(root)
