"""A certificate a scan file keeps whole (masscan's ``X509`` banner as base64 DER, Shodan's ``ssl.chain`` as PEM)
into the fields every format fills for it: ``tls.subject``/``tls.issuer`` as ``cryptography`` prints them,
``tls.sha256`` and its subjectAltName as ``tls.san`` -- so a certificate's names are read the same from these
as from Censys's, zgrab2's and nmap's parsed certificates."""

from __future__ import annotations

from cryptography import x509
from cryptography.hazmat.primitives import hashes

from camaudit.importers.base import MAX_FIELD_CHARS, put_san

#: What reading a malformed certificate raises: bad DER or PEM, and extensions that cryptography refuses when
#: it reads them (lazily): a repeated extension, a kind of name it does not support.
CERTIFICATE_ERRORS = (ValueError, x509.DuplicateExtension, x509.UnsupportedGeneralNameType)
#: A certificate longer than this is not a device's (they are 1-3 KiB); it is not parsed.
MAX_CERTIFICATE_CHARS = 16 * 1024


def certificate_fields(cert: x509.Certificate, fields: dict[str, str]) -> None:
    """Fill the ``tls.*`` fields ``fields`` lacks from ``cert``; a name with no attributes gives no field.

    Raises one of :data:`CERTIFICATE_ERRORS` when the extensions cannot be read (cryptography parses them lazily).
    """
    names = {
        "tls.subject": cert.subject.rfc4514_string(),
        "tls.issuer": cert.issuer.rfc4514_string(),
        "tls.sha256": cert.fingerprint(hashes.SHA256()).hex(),
    }
    for name, value in names.items():
        if value and name not in fields:
            fields[name] = value[:MAX_FIELD_CHARS]
    if "tls.san" not in fields:
        try:
            san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        except x509.ExtensionNotFound:
            return
        dns = san.get_values_for_type(x509.DNSName)
        put_san(fields, [*dns, *(str(ip) for ip in san.get_values_for_type(x509.IPAddress))])
