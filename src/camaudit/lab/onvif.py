"""ONVIF for emulated cameras: the device service's identity operations and WS-Discovery.

Envelopes follow the shapes of the public ONVIF mock responses and the gSOAP firmware replies in
``shared/data`` (onvif-mock-responses, onvif-soap-templates, wsdiscovery/probe_response.xml): SOAP 1.2,
``SOAP-ENV`` prefix, 2005/04 discovery namespace. What a request carries (a probe's MessageID) is
escaped before it is echoed, and probes are parsed with defusedxml.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from xml.etree.ElementTree import Element, ParseError
from xml.sax.saxutils import escape

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from camaudit.lab import template
from camaudit.lab.discovery_spec import OnvifSpec
from camaudit.lab.profile import HttpSpec, Profile, Route

DEVICE_SERVICE = "/onvif/device_service"
#: Longest MessageID echoed back in RelatesTo.
MAX_MESSAGE_ID = 128


def _env_open(spec: OnvifSpec) -> str:
    """The XML declaration and the envelope's start tag with the profile's namespace table, in its order."""
    table = " ".join('xmlns:{}="{}"'.format(*line.split("=", 1)) for line in spec.namespaces)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope {table}><SOAP-ENV:Body>'


_ENV_CLOSE = "</SOAP-ENV:Body></SOAP-ENV:Envelope>\n"

_TIME = (
    "<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>NTP</tt:DateTimeType>"
    "<tt:DaylightSavings>false</tt:DaylightSavings><tt:TimeZone><tt:TZ>GMT0</tt:TZ></tt:TimeZone>"
    "{{onvif_utc}}</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>"
)


def _fault(subcode: str, reason: str, code: str = "Sender") -> str:
    return (
        f"<SOAP-ENV:Fault><SOAP-ENV:Code><SOAP-ENV:Value>SOAP-ENV:{code}</SOAP-ENV:Value><SOAP-ENV:Subcode>"
        f"<SOAP-ENV:Value>ter:{subcode}</SOAP-ENV:Value></SOAP-ENV:Subcode></SOAP-ENV:Code><SOAP-ENV:Reason>"
        f'<SOAP-ENV:Text xml:lang="en">{reason}</SOAP-ENV:Text></SOAP-ENV:Reason></SOAP-ENV:Fault>'
    )


def _device_information(spec: OnvifSpec) -> str:
    fields = (
        ("Manufacturer", spec.manufacturer),
        ("Model", spec.model or "{{model}}"),
        ("FirmwareVersion", spec.firmware or "{{firmware}}"),
        ("SerialNumber", spec.serial or "{{serial}}"),
        ("HardwareId", spec.hardware_id),
    )
    inner = "".join(f"<tds:{name}>{escape(value)}</tds:{name}>" for name, value in fields)
    return f"<tds:GetDeviceInformationResponse>{inner}</tds:GetDeviceInformationResponse>"


def _scopes(spec: OnvifSpec) -> str:
    items = "".join(
        f"<tds:Scopes><tt:ScopeDef>{'Configurable' if '/name/' in s or '/location/' in s else 'Fixed'}"
        f"</tt:ScopeDef><tt:ScopeItem>{escape(s)}</tt:ScopeItem></tds:Scopes>"
        for s in spec.scopes
    )
    return f"<tds:GetScopesResponse>{items}</tds:GetScopesResponse>"


def _route(spec: OnvifSpec, status: int, body: str, contains: str | None = None, prefix: bool = False) -> Route:
    headers = [("Server", spec.server)] if spec.server else []
    headers += [
        ("Content-Type", "application/soap+xml; charset=utf-8"),
        ("Content-Length", "{{content_length}}"),
        ("Connection", "close"),
    ]
    return Route.model_validate(
        {
            "method": "POST",
            "path": spec.path.rsplit("/", 1)[0] + "/" if prefix else spec.path,
            "match": "prefix" if prefix else "exact",
            "body_contains": contains,
            "status": status,
            "headers": headers,
            "body": _env_open(spec) + body + _ENV_CLOSE,
        }
    )


def onvif_routes(spec: OnvifSpec) -> list[Route]:
    """Routes for the device service, placed before the profile's own routes."""
    refused = _fault("NotAuthorized", "Sender not Authorized")
    if spec.access == "open":
        info = _route(spec, 200, _device_information(spec), "GetDeviceInformation")
        scopes = _route(spec, 200, _scopes(spec), "GetScopes")
        other = _route(spec, 400, _fault("ActionNotSupported", "Optional Action Not Implemented"), prefix=True)
    else:
        info = _route(spec, 401, refused, "GetDeviceInformation")
        scopes = _route(spec, 401, refused, "GetScopes")
        other = _route(spec, 401, refused, prefix=True)
    return [_route(spec, 200, _TIME, "GetSystemDateAndTime"), info, scopes, other]


