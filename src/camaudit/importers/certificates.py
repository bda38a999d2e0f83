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

import ipaddress
import re
from typing import Any

from camaudit.importers.base import as_dict, put_san
from camaudit.protocols import asn1
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


#: One escape of Python's ``repr`` of bytes, as Shodan writes an extension's value (``\\x82``, ``\\n``, ``\\'``).
_BYTES_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|[nrt'\"\\])")
_ESCAPED = {"n": "\n", "r": "\r", "t": "\t", "'": "'", '"': '"', "\\": "\\"}
#: Longest extension value read (a subjectAltName naming a few hosts is well under 1 KiB).
_MAX_EXTENSION_CHARS = 8 * 1024
#: GeneralName tags read (RFC 5280 section 4.2.1.6): dNSName [2] and iPAddress [7], both primitive.
_DNS_NAME, _IP_ADDRESS = 0x82, 0x87
#: An extension kept as text is cut at _MAX_EXTENSION_CHARS: two length octets (64 KiB) are more than it holds.
_LENGTH_OCTETS = 2


def shodan_san(extensions: Any, fields: dict[str, str]) -> None:
    """``tls.san`` from the ``subjectAltName`` entry of Shodan's ``ssl.cert.extensions`` (``[{"name", "data"}]``,
    ``data`` the extension's DER value written as Python writes bytes: ``0\\x16\\x82\\x14*.example.com``), for a
    banner without ``ssl.chain``; DNS names and IP addresses, as a certificate read whole gives them."""
    for extension in extensions[:32] if isinstance(extensions, list) else []:
        data = as_dict(extension).get("data")
        if as_dict(extension).get("name") == "subjectAltName" and isinstance(data, str):
            put_san(fields, general_names(_unescaped_bytes(data[:_MAX_EXTENSION_CHARS])))
            return


def _unescaped_bytes(text: str) -> bytes:
    if not text.isascii():
        return b""
    return _BYTES_ESCAPE.sub(lambda m: chr(int(m.group(1)[1:], 16)) if m.group(1)[0] == "x" else _ESCAPED[m.group(1)],
                             text).encode("latin-1")


def general_names(der: bytes) -> list[str]:
    """The DNS names and IP addresses of a DER ``GeneralNames`` (a SEQUENCE of tagged names); ``[]`` when it is not
    one. Other kinds of name (e-mail, URI, directory name) are skipped, as a certificate read whole skips them."""
    names: list[str] = []
    try:
        body = asn1.read(der, max_length_octets=_LENGTH_OCTETS)
        if body.tag != 0x30:
            return []
        for item in asn1.elements(der, body.start, body.end, max_length_octets=_LENGTH_OCTETS):
            value = der[item.start : item.end]
            if item.tag == _DNS_NAME and value.isascii() and value.decode("ascii").isprintable():
                names.append(value.decode("ascii"))
            elif item.tag == _IP_ADDRESS and len(value) in (4, 16):
                names.append(str(ipaddress.ip_address(value)))
    except asn1.TlvError:
        return []
    return names


def _fill(der: bytes | None, fields: dict[str, str]) -> bool:
    if der is None:
        return False
    found = certificate_fields(der)
    for name, value in found.items():
        fields.setdefault(name, value)
    # Only a fingerprint: the bytes were not a certificate cryptography can read.
    return len(found) > 1
