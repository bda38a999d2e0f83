"""``camaudit diff [A B]``: what changed between two scans — new devices, gone devices, and devices whose
identity or firmware changed."""

from __future__ import annotations

import typer
from rich.table import Table
from rich.text import Text

from camaudit.cli.app import app
from camaudit.cli.common import err, fail, out, write_json
from camaudit.cli.record import db_option, open_or_fail, register_errors
from camaudit.register.diff import DiffError, ScanDiff, diff_scans
from camaudit.register.query import complete_scan_ids
from camaudit.report.safe import terminal_safe


def _safe(value: object) -> str:
    return terminal_safe(value) if value not in (None, "") else "—"


def _table(result: ScanDiff) -> Table:
    table = Table(title=f"scan {result.before} → scan {result.after}", title_justify="left")
    for col in ("change", "device", "address", "mac", "what"):
        table.add_column(col, overflow="fold")
    for state in result.new:
        ident = state.identity
        what = " ".join(_safe(ident[k]) for k in ("manufacturer", "model", "firmware"))
        table.add_row(Text("new", style="green"), str(state.device), state.ip, _safe(state.mac), Text(what))
    for state in result.gone:
        ident = state.identity
        what = " ".join(_safe(ident[k]) for k in ("manufacturer", "model", "firmware"))
        table.add_row(Text("gone", style="red"), str(state.device), state.ip, _safe(state.mac), Text(what))
    for change in result.changed:
        what = "; ".join(f"{k}: {_safe(b)} → {_safe(a)}" for k, (b, a) in change.changes.items())
        table.add_row(Text("changed", style="yellow"), str(change.device), change.ip, _safe(change.mac), Text(what))
    return table


@app.command()
def diff(
    scans: list[int] = typer.Argument(None, help="Two scan ids, older first (default: the last two complete)."),
    db: str | None = db_option(),
    json_path: str | None = typer.Option(None, "--json", help="Write the diff JSON here ('-' for stdout)."),
) -> None:
    """Show what changed between two scans: new devices, gone devices, changed identity or firmware."""
    register = open_or_fail(db, create=False)
    with register, register_errors(register):
        if scans and len(scans) != 2:
            fail("give two scan ids (A B), or none for the last two complete scans")
        if not scans:
            complete = complete_scan_ids(register)
            if len(complete) < 2:
                fail(f"the register holds {len(complete)} complete scan(s); diff needs two")
            scans = complete[-2:]
        try:
            result = diff_scans(register, scans[0], scans[1])
        except DiffError as exc:
            fail(str(exc))
    console = err if json_path == "-" else out
    console.print(_table(result))
    note = " (the scans covered different targets: 'gone' includes devices the second did not look at)"
    console.print(
        f"{len(result.new)} new, {len(result.gone)} gone, {len(result.changed)} changed."
        + (note if result.scopes_differ else ""),
        markup=False,
    )
    if json_path:
        write_json(result.to_json(), json_path)
