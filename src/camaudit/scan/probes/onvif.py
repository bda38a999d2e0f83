"""ONVIF device service: GetSystemDateAndTime, GetCapabilities and GetHostname (access class PRE_AUTH in the
ONVIF Core specification: a device answers them without credentials), then GetDeviceInformation and
GetScopes, which many devices answer without credentials and the rest refuse with a SOAP fault. With
credentials the user supplied, GetDeviceInformation again with a WS-Security UsernameToken.

Besides the answers' values, the probe keeps the service addresses (XAddrs) and the namespaces the answers
declare beyond the standards' own: a maker's web services show there even when every value is generic.
At most five requests, only to a device service that answered ONVIF in the first place.

Replies are parsed with defusedxml: no entity expansion, no external DTDs.
"""

from __future__ import annotations

import re

from camaudit.model import Observation
from camaudit.protocols import soap
from camaudit.scan.auth.schemes import wsse_header
from camaudit.scan.http_client import http_request
from camaudit.scan.net import ProbeContext, ProbeError
from camaudit.scan.probes.base import WEB, Endpoint, Probe, local_name, make_observation, xml_root

DEVICE_SERVICE = "/onvif/device_service"
_CONTENT_TYPE = "application/soap+xml; charset=utf-8"
_ENVELOPE = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>'
    '<{op} xmlns="http://www.onvif.org/ver10/device/wsdl"/></s:Body></s:Envelope>'
)
MAX_SCOPES = soap.MAX_SCOPES
_FAULT = re.compile(rb"<(?:[\w-]{1,32}:)?Fault[\s>]")
_ENVELOPE_TAG = re.compile(rb"<(?:[\w-]{1,32}:)?Envelope[\s>]")


def is_fault(body: bytes) -> bool:
    """True for a SOAP fault, even a malformed one (device XML is often not well-formed)."""
    root = xml_root(body)
    if root is None:
        return _FAULT.search(body[:65536]) is not None
    return any(local_name(el.tag) == "Fault" for el in root.iter())


def parse_device_information(body: bytes) -> dict[str, str]:
    """Fields of a GetDeviceInformationResponse (empty when the body is not one)."""
    root = xml_root(body)
    if root is None:
        return {}
    # The same reader as for ONVIF answers stored in scan files; only the device information, not the scopes.
    return {k: v for k, v in soap.onvif_fields(root).items() if k.startswith("onvif.device_info.")}


def parse_scopes(body: bytes) -> list[str]:
    """Scope URIs of a GetScopesResponse, read as stored answers are (``protocols/soap.scope_items``)."""
    root = xml_root(body)
    return [] if root is None else soap.scope_items(root)


def parse_system_time(body: bytes) -> str | None:
    """``YYYY-MM-DDTHH:MM:SSZ`` from a GetSystemDateAndTimeResponse's UTCDateTime, if present."""
    root = xml_root(body)
    if root is None:
        return None
    values: dict[str, str] = {}
    for el in root.iter():
        if local_name(el.tag) == "UTCDateTime":
            for sub in el.iter():
                name = local_name(sub.tag)
                if name in ("Year", "Month", "Day", "Hour", "Minute", "Second") and sub.text:
                    values[name] = sub.text.strip()
    try:
        y, mo, d, h, mi, s = (int(values[k]) for k in ("Year", "Month", "Day", "Hour", "Minute", "Second"))
    except (KeyError, ValueError):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}Z"


async def _call(ctx: ProbeContext, ep: Endpoint, op: str) -> tuple[int, bytes]:
    body = _ENVELOPE.format(op=op).encode()
    resp = await http_request(
        ctx, ep.ip, ep.port, DEVICE_SERVICE, method="POST", tls=ep.tls, body=body, content_type=_CONTENT_TYPE
    )
    return resp.status, resp.body


async def probe_onvif(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
    """Ask the device service who it is; a device that does not speak ONVIF yields nothing."""
    status, body = await _call(ctx, ep, "GetSystemDateAndTime")
    when = parse_system_time(body) if status == 200 else None
    # Any SOAP envelope from the device service is ONVIF, even one that answers every operation alike
    # (some firmware, and recorded-reply servers); a fault says so too.
    enveloped = status == 200 and _ENVELOPE_TAG.search(body[:4096]) is not None
    if when is None and not enveloped and not (status in (400, 401, 500) and is_fault(body)):
        return []
    fields = {"onvif.service": DEVICE_SERVICE}
    if when:
        fields["onvif.system_time"] = when
    raw = body
    namespaces = soap.soap_namespaces(body)
    early = parse_device_information(body) if enveloped else {}
    try:
        status, body = await _call(ctx, ep, "GetCapabilities")
        namespaces += soap.soap_namespaces(body)
        root = xml_root(body) if status == 200 else None
        xaddrs = soap.capability_xaddrs(root) if root is not None else []
        if xaddrs:
            fields["onvif.xaddrs"] = "\n".join(xaddrs)
        status, body = await _call(ctx, ep, "GetHostname")
        root = xml_root(body) if status == 200 else None
        name = soap.hostname(root) if root is not None else None
        if name:
            fields["onvif.hostname"] = name
        status, body = await _call(ctx, ep, "GetDeviceInformation")
        namespaces += soap.soap_namespaces(body)
        info = (parse_device_information(body) if status == 200 else {}) or early
        fields.update(info)
        fields["onvif.device_info.access"] = "open" if info else "refused"
        status, body = await _call(ctx, ep, "GetScopes")
        scopes = parse_scopes(body) if status == 200 else []
        if scopes:
            fields["onvif.scope"] = "\n".join(scopes)
    except ProbeError:
        pass
    unique = list(dict.fromkeys(namespaces))[: soap.MAX_NAMESPACES]
    if unique:
        fields["onvif.namespaces"] = "\n".join(unique)
    return [make_observation(ep.ip, ep.port, "onvif", fields, raw)]


async def probe_onvif_auth(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
    """ONVIF GetDeviceInformation with a WS-Security UsernameToken (one login per account per device)."""
    creds = ctx.credentials.for_target(ep.ip, "onvif") if ctx.credentials else []
    if not creds or not ctx.logins.first_run(ep.ip, "onvif", creds[0].username):
        return []
    cred = creds[0]
    async with ctx.logins.turn(ep.ip, cred.username, cred.password) as turn:
        if not turn.go:
            return []
        envelope = (
            '<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope">'
            f"<s:Header>{wsse_header(cred.username, cred.password)}</s:Header><s:Body>"
            '<GetDeviceInformation xmlns="http://www.onvif.org/ver10/device/wsdl"/></s:Body></s:Envelope>'
        ).encode()
        resp = await http_request(
            ctx, ep.ip, ep.port, DEVICE_SERVICE, method="POST", tls=ep.tls, body=envelope,
            content_type=_CONTENT_TYPE,
        )
        info = parse_device_information(resp.body) if resp.status == 200 else {}
        if info:
            turn.settle("accepted")
            info["onvif.device_info.access"] = "authenticated"
            info["auth.onvif"] = "ok"
            return [make_observation(ep.ip, ep.port, "onvif", info, resp.body)]
        if resp.status in (400, 401, 403, 500) and is_fault(resp.body):
            turn.settle("rejected")
            return [make_observation(ep.ip, ep.port, "onvif", cred.refused_fields("onvif", "rejected"))]
    return []


PROBES = (
    Probe("onvif", probe_onvif, services=WEB),
    Probe("onvif-auth", probe_onvif_auth, services=WEB, when_field="onvif.service", needs_credentials=True),
)
