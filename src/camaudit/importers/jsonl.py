"""camaudit's own observation JSONL: one :class:`~camaudit.model.Observation` per line.

Lines are what ``camaudit.model.to_jsonable`` writes (``ip``, ``port``, ``transport``, ``protocol``,
``source``, ``seen_at``, ``fields``), plus optional ``raw_b64`` (the raw bytes, base64) and ``country``.
Consecutive lines about the same ``(ip, port)`` form one record, so a file written endpoint by endpoint
is identified endpoint by endpoint; the record's position is the line of its first observation.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from typing import Any

from camaudit.importers.base import (
    MAX_RECORD_BYTES,
    ImportRecord,
    RecordError,
    Source,
    failed,
    valid_ip,
    valid_port,
)
from camaudit.importers.httpx_lines import httpx_line, is_httpx
from camaudit.importers.jsonstream import iter_json
from camaudit.importers.nuclei_lines import is_nuclei, nuclei_line
from camaudit.importers.replies import reply_line
from camaudit.importers.reply_decoding import reply_text
from camaudit.importers.sniff import sniff
from camaudit.model import RAW_KEEP_BYTES, Observation, Transport

_SOURCES = ("scan", "discover", "passive", "import")
#: Base64 characters that cover RAW_KEEP_BYTES (a whole number of 4-character groups).
_RAW_B64_CHARS = (RAW_KEEP_BYTES // 3 + 1) * 4
#: Observations held for one record before it is cut, so a file of one endpoint stays bounded.
MAX_GROUP = 1000


def read(source: Source, max_bytes: int = MAX_RECORD_BYTES) -> Iterator[ImportRecord]:
    """Yield one record per run of consecutive observations of the same ``(ip, port)``."""
    group: list[Observation] = []
    start = 0
    country: str | None = None
    for position, value, error in iter_json(source, max_bytes):
        observation = None
        if error is None:
            try:
                observation, line_country = parse_observation(value)
            except (RecordError, ValueError, TypeError) as exc:
                error = f"not an observation: {exc}"
        if group and (
            observation is None
            or (observation.ip, observation.port) != (group[0].ip, group[0].port)
            or len(group) >= MAX_GROUP
        ):
            yield _record(start, group, country)
            group = []
        if observation is None:
            yield failed(position, error or "unreadable")
            continue
        if not group:
            start, country = position, None
        group.append(observation)
        country = country or line_country
    if group:
        yield _record(start, group, country)


def _record(start: int, group: list[Observation], country: str | None) -> ImportRecord:
    """The record of one endpoint's run of lines. An imported line that kept nothing of the reply (no field, no raw
    bytes: a nuclei template that did not match, written with ``-matcher-status`` but without the response) names the
    endpoint but is no sign the device answered, as nmap's bare open port is not: it adds no observation, so an
    endpoint with only such lines stays unknown instead of "not a camera" by absence."""
    said = tuple(o for o in group if o.source != "import" or o.fields or o.raw)
    return ImportRecord(start, group[0].ip, group[0].port, said, country)


def parse_observation(line: Any) -> tuple[Observation, str | None]:
    """One decoded JSONL line -> ``(Observation, country)``; raises on a line that is not one."""
    if not isinstance(line, dict):
        raise RecordError("line is not a JSON object")
    if "fields" not in line:
        if is_httpx(line):  # ProjectDiscovery httpx -json (importers/httpx_lines.py)
            return httpx_line(line), None
        if is_nuclei(line):  # ProjectDiscovery nuclei -jsonl (importers/nuclei_lines.py)
            return nuclei_line(line), None
        # Not camaudit's own observation: a raw reply as other collectors write it (importers/replies.py).
        read = reply_line(line)
        if read is not None:
            return read
    ip = valid_ip(line.get("ip"))
    port = valid_port(line.get("port"))
    transport_value = line.get("transport")
    transport: Transport | None = transport_value if transport_value in ("tcp", "udp") else None
    protocol = line.get("protocol")
    if not isinstance(protocol, str) or not protocol:
        raise RecordError("no protocol")
    source = line.get("source", "import")
    if source not in _SOURCES:
        raise RecordError(f"unknown source {source!r}")
    fields = line.get("fields", {})
    if not isinstance(fields, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in fields.items()
    ):
        raise RecordError("fields must map names to strings")
    banner = fields.get("banner")
    if banner:
        # A banner another tool wrote into camaudit's format is read by content like any scan file's.
        found: dict[str, str] = {}
        if sniff(banner, found, port=port) is not None:
            fields = {**found, **fields}
    raw = b""
    raw_b64 = line.get("raw_b64")
    if isinstance(raw_b64, str):
        try:
            raw = base64.b64decode(raw_b64[:_RAW_B64_CHARS], validate=True)
        except (binascii.Error, ValueError) as exc:
            raise RecordError(f"raw_b64 is not base64: {exc}") from None
        if raw and not banner:
            # The raw bytes are the reply itself: read by content like a banner (the line's fields win).
            sniffed: dict[str, str] = {}
            if sniff(reply_text(raw), sniffed, port=port) is not None:
                fields = {**sniffed, **fields}
    seen_at = line.get("seen_at")
    country = line.get("country")
    observation = Observation(
        ip=ip,
        port=port,
        transport=transport,
        protocol=protocol,
        source=source,
        seen_at=seen_at if isinstance(seen_at, str) else "",
        fields=fields,
        raw=raw,
    )
    return observation, country if isinstance(country, str) and country else None
