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
"""

from __future__ import annotations

import re

#: Where an envelope's start tag may begin: after an XML declaration, a byte-order mark, a comment or two.
ENVELOPE_WITHIN = 2048
#: Most declarations kept (gSOAP's ONVIF tables hold about 50), and the longest namespace kept of one.
MAX_DECLARATIONS = 64
MAX_URI_CHARS = 256
#: The field the declarations go to.
DECLARATIONS = "soap.declarations"
#: How far past the start of the tag declarations are read when its ``>`` never arrived (a reply cut mid-tag).
_TAG_WITHIN = 16 * 1024
#: Bytes of a live answer or a datagram handed to :func:`read_bytes`: the start tag within 2 KB, the tag up to 16 KB.
MAX_BYTES = ENVELOPE_WITHIN + _TAG_WITHIN
#: SOAP 1.1's and SOAP 1.2's envelope namespaces.
SOAP_ENVELOPES = frozenset(("http://schemas.xmlsoap.org/soap/envelope/", "http://www.w3.org/2003/05/soap-envelope"))
#: An ``Envelope`` start tag, with or without a prefix.
_ENVELOPE = re.compile(r"<(?:([A-Za-z_][\w.-]{0,39}):)?Envelope[\s>]")
#: One namespace declaration: ``xmlns`` or ``xmlns:prefix``, then the URI in either quote (bounded: anything may come).
_DECLARATION = re.compile(
    r"""\sxmlns(?::([A-Za-z_][\w.-]{0,39}))?[ \t\r\n]{0,8}=[ \t\r\n]{0,8}"""
    r"""(?:"([^"<>\s]{1,256})"|'([^'<>\s]{1,256})')"""
)


def read(text: str, fields: dict[str, str]) -> bool:
    """Fill ``soap.declarations`` from the SOAP envelope ``text`` starts with; whether it is one.

    ``text`` is a document (an HTTP body, a reply kept without its head) whose first 2 KB hold the envelope's start
    tag. The tag may be cut: what arrived is read. Nothing is kept when the tag's own prefix is not declared as a
    SOAP envelope namespace on it (a WSDL, an XSL sheet, a page quoting an envelope is no envelope)."""
    found = _ENVELOPE.search(text, 0, ENVELOPE_WITHIN)
    if found is None:
        return False
    end = text.find(">", found.end() - 1, found.start() + _TAG_WITHIN)
    stop = end if end >= 0 else min(len(text), found.start() + _TAG_WITHIN)
    own = found.group(1) or ""
    lines: list[str] = []
    envelope = False
    for declaration in _DECLARATION.finditer(text, found.end() - 1, stop):
        prefix = declaration.group(1) or ""
        uri = (declaration.group(2) or declaration.group(3))[:MAX_URI_CHARS]
        if prefix == own and uri in SOAP_ENVELOPES:
            envelope = True
        if len(lines) < MAX_DECLARATIONS:
            lines.append(f"{prefix or 'xmlns'}={uri}")
    if not envelope:
        return False
    fields.setdefault(DECLARATIONS, "\n".join(lines))
    return True


def read_bytes(data: bytes, fields: dict[str, str]) -> bool:
    """:func:`read` on the bytes of a live answer or a datagram (an ONVIF device service's reply, a WS-Discovery
    message): a capped prefix, decoded leniently, so every path that receives an envelope keeps the same table."""
    return read(data[:MAX_BYTES].decode("utf-8", errors="replace"), fields)
