"""A certificate a scan file keeps whole (masscan's ``X509`` banner as base64 DER, Shodan's ``ssl.chain`` and httpx's
``tls.certificate`` as PEM) into the ``tls.*`` fields, read by :mod:`camaudit.protocols.certificate` as the live
probe reads the one a device presents -- so a certificate's names are read the same from these as from a scan,
and as from Censys's, zgrab2's and nmap's parsed certificates."""

from __future__ import annotations

from camaudit.protocols.certificate import base64_der, certificate_fields, pem_der


def pem_certificate(pem: str, fields: dict[str, str]) -> bool:
    """Fill the ``tls.*`` fields ``fields`` lacks from the first certificate in PEM text; False when it holds
    none."""
    return _fill(pem_der(pem), fields)


def base64_certificate(text: str, fields: dict[str, str]) -> bool:
    """Fill the ``tls.*`` fields ``fields`` lacks from a certificate kept as base64 DER; False when it is not
    one."""
    return _fill(base64_der(text), fields)


def _fill(der: bytes | None, fields: dict[str, str]) -> bool:
    if der is None:
        return False
    found = certificate_fields(der)
    for name, value in found.items():
        fields.setdefault(name, value)
    # Only a fingerprint: the bytes were not a certificate cryptography can read.
    return len(found) > 1
