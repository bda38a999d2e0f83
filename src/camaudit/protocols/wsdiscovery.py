"""WS-Discovery (ONVIF): the Probe cameras answer, and the ProbeMatch/Hello they send.

The 2005/04 discovery namespace is the one cameras answer (protocols.md §3.1). Replies vary: gSOAP
envelopes without ``<Types>``, a ``ProbeMatch`` without the ``ProbeMatches`` wrapper (ipycam), capitalised
scope keys (``Name/``, ``Model/``). Parsing is by local element name, with defusedxml, through
:func:`camaudit.protocols.soap.partial_root`: a reply a scanner stored cut off at its byte cap still gives the
scopes, types and addresses that arrived whole.
"""

from __future__ import annotations

import re
import uuid
from xml.etree.ElementTree import Element

from camaudit.macaddress import normalise_mac
from camaudit.protocols.soap import MAX_SCOPES, decode_scope, local_name, partial_root

WSD_GROUP = "239.255.255.250"
WSD_PORT = 3702
_UUID_MAC = re.compile(r"([0-9A-Fa-f]{12})$")
#: The messages that describe a target service (WS-Discovery 2005/04, sections 4-6): the answer to a Probe, the
#: announcement on joining, and the answer to a Resolve (a client that knows only the endpoint asks for its
#: addresses; the answer carries the same Types, Scopes and XAddrs as a ProbeMatch). Bye carries no description.
ANNOUNCING = ("ProbeMatch", "Hello", "ResolveMatch")


def build_probe(message_id: str | None = None) -> bytes:
    mid = message_id or f"uuid:{uuid.uuid4()}"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
        'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing">'
        "<s:Header>"
        '<a:Action s:mustUnderstand="1">http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action>'
        f"<a:MessageID>{mid}</a:MessageID>"
        "<a:ReplyTo><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address>"
        "</a:ReplyTo>"
        '<a:To s:mustUnderstand="1">urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>'
        "</s:Header><s:Body>"
        '<Probe xmlns="http://schemas.xmlsoap.org/ws/2005/04/discovery">'
        '<d:Types xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" '
        'xmlns:dp0="http://www.onvif.org/ver10/network/wsdl">dp0:NetworkVideoTransmitter</d:Types>'
        "</Probe></s:Body></s:Envelope>"
    ).encode()


def _text(parent: Element, name: str) -> str | None:
    for el in parent.iter():
        if local_name(el.tag) == name and el.text and el.text.strip():
            return el.text.strip()
    return None


def parse_message(data: bytes) -> list[dict[str, str]]:
    """Observation fields for each ProbeMatch, Hello or ResolveMatch in a WS-Discovery datagram (or as much of one
    as arrived: a value cut short is left out, not read half)."""
    root = partial_root(data)
    if root is None:
        return []
    out = []
    for el in root.iter():
        if local_name(el.tag) not in ANNOUNCING:
            continue
        fields: dict[str, str] = {"wsd.message": local_name(el.tag)}
        scopes = _text(el, "Scopes")
        if scopes:
            fields["onvif.scope"] = "\n".join(decode_scope(s) for s in scopes.split()[:MAX_SCOPES])
        xaddrs = _text(el, "XAddrs")
        if xaddrs:
            fields["onvif.xaddrs"] = "\n".join(xaddrs.split()[:8])
        types = _text(el, "Types")
        if types:
            fields["wsd.types"] = types
        address = _text(el, "Address")
        if address:
            fields["wsd.endpoint"] = address
            # Many Chinese OEM firmwares end the endpoint uuid with the device MAC.
            m = _UUID_MAC.search(address)
            mac = normalise_mac(m.group(1)) if m else None
            if mac:
                fields["wsd.endpoint_mac"] = mac
        out.append(fields)
    return out
