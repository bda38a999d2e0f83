"""What a SOAP envelope's start tag says about the web-service stack that wrote it, even when nothing else arrived.

A SOAP toolkit declares namespaces on the ``Envelope`` start tag from a table built into the server: gSOAP emits the
whole ``namespaces[]`` table its code generator wrote from the service's WSDLs (``SOAP-ENV``, ``SOAP-ENC``, ``xsi``,
``xsd``, then the imports -- ``wsdd`` for WS-Discovery, ``wsse`` for WS-Security, ``chan`` and ``wsa5`` for
WS-Addressing -- then the service's own prefixes), in the generator's order, in every answer, a fault included; a
hand-written ONVIF server writes the template it copied. Collectors keep the first few hundred bytes of a reply, so
the start tag is often all that arrived: the body (an answer, a fault) and the ONVIF prefixes later in the table are
cut. :func:`read` keeps the declarations that did arrive as ``soap.declarations``, one ``prefix=uri`` line each in the
order written (``xmlns=uri`` for a default namespace); the layer ``layers/onvif_answers.yaml`` reads which stack and
which service they are. Only a start tag whose own prefix is bound to SOAP 1.1's or 1.2's envelope namespace is read.

A client's *request* is an envelope too, and threads, tests and guides quote them as often as answers: a WS-Discovery
``Probe`` asking for ``dn:NetworkVideoTransmitter``, a ``GetDeviceInformation`` sent to a camera. It shows what a
client asks for, not what a device is, and a gSOAP client generated from ONVIF's WSDLs writes the same table as the
server. :func:`request` tells one by its body's first element (:func:`read` then keeps nothing): an operation of
ONVIF's services or of Axis's VAPIX web services (every answer's is ``...Response``, a fault is ``Fault``), a
WS-Discovery ``Probe`` or ``Resolve``, or a WS-BaseNotification subscriber's call. The header does not tell: a
camera's fault may echo the Probe's WS-Addressing action in its own (a TP-Link VIGI C340-W's, quoted in
github:andreikop/python-ws-discovery issue 56), and agsh/onvif's recorded answers keep the request's WS-Security
UsernameToken. An envelope cut before its body's first element is read as before.

Where the envelope came from can still be told when its body never arrived: :func:`from_client` also takes an
envelope quoted after an HTTP ``POST`` request line and head (an importer that kept a POST with its body, a thread
quoting what a client sent) as the client's, whatever was cut, unless an HTTP status line follows (an exchange
stored whole). A bare envelope cut before its body stays undecided: its header's WS-Addressing ``Action`` may be a
request's or an answer's echo of it (the VIGI fault above), and a device answers a SOAP 1.1 POST without a
``SOAPAction`` header of its own, so nothing that arrived says who wrote it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

#: Where an envelope's start tag may begin: after an XML declaration, a byte-order mark, a comment or two.
ENVELOPE_WITHIN = 2048
#: Most declarations kept (gSOAP's ONVIF tables hold about 50), and the longest namespace kept of one.
MAX_DECLARATIONS = 64
MAX_URI_CHARS = 256
#: The field the declarations go to.
DECLARATIONS = "soap.declarations"
#: The field that says whose words an HTTP body holding an envelope near its start is (:func:`body_request`).
BODY_REQUEST = "http.body_request"
#: How far past the start of the tag declarations are read when its ``>`` never arrived (a reply cut mid-tag).
_TAG_WITHIN = 16 * 1024
#: Bytes of a live answer or a datagram handed to :func:`read_bytes`: the start tag within 2 KB, the tag up to 16 KB.
MAX_BYTES = ENVELOPE_WITHIN + _TAG_WITHIN
#: SOAP 1.1's and SOAP 1.2's envelope namespaces.
SOAP_ENVELOPES = frozenset(("http://schemas.xmlsoap.org/soap/envelope/", "http://www.w3.org/2003/05/soap-envelope"))
#: An ``Envelope`` start tag, with or without a prefix.
_ENVELOPE = re.compile(r"<(?:([A-Za-z_][\w.-]{0,39}):)?Envelope[\s>]")
#: Declarations scanned on the start tag (a table longer than :data:`MAX_DECLARATIONS` is still read to find the
#: envelope's own binding and a request's prefixes).
_MAX_SCANNED = 256
#: How far past the start tag a request's ``Body`` is looked for (a header with WS-Addressing and WS-Security is
#: under 4 KB).
_BODY_WITHIN = 16 * 1024
#: A ``Body`` start tag, and the first element inside it (after white space and at most two comments).
_BODY = re.compile(r"<(?:([A-Za-z_][\w.-]{0,39}):)?Body[\s/>]")
_FIRST_CHILD = re.compile(
    r"\s{0,256}(?:<!--[^>]{0,512}-->\s{0,256}){0,2}<(?:([A-Za-z_][\w.-]{0,39}):)?([A-Za-z_][\w.-]{0,79})[\s/>]"
)
#: How far past a request's first element a second envelope (the answer, in an exchange stored whole) is looked for.
_EXCHANGE_WITHIN = 64 * 1024
#: The namespaces of operations whose answers are ``<operation>Response`` (WSDL's document/literal convention): every
#: ONVIF service's, and Axis's VAPIX web services (``GetEventInstances`` answered by ``GetEventInstancesResponse``,
#: github:Kane610/axis/axis/event_instances.py@2fe2af708731), and the prefixes ONVIF's WSDLs give its services.
_OPERATIONS = ("http://www.onvif.org/ver", "http://www.axis.com/vapix/ws/")
_ONVIF_SERVICE_PREFIXES = frozenset(("tds", "trt", "tr2", "tev", "tptz", "timg", "tan", "tmd", "trc", "tse", "trp"))
#: WS-Discovery (2005/04, ONVIF's; 1.1 of 2009) and the two messages a client sends: the rest (ProbeMatches,
#: ResolveMatches, Hello, Bye) are a target service's.
_DISCOVERY = frozenset((
    "http://schemas.xmlsoap.org/ws/2005/04/discovery", "http://docs.oasis-open.org/ws-dd/ns/discovery/2009/01",
))
_DISCOVERY_REQUESTS = frozenset(("Probe", "Resolve"))
#: WS-BaseNotification 1.3: what a subscriber asks a notification producer (``Notify`` is the producer's: a camera
#: posting its events is speaking for itself).
_BASE_NOTIFICATION = "http://docs.oasis-open.org/wsn/b-2"
_SUBSCRIBER_REQUESTS = frozenset(("Subscribe", "Renew", "Unsubscribe", "GetCurrentMessage", "CreatePullPoint"))
#: Body elements that are a device's whatever their namespace.
_ANSWERS = frozenset(("Fault", "ProbeMatches", "ResolveMatches", "Hello", "Bye", "Notify"))
#: What may come before a document's first element: a byte-order mark, white space, an XML declaration, two comments.
_LEAD = re.compile(r"\ufeff?\s{0,256}(?:<\?xml[^<>]{0,256}\?>\s{0,256})?(?:<!--[^>]{0,512}-->\s{0,256}){0,2}")
#: An HTTP request line and head before a request's SOAP body (``POST /onvif/device_service HTTP/1.1``, its headers).
_POST_HEAD = re.compile(
    r"POST [!-~]{1,512} HTTP/1\.[01]\r?\n(?:[A-Za-z][A-Za-z0-9-]{0,63}[ \t]{0,8}:[^\r\n]{0,2048}\r?\n){0,32}\r?\n"
)
#: An HTTP status line at a line start: the answer of an exchange stored after its request.
_STATUS_LINE = re.compile(r"^HTTP/1\.[01] [1-5][0-9]{2}[ \r\n]", re.MULTILINE)
#: One namespace declaration: ``xmlns`` or ``xmlns:prefix``, then the URI in either quote (bounded: anything may come).
_DECLARATION = re.compile(
    r"""\sxmlns(?::([A-Za-z_][\w.-]{0,39}))?[ \t\r\n]{0,8}=[ \t\r\n]{0,8}"""
    r"""(?:"([^"<>\s]{1,256})"|'([^'<>\s]{1,256})')"""
)


