"""Censys's first IPv4 data model (the 2015-2021 API v1 and the ``censys-io.ipv4_public`` BigQuery tables).

A host record there keeps each port under ``p<port>`` (``p80``, ``p554``, ``p8000``) holding
``{<protocol>: {<subprotocol>: {...}}}`` as ``zmap/ztag`` wrote it from zgrab's output: ``p80.http.get``
``{status_code, headers{server, www_authenticate ...}, title, body, metadata}``, ``p443.https.tls.certificate
.parsed{subject_dn, issuer_dn, fingerprint_sha256}``, ``p21.ftp.banner.banner``, ``p23.telnet.banner.banner``,
``p22.ssh.v2.banner.raw``. ztag's annotations put their conclusions in ``metadata`` (per service:
``manufacturer``, ``product``, ``version``, ``description``; for the host, top-level ``metadata`` with
``manufacturer``, ``product``, ``device_type``, ``os``) and ``tags`` (``camera``, ``embedded`` ...): those are
Censys's claims and become ``import.*``.

The API v1 ``view`` endpoint (one host by address) kept the same subtrees under the bare port number (``"80"``,
``"554"``; its report fields read ``80.http.get.headers.server.raw``, as in
github:ABase-BR/osint_garoa_aphack/Censys/Lab/script-censys.py): both keys are read.

Each port's subtree is walked (bounded) and every value is put where the live probes put it.
"""

from __future__ import annotations

import re
from typing import Any

from camaudit.importers.base import MAX_FIELD_CHARS, as_dict, as_list, iso_utc, put, valid_port
from camaudit.importers.certificates import zcrypto_shape
from camaudit.importers.sniff import page_fields, sniff
from camaudit.importers.text import dn_reversed
from camaudit.importers.zgrab2 import HEADER_FIELDS
from camaudit.model import Observation

_PORT_KEY = re.compile(r"p?([0-9]{1,5})")
#: Ports of one host read, values of one port looked at, and how deep.
MAX_PORTS = 256
MAX_VALUES = 256
MAX_DEPTH = 6
_BANNERS = {"ftp": "ftp.banner", "telnet": "telnet.banner", "ssh": "ssh.banner"}
_METADATA = {
    "manufacturer": "import.vendor",
    "product": "import.product",
    "version": "import.version",
    "description": "import.product",
    "device_type": "import.devicetype",
    "os": "import.os",
}


def is_legacy(host: dict[str, Any]) -> bool:
    """True for a record of the first IPv4 model: no ``services``, and at least one ``p<port>`` (or, from the v1
    ``view`` endpoint, bare ``<port>``) entry."""
    return "services" not in host and any(_PORT_KEY.fullmatch(str(key)) for key in list(host)[:512])


def legacy_observations(ip: str, host: dict[str, Any]) -> list[Observation]:
    """One observation per ``p<port>`` or ``<port>`` entry, and one for the host's own ``metadata`` and ``tags``."""
    seen_at = iso_utc(host.get("updated_at") or host.get("timestamp"))
    observations: list[Observation] = []
    for key, value in list(host.items())[:512]:
        match = _PORT_KEY.fullmatch(str(key))
        if match is None or not isinstance(value, dict) or len(observations) >= MAX_PORTS:
            continue
        if not 0 < int(match.group(1)) < 65536:
            continue  # not a port: a key of some other meaning, not a broken record
        port = valid_port(int(match.group(1)))
        for protocol, tree in list(value.items())[:8]:
            fields: dict[str, str] = {}
            _walk(str(protocol).lower(), tree, fields)
            if fields:
                kind = "https" if protocol == "https" else str(protocol).lower()[:32] or "banner"
                observations.append(Observation(ip, port, "tcp", kind, "import", seen_at, fields))
    host_fields: dict[str, str] = {}
    _metadata(as_dict(host.get("metadata")), host_fields)
    put(host_fields, "import.tags", [t for t in as_list(host.get("tags"))[:32] if isinstance(t, str)])
    if host_fields:
        observations.append(Observation(ip, None, None, "import", "import", seen_at, host_fields))
    return observations


def _metadata(metadata: dict[str, Any], fields: dict[str, str]) -> None:
    for key, target in _METADATA.items():
        value = metadata.get(key)
        if isinstance(value, str) and value.strip():
            put(fields, target, value.strip())


def _walk(protocol: str, tree: Any, fields: dict[str, str]) -> None:
    """Every known value anywhere in one protocol's subtree (``get``, ``banner``, ``tls``, ``v2`` ...)."""
    stack: list[tuple[Any, int]] = [(tree, 0)]
    looked = 0
    while stack and looked < MAX_VALUES:
        node, depth = stack.pop()
        if not isinstance(node, dict):
            continue
        looked += len(node)
        _node(protocol, node, fields)
        stack.extend((child, depth + 1) for child in list(node.values())[:64] if isinstance(child, dict)
                     and depth < MAX_DEPTH)


def _node(protocol: str, node: dict[str, Any], fields: dict[str, str]) -> None:
    headers = node.get("headers")
    if isinstance(headers, dict):
        lines = []
        for name, value in list(headers.items())[:128]:
            values = [value] if isinstance(value, str) else [v for v in as_list(value) if isinstance(v, str)]
            lines += [f"{str(name).replace('_', '-').title()}: {v}" for v in values]
            target = HEADER_FIELDS.get(str(name).lower().replace("-", "_"))
            if target and target not in fields:
                put(fields, target, values)
        put(fields, "http.headers", "\n".join(lines))
    if "status_code" in node and "http.status" not in fields:
        put(fields, "http.status", node.get("status_code"))
    body = node.get("body")
    if isinstance(body, str) or isinstance(node.get("title"), str):
        page_fields(body, fields, node.get("title"))
    parsed = as_dict(as_dict(node.get("certificate")).get("parsed"))
    if parsed:
        put(fields, "tls.subject", dn_reversed(parsed.get("subject_dn")))
        put(fields, "tls.issuer", dn_reversed(parsed.get("issuer_dn")))
        sha256 = parsed.get("fingerprint_sha256")
        if isinstance(sha256, str):
            put(fields, "tls.sha256", sha256.lower())
        zcrypto_shape(parsed, fields)
    for key in ("banner", "raw"):
        text = node.get(key)
        if isinstance(text, str) and text.strip() and not sniff(text, fields, hint=protocol):
            target = _BANNERS.get(protocol, "banner")
            if target not in fields:
                fields[target] = text.strip()[:MAX_FIELD_CHARS]
    _metadata(as_dict(node.get("metadata")), fields)
