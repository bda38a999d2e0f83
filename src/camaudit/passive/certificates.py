"""Zeek's certificate records (``x509.log``, ``known_certs.log``) into the ``tls.*`` fields a live scan gives.

Zeek logs a certificate once (``x509.log``; by default again only after a day) and each TLS session that presented
it in ``ssl.log``, which points at it: ``cert_chain_fps`` holds the SHA-256 fingerprints of the chain, the server's
own certificate first (Zeek 4.2 and later; ``x509.log`` then names each certificate by its ``fingerprint``), and
before that ``cert_chain_fuids`` held file ids matching ``x509.log``'s ``id``. So the certificates are read first
and kept in a bounded table, and the ``ssl`` records join them to the server that presented them
(``passive/zeek.py``). Column names as Zeek's ``X509::Info`` writes them (docs.zeek.org, base/files/x509/main.zeek;
the btest baselines of zeek/zeek): ``certificate.subject``/``.issuer`` (RFC 4514 as OpenSSL prints it, most
specific first, as :mod:`camaudit.protocols.certificate` does), ``certificate.serial`` (upper-case hex),
``certificate.not_valid_before``/``_after`` (epoch seconds, or ISO 8601 with ``use_json_iso8601``),
``certificate.key_type``/``.key_alg``, ``certificate.key_length``, ``certificate.sig_alg``, ``san.dns``,
``san.ip``, ``host_cert``, ``client_cert``, ``basic_constraints.ca`` and, with the ``log-certs-base64`` policy
script, ``cert`` (the DER in base64), which is read whole like a scanner's copy.

``known_certs.log`` (policy/protocols/ssl/known-certs) names the host itself: ``host``, ``port_num``, ``subject``,
``issuer_subject``, ``serial``.

Nothing here raises on what a log holds: a value of the wrong kind is left out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from camaudit.passive.tally import Tally
from camaudit.protocols.certificate import (
    MAX_NAME_CHARS,
    base64_der,
    certificate_fields,
    key_bits,
    key_type_name,
    put_shape,
    san_lines,
    serial_hex,
    signature_name,
    timestamp,
)

#: Most certificates kept until an ``ssl`` record names their server (each a few hundred bytes of fields); a
#: site's x509.log holds the certificates of every server its hosts reached, most of them outside.
MAX_CERTIFICATES = 20_000
#: Longest id kept: a SHA-256 fingerprint is 64 hex digits, a file id 15-18 characters.
MAX_ID_CHARS = 128
_SHA256 = re.compile(r"[0-9a-fA-F]{64}")
_TRUE = (True, "T", "true")
CertificateFields = Mapping[str, str]


class CertificateTable:
    """The server certificates of an ``x509.log``, by fingerprint and by file id, until ``ssl.log`` joins them."""

    def __init__(self, tally: Tally) -> None:
        self.tally = tally
        self._by_id: dict[str, CertificateFields] = {}

    def add(self, record: Mapping[str, Any]) -> bool | str:
        """Keep one ``x509.log`` record; True when it was read (a client's or a CA's certificate is read and
        set aside: a device's own server certificate is what identifies it), else the reason it was skipped."""
        ids = [value[:MAX_ID_CHARS] for value in (record.get("fingerprint"), record.get("id"))
               if isinstance(value, str) and value]
        if not ids:
            return "Zeek x509 records without fingerprint or id (skipped)"
        if record.get("client_cert") in _TRUE or record.get("basic_constraints.ca") in _TRUE:
            return True
        fields = x509_fields(record)
        if not fields:
            return "Zeek x509 records with no certificate field camaudit reads (skipped)"
        if len(self._by_id) >= MAX_CERTIFICATES and not any(i in self._by_id for i in ids):
            self.tally.add(f"Zeek x509 certificates beyond the first {MAX_CERTIFICATES:,} (not kept)")
            return True
        for key in ids:
            self._by_id[key] = fields
        return True

    def get(self, key: str) -> CertificateFields:
        """The fields of the certificate with this fingerprint or file id; empty when it was not logged."""
        return self._by_id.get(key[:MAX_ID_CHARS], {})


def x509_fields(record: Mapping[str, Any]) -> dict[str, str]:
    """The ``tls.*`` fields of one ``x509.log`` record (the DER's own when the log kept it, else its columns)."""
    fields: dict[str, str] = {}
    der = base64_der(record["cert"]) if isinstance(record.get("cert"), str) else None
    if der is not None:
        fields.update(certificate_fields(der))
    for column, key in (("certificate.subject", "tls.subject"), ("certificate.issuer", "tls.issuer")):
        value = record.get(column)
        if isinstance(value, str) and value.strip():
            fields.setdefault(key, value.strip()[:MAX_NAME_CHARS])
    if "tls.san" not in fields:
        names = _strings(record.get("san.dns")) + _strings(record.get("san.ip"))
        lines = san_lines(names)
        if lines:
            fields["tls.san"] = lines
    fingerprint = record.get("fingerprint")
    if isinstance(fingerprint, str) and _SHA256.fullmatch(fingerprint):
        # Zeek's default X509::hash_function is SHA-256 of the DER: the same value a scan's tls.sha256 holds.
        fields.setdefault("tls.sha256", fingerprint.lower())
    put_shape(fields, {
        "tls.not_before": _moment(record.get("certificate.not_valid_before")),
        "tls.not_after": _moment(record.get("certificate.not_valid_after")),
        "tls.serial": _serial(record.get("certificate.serial")),
        "tls.key_type": key_type_name(record.get("certificate.key_type"))
        or key_type_name(record.get("certificate.key_alg")),
        "tls.key_bits": key_bits(record.get("certificate.key_length")),
        "tls.signature": signature_name(record.get("certificate.sig_alg")),
    })
    return fields


def known_cert_fields(record: Mapping[str, Any]) -> dict[str, str]:
    """The ``tls.*`` fields of one ``known_certs.log`` record: the names and the serial."""
    fields: dict[str, str] = {}
    for column, key in (("subject", "tls.subject"), ("issuer_subject", "tls.issuer")):
        value = record.get(column)
        if isinstance(value, str) and value.strip():
            fields[key] = value.strip()[:MAX_NAME_CHARS]
    if fields:
        put_shape(fields, {"tls.serial": _serial(record.get("serial"))})
    return fields


def _strings(value: Any) -> list[str]:
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return [value] if isinstance(value, str) else []


def _serial(value: Any) -> str | None:
    return serial_hex(value, base=16) if isinstance(value, str) else None


def _moment(value: Any) -> str | None:
    """Epoch seconds (TSV ``1670687517.000000``, JSON ``1670687517``) or an ISO 8601 string as ``tls.not_*``."""
    if isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(r"-?\d{1,12}(?:\.\d{1,9})?", text):
            return timestamp(text)
        value = float(text)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        moment = dt.datetime.fromtimestamp(value, tz=dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return timestamp(f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:{moment.minute:02d}:"
                     f"{moment.second:02d}Z")