class Reading(NamedTuple):
    """What one reading of a document's SOAP envelope found (:func:`reading`): at most one of the two is set."""

    #: A device's envelope: its declarations as ``soap.declarations`` keeps them (``None``: no device's envelope).
    declarations: str | None
    #: A client's request: the operation it asks for (:func:`request`).
    request: str | None


#: No SOAP envelope at all (or one whose start tag binds no SOAP envelope namespace to its own prefix).
NO_ENVELOPE = Reading(None, None)


def reading(text: str) -> Reading:
    """The SOAP envelope ``text`` starts with, read once: a device's declarations, or a client's request, or neither.

    ``text`` is a document (an HTTP body, a reply kept without its head) whose first 2 KB hold the envelope's start
    tag. The tag may be cut: what arrived is read. A reader that goes on to other readers of the same document
    (importers/sniff.py, then importers/api_answers.py) hands this on instead of parsing the envelope again."""
    envelope = _envelope(text)
    if envelope is None:
        return NO_ENVELOPE
    operation = _request(text, envelope)
    if operation is not None:
        return Reading(None, operation)
    return Reading("\n".join(envelope.lines[:MAX_DECLARATIONS]), None)


def keep(found: Reading, fields: dict[str, str]) -> bool:
    """Fill ``soap.declarations`` from a :func:`reading` (a value already there stays); whether it was a device's."""
    if found.declarations is None:
        return False
    fields.setdefault(DECLARATIONS, found.declarations)
    return True


