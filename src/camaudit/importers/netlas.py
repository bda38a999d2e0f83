"""Netlas responses: one service each, as ``netlas download`` writes them (one ``{"data": {...}}`` a line) or as the
search API answers (``{"items": [{"data": {...}}]}``).

The layout is the "response" document of Netlas's cookbook (``netlas-io/netlas-cookbook``, "Netlas Python response
datatypes") and its Python client (``netlas-io/netlas-python``): ``ip``, ``port``, ``protocol`` (the application
protocol Netlas spoke), ``prot4``, ``uri``, ``path``, ``host``, ``ptr[]``, ``geo{country}``, ``whois{asn{number[],
name}}``, ``isp``, ``last_updated``, ``http{status_code, headers{lower_snake: [values]}, title, body, favicon}``,
``certificate`` (zcrypto's parsed certificate: ``subject``/``issuer`` mappings, ``fingerprint_sha256``, ``names``,
``validity``), a greeting under the protocol's own key (``ftp.banner``, ``telnet.banner``, ``ssh.banner`` ...), and
``tag[]`` (Netlas's own product labels, ``tag.name``). Replies are read by content (importers/sniff.py); Netlas's tags
go to the weak ``import.tags`` field.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from camaudit.importers.base import (
    MAX_FIELD_CHARS,
    MAX_RECORD_BYTES,
    ImportRecord,
    RecordError,
    Source,
    as_dict,
    as_list,
    as_transport,
    put,
    put_san,
    valid_ip,
    valid_port,
)
from camaudit.importers.certificates import zcrypto_shape
from camaudit.importers.search_engines import (
    BANNER_FIELDS,
    asn_text,
    first_text,
    host_names,
    read_results,
    short_text,
    utc_time,
)
from camaudit.importers.sniff import page_fields, sniff
from camaudit.importers.text import dn_from_mapping, dn_ranked
from camaudit.model import RAW_KEEP_BYTES, Observation
from camaudit.protocols.http import base64_icon, favicon_hashes

#: A response names the transport and application protocol Netlas spoke, and the URI it asked.
_RESPONSE_KEYS = ("prot4", "prot7", "uri")
#: Keys of a response that are not a protocol's own answer.
_NOT_A_PROTOCOL = frozenset({"http", "certificate", "geo", "whois", "target", "tag", "cve", "ptr", "domain"})
#: Text values of a protocol's object that hold the reply as the server sent it.
_REPLY_KEYS = ("banner", "raw", "response")


def read(source: Source, max_bytes: int = MAX_RECORD_BYTES) -> Iterator[ImportRecord]:
    """Yield one record per Netlas response in ``source``, in file order; unreadable ones with a reason."""
    return read_results(source, parse_response, "Netlas response", ("items",), max_bytes)


def parse_response(item: Any, position: int) -> ImportRecord:
    """Turn one Netlas response (bare, or under ``data`` as the API and ``netlas download`` give it) into a record."""
    if not isinstance(item, dict):
        raise RecordError("record is not a JSON object")
    doc = item["data"] if isinstance(item.get("data"), dict) else item
    if "ip" not in doc:
        raise RecordError("no ip (not a response document: a DNS, WHOIS or certificate search result?)")
    if not any(key in doc for key in _RESPONSE_KEYS):
        raise RecordError("not a Netlas response: no prot4, prot7 or uri (is --format right?)")
    ip = valid_ip(doc.get("ip"))
    port = valid_port(doc.get("port"))
    service = (first_text(doc.get("protocol")) or "").lower()

    fields: dict[str, str] = {}
    protocol, raw = _replies(doc, fields, port, service)
    http = as_dict(doc.get("http"))
    if http:
        _http(http, fields)
        put(fields, "http.path", first_text(doc.get("path")))
        protocol = protocol if protocol not in (None, "banner") else "http"
    if _certificate(as_dict(doc.get("certificate")), fields):
        protocol = "https" if protocol == "http" else protocol or "tls"
    tags = [as_dict(tag).get("name") for tag in as_list(doc.get("tag"))[:32]]
    put(fields, "import.tags", [t for t in tags if isinstance(t, str) and t])
    put(fields, "import.hostnames", host_names([doc.get("host"), doc.get("domain"), doc.get("ptr")], ip))

    seen_at = utc_time(doc.get("last_updated") or doc.get("@timestamp"))
    observation = Observation(ip, port, as_transport(doc.get("prot4")), protocol or service or "banner", "import",
                              seen_at, fields, raw[:RAW_KEEP_BYTES].encode("utf-8", "replace"))
    whois = as_dict(doc.get("whois"))
    network = as_dict(whois.get("asn"))
    return ImportRecord(
        position=position,
        ip=ip,
        port=port,
        observations=(observation,),
        country=short_text(as_dict(doc.get("geo")).get("country"), 8),
        asn=asn_text(network.get("number")),
        org=short_text(network.get("name") or doc.get("isp")),
    )


def _replies(doc: dict[str, Any], fields: dict[str, str], port: int | None, service: str) -> tuple[str | None, str]:
    """The greeting or reply under the protocol's own key (``ftp.banner``; ``<protocol>.raw``), read by content; the
    protocol it was recognised as, and the text."""
    keys = [service] if service in doc else []
    keys += [k for k in doc if k not in _NOT_A_PROTOCOL and k != service and isinstance(doc[k], dict)][:8]
    for key in keys:
        answer = as_dict(doc.get(key))
        text = next((v for k in _REPLY_KEYS if isinstance(v := answer.get(k), str) and v.strip()), None)
        if text is None:
            continue
        found = sniff(text, fields, port=port, hint=key)
        if found is None:
            put(fields, BANNER_FIELDS.get(key, "banner"), text.strip())
            found = key if key in BANNER_FIELDS else "banner"
        return found, text
    return None, ""


def _http(http: dict[str, Any], fields: dict[str, str]) -> None:
    """Netlas's parsed HTTP answer: headers as zgrab2 writes them (``lower_snake`` names, lists of values)."""
    put(fields, "http.status", http.get("status_code"))
    lines: list[str] = []
    for key, value in list(as_dict(http.get("headers")).items())[:128]:
        # As zgrab2's importer writes them: Netlas keeps the names lower_snake, a reply spells them Capital-Dashed.
        name = "-".join(part.capitalize() for part in str(key).split("_"))
        values = [v for v in (value if isinstance(value, list) else [value])[:16] if isinstance(v, str)]
        lines += [f"{name}: {v}" for v in values]
        target = {"server": "http.server", "www-authenticate": "http.www_authenticate",
                  "set-cookie": "http.set_cookie", "location": "http.location"}.get(name.lower())
        if target:
            put(fields, target, values)
    put(fields, "http.headers", "\n".join(lines)[:MAX_FIELD_CHARS])
    page_fields(http.get("body"), fields, first_text(http.get("title")))
    _favicon(as_dict(http.get("favicon")), fields)


