"""A certificate a scan file keeps whole (masscan's ``X509`` banner as base64 DER, Shodan's ``ssl.chain`` and httpx's
``tls.certificate`` as PEM) into the ``tls.*`` fields, read by :mod:`camaudit.protocols.certificate` as the live
probe reads the one a device presents -- so a certificate's names are read the same from these as from a scan,
and as from Censys's, zgrab2's and nmap's parsed certificates.

The parsed certificates carry the certificate's shape too (validity, serial, key, signature), each scanner in its
own keys and spellings; :func:`zcrypto_shape` reads zcrypto's layout (zgrab2, Censys's ``cert.parsed``),
:func:`censys_leaf_shape` Censys's ``leaf_data`` summary. Shodan, nmap and httpx are read in their importers with the
same normalisers (``protocols/certificate.py``), so a certificate has one ``tls.not_after`` whoever saw it.
"""

from __future__ import annotations

from typing import Any

from camaudit.importers.base import as_dict
from camaudit.protocols.certificate import (
    base64_der,
    certificate_fields,
    key_bits,
    key_type_name,
    pem_der,
    put_shape,
    serial_hex,
    signature_name,
    timestamp,
)


def pem_certificate(pem: str, fields: dict[str, str]) -> bool:
    """Fill the ``tls.*`` fields ``fields`` lacks from the first certificate in PEM text; False when it holds
    none."""
    return _fill(pem_der(pem), fields)


def base64_certificate(text: str, fields: dict[str, str]) -> bool:
    """Fill the ``tls.*`` fields ``fields`` lacks from a certificate kept as base64 DER; False when it is not
    one."""
    return _fill(base64_der(text), fields)


def zcrypto_shape(parsed: Any, fields: dict[str, str]) -> None:
    """The shape of a certificate zcrypto parsed (zgrab2's ``parsed``; Censys's ``cert.parsed``, which names the
    validity ``validity_period.not_before``/``not_after`` and the keys ``rsa``/``ecdsa``)."""
    cert = as_dict(parsed)
    validity = as_dict(cert.get("validity")) or as_dict(cert.get("validity_period"))
    key_info = as_dict(cert.get("subject_key_info"))
    algorithm = as_dict(cert.get("signature_algorithm")) or as_dict(
        as_dict(cert.get("signature")).get("signature_algorithm"))
    size = None
    for name in ("rsa_public_key", "ecdsa_public_key", "dsa_public_key", "rsa", "ecdsa", "dsa"):
        size = size or key_bits(as_dict(key_info.get(name)).get("length"))
    put_shape(fields, {
        "tls.not_before": timestamp(validity.get("start") or validity.get("not_before")),
        "tls.not_after": timestamp(validity.get("end") or validity.get("not_after")),
        "tls.serial": serial_hex(cert.get("serial_number")),
        "tls.key_type": key_type_name(as_dict(key_info.get("key_algorithm")).get("name")),
        "tls.key_bits": size,
        "tls.signature": signature_name(algorithm.get("name")) or signature_name(algorithm.get("oid")),
    })


def censys_leaf_shape(leaf: Any, fields: dict[str, str]) -> None:
    """The shape Censys's ``tls.certificates.leaf_data`` summarises: ``pubkey_algorithm``, ``pubkey_bit_size``,
    ``signature.signature_algorithm`` (a name, or zcrypto's ``{name, oid}``)."""
    data = as_dict(leaf)
    algorithm = as_dict(data.get("signature")).get("signature_algorithm")
    if isinstance(algorithm, dict):
        algorithm = algorithm.get("name")
    put_shape(fields, {
        "tls.key_type": key_type_name(data.get("pubkey_algorithm")),
        "tls.key_bits": key_bits(data.get("pubkey_bit_size")),
        "tls.signature": signature_name(algorithm),
    })


def _fill(der: bytes | None, fields: dict[str, str]) -> bool:
    if der is None:
        return False
    found = certificate_fields(der)
    for name, value in found.items():
        fields.setdefault(name, value)
    # Only a fingerprint: the bytes were not a certificate cryptography can read.
    return len(found) > 1
