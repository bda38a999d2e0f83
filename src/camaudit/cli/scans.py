"""``camaudit scans stale`` and ``camaudit scans close ID``: running scans nobody is running any more.

A scan killed mid-way stays ``running`` in the register so that ``scan --resume`` can finish it. These
commands find the ones whose process is gone (``register/stale.py``) and, when a user gives up on one,
mark it ``closed``: its hosts are kept, it is never resumed, and ``diff`` never takes it for a full scan.
"""

from __future__ import annotations

import typer

from camaudit.cli.app import app
from camaudit.cli.common import err, fail, out
from camaudit.cli.output import output_option, write_json
from camaudit.cli.record import db_option, open_or_fail, register_errors
from camaudit.cli.terminal import print_lines, print_table
from camaudit.register.db import describe
from camaudit.register.stale import StaleError, close_scan, stale_scans
from camaudit.report.table import new_table

scans = typer.Typer(help="Running scans whose process is gone: list them, close them.", no_args_is_help=True)
app.add_typer(scans, name="scans")


@scans.command("stale")
def stale_command(
    db: str | None = db_option(),
    json_path: str | None = output_option("Write the list as JSON here ('-' for stdout)."),
) -> None:
    """List the scans still marked running whose process is gone (resume or close them)."""
    register = open_or_fail(db, create=False)
    with register, register_errors(register):
        found = stale_scans(register)
    console = err if json_path == "-" else out
    if not found:
        print_lines(console, [f"No stale scans in register {describe(register.url)}."])
    else:
        # The table every other listing uses: no cell wraps (a timestamp folded over two lines in a log).
        table = new_table(f"{len(found)} stale scan(s)", ("scan", "started", "last activity", "hosts recorded",
                                                          "why stale"))
        for scan in found:
            table.add_row(str(scan.id), scan.started, scan.last_activity, str(scan.hosts), scan.reason)
        print_table(console, table)
        print_lines(console, ["Finish one with `camaudit scan --resume --db ...`, or give up on it with "
                              "`camaudit scans close ID`."])
    if json_path:
        write_json([{"id": s.id, "started": s.started, "last_activity": s.last_activity, "hosts": s.hosts,
                     "reason": s.reason} for s in found], json_path)


@scans.command("close")
def close_command(
    scan_ids: list[int] = typer.Argument(..., help="Ids of the running scans to close."),
    db: str | None = db_option(),
    force: bool = typer.Option(False, "--force", help="Close even a scan whose process still seems alive."),
) -> None:
    """Mark stale running scans closed: their hosts stay recorded; they are never resumed or diffed."""
    register = open_or_fail(db, create=False)
    with register, register_errors(register):
        for scan_id in scan_ids:
            try:
                close_scan(register, scan_id, force=force)
            except StaleError as exc:
                fail(str(exc))
            out.print(f"Scan {scan_id} closed.", markup=False)
