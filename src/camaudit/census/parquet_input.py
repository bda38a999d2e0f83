"""``--format parquet``: scan data already in Parquet, one row per service.

Columns (any may be missing except ``ip``): ``ip``, ``port``, ``transport``, ``timestamp`` (a timestamp or
ISO 8601 text), ``protocol``, ``country``, ``asn``, ``org``, and any column named after an observation
field of the registry (``http.server``, ``http.title``, ``rtsp.server``, ``tls.subject``, ``banner`` ...,
``docs/observation-fields.md``), holding that field's text. Columns with other names are ignored, so a
data lake's wider table can be read as it is. Rows are read in batches: memory does not grow with the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import IO, Any

import pyarrow.parquet as pq

from camaudit.fields import is_known_field
from camaudit.importers.base import MAX_FIELD_CHARS, ImportRecord, as_port, as_transport, failed
from camaudit.model import Observation

_BATCH = 10_000
_META = ("ip", "port", "transport", "timestamp", "protocol", "country", "asn", "org")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    return text[:MAX_FIELD_CHARS] or None


def _when(value: Any) -> str:
    if isinstance(value, datetime):
        stamp = value if value.tzinfo else value.replace(tzinfo=UTC)
        return stamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return _text(value) or ""


def _record(row: dict[str, Any], fields: list[str], position: int) -> ImportRecord:
    ip = _text(row.get("ip"))
    if not ip:
        return failed(position, "cannot interpret Parquet row: no ip")
    port = as_port(row.get("port"))
    seen: dict[str, str] = {}
    for name in fields:
        text = _text(row.get(name))
        if text:
            seen[name] = text
    observation = Observation(
        ip=ip,
        port=port,
        transport=as_transport(row.get("transport")) or "tcp",
        protocol=_text(row.get("protocol")) or "",
        source="import",
        seen_at=_when(row.get("timestamp")),
        fields=seen,
    )
    return ImportRecord(
        position=position,
        ip=ip,
        port=port,
        observations=(observation,),
        country=_text(row.get("country")),
        asn=_text(row.get("asn")),
        org=_text(row.get("org")),
    )


def read(source: str | IO[bytes]) -> Iterator[ImportRecord]:
    """One record per row of a Parquet file, in file order; an unreadable file ends with one error record."""
    position = 0
    try:
        parquet = pq.ParquetFile(source)
        names = parquet.schema_arrow.names
        fields = [n for n in names if n not in _META and is_known_field(n)]
        wanted = [n for n in names if n in _META or n in fields]
        if "ip" not in names:
            yield failed(1, "cannot interpret Parquet file: no 'ip' column")
            return
        for batch in parquet.iter_batches(batch_size=_BATCH, columns=wanted):
            for row in batch.to_pylist():
                position += 1
                yield _record(row, fields, position)
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError, ArrowIOError an OSError
        yield failed(position + 1, f"not a readable Parquet file: {exc}")
