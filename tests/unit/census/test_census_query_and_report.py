"""``census query`` answers read-only; ``report.html`` is self-contained and escapes what the data says."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from tests.unit.census.censusdata import AMCREST_HTTP, HIK_HTTP, banner, census, write_lines

from camaudit.census import aggregate
from camaudit.census.query import QueryError, run_query
from camaudit.census.report import write_report

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("census")
    path = write_lines(base / f"in{HOSTILE.replace('/', '_')}.json", [
        banner(HIK_HTTP, "192.0.2.1", "2026-11-01T10:00:00", HOSTILE, org=HOSTILE, asn=HOSTILE),
        banner(AMCREST_HTTP, "192.0.2.2", "2026-11-01T10:00:00", "US", port=80),
        "not json " + HOSTILE,
    ])
    census([path], base / "out", by=("country", "org"), report=True)
    return base / "out"


def test_query_answers_a_question(folder: Path) -> None:
    columns, rows = run_query(folder, "SELECT manufacturer, brand, count(*) AS n FROM hosts GROUP BY ALL ORDER BY 1")
    assert columns == ["manufacturer", "brand", "n"]
    assert rows == [("dahua", "amcrest", 1), ("hikvision", "hikvision", 1)]


@pytest.mark.parametrize("sql", [
    "COPY (SELECT * FROM hosts) TO 'out.csv'",
    "CREATE TABLE t AS SELECT 1",
    "SELECT 1; DROP VIEW hosts",
    "INSTALL httpfs",
    "ATTACH 'other.db'",
])
def test_query_refuses_anything_but_one_select(folder: Path, sql: str) -> None:
    with pytest.raises(QueryError, match="exactly one SELECT"):
        run_query(folder, sql)


def test_query_cannot_read_files_outside_the_folder(folder: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_text("a\n1\n")
    with pytest.raises(QueryError, match="query failed"):
        run_query(folder, f"SELECT * FROM read_csv('{secret}')")  # noqa: S608 - a test path
    with pytest.raises(QueryError, match="query failed"):
        run_query(folder, "SELECT current_setting('enable_external_access'), * FROM read_text('/etc/hostname')")


def test_report_escapes_everything_from_the_data_and_loads_nothing(folder: Path) -> None:
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html  # the hostile country/organisation is shown, as text
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    for section in ("makers", "countries", "kev", "method"):
        assert f'id="{section}"' in html
    assert "latest record wins" in html


def test_query_output_keeps_what_the_data_says_inert(tmp_path: Path) -> None:
    # An organisation name is whatever the scan data says: a spreadsheet formula, Rich markup, an ANSI escape.
    from typer.testing import CliRunner

    import camaudit.cli.census  # noqa: F401  (registers the command group)
    from camaudit.cli.app import app

    formula, markup = '=HYPERLINK("http://x","y")', "[bold red]owned[/bold red]\x1b[2J"
    path = write_lines(tmp_path / "in.json", [
        banner(HIK_HTTP, "192.0.2.1", "2026-11-01T10:00:00", "GB", org=formula),
        banner(HIK_HTTP, "192.0.2.2", "2026-11-01T10:00:00", "GB", org=markup),
    ])
    census([path], tmp_path / "out")
    runner = CliRunner()
    sql = "SELECT org, count(*) AS n FROM hosts GROUP BY 1 ORDER BY 1"
    csv_out = runner.invoke(app, ["census", "query", str(tmp_path / "out"), "--sql", sql, "--as", "csv"])
    assert csv_out.exit_code == 0, csv_out.output
    assert csv_out.output.splitlines()[1:] == ['"\'=HYPERLINK(""http://x"",""y"")",1',
                                               "[bold red]owned[/bold red]\\x1b[2J,1"]
    table = runner.invoke(app, ["census", "query", str(tmp_path / "out"), "--sql", sql])
    assert table.exit_code == 0, table.output
    assert "[bold red]owned[/bold red]\\x1b[2J" in table.output and "\x1b" not in table.output
    as_json = runner.invoke(app, ["census", "query", str(tmp_path / "out"), "--sql", sql, "--as", "json"])
    assert '"org": "=HYPERLINK(\\"http://x\\",\\"y\\")"' in as_json.output and "\x1b" not in as_json.output


class _Asked:
    """A DuckDB connection that remembers the SQL it was asked."""

    def __init__(self, con: Any) -> None:
        self.con, self.sql = con, []

    def execute(self, sql: str, *args: Any) -> Any:
        self.sql.append(sql)
        return self.con.execute(sql, *args)


def test_the_report_takes_the_restriction_counts_from_the_summary_and_shows_the_same_page(
    folder: Path, tmp_path: Path
) -> None:
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    policy = summary["restricted"]["policy"]
    con = aggregate.connect(folder)
    try:
        aggregate.settle(con)
        asked = _Asked(con)
        write_report(tmp_path / "from-summary.html", asked, summary, policy)
        # restriction_counts' scans of hosts (the only SQL reading possible_regimes) are not asked a second time.
        assert asked.sql and not [sql for sql in asked.sql if "possible_regimes" in sql]
        # Asked of DuckDB again (a summary without them), the page is the same, byte for byte.
        write_report(tmp_path / "asked.html", con, {k: v for k, v in summary.items() if k != "restricted"}, policy)
    finally:
        con.close()
    page = (tmp_path / "from-summary.html").read_bytes()
    assert page == (tmp_path / "asked.html").read_bytes() == (folder / "report.html").read_bytes()
