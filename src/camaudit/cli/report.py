"""``camaudit report``: the audit report from the register, as HTML, PDF, CSV, JSON or CycloneDX."""

from __future__ import annotations

import typer

from camaudit.cli.app import app
from camaudit.cli.common import err, fail, out
from camaudit.cli.output import open_output, output_option
from camaudit.cli.record import db_option, open_or_fail, register_errors
from camaudit.clock import utc_now
from camaudit.report.records import ReportData, ReportError, load_report
from camaudit.report.render import FORMATS, render


@app.command()
def report(
    output: str = output_option("Write the report to this file ('-' for stdout).", "-o", "--output", default=...),
    fmt: str = typer.Option("html", "--format", "-f", help=f"One of: {', '.join(FORMATS)}."),
    scan: int | None = typer.Option(None, "--scan", help="Scan id (default: the newest complete scan)."),
    site: str | None = typer.Option(None, "--site", help="Only the devices of this site (from annotate --site)."),
    policy: str | None = typer.Option(
        None, "--policy", help="Policy profile to judge restrictions by (default: the one the scan used)."
    ),
    db: str | None = db_option(),
) -> None:
    """Write the audit report of a recorded scan: summary, progress, charts, findings, method, evidence."""
    if fmt not in FORMATS:
        fail(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    data = write_report(db, output, fmt, scan=scan, site=site, policy=policy)
    # With -o -, standard output is the report itself: the line about it goes to standard error.
    where, console = ("standard output", err) if output == "-" else (output, out)
    console.print(f"Report ({fmt}) of scan {data.scan.id}, {len(data.devices)} device(s), written to {where}",
                  markup=False, soft_wrap=True)


def write_report(
    db: str | None, output: str, fmt: str, *, scan: int | None = None, site: str | None = None,
    policy: str | None = None,
) -> ReportData:
    """Render the report of a recorded scan and write it atomically to ``output`` (one-line errors)."""
    register = open_or_fail(db, create=False)
    with register, register_errors(register):
        try:
            data = load_report(register, scan_id=scan, site=site, policy=policy, generated=utc_now())
        except ReportError as exc:
            fail(str(exc))
        body = render(register, data, fmt)
    with open_output(output) as sink:
        sink.write(body)
    return data
