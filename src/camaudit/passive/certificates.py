"""Zeek's certificate records (``x509.log``, ``known_certs.log``) into the ``tls.*`` fields a live scan gives.

Zeek logs a certificate once (``x509.log``; by default again only after a day) and each TLS session that presented
it in ``ssl.log``, which points at it: ``cert_chain_fps`` holds the SHA-256 fingerprints of the chain, the server's
own certificate first (Zeek 4.2 and later; ``x509.log`` then names each certificate by its ``fingerprint``), and
before that ``cert_chain_fuids`` held file ids matching ``x509.log``'s ``id``. So ``ssl.log`` is read first: the
certificates servers inside the site presented are waited for (a bounded table of fingerprints and servers), and
only those are read from ``x509.log`` (``passive/zeek.py``); the certificates of the outside servers a site's hosts
reach, most of that log, are never kept. Column names as Zeek's ``X509::Info`` writes them (docs.zeek.org,
base/files/x509/main.zeek; the btest baselines of zeek/zeek): ``certificate.subject``/``.issuer`` (RFC 4514 as
OpenSSL prints it, most specific first, as :mod:`camaudit.protocols.certificate` does), ``certificate.serial``
(upper-case hex),
``certificate.not_valid_before``/``_after`` (epoch seconds, or ISO 8601 with ``use_json_iso8601``),
``certificate.key_type``/``.key_alg``, ``certificate.key_length``, ``certificate.sig_alg``, ``san.dns``,
``san.ip``, ``host_cert``, ``client_cert``, ``basic_constraints.ca`` and, with the ``log-certs-base64`` policy
script, ``cert`` (the DER in base64), which is read whole like a scanner's copy.

``known_certs.log`` (policy/protocols/ssl/known-certs) names the host itself: ``host``, ``port_num``, ``subject``,
``issuer_subject``, ``serial``.

Nothing here raises on what a log holds: a value of the wrong kind is left out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from camaudit.passive import zeek_time
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
)

#: Most distinct certificates waited for: the ones servers inside the site presented (a site's x509.log also holds
#: the certificates of every outside server its hosts reached; those are never kept).
MAX_WAITING = 20_000
#: Most servers one certificate is waited for on: a fleet of cameras may share one factory certificate.
MAX_SERVERS_PER_CERTIFICATE = 1_024
#: Longest id kept: a SHA-256 fingerprint is 64 hex digits, a file id 15-18 characters.
MAX_ID_CHARS = 128
_SHA256 = re.compile(r"[0-9a-fA-F]{64}")
_TRUE = (True, "T", "true")


@dataclass(frozen=True, slots=True)
class Server:
    """A server inside the site that presented a certificate (from an ``ssl.log`` record), with the names an older
    ``ssl.log`` wrote of it (``tls.subject``, ``tls.issuer``), used when ``x509.log`` never gives the certificate."""

    packed: bytes
    address: str
    port: Any
    ts: Any
    names: Mapping[str, str] = field(default_factory=dict)


class WaitingCertificates:
    """The certificates local servers presented in ``ssl.log``, by fingerprint or file id, until ``x509.log`` gives
    them: only these are read from ``x509.log``, so memory follows the site's own servers, not the internet's."""

    def __init__(self, tally: Tally) -> None:
        self.tally = tally
        self._servers: dict[str, dict[tuple[bytes, Any], Server]] = {}
        self._joined: set[str] = set()

    def want(self, key: str, server: Server) -> None:
        """Wait for the certificate ``key`` (the first of a chain) on ``server``."""
        key = key[:MAX_ID_CHARS]
        servers = self._servers.get(key)
        if servers is None:
            if len(self._servers) >= MAX_WAITING:
                self.tally.add(f"Zeek ssl certificates of local servers beyond the first {MAX_WAITING:,} (not kept)")
                return
            servers = self._servers[key] = {}
        if len(servers) < MAX_SERVERS_PER_CERTIFICATE:
            servers.setdefault((server.packed, server.port), server)
        elif (server.packed, server.port) not in servers:
            self.tally.add(f"Zeek servers beyond {MAX_SERVERS_PER_CERTIFICATE:,} presenting one certificate (not kept)")

    def servers(self, record: Mapping[str, Any]) -> list[Server] | str:
        """The local servers waiting for this ``x509.log`` record's certificate (none for an outside server's, a
        client's or a CA's), or the reason the record cannot be read."""
        ids = [value[:MAX_ID_CHARS] for value in (record.get("fingerprint"), record.get("id"))
               if isinstance(value, str) and value]
        if not ids:
            return "Zeek x509 records without fingerprint or id (skipped)"
        if record.get("client_cert") in _TRUE or record.get("basic_constraints.ca") in _TRUE:
            return []
        found: dict[tuple[bytes, Any], Server] = {}
        for key in ids:
            if key in self._servers:
                found.update(self._servers[key])
                self._joined.add(key)
        return list(found.values())

    def unjoined(self) -> list[Server]:
        """The servers whose certificate ``x509.log`` never gave (no x509.log, or Zeek's daily deduplication left
        it in another day's file) and of which ``ssl.log`` wrote names."""
        return [server for key, servers in self._servers.items() if key not in self._joined
                for server in servers.values() if server.names]


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
        "tls.not_before": zeek_time.utc_text(record.get("certificate.not_valid_before")),
        "tls.not_after": zeek_time.utc_text(record.get("certificate.not_valid_after")),
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
