"""WS-Discovery (ONVIF): the Probe cameras answer, and the ProbeMatch/Hello they send.

The 2005/04 discovery namespace is the one cameras answer (protocols.md §3.1). Replies vary: gSOAP
envelopes without ``<Types>``, a ``ProbeMatch`` without the ``ProbeMatches`` wrapper (ipycam), capitalised
scope keys (``Name/``, ``Model/``). Parsing is by local element name, with defusedxml, through
:func:`camaudit.protocols.soap.partial_root`: a reply a scanner stored cut off at its byte cap still gives the
scopes, types and addresses that arrived whole.

Some stored replies are no XML at all though their messages are whole: a guide or a thread that quotes an answer
elides the envelope's namespace declarations (``<SOAP-ENV:Envelope ...>``), a test quotes the body without them
(``<env:Envelope>`` with unbound prefixes). The parser stops at the first such fault, before any message. When it
finds none, :func:`_tolerant_messages` reads the same four elements of each message by a bounded scan of the text:
an element counts only when its end tag arrived and it holds text alone, so what a cut left half is left out here
too, and a message none of whose elements arrived whole is none; a document that declares a DTD or entities is read
by neither. Devices send such replies too (unbound prefixes are a known firmware fault), so live and passive discovery
read them alike.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from functools import partial
from itertools import islice
from xml.etree.ElementTree import Element
from xml.sax.saxutils import unescape

from camaudit.macaddress import normalise_mac
from camaudit.protocols.soap import MAX_SCOPES, MAX_XML_BYTES, decode_scope, local_name, partial_root

WSD_GROUP = "239.255.255.250"
WSD_PORT = 3702
_UUID_MAC = re.compile(r"([0-9A-Fa-f]{12})$")
#: The messages that describe a target service (WS-Discovery 2005/04, sections 4-6): the answer to a Probe, the
#: announcement on joining, and the answer to a Resolve (a client that knows only the endpoint asks for its
#: addresses; the answer carries the same Types, Scopes and XAddrs as a ProbeMatch). Bye carries no description.
ANNOUNCING = ("ProbeMatch", "Hello", "ResolveMatch")
#: Messages read of one datagram or stored reply, and text kept of one element by the tolerant scan.
MAX_MESSAGES = 16
_MAX_ELEMENT_CHARS = 8192
_PREFIX = r"(?:[A-Za-z_][\w.-]{0,39}:)?"
#: A message's start tag (``ProbeMatches``, the wrapper, is not one: the name must end there).
_MESSAGE_START = re.compile(rf"<{_PREFIX}({'|'.join(ANNOUNCING)})[\s/>]")
#: The same with a prefix (``<d:ProbeMatch>``), and the namespaces of WS-Discovery 2005/04 and 1.1: what tells a
#: message kept without its envelope from another protocol's element of the same name (:func:`body_messages`).
_PREFIXED_MESSAGE_START = re.compile(rf"<[A-Za-z_][\w.-]{{0,39}}:({'|'.join(ANNOUNCING)})[\s/>]")
_DISCOVERY_NAMESPACE = re.compile(
    r"schemas\.xmlsoap\.org/ws/2005/04/discovery|docs\.oasis-open\.org/ws-dd/ns/discovery"
)
#: How far into a text a message kept without its envelope may start.
_FRAGMENT_PEEK = 2048
#: The elements a message is read for, each as a whole element holding text only (no child, no comment).
_ELEMENT = {
    name: re.compile(
        rf"<{_PREFIX}{name}(?:\s[^<>]{{0,512}})?>([^<]{{1,{_MAX_ELEMENT_CHARS}}})</{_PREFIX}{name}\s{{0,8}}>"
    )
    for name in ("Scopes", "XAddrs", "Types", "Address")
}
#: XML's predefined entities beyond the three :func:`xml.sax.saxutils.unescape` always resolves (``&lt;``, ``&gt;``
#: and, last, ``&amp;``): the only references the tolerant scan resolves.
_QUOTES = {"&quot;": '"', "&apos;": "'"}


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
    as arrived: a value cut short is left out, not read half). A reply whose XML breaks before its first message (its
    declarations elided or unbound) is read by :func:`_tolerant_messages`."""
    root = partial_root(data)
    out: list[dict[str, str]] = []
    if root is not None:
        for el in root.iter():
            if local_name(el.tag) in ANNOUNCING and len(out) < MAX_MESSAGES:
                out.append(_message_fields(local_name(el.tag), partial(_text, el)))
    return out or _tolerant_messages(data)


def body_messages(text: str) -> list[dict[str, str]]:
    """The messages of a WS-Discovery reply kept without its SOAP envelope (a log that printed the Body's content:
    ``<d:ProbeMatches><d:ProbeMatch>...``, its prefixes then unbound), when one starts in its first 2 KB, prefixed or
    beside a WS-Discovery namespace (Hikvision SADP's flat, namespace-less ``ProbeMatch`` is another protocol); only
    those of which a scope, address or type arrived whole (a bare start tag describes nothing)."""
    if _PREFIXED_MESSAGE_START.search(text, 0, _FRAGMENT_PEEK) is None and not (
        _MESSAGE_START.search(text, 0, _FRAGMENT_PEEK) and _DISCOVERY_NAMESPACE.search(text, 0, _FRAGMENT_PEEK)
    ):
        return []
    return [fields for fields in parse_message(text.encode("utf-8", "replace")) if len(fields) > 1]


def _message_fields(message: str, text_of: Callable[[str], str | None]) -> dict[str, str]:
    fields: dict[str, str] = {"wsd.message": message}
    scopes = text_of("Scopes")
    if scopes:
        fields["onvif.scope"] = "\n".join(decode_scope(s) for s in scopes.split()[:MAX_SCOPES])
    xaddrs = text_of("XAddrs")
    if xaddrs:
        fields["onvif.xaddrs"] = "\n".join(xaddrs.split()[:8])
    types = text_of("Types")
    if types:
        fields["wsd.types"] = types
    address = text_of("Address")
    if address:
        fields["wsd.endpoint"] = address
        # Many Chinese OEM firmwares end the endpoint uuid with the device MAC.
        m = _UUID_MAC.search(address)
        mac = normalise_mac(m.group(1)) if m else None
        if mac:
            fields["wsd.endpoint_mac"] = mac
    return fields


def _tolerant_messages(data: bytes) -> list[dict[str, str]]:
    """The messages of a reply the XML parser could not read, found by their start tags in its first
    :data:`~camaudit.protocols.soap.MAX_XML_BYTES`; each is read up to the next message's start. A DTD or an
    entity declaration is refused as the parser refuses it."""
    text = data[:MAX_XML_BYTES].decode("utf-8", errors="replace")
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        return []
    starts = [(m.start(), m.group(1)) for m in islice(_MESSAGE_START.finditer(text), MAX_MESSAGES)]
    out = []
    for i, (start, message) in enumerate(starts):
        stop = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        fields = _message_fields(message, partial(_element_text, text, start, stop))
        if len(fields) > 1:  # a start tag with nothing whole after it is no answer read: the reply stays malformed
            out.append(fields)
    return out


def _element_text(text: str, start: int, stop: int, name: str) -> str | None:
    """The text of the first element ``name`` between ``start`` and ``stop`` that holds any (as :func:`_text`)."""
    for found in islice(_ELEMENT[name].finditer(text, start, stop), 4):
        value = found.group(1).strip()
        if value:
            return unescape(value, _QUOTES)
    return None
