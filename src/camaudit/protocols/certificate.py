"""A device's X.509 certificate into the ``tls.*`` fields, one way for every path that holds its bytes.

The live HTTPS probe gets the certificate as DER from the handshake; masscan keeps it as base64 DER, Shodan and
httpx as PEM. All read it here, so one certificate gives the same fields wherever it was seen:

* ``tls.subject`` and ``tls.issuer``: RFC 4514 strings as ``cryptography`` prints them (most specific attribute
  first; a multi-valued RDN joined with ``+``; attributes without a short name by dotted OID) -- the spelling
  the importers of parsed certificates (Censys, zgrab2, nmap) also write (``importers/text.py``);
* ``tls.san``: the subjectAltName's DNS names and IP addresses (docs/observation-fields.md), one a line, in the
  certificate's order; e-mail, URI and directory names are not host names and are left out. A certificate
  naming more than :data:`MAX_SAN_NAMES` hosts serves many tenants (a CDN, a hosting provider): its names say
  nothing about the device answering, and one of them may be a camera maker's own web site, so it gives none;
* ``tls.sha256``: the SHA-256 of the DER, whatever else could be read.

The certificate is never trusted, only read. Nothing here raises: a part that cannot be read (a name whose
string is not valid in its declared type, a repeated extension) is left out and the rest kept.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Iterable

from cryptography import x509

#: A certificate longer than this is not a device's (they are 1-3 KiB); it is not parsed.
MAX_CERTIFICATE_BYTES = 16 * 1024
#: A certificate naming more hosts than this serves many tenants; its names are not the device's.
MAX_SAN_NAMES = 8
#: Most characters a name field keeps.
MAX_NAME_CHARS = 8 * 1024
#: What reading a malformed certificate raises: bad DER, and what cryptography refuses when it reads a name or
#: an extension (lazily): a string not valid in its type, a repeated extension, a kind of name it does not know.
_CERTIFICATE_ERRORS = (ValueError, UnicodeError, x509.DuplicateExtension, x509.UnsupportedGeneralNameType)
_PEM_BEGIN = "-----BEGIN CERTIFICATE-----"
_PEM_END = "-----END CERTIFICATE-----"
#: Most base64 characters a certificate of :data:`MAX_CERTIFICATE_BYTES` takes (4 per 3 bytes, line ends aside).
_MAX_BASE64_CHARS = MAX_CERTIFICATE_BYTES * 4 // 3 + 4


def certificate_fields(der: bytes) -> dict[str, str]:
    """The ``tls.*`` fields of a DER certificate; an unparsable one still yields its fingerprint."""
    fields = {"tls.sha256": hashlib.sha256(der).hexdigest()}
    if len(der) > MAX_CERTIFICATE_BYTES:
        return fields
    try:
        cert = x509.load_der_x509_certificate(der)
    except _CERTIFICATE_ERRORS:
        return fields
    for key, part in (("tls.subject", "subject"), ("tls.issuer", "issuer")):
        try:
            text = getattr(cert, part).rfc4514_string()[:MAX_NAME_CHARS]
        except _CERTIFICATE_ERRORS:
            continue
        if text:
            fields[key] = text
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        names = [*san.get_values_for_type(x509.DNSName), *(str(ip) for ip in san.get_values_for_type(x509.IPAddress))]
    except (x509.ExtensionNotFound, *_CERTIFICATE_ERRORS):
        names = []
    lines = san_lines(names)
    if lines:
        fields["tls.san"] = lines
    return fields


def san_lines(names: Iterable[object]) -> str | None:
    """subjectAltName host names as the ``tls.san`` field (one a line), None when there are none or more than
    :data:`MAX_SAN_NAMES` (a shared certificate). Anything not a string is skipped."""
    texts: list[str] = []
    for name in names:
        text = name.strip() if isinstance(name, str) else ""
        if text:
            texts.append(text)
            if len(texts) > MAX_SAN_NAMES:
                return None
    return "\n".join(texts)[:MAX_NAME_CHARS] or None


def pem_der(pem: str) -> bytes | None:
    """The DER of the first certificate in PEM text, None when there is none or it is not base64."""
    begin = pem.find(_PEM_BEGIN, 0, 2 * _MAX_BASE64_CHARS)
    if begin < 0:
        return None
    begin += len(_PEM_BEGIN)
    end = pem.find(_PEM_END, begin, begin + 2 * _MAX_BASE64_CHARS)
    return base64_der(pem[begin:end]) if end >= 0 else None


def base64_der(text: str) -> bytes | None:
    """The DER of a certificate kept as base64 text (masscan's ``X509`` banner), None when it is not base64 or
    longer than a device's certificate."""
    if len(text) > 2 * _MAX_BASE64_CHARS:
        return None
    cut = "".join(text.split())
    if not cut or len(cut) > _MAX_BASE64_CHARS:
        return None
    try:
        return base64.b64decode(cut + "=" * (-len(cut) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None
