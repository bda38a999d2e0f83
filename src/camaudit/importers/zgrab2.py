"""ZGrab2 JSON lines: one target per line, ``{"ip", "domain", "data": {"<name>": {...}}}``.

Each entry of ``data`` is one module's answer (``status``, ``protocol``, ``result``, and ``port`` in
newer releases); each readable module answer becomes one observation. The module kind is taken from
``protocol`` (a ``multiple`` run may name its sections freely) and falls back to the entry's name.
Paths follow ``zmap/zgrab2`` (``modules/http/scanner.go``, ``zgrab2_schemas``): HTTP headers are
lower_snake lists (``headers.server[0]``, unknown ones under ``headers.unknown[]``), certificates sit at
``...tls_log.handshake_log.server_certificates.certificate.parsed``. RTSP is not a zgrab2 module.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from camaudit.importers.base import (
    MAX_RECORD_BYTES,
    ImportRecord,
    RecordError,
    Source,
    as_dict,
    as_list,
    iso_utc,
    put,
    put_san,
    scheme_port,
    valid_ip,
    valid_port,
)
from camaudit.importers.certificates import zcrypto_shape
from camaudit.importers.jsonstream import read_json_records
from camaudit.importers.sniff import page_fields, sniff
from camaudit.importers.text import dn_reversed, unmarked_encoding
from camaudit.model import RAW_KEEP_BYTES, Observation

#: zgrab2 header keys (lower case, ``_`` for ``-``) -> fields; Censys's legacy IPv4 records, zgrab output
#: run through ztag, name headers the same way.
HEADER_FIELDS = {
    "server": "http.server",
    "www_authenticate": "http.www_authenticate",
    "set_cookie": "http.set_cookie",
    "location": "http.location",
}
_BANNER_MODULES = {"ftp": "ftp.banner", "telnet": "telnet.banner", "banner": "banner"}


def read(source: Source, max_bytes: int = MAX_RECORD_BYTES) -> Iterator[ImportRecord]:
    """Yield one record per zgrab2 target line in ``source``, in file order."""
    return read_json_records(source, parse_target, "zgrab2 result", max_bytes)


def parse_target(target: Any, position: int) -> ImportRecord:
    """Turn one decoded zgrab2 line into an :class:`ImportRecord` (one observation per module)."""
    if not isinstance(target, dict):
        raise RecordError("record is not a JSON object")
    if target.get("ip") is None:
        raise RecordError("no ip (a domain-only target has no address to report)")
    ip = valid_ip(target.get("ip"))
    data = target.get("data")
    if not isinstance(data, dict):
        raise RecordError("no data object")
    observations = [obs for name, entry in data.items() if (obs := _module(ip, str(name), _v1(name, entry)))]
    ports = {o.port for o in observations}
    port = ports.pop() if len(ports) == 1 else None
    return ImportRecord(position, ip, port, tuple(observations))


def _v1(name: Any, entry: Any) -> Any:
    """An entry of the original zgrab (v1) in zgrab2's shape. zgrab wrote each module's answer directly under
    ``data`` (``data.http.response{status_code, headers, body}``, ``data.tls`` = the handshake log,
    ``data.banner`` = the text a banner grab read; ``zmap/ztag``'s transforms read those paths): wrapped as
    ``{"result": ...}`` here, so one reader serves both."""
    if isinstance(entry, dict) and "result" not in entry:
        if name == "http" and "response" in entry:
            return {"protocol": "http", "result": entry}
        if name == "tls" and "server_certificates" in entry:
            return {"protocol": "tls", "result": {"handshake_log": entry}}
    if name in ("banner", "read") and isinstance(entry, str):
        return {"protocol": "banner", "result": {"banner": entry}}
    return entry


def _module(ip: str, name: str, entry: Any) -> Observation | None:
    if not isinstance(entry, dict):
        return None
    result = entry.get("result")
    if not isinstance(result, dict):
        return None  # a timeout or refusal: nothing was seen
    kind = str(entry.get("protocol") or name).lower()
    port = valid_port(entry.get("port"))
    fields: dict[str, str] = {}
    raw = ""
    if kind == "http":
        port, kind, raw = _http(result, fields, port)
    elif kind == "tls":
        _certificate(result.get("handshake_log"), fields)
    elif kind == "ssh":
        raw = str(as_dict(result.get("server_id")).get("raw") or "")
        put(fields, "ssh.banner", raw.strip())
    else:
        banner = result.get("banner")
        raw = banner if isinstance(banner, str) else ""
        found = sniff(raw, fields, port=port, hint=kind)
        plain = unmarked_encoding(raw) if found is None else None
        if plain:  # the banner module run with --hex or --base64
            raw = plain
            found = sniff(raw, fields, port=port, hint=kind)
        if found is None:
            put(fields, _BANNER_MODULES.get(kind, "banner"), raw.strip())
        elif found not in _BANNER_MODULES:
            kind = found
        # SMTP's EHLO answer and IMAP/POP3 greetings after STARTTLS name the host's software too.
        for extra in ("ehlo", "starttls"):
            if isinstance(result.get(extra), str):
                put(fields, "banner", result[extra].strip())
        _certificate(as_dict(result.get("tls")).get("handshake_log"), fields)
        if not raw:
            kind = _structured(result, fields) or kind
    if not fields:
        return None
    return Observation(
        ip=ip,
        port=port,
        transport="tcp",
        protocol=kind,
        source="import",
        seen_at=iso_utc(entry.get("timestamp")),
        fields=fields,
        raw=raw[:RAW_KEEP_BYTES].encode("utf-8", "replace"),
    )


def _http(result: dict[str, Any], fields: dict[str, str], port: int | None) -> tuple[int | None, str, str]:
    response = as_dict(result.get("response"))
    put(fields, "http.status", response.get("status_code"))
    headers = as_dict(response.get("headers"))
    lines: list[str] = []
    for key, value in headers.items():
        if key == "unknown":
            for item in as_list(value):
                item = as_dict(item)
                name = str(item.get("key") or "")
                texts = [v for v in as_list(item.get("value")) if isinstance(v, str)]
                lines += [f"{_title(name)}: {v}" for v in texts]
                # A header zgrab2's list does not know may still be one camaudit reads (a fork's or a newer
                # header list, a name spelled "WWW-Authenticate"): matched by name, whatever its case.
                unknown_target = HEADER_FIELDS.get(name.lower().replace("-", "_"))
                if unknown_target and unknown_target not in fields:
                    put(fields, unknown_target, texts)
            continue
        values = _header_texts(value)
        lines += [f"{_title(key)}: {v}" for v in values]
        target = HEADER_FIELDS.get(str(key).lower().replace("-", "_"))
        if target:
            put(fields, target, values)
    put(fields, "http.headers", "\n".join(lines))
    _redirects(result, fields)
    body = response.get("body")
    page_fields(body, fields)
    request = as_dict(response.get("request"))
    url = as_dict(request.get("url"))
    put(fields, "http.path", url.get("path"))
    _certificate(as_dict(request.get("tls_log")).get("handshake_log"), fields)
    scheme = url.get("scheme")
    if port is None:
        port = _url_port(url.get("host"), scheme)
    kind = "https" if scheme == "https" or "tls.subject" in fields else "http"
    head = f"HTTP {fields.get('http.status', '')}\n" + "\n".join(lines)
    return port, kind, head


#: Responses of a redirect chain read (zgrab2 follows up to ``--max-redirects``, default 0; 10 is generous).
MAX_REDIRECTS = 10


def _redirects(result: dict[str, Any], fields: dict[str, str]) -> None:
    """The answers zgrab2 was redirected by (``redirect_response_chain``): their ``Location`` is the path a
    device sends browsers to (``/doc/page/login.asp``), their ``Server`` the one a login page may not repeat."""
    for earlier in as_list(result.get("redirect_response_chain"))[:MAX_REDIRECTS]:
        headers = as_dict(as_dict(earlier).get("headers"))
        put(fields, "http.location", _header_texts(headers.get("location")))
        for key in ("server", "www_authenticate"):
            if HEADER_FIELDS[key] not in fields:
                put(fields, HEADER_FIELDS[key], _header_texts(headers.get(key)))


def _header_texts(value: Any) -> list[str]:
    # zgrab2 writes each header as a list of values; the older zgrab wrote a plain string.
    return [value] if isinstance(value, str) else [v for v in as_list(value) if isinstance(v, str)]


def _url_port(host: Any, scheme: Any) -> int | None:
    if isinstance(host, str) and ":" in host:
        try:
            return urlsplit(f"//{host}").port
        except ValueError:
            return None
    return scheme_port(scheme)


def _title(name: str) -> str:
    return "-".join(part.capitalize() for part in name.split("_"))


def _certificate(handshake: Any, fields: dict[str, str]) -> None:
    certificate = as_dict(as_dict(as_dict(handshake).get("server_certificates")).get("certificate"))
    parsed = as_dict(certificate.get("parsed"))
    put(fields, "tls.subject", dn_reversed(parsed.get("subject_dn")))
    put(fields, "tls.issuer", dn_reversed(parsed.get("issuer_dn")))
    sha256 = parsed.get("fingerprint_sha256")
    if isinstance(sha256, str):
        put(fields, "tls.sha256", sha256.lower())
    names = as_dict(as_dict(parsed.get("extensions")).get("subject_alt_name"))
    put_san(fields, as_list(names.get("dns_names"))[:32] + as_list(names.get("ip_addresses"))[:32])
    if parsed:
        zcrypto_shape(parsed, fields)


#: Keys of a module's structured result that name the maker or the product (zgrab2's ``bacnet``
#: ``vendor_name``/``model_name``, ``fox`` ``vendor_id``, ``dnp3`` ..., and modules written outside zgrab2).
_MAKER_KEYS = frozenset({"vendor", "vendor_name", "vendor_id", "manufacturer", "brand"})
_PRODUCT_KEYS = frozenset({"model", "model_name", "product", "product_name", "device_type", "device_name"})
#: Values of a structured result looked at, and how deep.
MAX_STRUCTURED_VALUES = 64
MAX_STRUCTURED_DEPTH = 4


def _structured(result: dict[str, Any], fields: dict[str, str]) -> str | None:
    """A module without a ``banner`` (zgrab2's protocol modules, or one written outside zgrab2): its text
    values whose key names the maker or the product become ``import.vendor``/``import.product`` (the
    module's reading of the device), and a text value that is a whole reply (an RTSP answer, an ONVIF
    document, an SSDP head) is read by content; that reply's protocol, or None."""
    found: str | None = None
    seen = 0
    stack: list[tuple[Any, int]] = [(result, 0)]
    while stack and seen < MAX_STRUCTURED_VALUES:
        node, depth = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in items:
            seen += 1
            if seen > MAX_STRUCTURED_VALUES:
                break
            if isinstance(value, dict | list) and depth < MAX_STRUCTURED_DEPTH:
                stack.append((value, depth + 1))
            elif isinstance(value, str) and value.strip():
                name = str(key).lower()
                if name in _MAKER_KEYS:
                    put(fields, "import.vendor", value.strip())
                elif name in _PRODUCT_KEYS:
                    put(fields, "import.product", value.strip())
                elif len(value) > 16 and found is None:
                    found = sniff(value, fields)
    return found
