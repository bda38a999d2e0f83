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

from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

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
    stream_error,
    too_long,
    valid_ip,
    valid_port,
)
from camaudit.importers.jsonstream import decode
from camaudit.importers.masscan_banners import masscan_banner
from camaudit.importers.masscan_text import Event, text_events
from camaudit.model import RAW_KEEP_BYTES, Observation, Transport

#: Lines an endpoint stays open for more events after its last one.
WINDOW_LINES = 20_000
#: Endpoints held open at once; past this the oldest is written out early.
MAX_OPEN = 50_000
#: Banners kept per endpoint (masscan writes a handful; more is a broken or hostile file).
MAX_BANNERS = 32
_SEPARATORS = b" \t\r\n,"


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
    try:
        events = _json_events(text) if text[:1] == b"{" else text_events(text)
    except RecordError as exc:
        pending[("error", number)] = _Endpoint(number, None, None, None, error=str(exc))
        return
    for event in events or ():
        key = (event.ip, event.port, event.proto)
        endpoint = pending.get(key)
        if endpoint is None:
            transport = as_transport(event.proto)
            endpoint = _Endpoint(number, event.ip, event.port, transport, iso_utc(event.timestamp))
            pending[key] = endpoint
        endpoint.last_line = number
        name, content = event.name, event.banner
        if isinstance(name, str) and isinstance(content, str) and len(endpoint.banners) < MAX_BANNERS:
            endpoint.banners.append((name, content))


def _json_events(text: bytes) -> list[Event]:
    """The events of one ``-oJ`` / ``-oD`` / NDJSON line; :class:`RecordError` saying why there are none."""
    value, error = decode(text)
    if error is not None or not isinstance(value, dict):
        raise RecordError(error or "not a JSON object")
    if value.get("ip") is None:
        raise RecordError("masscan event without ip")
    ip = valid_ip(value.get("ip"))
    stamp = value.get("timestamp")
    stamp = str(stamp) if isinstance(stamp, str | int) and not isinstance(stamp, bool) else None
    if "ports" in value:  # -oJ and the old NDJSON form: {"ip", "ports": [{port, proto, status|service}]}
        ports = [p for p in as_list(value["ports"]) if isinstance(p, dict)]
        if not ports:
            raise RecordError("masscan event without ports")
        events = []
        for where in ports:
            service = as_dict(where.get("service"))
            name, banner = service.get("name"), service.get("banner")
            events.append(Event(ip, valid_port(where.get("port")), str(where.get("proto")), stamp, name, banner))
        return events
    # -oD: {"ip", "port", "proto", "rec_type": "status"|"banner", "data": {...}}
    data = as_dict(value.get("data")) if value.get("rec_type") == "banner" else {}
    port = valid_port(value.get("port"))
    return [Event(ip, port, str(value.get("proto")), stamp, data.get("service_name"), data.get("banner"))]


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
        kind = masscan_banner(name, text, fields, endpoint.port)
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
