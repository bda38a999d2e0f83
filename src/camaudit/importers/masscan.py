"""masscan ``-oJ`` (JSON array, in every historical comma style) and ``-oD`` / NDJSON output.

masscan writes one event per line: a port status, or one banner of one kind (``http``,
``http.server``, ``title``, ``html``, ``ssl``, ``X509``, ``ssh``, ``ftp``, ``telnet``, ``rdp``, ``vnc``
... -- the names of ``src/masscan-app.c``). Its ``-oJ`` array has been invalid JSON in several releases
(trailing commas, a missing ``]``), so the array is read line by line, each line stripped of the
separators around it, which accepts every variant and the NDJSON forms alike.

A record is one endpoint ``(ip, port, proto)``: its status event and its banners, which masscan writes
apart from each other (the status at SYN-ACK, banners when the connection closes), are gathered within
a sliding window of :data:`WINDOW_LINES` lines. Records come out in the order of their first event, so
memory stays bounded by the window while the output still follows the input order.
"""

from __future__ import annotations

import base64
import binascii
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes

from camaudit.importers.base import (
    MAX_RECORD_BYTES,
    ImportRecord,
    RecordError,
    Source,
    as_dict,
    as_list,
    as_transport,
    failed,
    iso_utc,
    iter_lines,
    open_binary,
    put,
    stream_error,
    too_long,
    valid_ip,
    valid_port,
)
from camaudit.importers.jsonstream import decode
from camaudit.importers.sniff import document_fields, sniff
from camaudit.importers.text import body_fields, head_fields
from camaudit.model import RAW_KEEP_BYTES, Observation, Transport

#: Lines an endpoint stays open for more events after its last one.
WINDOW_LINES = 20_000
#: Endpoints held open at once; past this the oldest is written out early.
MAX_OPEN = 50_000
#: Banners kept per endpoint (masscan writes a handful; more is a broken or hostile file).
MAX_BANNERS = 32
_SEPARATORS = b" \t\r\n,"
_WEB = ("http", "http.server", "title", "html")
_OWN_FIELD = {"ssh": "ssh.banner", "ftp": "ftp.banner", "telnet": "telnet.banner"}


@dataclass(slots=True)
class _Endpoint:
    position: int
    ip: str | None
    port: int | None
    transport: Transport | None
    seen_at: str = ""
    last_line: int = 0
    banners: list[tuple[str, str]] = field(default_factory=list)
    error: str | None = None


def read(source: Source, max_bytes: int = MAX_RECORD_BYTES) -> Iterator[ImportRecord]:
    """Yield one record per masscan endpoint (or unreadable line), in order of first appearance."""
    stream, owned = open_binary(source)
    pending: OrderedDict[Any, _Endpoint] = OrderedDict()
    line_number = 0
    try:
        for line_number, line in iter_lines(stream, max_bytes):
            if line is None:
                pending[("error", line_number)] = _Endpoint(
                    line_number, None, None, None, error=too_long(max_bytes)
                )
            else:
                _add_line(pending, line_number, line)
            yield from _flush(pending, line_number)
    except (EOFError, OSError, ValueError) as exc:
        reason = stream_error(exc) or f"cannot read input: {exc}"
        pending[("error", line_number + 1)] = _Endpoint(line_number + 1, None, None, None, error=reason)
    finally:
        if owned:
            stream.close()
    while pending:
        yield _record(pending.popitem(last=False)[1])


def _flush(pending: OrderedDict[Any, _Endpoint], line_number: int) -> Iterator[ImportRecord]:
    # Only the oldest entry may leave, so records keep the order of their first line; an error entry
    # is complete at once but still waits behind older endpoints that are open.
    while pending:
        head = next(iter(pending.values()))
        if head.error is None and head.last_line > line_number - WINDOW_LINES and len(pending) <= MAX_OPEN:
            return
        yield _record(pending.popitem(last=False)[1])