def read(text: str, fields: dict[str, str]) -> bool:
    """Fill ``soap.declarations`` from the SOAP envelope ``text`` starts with; whether it is a device's one.

    Nothing is kept when the tag's own prefix is not declared as a SOAP envelope namespace on it (a WSDL, an XSL
    sheet, a page quoting an envelope is no envelope), nor for a client's request (:func:`request`)."""
    return keep(reading(text), fields)


def from_client(text: str) -> bool:
    """Whether ``text`` is what a client sent to a device rather than the device's words: it starts (after white space,
    an XML declaration, a comment or two) with a client's SOAP request (:func:`request`), or with an HTTP ``POST``
    request line and head followed by a SOAP envelope, cut or whole, and no status line (the module's docstring)."""
    start = _lead_end(text, 0)
    if text.startswith("POST ", start):
        head = _POST_HEAD.match(text, start)
        if head is None:
            return False
        body = text[_lead_end(text, head.end()) : head.end() + MAX_BYTES]
        return (
            _ENVELOPE.match(body) is not None and _envelope(body) is not None
            and _STATUS_LINE.search(text, head.end(), head.end() + _EXCHANGE_WITHIN) is None
        )
    if _ENVELOPE.match(text, start) is None:
        return False  # a page, a document, an answer of another kind: an envelope quoted inside it is not read
    return request(text) is not None


def body_request(body: str, *, answer: bool = False) -> str | None:
    """``http.body_request`` for an HTTP body: ``None`` when no envelope starts in its first 2 KB (one ``find``: nearly
    every body), else ``"true"`` when it is a client's request (:func:`from_client`) and ``"false"`` when not.

    The source that keeps the body says it, once, so identify reads the answer instead of parsing the body again.
    ``answer`` is a reader's word that its :func:`reading` of this body found no client's request (importers/sniff.py
    keeps such a body as page text): :func:`from_client` then cannot find one either, and is not asked."""
    if body.find("Envelope", 0, ENVELOPE_WITHIN) < 0:
        return None
    if answer:
        return "false"
    return "true" if from_client(body) else "false"


def _lead_end(text: str, start: int) -> int:
    """Where the first element after ``start`` may begin, past what :data:`_LEAD` allows before it."""
    lead = _LEAD.match(text, start)
    return start if lead is None else lead.end()


def request(text: str) -> str | None:
    """The operation a client's SOAP request in ``text`` asks for (``Probe``, ``GetDeviceInformation``), else ``None``:
    an answer, a fault, a notification, an envelope cut before its body's first element, or no envelope at all."""
    return reading(text).request


class _Envelope:
    """An envelope's start tag as it arrived: where it ends, its prefix, its declarations (``prefix=uri`` lines)."""

    __slots__ = ("end", "lines", "own", "prefixes")

    def __init__(self, end: int, own: str, lines: list[str], prefixes: dict[str, str]) -> None:
        self.end, self.own, self.lines, self.prefixes = end, own, lines, prefixes


