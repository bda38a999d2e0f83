"""``camaudit diff [A B]``: what changed between two scans — new devices, gone devices, devices whose
identity or firmware changed, and findings that appeared, were resolved or changed severity."""

from __future__ import annotations

import typer
from rich.text import Text

from camaudit.cli.app import app
from camaudit.cli.common import err, fail, out
from camaudit.cli.output import output_option, write_json
from camaudit.cli.record import db_option, open_or_fail, register_errors
from camaudit.cli.terminal import plain_option, print_lines, print_table
from camaudit.register.diff import DiffError, ScanDiff, diff_scans
from camaudit.register.query import complete_scan_ids
from camaudit.report.table import cell, keep_whole, new_table, plain_line

COLUMNS = ("change", "address", "what")
_STYLE = {"new": "green", "gone": "red", "changed": "yellow", "finding appeared": "red",
          "finding resolved": "green", "severity changed": "yellow"}


def _rows(result: ScanDiff) -> list[tuple[str, str, str]]:
    rows = []
    for label, states in (("new", result.new), ("gone", result.gone)):
        for state in states:
            ident = state.identity
            what = " ".join(cell(ident[k]) for k in ("manufacturer", "model", "firmware"))
            rows.append((label, cell(state.ip), what))
    for change in result.changed:
        what = "; ".join(f"{k}: {cell(b)} -> {cell(a)}" for k, (b, a) in change.changes.items())
        rows.append(("changed", cell(change.ip), what))
    for f in result.findings:
        label = {"appeared": "finding appeared", "resolved": "finding resolved"}.get(f.change, "severity changed")
        severity = f"{f.before} -> {f.finding.severity}" if f.change == "severity" else f.finding.severity
        rows.append((label, cell(f.ip), f"[{severity}] {cell(f.finding.title)}"))
    return rows


def _totals(result: ScanDiff) -> str:
    note = " (the scans covered different targets: 'gone' includes devices the second did not look at)"
    return (
        f"Devices: {len(result.new)} new, {len(result.gone)} gone, {len(result.changed)} changed. "
        f"Findings on devices in both scans: {result.finding_count('appeared')} appeared, "
        f"{result.finding_count('resolved')} resolved, {result.finding_count('severity')} changed severity."
        + (note if result.scopes_differ else "")
    )


@app.command()
def diff(
    scans: list[int] = typer.Argument(None, help="Two scan ids, older first (default: the last two complete)."),
    db: str | None = db_option(),
    json_path: str | None = output_option("Write the diff JSON here ('-' for stdout)."),
    plain: bool = plain_option(),
) -> None:
    """Show what changed between two scans: new and gone devices, changed identity or firmware, and
    findings that appeared, were resolved or changed severity."""
    if scans and len(scans) != 2:
        fail("give two scan ids (A B), or none for the last two complete scans")
    if scans and scans[0] >= scans[1]:
        fail(f"give the older scan first: diff {min(scans)} {max(scans)}" if scans[0] != scans[1]
             else f"give two different scans, not {scans[0]} twice")
    register = open_or_fail(db, create=False)
    with register, register_errors(register):
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
    rows = _rows(result)
    if plain:
        print_lines(console, [plain_line(COLUMNS), *(plain_line(r) for r in rows)])
    else:
        table = new_table(f"scan {result.before} -> scan {result.after}", COLUMNS)
        keep_whole(table, 1, rows)
        for row in rows:
            table.add_row(Text(row[0], style=_STYLE[row[0]]), *(Text(v) for v in row[1:]))
        print_table(console, table)
    print_lines(console, [_totals(result)])
    if json_path:
        write_json(result.to_json(), json_path)
