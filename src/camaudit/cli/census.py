"""``camaudit census``: count cameras across internet-scan files; ``census synth`` and ``census query``.

``camaudit census FILE…`` is short for ``camaudit census run FILE…``: the group runs ``run`` when its first
argument is not one of its commands.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup

from camaudit.cli.app import app
from camaudit.cli.common import EXIT_FAILURE, check_writable, fail
from camaudit.cli.output import write_json

_SIZE = re.compile(r"[0-9]+(?:\.[0-9]+)?\s*(?:[KMGT]i?B)", re.IGNORECASE)
_FORMATS = (
    "shodan", "censys", "zgrab2", "zoomeye", "fofa", "netlas", "binaryedge", "masscan", "nmap", "parquet", "jsonl",
)


class _DefaultRun(TyperGroup):
    """A group whose first argument, when it is not a command name or a help flag, starts ``run``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


census_app = typer.Typer(
    cls=_DefaultRun,
    no_args_is_help=True,
    help="Count cameras across internet-scan files (Shodan, Censys, zgrab2, ZoomEye, FOFA, Netlas, BinaryEdge, "
    "masscan, nmap, Parquet) by country, maker, brand, regime and KEV exposure: `camaudit census FILE…` "
    "(see docs/census.md).",
)
app.add_typer(census_app, name="census")


@census_app.command("run")
def run_command(
    inputs: list[str] = typer.Argument(..., help="Input files, folders or globs (local paths or fsspec URLs)."),
    format_name: str = typer.Option("shodan", "--format", "-f", help=f"Input format: {', '.join(_FORMATS)}."),
    by: str = typer.Option("country,manufacturer", "--by", help="Keys to count by, comma-separated."),
    out: Path = typer.Option(
        Path("census"), "--out", "-o", help="Output folder (identities/, summary.json, report.html)."
    ),
    engine: str = typer.Option("processes", "--engine", help="processes (built-in pool) or dask."),
    workers: int | None = typer.Option(None, "--workers", min=1, help="Worker processes (default: the core count)."),
    scheduler: str | None = typer.Option(None, "--scheduler", help="An existing Dask scheduler, tcp://HOST:PORT."),
    policy: str = typer.Option("all", "--policy", help="Policy profile deciding which regimes count."),
    resume: bool = typer.Option(False, "--resume", help="Keep the tasks a previous run in --out finished."),
    no_report: bool = typer.Option(False, "--no-report", help="Skip report.html."),
    json_out: str | None = typer.Option(None, "--json", help="Also write summary.json here ('-' = standard output)."),
    count_memory: str = typer.Option(
        "256MB", "--count-memory", help="Memory for counting (DuckDB; it spills to disk past it), e.g. 256MB, 4GB."
    ),
) -> None:
    """Identify every record of the inputs and count camera hosts and services by the chosen keys."""
    from camaudit.assess import PolicyError, get_policy
    from camaudit.census.engines import ENGINES, EngineError, default_workers
    from camaudit.census.keys import ByKeyError, parse_keys
    from camaudit.census.plan import PlanError
    from camaudit.census.run import CensusError, CensusOptions, run_census, tell
    from camaudit.census.state import FolderError

    if format_name not in _FORMATS:
        fail(f"unknown --format {format_name!r}; choose one of: {', '.join(_FORMATS)}")
    if engine not in ENGINES:
        fail(f"unknown --engine {engine!r}; choose one of: {', '.join(ENGINES)}")
    if scheduler and engine != "dask":
        fail("--scheduler needs --engine dask")
    if not _SIZE.fullmatch(count_memory.strip()):
        fail(f"--count-memory {count_memory!r} is not a size like 256MB or 4GB")
    check_writable(json_out)
    try:
        keys = parse_keys(by)
        get_policy(policy)
    except (ByKeyError, PolicyError) as exc:
        fail(str(exc))
    options = CensusOptions(
        inputs=inputs, format=format_name, out_dir=out, keys=keys, engine=engine,
        workers=workers or default_workers(), scheduler=scheduler, policy=policy, resume=resume,
        report=not no_report, count_memory=count_memory.strip(),
    )
    try:
        outcome = run_census(options, progress=tell)
    except (PlanError, FolderError) as exc:
        fail(str(exc))
    except (CensusError, EngineError, OSError) as exc:
        fail(str(exc), EXIT_FAILURE)
    s = outcome.summary
    several = {"port", "protocol", "regime", "possible_regime"}
    camera_hosts = sum(r["hosts"] for r in s["rows"]) if not set(keys) & several else None
    counted = f"{camera_hosts:,} camera hosts, " if camera_hosts is not None else ""
    tell(f"census: {s['records']:,} records, {s['skipped']:,} skipped, {counted}{len(s['rows'])} rows by "
         f"{','.join(keys)} in {outcome.seconds:.1f} s -> {out}/summary.json")
    restricted = s["restricted"]
    tell(f"  camera hosts restricted under policy {policy}: {restricted['confirmed']:,} confirmed, "
         f"{restricted['possible']:,} more possibly (maker uncertain; counted apart)")
    for reason, count in sorted(s["skipped_reasons"].items(), key=lambda kv: -kv[1])[:10]:
        tell(f"  skipped {count:,} x {reason}")
    if json_out:
        write_json(s, json_out)
    if not s["records"] and s["skipped"]:
        # Every record was unreadable: almost always the wrong --format (the default is shodan). As identify
        # says it, and exits 1, so that a script does not take "0 camera hosts" for an answer.
        fail(f"no record could be read as {format_name!r}; is --format right?", EXIT_FAILURE)