def _add_line(pending: OrderedDict[Any, _Endpoint], number: int, line: bytes) -> None:
    text = line.strip(_SEPARATORS)
    if not text or text in (b"[", b"]"):
        return
    value, error = decode(text)
    if error is not None or not isinstance(value, dict):
        pending[("error", number)] = _Endpoint(number, None, None, None, error=error or "not a JSON object")
        return
    try:
        ip = valid_ip(value.get("ip"))
    except RecordError as exc:
        reason = "masscan event without ip" if value.get("ip") is None else str(exc)
        pending[("error", number)] = _Endpoint(number, None, None, None, error=reason)
        return
    if "ports" in value:  # -oJ and the old NDJSON form: {"ip", "ports": [{port, proto, status|service}]}
        events = [(p, as_dict(p.get("service"))) for p in as_list(value["ports"]) if isinstance(p, dict)]
        events = [(p, {"service_name": s.get("name"), "banner": s.get("banner")}) for p, s in events]
    else:  # -oD: {"ip", "port", "proto", "rec_type": "status"|"banner", "data": {...}}
        events = [(value, as_dict(value.get("data")) if value.get("rec_type") == "banner" else {})]
    if not events:
        pending[("error", number)] = _Endpoint(number, ip, None, None, error="masscan event without ports")
        return
    try:
        ports = [valid_port(where.get("port")) for where, _banner in events]
    except RecordError as exc:
        pending[("error", number)] = _Endpoint(number, ip, None, None, error=str(exc))
        return
    for (where, banner), port in zip(events, ports, strict=True):
        proto = where.get("proto")
        key = (ip, port, proto)
        endpoint = pending.get(key)
        if endpoint is None:
            transport = as_transport(proto)
            endpoint = _Endpoint(number, ip, port, transport, iso_utc(value.get("timestamp")))
            pending[key] = endpoint
        endpoint.last_line = number
        name, content = banner.get("service_name"), banner.get("banner")
        if isinstance(name, str) and isinstance(content, str) and len(endpoint.banners) < MAX_BANNERS:
            endpoint.banners.append((name, content))


def _record(endpoint: _Endpoint) -> ImportRecord:
    if endpoint.error is not None:
        return failed(endpoint.position, endpoint.error, endpoint.ip, endpoint.port)
    if not endpoint.banners or endpoint.ip is None:
        # An open port and nothing more: readable, but there is nothing to identify.
        return ImportRecord(endpoint.position, endpoint.ip, endpoint.port)
    fields: dict[str, str] = {}
    protocol = ""
    # The full "http" head first, so the separate "http.server"/"title" banners only fill gaps.
    for name, text in sorted(endpoint.banners, key=lambda banner: banner[0] != "http"):
        kind = _apply(name, text, fields)
        if not protocol or (kind == "http" and protocol in ("tls", "banner")):
            protocol = kind
    if protocol == "http" and "tls.subject" in fields:
        protocol = "https"
    raw = next((t for n, t in endpoint.banners if n == "http"), endpoint.banners[0][1])
    observation = Observation(
        ip=endpoint.ip,
        port=endpoint.port,
        transport=endpoint.transport,
        protocol=protocol,
        source="import",
        seen_at=endpoint.seen_at,
        fields=fields,
        raw=raw[:RAW_KEEP_BYTES].encode("utf-8", "replace"),
    )
    return ImportRecord(endpoint.position, endpoint.ip, endpoint.port, (observation,))


def _apply(name: str, text: str, fields: dict[str, str]) -> str:
    """Put one banner into ``fields``; return the protocol it speaks for."""
    if name == "http":
        rest = head_fields(text, "http", fields) if text.startswith("HTTP/") else text
        if rest:
            body_fields(rest, fields)
            document_fields(rest, fields)
        return "http"
    if name == "http.server":
        if "http.server" not in fields:
            put(fields, "http.server", text.strip())
        return "http"
    if name == "title":
        fields.setdefault("http.title", text.strip())
        return "http"
    if name == "html":
        body_fields(text, fields, fields.get("http.title"))
        document_fields(text, fields)
        return "http"
    if name in _OWN_FIELD:
        put(fields, _OWN_FIELD[name], text.strip())
        return name
    if name == "X509":
        _certificate(text, fields)
        return "tls"
    if name == "X509CA":
        return "tls"
    if name != "ssl":
        found = sniff(text, fields, hint=name)
        if found:
            return found
    put(fields, "banner", text.strip())
    return "tls" if name == "ssl" else name or "banner"


def _certificate(text: str, fields: dict[str, str]) -> None:
    # masscan --capture cert writes the server certificate as base64 DER.
    try:
        cert = x509.load_der_x509_certificate(base64.b64decode(text.strip()))
        fields.setdefault("tls.subject", cert.subject.rfc4514_string())
        fields.setdefault("tls.issuer", cert.issuer.rfc4514_string())
        fields.setdefault("tls.sha256", cert.fingerprint(hashes.SHA256()).hex())
    except (ValueError, binascii.Error):
        put(fields, "banner", "X509: unparsable certificate")
