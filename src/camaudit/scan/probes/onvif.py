"""ONVIF device service: GetSystemDateAndTime, GetCapabilities and GetHostname (access class PRE_AUTH in the
ONVIF Core specification: a device answers them without credentials), then GetDeviceInformation and
GetScopes, which many devices answer without credentials and the rest refuse with a SOAP fault. With
credentials the user supplied, GetDeviceInformation again with a WS-Security UsernameToken.

Besides the answers' values, the probe keeps the service addresses (XAddrs) and the namespaces the answers
declare beyond the standards' own: a maker's web services show there even when every value is generic. The
first envelope's namespace table is kept as ``soap.declarations`` by the reader imported answers go through
(``protocols/soap_envelope.py``), so a live scan reads the SOAP stack as an import of the same reply does.
At most five requests, only to a device service that answered ONVIF in the first place.

The device service is asked at ``/onvif/device_service`` on every web port, and also where the device itself
says it is: a WS-Discovery ProbeMatch's XAddrs on the same host, on a port or path the first round did not ask
(:func:`advertised_device_services`; white-label firmware often serves it elsewhere, on a port no preset lists).

Replies are parsed with defusedxml: no entity expansion, no external DTDs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from camaudit.model import Observation
from camaudit.protocols import soap, soap_envelope
from camaudit.scan.auth.schemes import wsse_header
from camaudit.scan.http_client import http_request
from camaudit.scan.net import ProbeContext, ProbeError
from camaudit.scan.probes.base import (
    WEB,
    Endpoint,
    Probe,
    make_observation,
    request_path_ok,
    same_address,
    xml_root,
)

DEVICE_SERVICE = "/onvif/device_service"
_CONTENT_TYPE = "application/soap+xml; charset=utf-8"
_ENVELOPE = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>'
    '<{op} xmlns="http://www.onvif.org/ver10/device/wsdl"/></s:Body></s:Envelope>'
)
MAX_SCOPES = soap.MAX_SCOPES
#: Advertised device services asked per host at most (a ProbeMatch may list several addresses).
MAX_ADVERTISED = 2
_FAULT = re.compile(rb"<(?:[\w-]{1,32}:)?Fault[\s>]")
_ENVELOPE_TAG = re.compile(rb"<(?:[\w-]{1,32}:)?Envelope[\s>]")


def is_fault(body: bytes) -> bool:
    """True for a SOAP fault, even a malformed one (device XML is often not well-formed)."""
    root = xml_root(body)
    if root is None:
        return _FAULT.search(body[:65536]) is not None
    return any(soap.local_name(el.tag) == "Fault" for el in root.iter())


#: Characters of a fault's subcode and reason kept at most.
MAX_FAULT = 200


def parse_fault(body: bytes) -> str | None:
    """``subcode reason`` of a SOAP 1.2 fault (``ter:NotAuthorized Sender not Authorized``), one line, bounded.

    The wording is the firmware's own (its SOAP toolkit's or its maker's), the same on every device of a build,
    so it is kept as evidence even when the device refuses to say who it is."""
    root = xml_root(body)
    if root is None:
        return None
    parts: list[str] = []
    for el in root.iter():
        name = soap.local_name(el.tag)
        if name in ("Subcode", "Reason"):
            texts = [" ".join(t.split()) for t in el.itertext() if t.strip()]
            # A Subcode's own Value, not a nested Subcode's (read when the loop reaches it).
            parts += texts[:1]
        elif name == "faultstring" and el.text:  # SOAP 1.1
            parts.append(" ".join(el.text.split()))
    text = " ".join(dict.fromkeys(p for p in parts if p))
    return text[:MAX_FAULT] or None


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
        if soap.local_name(el.tag) == "UTCDateTime":
            for sub in el.iter():
                name = soap.local_name(sub.tag)
                if name in ("Year", "Month", "Day", "Hour", "Minute", "Second") and sub.text:
                    values[name] = sub.text.strip()
    try:
        y, mo, d, h, mi, s = (int(values[k]) for k in ("Year", "Month", "Day", "Hour", "Minute", "Second"))
    except (KeyError, ValueError):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}Z"


def advertised_device_services(observations: Sequence[Observation], ip: str) -> list[Endpoint]:
    """Device services a WS-Discovery answer of ``ip`` advertises on ``ip`` itself, not yet asked.

    Only ``http``/``https`` XAddrs whose host is the address that answered, with a printable path; another
    host in an XAddr is a relay or a lie, recorded by the discovery probe and never contacted. A web port the
    first round already asked at the default path is not asked again."""
    asked = {(o.port, o.fields.get("onvif.service", DEVICE_SERVICE)) for o in observations if o.protocol == "onvif"}
    asked |= {(o.port, DEVICE_SERVICE) for o in observations if o.protocol in ("http", "https")}
    found: list[Endpoint] = []
    for obs in observations:
        if obs.protocol != "wsd":
            continue
        for xaddr in obs.fields.get("onvif.xaddrs", "").split():
            try:
                url = urlsplit(xaddr)
                port = url.port or (443 if url.scheme.lower() == "https" else 80)
            except ValueError:
                continue
            path = url.path or DEVICE_SERVICE
            if url.scheme.lower() not in ("http", "https") or not same_address(url.hostname, ip):
                continue
            if not request_path_ok(path) or (port, path) in asked:
                continue
            asked.add((port, path))
            found.append(Endpoint(ip, port, url.scheme.lower(), path))
            if len(found) >= MAX_ADVERTISED:
                return found
    return found


async def _call(ctx: ProbeContext, ep: Endpoint, op: str) -> tuple[int, bytes]:
    body = _ENVELOPE.format(op=op).encode()
    resp = await http_request(
        ctx, ep.ip, ep.port, ep.path or DEVICE_SERVICE, method="POST", tls=ep.tls, body=body,
        content_type=_CONTENT_TYPE,
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
    fields = {"onvif.service": ep.path or DEVICE_SERVICE}
    if when:
        fields["onvif.system_time"] = when
    raw = body
    namespaces = soap.soap_namespaces(body)
    # The stack's table is the same on every answer; the first envelope that arrived says it (a fault too).
    soap_envelope.read_bytes(body, fields)
    early = parse_device_information(body) if enveloped else {}
    try:
        status, body = await _call(ctx, ep, "GetCapabilities")
        namespaces += soap.soap_namespaces(body)
        soap_envelope.read_bytes(body, fields)
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
        fault = parse_fault(body) if not info and is_fault(body) else None
        if fault:
            fields["onvif.fault"] = fault
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
            # This observation stands alone (a device whose unauthenticated answers were read elsewhere, or not
            # at all): it keeps the stack's table of the answer it reports, as probe_onvif does.
            soap_envelope.read_bytes(resp.body, info)
            return [make_observation(ep.ip, ep.port, "onvif", info, resp.body)]
        if resp.status in (400, 401, 403, 500) and is_fault(resp.body):
            turn.settle("rejected")
            return [make_observation(ep.ip, ep.port, "onvif", cred.refused_fields("onvif", "rejected"))]
    return []


PROBES = (
    Probe("onvif", probe_onvif, services=WEB, advertised=advertised_device_services),
    Probe("onvif-auth", probe_onvif_auth, services=WEB, when_field="onvif.service", needs_credentials=True),
)
