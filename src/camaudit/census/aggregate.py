"""Counting, in DuckDB over the identities Parquet: the census rules written once, as SQL views.

* ``identities``: every row the workers wrote (one per input service record);
* ``services``: one row per ``ip:port:transport``, the latest record winning (by timestamp; at equal or
  missing times the later input path, byte range and record position win, so the pick never depends on
  which engine or worker wrote what);
* ``camera_services``: the services identified as a camera, recorder or other video device;
* ``hosts``: one row per camera host (IP): its most confident camera service (ties: the latest, then the
  lowest port), with ``cloud`` from any of its camera services and ``kev_state`` from its KEV columns.

DuckDB streams the Parquet files and spills to disk past its memory limit, so the driver's memory stays
bounded however many rows there are.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

from camaudit.census.keys import KEV_EXPOSED, KEV_NONE, KEV_UNCHECKED, KEYS, LIST_KEYS, SERVICE_KEYS

#: The order in which a service's records are newer: the first one is its latest (rule 2 of docs/census.md).
_LATEST = "timestamp DESC NULLS LAST, input DESC, chunk DESC, position DESC, protocol DESC NULLS LAST"

# ``camera_services`` is ``services WHERE camera``, worked out over the records of the services that were a
# camera at least once: a service never seen as one cannot be a camera service, and such services are most
# of the input, so the window (a sort of every column) runs over a few percent of the rows (6 % of a
# synthetic crawl's). tests/unit/census/test_census_views.py holds the two definitions equal.
_VIEWS = f"""
CREATE VIEW services AS
SELECT * FROM identities
QUALIFY row_number() OVER (
    PARTITION BY ip, port, transport ORDER BY {_LATEST}
) = 1;
CREATE VIEW camera_services AS
SELECT * FROM (
    SELECT i.* FROM identities i
    SEMI JOIN (SELECT DISTINCT ip, port, transport FROM identities WHERE camera) c
        ON i.ip IS NOT DISTINCT FROM c.ip AND i.port IS NOT DISTINCT FROM c.port
        AND i.transport IS NOT DISTINCT FROM c.transport
    QUALIFY row_number() OVER (PARTITION BY ip, port, transport ORDER BY {_LATEST}) = 1
) WHERE camera;
CREATE VIEW hosts AS
SELECT * EXCLUDE (cloud, host_cloud), host_cloud AS cloud,
       CASE WHEN len(kev) > 0 THEN '{KEV_EXPOSED}' WHEN len(kev_unchecked) > 0 THEN '{KEV_UNCHECKED}'
            ELSE '{KEV_NONE}' END AS kev_state
FROM (SELECT *, min(cloud) OVER (PARTITION BY ip) AS host_cloud FROM camera_services)
QUALIFY row_number() OVER (
    PARTITION BY ip ORDER BY confidence DESC NULLS LAST, timestamp DESC NULLS LAST, port, transport, protocol
) = 1;
"""

def parts_glob(out_dir: Path) -> str:
    """The Parquet files of a census folder, as a DuckDB glob."""
    return str(out_dir / "identities" / "*.parquet")


def connect(out_dir: Path, *, threads: int | None = None, memory_limit: str | None = None) -> Any:
    """An in-memory DuckDB connection with the census views over ``out_dir``'s identities."""
    con = duckdb.connect(":memory:")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    if memory_limit:
        con.execute("SET memory_limit = ?", [memory_limit])
    spill = out_dir / ".census" / "duckdb-tmp"
    spill.mkdir(parents=True, exist_ok=True)
    con.execute("SET temp_directory = ?", [str(spill)])
    if any((out_dir / "identities").glob("*.parquet")):
        source = f"read_parquet('{_quote(parts_glob(out_dir))}')"
    else:
        # No rows at all (every input unreadable): the same columns, no rows, so every query still runs.
        source = f"read_parquet('{_quote(str(_empty_part(out_dir)))}')"
    con.execute(f"CREATE VIEW identities AS SELECT * FROM {source}")
    con.execute(_VIEWS)
    return con


def settle(con: Any) -> None:
    """Work out ``camera_services`` and ``hosts`` once, as temporary tables the two views then read.

    summary.json asks for them four times and the report a dozen more; as plain views each asking ran the
    windows over the identities again (the count took 2-3x as long once the restriction counts were added).
    They hold camera rows only, a few percent of the input; past the memory limit DuckDB spills them to
    ``temp_directory`` like any other intermediate. ``census query`` keeps the plain views: it asks once.
    """
    con.execute(
        "CREATE TEMP TABLE camera_services_settled AS SELECT * FROM camera_services;"
        "CREATE OR REPLACE VIEW camera_services AS SELECT * FROM camera_services_settled;"
        "CREATE TEMP TABLE hosts_settled AS SELECT * FROM hosts;"
        "CREATE OR REPLACE VIEW hosts AS SELECT * FROM hosts_settled;"
    )