def _favicon(favicon: dict[str, Any], fields: dict[str, str]) -> None:
    """Netlas hashes the icon with SHA-256 (``hash_sha256``), which no rule uses; when it keeps the icon itself
    (``image``, base64 or a ``data:`` URL) its MD5 and Shodan's mmh3 are computed as the live probe computes them."""
    image = favicon.get("image")
    if not isinstance(image, str) or not image:
        return
    # Strictly base64: a URL or a path in its place is not an icon.
    icon = base64_icon(image.partition(",")[2] if image.startswith("data:") else image)
    if icon:
        fields.update(favicon_hashes(icon))


def _certificate(cert: dict[str, Any], fields: dict[str, str]) -> bool:
    """zcrypto's parsed certificate: names from the ``subject``/``issuer`` mappings (else the ``*_dn`` text, which
    Netlas writes most-specific first), the fingerprint, the subjectAltName and the shape."""
    if not cert:
        return False
    subject = as_dict(cert.get("subject"))
    issuer = as_dict(cert.get("issuer"))
    put(fields, "tls.subject", dn_from_mapping(subject) if subject else dn_ranked(cert.get("subject_dn")))
    put(fields, "tls.issuer", dn_from_mapping(issuer) if issuer else dn_ranked(cert.get("issuer_dn")))
    sha256 = cert.get("fingerprint_sha256")
    if isinstance(sha256, str) and len(sha256) == 64 and all(c in "0123456789abcdefABCDEF" for c in sha256):
        fields["tls.sha256"] = sha256.lower()
    names = as_dict(as_dict(cert.get("extensions")).get("subject_alt_name")).get("dns_names")
    put_san(fields, as_list(names) or as_list(cert.get("names")))
    zcrypto_shape(cert, fields)
    return "tls.subject" in fields or "tls.issuer" in fields
