"""TLS: the device certificate's subject, issuer, names and fingerprint (never trusted, only read)."""

from __future__ import annotations

import contextlib
import hashlib

from cryptography import x509


def describe_certificate(der: bytes) -> dict[str, str]:
    """Observation fields for a DER certificate; an unparsable one still yields its fingerprint."""
    fields = {"tls.sha256": hashlib.sha256(der).hexdigest()}
    try:
        cert = x509.load_der_x509_certificate(der)
    except ValueError:
        return fields
    with contextlib.suppress(ValueError):
        fields["tls.subject"] = cert.subject.rfc4514_string()
    with contextlib.suppress(ValueError):
        fields["tls.issuer"] = cert.issuer.rfc4514_string()
    with contextlib.suppress(x509.ExtensionNotFound, ValueError):
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        names = [str(n.value) for n in san]
        if names:
            fields["tls.san"] = "\n".join(names[:32])
    return fields