def _quote(text: str) -> str:
    return text.replace("'", "''")


def _empty_part(out_dir: Path) -> Path:
    import pyarrow.parquet as pq

    from camaudit.census.rows import SCHEMA

    path = out_dir / ".census" / "empty.parquet"
    if not path.exists():
        pq.write_table(SCHEMA.empty_table(), path)
    return path


def summary_rows(con: Any, keys: Sequence[str]) -> list[dict[str, Any]]:
    """The ``rows`` of summary.json: per combination of ``keys``, camera hosts and their services."""
    host_source = "hosts"
    for key in keys:
        if key in LIST_KEYS:
            # A host covered by two regimes is counted under each; a host under none under ``null``.
            column = LIST_KEYS[key]
            host_source = (
                f"(SELECT *, unnest(CASE WHEN len({column}) = 0 THEN [NULL::VARCHAR] ELSE {column} END) AS {key} "
                f"FROM {host_source})"
            )
    names = [f"{KEYS[k]} AS \"{k}\"" for k in keys]
    # Positions, not names: a key's alias is also a column name of both joined views.
    group = ", ".join(str(i + 1) for i in range(len(keys)))
    order = ", ".join(f"{i + 1} ASC NULLS LAST" for i in range(len(keys)))
    sql = (
        f"SELECT {', '.join(names)}, count(DISTINCT s.ip) AS hosts, count(*) AS services "
        f"FROM camera_services s JOIN {host_source} h ON s.ip = h.ip "
        f"GROUP BY {group} ORDER BY hosts DESC, services DESC, {order}"
    )
    cursor = con.execute(sql)
    columns = [d[0] for d in cursor.description]
    return [_row(dict(zip(columns, values, strict=True))) for values in cursor.fetchall()]


def _row(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (int(v) if k in ("hosts", "services") or (k in SERVICE_KEYS and isinstance(v, int)) else v)
            for k, v in row.items()}


def restriction_counts(con: Any) -> dict[str, Any]:
    """Camera hosts a regime covers for sure (``confirmed``: their maker is covered) and only possibly
    (``possible``: their brand has sold devices a covered maker made, and nothing settled who made them), per
    regime and per brand, never added together. A host confirmed under one regime and possible under another
    (a Swann made by Raysharp, possibly Hikvision) is in each regime's own column; in the totals and per brand
    it is ``possible`` only when no regime confirms it."""
    totals = con.execute(
        "SELECT count(*) FILTER (WHERE len(regimes) > 0), "
        "count(*) FILTER (WHERE len(regimes) = 0 AND len(possible_regimes) > 0) FROM hosts"
    ).fetchone()
    by_regime = con.execute(
        "SELECT regime, count(*) FILTER (WHERE how = 'confirmed'), count(*) FILTER (WHERE how = 'possible') FROM ("
        "SELECT unnest(regimes) AS regime, 'confirmed' AS how FROM hosts UNION ALL "
        "SELECT unnest(possible_regimes), 'possible' FROM hosts) GROUP BY 1 ORDER BY 2 DESC, 3 DESC, 1"
    ).fetchall()
    by_brand = con.execute(
        "SELECT brand, count(*) FILTER (WHERE len(regimes) > 0) c, "
        "count(*) FILTER (WHERE len(regimes) = 0 AND len(possible_regimes) > 0) p FROM hosts "
        "WHERE len(regimes) > 0 OR len(possible_regimes) > 0 GROUP BY 1 ORDER BY c + p DESC, c DESC, 1 NULLS LAST"
    ).fetchall()
    return {
        "confirmed": int(totals[0]),
        "possible": int(totals[1]),
        "by_regime": [{"regime": r, "confirmed": int(c), "possible": int(p)} for r, c, p in by_regime],
        "by_brand": [{"brand": b, "confirmed": int(c), "possible": int(p)} for b, c, p in by_brand],
    }


def scalar(con: Any, sql: str, *params: Any) -> Any:
    """The single value ``sql`` (with ``params`` for its ``?``) returns."""
    return con.execute(sql, list(params)).fetchone()[0]


def table(con: Any, sql: str) -> list[tuple[Any, ...]]:
    """All rows ``sql`` returns."""
    return [tuple(r) for r in con.execute(sql).fetchall()]