def _envelope(text: str) -> _Envelope | None:
    """The SOAP envelope start tag ``text`` starts with (within :data:`ENVELOPE_WITHIN`), or ``None``."""
    found = _ENVELOPE.search(text, 0, ENVELOPE_WITHIN)
    if found is None:
        return None
    end = text.find(">", found.end() - 1, found.start() + _TAG_WITHIN)
    stop = end if end >= 0 else min(len(text), found.start() + _TAG_WITHIN)
    own = found.group(1) or ""
    lines: list[str] = []
    prefixes: dict[str, str] = {}
    envelope = False
    for declaration in _DECLARATION.finditer(text, found.end() - 1, stop):
        prefix = declaration.group(1) or ""
        uri = (declaration.group(2) or declaration.group(3))[:MAX_URI_CHARS]
        if prefix == own and uri in SOAP_ENVELOPES:
            envelope = True
        if len(lines) < _MAX_SCANNED:
            lines.append(f"{prefix or 'xmlns'}={uri}")
            prefixes.setdefault(prefix, uri)
    return _Envelope(end, own, lines, prefixes) if envelope else None


def _request(text: str, envelope: _Envelope) -> str | None:
    """:func:`request` for the envelope already found in ``text``."""
    if envelope.end < 0:
        return None  # cut inside its start tag: nothing says who sent it
    body = _BODY.search(text, envelope.end, envelope.end + _BODY_WITHIN)
    while body is not None and (body.group(1) or "") != envelope.own:
        body = _BODY.search(text, body.end(), envelope.end + _BODY_WITHIN)
    if body is None:
        return None  # cut before its body: a header alone does not say (above)
    body_end = text.find(">", body.end() - 1, body.end() + _TAG_WITHIN)
    first = None if body_end < 0 or text[body_end - 1] == "/" else _FIRST_CHILD.match(text, body_end + 1)
    if first is None or first.group(2) in _ANSWERS:
        return None  # empty, cut before its first element, an answer's message or a fault
    prefix, name = first.group(1) or "", first.group(2)
    tag_end = text.find(">", first.end() - 1, first.end() + _TAG_WITHIN)
    scopes = (envelope.prefixes, _declared(text, body.start(), body_end),
              _declared(text, first.end() - 1, tag_end if tag_end >= 0 else first.end() - 1))
    uri = next((scope[prefix] for scope in reversed(scopes) if prefix in scope), None)
    if not _is_request(uri, prefix, name):
        return None
    if _ENVELOPE.search(text, first.end(), first.end() + _EXCHANGE_WITHIN) is not None:
        return None  # another envelope follows (an exchange stored whole: the answer is read, not dropped)
    return name


def _declared(text: str, start: int, stop: int) -> dict[str, str]:
    """The prefixes a start tag between ``start`` and ``stop`` declares (``""`` for a default namespace)."""
    return {
        (found.group(1) or ""): (found.group(2) or found.group(3))
        for found in _DECLARATION.finditer(text, start, stop)
    }


def _is_request(uri: str | None, prefix: str, name: str) -> bool:
    """Whether the body's first element ``prefix:name`` in namespace ``uri`` is a client's call (``uri`` is ``None``
    when the quoted text left the prefix undeclared: ONVIF's conventional service prefixes and a ``Probe``/``Resolve``
    then speak for themselves)."""
    if uri is None:
        return (prefix in _ONVIF_SERVICE_PREFIXES and not name.endswith("Response")) or name in _DISCOVERY_REQUESTS
    if uri.startswith(_OPERATIONS):
        return not name.endswith("Response")
    if uri in _DISCOVERY:
        return name in _DISCOVERY_REQUESTS
    return uri == _BASE_NOTIFICATION and name in _SUBSCRIBER_REQUESTS


def read_bytes(data: bytes, fields: dict[str, str]) -> bool:
    """:func:`read` on the bytes of a live answer or a datagram (an ONVIF device service's reply, a WS-Discovery
    message): a capped prefix, decoded leniently, so every path that receives an envelope keeps the same table."""
    return read(data[:MAX_BYTES].decode("utf-8", errors="replace"), fields)
