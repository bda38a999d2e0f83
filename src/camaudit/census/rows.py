"""The identities table: one row per input service record, its schema, and a bounded writer for it.

Rows are gathered column by column and written as one Parquet row group every :data:`BATCH_ROWS` rows,
so a worker's memory does not grow with its input. The file is written under a temporary name and
renamed when complete: a killed worker never leaves half a part that a later aggregation would read.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from camaudit.census.judge import Judgement

#: Rows per Parquet row group, and so the most a worker holds before writing.
BATCH_ROWS = 20_000

_TEXT = pa.string()
_LIST = pa.list_(pa.string())

#: The columns of ``DIR/identities/*.parquet`` (docs/census.md describes each).
SCHEMA = pa.schema(
    [
        ("ip", _TEXT),
        ("port", pa.int32()),
        ("transport", _TEXT),
        ("timestamp", pa.timestamp("us", tz="UTC")),
        ("country", _TEXT),
        ("asn", _TEXT),
        ("org", _TEXT),
        ("protocol", _TEXT),
        ("device_type", _TEXT),
        ("brand", _TEXT),
        ("manufacturer", _TEXT),
        ("model", _TEXT),
        ("firmware", _TEXT),
        ("confidence", pa.float64()),
        ("camera", pa.bool_()),
        ("regimes", _LIST),
        ("kev", _LIST),
        ("kev_unchecked", _LIST),
        ("cloud", _TEXT),
        ("possible_regimes", _LIST),
        ("input", _TEXT),
        ("chunk", pa.int64()),
        ("position", pa.int64()),
    ]
)
COLUMNS = tuple(SCHEMA.names)


def parse_time(text: str | None) -> datetime | None:
    """An importer's ISO 8601 UTC text as a datetime (None when absent or unreadable)."""
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


class PartWriter:
    """Writes one task's rows to ``path`` (via ``path.tmp``) in row groups of :data:`BATCH_ROWS`."""

    def __init__(self, path: Path, batch_rows: int = BATCH_ROWS) -> None:
        self.path = path
        self._tmp = path.with_name(path.name + ".tmp")
        self._batch_rows = batch_rows
        # Whole rows are kept and turned into columns once per batch: one append per record.
        self._rows: list[tuple[Any, ...]] = []
        self._writer: pq.ParquetWriter | None = None
        self.rows = 0

    def add(
        self,
        base: tuple[str, int | None, str | None, datetime | None, str | None, str | None, str | None, str | None],
        identity: tuple[str | None, str | None, str | None, str | None, str | None, float | None, bool],
        judgement: Judgement,
        cloud: str | None,
        where: tuple[str, int, int],
    ) -> None:
        """Append one row: ``base`` (ip .. protocol), ``identity`` (device_type .. camera), assessment, origin."""
        self._rows.append((*base, *identity, list(judgement.regimes), list(judgement.kev),
                           list(judgement.kev_unchecked), cloud, list(judgement.possible_regimes), *where))
        self.rows += 1
        if len(self._rows) >= self._batch_rows:
            self._flush()

    def _flush(self) -> None:
        if not self._rows:
            return
        columns = dict(zip(COLUMNS, (list(c) for c in zip(*self._rows, strict=True)), strict=True))
        table = pa.table(columns, schema=SCHEMA)
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._writer = pq.ParquetWriter(self._tmp, SCHEMA, compression="zstd")
        self._writer.write_table(table)
        self._rows = []

    def close(self) -> None:
        """Write what is left and move the finished file into place (an empty task writes no file)."""
        self._flush()
        if self._writer is not None:
            self._writer.close()
            os.replace(self._tmp, self.path)

    def abort(self) -> None:
        """Drop a partly written file."""
        if self._writer is not None:
            self._writer.close()
        self._tmp.unlink(missing_ok=True)