@census_app.command("synth")
def synth_command(
    records: int = typer.Option(..., "--records", "-n", min=1, help="How many banners to write."),
    seed: int = typer.Option(1, "--seed", help="Same seed, same file, byte for byte."),
    output: Path = typer.Option(..., "--output", "-o", help="File to write (.gz: gzip-compressed)."),
) -> None:
    """Write realistic synthetic Shodan banners (most not cameras; duplicates across days) for tests and benches."""
    from camaudit.census.synth import write

    try:
        stats = write(output, records, seed)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}", EXIT_FAILURE)
    sys.stderr.write(
        f"synth: {stats.records:,} banners ({stats.camera_records:,} from cameras, {stats.resightings:,} re-sightings "
        f"of a service on another day) -> {output}\n"
    )


@census_app.command("query")
def query_command(
    folder: Path = typer.Argument(..., help="A census output folder (--out of a census run)."),
    sql: str = typer.Option(
        ..., "--sql", help="One SELECT over the views identities, services, camera_services, hosts."
    ),
    as_format: str = typer.Option("table", "--as", help="table, csv or json."),
) -> None:
    """Answer an ad-hoc question from a census folder, read-only, with DuckDB."""
    from camaudit.census.query import QueryError, run_query

    if as_format not in ("table", "csv", "json"):
        fail("--as must be table, csv or json")
    try:
        columns, rows = run_query(folder, sql)
    except QueryError as exc:
        fail(str(exc))
    _print(columns, rows, as_format)


def _print(columns: list[str], rows: list[tuple[Any, ...]], as_format: str) -> None:
    """The rows as JSON, CSV or a table. Values come from scan data (banners, organisations, self-reported
    names): inert in each -- no formula a spreadsheet runs, no Rich markup or terminal escape."""
    import csv
    import json

    from camaudit.report.safe import json_text_safe, terminal_safe
    from camaudit.report.tabular import neutralise

    if as_format == "json":
        document = json.dumps([dict(zip(columns, r, strict=True)) for r in rows], default=str, indent=1)
        sys.stdout.write(json_text_safe(document) + "\n")
    elif as_format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow([neutralise(c) for c in columns])
        # Written to standard output: control characters are shown escaped, as in the table.
        writer.writerows([v if isinstance(v, int | float) else terminal_safe(neutralise(v), limit=100_000) for v in r]
                         for r in rows)
    else:
        from rich.table import Column, Table
        from rich.text import Text

        from camaudit.cli.common import out

        grid = Table(*(Column(header=Text(terminal_safe(c))) for c in columns), show_edge=False)
        for r in rows:
            grid.add_row(*(Text(terminal_safe(v, limit=400)) for v in r))
        out.print(grid)
