"""``camaudit census query DIR --sql ...``: one read-only SELECT over a census folder, with DuckDB.

The query sees the census views (``identities``, ``services``, ``camera_services``, ``hosts``; see
aggregate.py). It cannot change anything: only a single SELECT statement is accepted, and before it runs
DuckDB's access to files outside ``DIR`` is switched off and the configuration locked, so a query cannot
read other files, write files or turn the restriction back off.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from camaudit.census import aggregate

#: Rows a query may return: a census question is answered in a table, not a dump of the data.
MAX_ROWS = 100_000


class QueryError(ValueError):
    """The folder or the SQL cannot be used (the message says why, in one line)."""


def run_query(folder: Path, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Column names and rows of ``sql`` over the census in ``folder``."""
    if not (folder / "identities").is_dir():
        raise QueryError(f"{folder} is not a census folder (no identities/ in it)")
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryError(f"cannot parse the SQL: {str(exc).splitlines()[0]}") from exc
    if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
        raise QueryError("--sql must be exactly one SELECT statement (the census folder is read-only)")
    con = aggregate.connect(folder)
    try:
        con.execute("SET allowed_directories = ?", [[str(folder.resolve()) + "/"]])
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
        cursor = con.execute(statements[0].query)
        columns = [d[0] for d in cursor.description]
        rows = cursor.fetchmany(MAX_ROWS + 1)
    except duckdb.Error as exc:
        raise QueryError(f"query failed: {str(exc).splitlines()[0]}") from exc
    finally:
        con.close()
    if len(rows) > MAX_ROWS:
        raise QueryError(f"the query returns more than {MAX_ROWS:,} rows; aggregate or add LIMIT")
    return columns, [tuple(r) for r in rows]