def with_onvif(http: HttpSpec, profile: Profile, service: str) -> HttpSpec:
    """``http`` with the ONVIF routes in front when ``service`` carries the profile's device service."""
    spec = profile.onvif
    if spec is None:
        return http
    carriers = {spec.service} | {s.name for s in profile.services if s.same_as == spec.service}
    if service not in carriers:
        return http
    return http.model_copy(update={"routes": [*onvif_routes(spec), *http.routes]})


def endpoint(profile: Profile, mac: str) -> str:
    """The WS-Addressing endpoint: a stable uuid per profile whose last 12 digits are the MAC."""
    if profile.onvif is not None and profile.onvif.endpoint:
        return profile.onvif.endpoint
    h = hashlib.sha1(profile.name.encode(), usedforsecurity=False).hexdigest()
    return f"urn:uuid:{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{mac.replace(':', '').lower()}"


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def parse_probe(data: bytes) -> tuple[str, set[str]] | None:
    """(MessageID, requested type names) of a WS-Discovery Probe; None for anything else (Hello, matches)."""
    if b"Probe" not in data[:8192]:
        return None
    try:
        root: Element = SafeET.fromstring(data)
    except (ParseError, DefusedXmlException, ValueError, LookupError):  # LookupError: an unknown encoding
        return None
    message_id, probe = "", None
    for el in root.iter():
        name = _local(el.tag)
        if name == "MessageID":
            message_id = (el.text or "").strip()
        elif name == "Probe":
            probe = el
    if probe is None:
        return None
    types: set[str] = set()
    for el in probe.iter():
        if _local(el.tag) == "Types" and el.text:
            types |= {t.rsplit(":", 1)[-1] for t in el.text.split()}
    return message_id[:MAX_MESSAGE_ID], types


_WSD_OPEN = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" '
    'xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing" '
    'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" '
    'xmlns:dn="http://www.onvif.org/ver10/network/wsdl" xmlns:tds="http://www.onvif.org/ver10/device/wsdl">'
)
_ACTION = "http://schemas.xmlsoap.org/ws/2005/04/discovery/"


def _endpoint_block(spec: OnvifSpec, values: Mapping[str, str]) -> str:
    scopes = " ".join(template.render(s, values) for s in spec.scopes)
    xaddr = f"http://{values['ip']}:{values.get('port_' + spec.service, '80')}{spec.path}"
    return (
        f"<wsa:EndpointReference><wsa:Address>{escape(values['wsd_endpoint'])}</wsa:Address>"
        f"</wsa:EndpointReference><d:Types>{escape(spec.types)}</d:Types><d:Scopes>{escape(scopes)}</d:Scopes>"
        f"<d:XAddrs>{escape(xaddr)}</d:XAddrs><d:MetadataVersion>1</d:MetadataVersion>"
    )


def probe_match(data: bytes, spec: OnvifSpec, values: Mapping[str, str]) -> bytes | None:
    """The ProbeMatches answer to a Probe this device matches (by type), else None."""
    probe = parse_probe(data)
    if probe is None:
        return None
    message_id, wanted = probe
    offered = {t.rsplit(":", 1)[-1] for t in spec.types.split()}
    if wanted and not wanted & offered:
        return None
    header = (
        f"<SOAP-ENV:Header><wsa:MessageID>uuid:{template.DYNAMIC['uuid4']()}</wsa:MessageID>"
        f"<wsa:RelatesTo>{escape(message_id)}</wsa:RelatesTo>"
        '<wsa:To SOAP-ENV:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous'
        f'</wsa:To><wsa:Action SOAP-ENV:mustUnderstand="true">{_ACTION}ProbeMatches</wsa:Action></SOAP-ENV:Header>'
    )
    body = f"<SOAP-ENV:Body><d:ProbeMatches><d:ProbeMatch>{_endpoint_block(spec, values)}</d:ProbeMatch>"
    return (_WSD_OPEN + header + body + "</d:ProbeMatches></SOAP-ENV:Body></SOAP-ENV:Envelope>").encode()


def hello(spec: OnvifSpec, values: Mapping[str, str]) -> bytes:
    """The Hello a device multicasts when it joins the network."""
    header = (
        f"<SOAP-ENV:Header><wsa:MessageID>uuid:{template.DYNAMIC['uuid4']()}</wsa:MessageID>"
        '<wsa:To SOAP-ENV:mustUnderstand="true">urn:schemas-xmlsoap-org:ws:2005:04:discovery</wsa:To>'
        f'<wsa:Action SOAP-ENV:mustUnderstand="true">{_ACTION}Hello</wsa:Action>'
        '<d:AppSequence InstanceId="1" MessageNumber="1"/></SOAP-ENV:Header>'
    )
    body = f"<SOAP-ENV:Body><d:Hello>{_endpoint_block(spec, values)}</d:Hello></SOAP-ENV:Body>"
    return (_WSD_OPEN + header + body + "</SOAP-ENV:Envelope>").encode()
