"""``camaudit demo``: start the built-in lab on loopback, scan it, show the result, stop the lab."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import typer

from camaudit.cli.app import app
from camaudit.cli.common import EXIT_FAILURE, err, fail, out
from camaudit.cli.output import output_option
from camaudit.cli.partial import end_run, interrupted_again
from camaudit.cli.record import db_option, start_recording
from camaudit.cli.report import write_report
from camaudit.cli.scan import emit, execute, policy_option, policy_or_fail
from camaudit.cli.terminal import plain_option, print_lines, verbose_option
from camaudit.lab.device import LabError
from camaudit.lab.runner import LabRunner
from camaudit.scan.engine import ScanOptions
from camaudit.scan.net import Limits
from camaudit.scan.ports import PRESETS
from camaudit.targets import build_scope


@app.command()
def demo(
    json_path: str | None = output_option("Write the result JSON here ('-' for stdout).", default="demo-result.json"),
    base: str = typer.Option("127.77.0.1", "--base", help="First loopback address for the lab devices."),
    alt_ports: bool = typer.Option(
        False, "--alt-ports", help="Use the devices' alternative ports (8080, 8443, 8554) as without root."
    ),
    db: str | None = db_option("Also record the demo scan into this register (a SQLite file or URL)."),
    policy: str = policy_option(),
    plain: bool = plain_option(),
    verbose: bool = verbose_option(),
    report_path: str = output_option(
        "Also write the HTML audit report here ('' for none).", "--report", default="demo-report.html"
    ),
) -> None:
    """Audit the built-in lab of emulated cameras on loopback: nothing leaves this machine."""
    policy = policy_or_fail(policy)
    if report_path == "-":
        # Standard output carries the demo's table and summary: the page would be mixed into them.
        fail("--report needs a file name, not '-' (to print a report, record the demo with --db FILE and run "
             "camaudit report --db FILE -o -)")
    # The report reads a register: without --db the demo records into a throwaway one.
    with tempfile.TemporaryDirectory(prefix="camaudit-demo-") as scratch:
        register = db or (str(Path(scratch) / "demo.db") if report_path else None)
        _run(json_path, base, alt_ports, register, policy, plain, verbose, db)
        if report_path and register:
            write_report(register, report_path, "html")
            print_lines(err if json_path == "-" else out, [f"Report written to {report_path}"])


def _run(
    json_path: str | None, base: str, alt_ports: bool, db: str | None, policy: str, plain: bool, verbose: bool,
    user_db: str | None,
) -> None:
    """The demo scan; ``user_db`` is the register the user named (``db`` may be a throwaway one, made only
    for the report: what was written to it is not news)."""
    began = time.monotonic()
    try:
        runner = LabRunner(base=base, alt_ports=alt_ports)
        runner.start()
    except (OSError, LabError) as exc:
        fail(f"cannot start the lab: {exc}", EXIT_FAILURE)
    try:
        devices = runner.devices
        console = err if json_path == "-" else out
        low = sorted({p for d in devices for p in d.ports.values() if p < 1024})
        high = sorted({p for d in devices for p in d.ports.values() if p >= 1024})
        print_lines(console, [
            f"Lab: {len(devices)} emulated devices on {devices[0].ip}-{devices[-1].ip}; "
            f"ports in use: {', '.join(map(str, low + high))}"
            + ("" if low else " (alternative ports: binding ports below 1024 needs root)"),
            "Scanning them with the default port preset, as `camaudit scan` does (`--ports cameras`).",
        ])
        guard = build_scope([d.ip for d in devices])
        # The same ports as a plain `camaudit scan`, so the demo finds what a user's own scan would;
        # tests/unit/scan/test_ports.py checks that every port the lab uses is in the preset.
        options = ScanOptions(ports=tuple(PRESETS["cameras"]), host_timeout=20.0, limits=Limits(probe_timeout=3.0))
        recording = start_recording(db, guard, options, len(devices), policy) if db else None
        result = execute(
            guard, options, max_hosts=len(devices), show_progress=True, recording=recording, policy=policy
        )
        emit(result, json_path, plain=plain, verbose=verbose, recording=recording if user_db is not None else None)
    except KeyboardInterrupt:
        interrupted_again(user_db)
    finally:
        runner.stop()
    print_lines(err if json_path == "-" else out, [f"Demo finished in {time.monotonic() - began:.1f} s."])
    end_run(result.status, user_db)
