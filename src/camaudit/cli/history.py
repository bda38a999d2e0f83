"""``camaudit history``: the scans in the register and every device with its first and last sighting and
the user's notes (site, location, sensitive place); ``history --scan ID``: one scan's devices and summary."""

from __future__ import annotations

from typing import Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from camaudit.cli.app import app
from camaudit.cli.common import err, fail, out
from camaudit.cli.output import output_option, write_json
from camaudit.cli.record import db_option, open_or_fail, register_errors
from camaudit.cli.terminal import plain_option, print_lines, print_table, verbose_option
from camaudit.register.query import DeviceInfo, ScanInfo, list_devices, list_scans, load_result
from camaudit.report.summary import summarise
from camaudit.report.table import (
    cell,
    device_table,
    keep_whole,
    new_table,
    plain_line,
    plain_table,
    summary_lines,
)

SCAN_COLUMNS = ("scan", "status", "started", "finished", "site", "targets", "hosts", "devices", "findings", "errors")
DEVICE_COLUMNS = ("address", "device", "mac", "type", "brand", "made by", "model", "firmware", "first seen",
                  "last seen", "site", "location", "sensitive")


def scan_json(scan: ScanInfo) -> dict[str, Any]:
    """A scan as ``history --json`` writes it."""
    return {
        "id": scan.id,
        "status": scan.status,
        "started": scan.started,
        "finished": scan.finished,
        "site": scan.site,
        "targets": list(scan.scope.targets),
        "hosts": scan.hosts,
        "devices": scan.devices,
        "findings": scan.findings,
        "errors": scan.errors,
    }


def device_json(device: DeviceInfo) -> dict[str, Any]:
    """A register device as ``history --json`` writes it."""
    return {
        "id": device.id,
        "mac": device.mac,
        "ip": device.last_ip,
        "addresses": list(device.addresses),
        "device_type": device.device_type,
        "brand": device.brand,
        "manufacturer": device.manufacturer,
        "model": device.model,
        "firmware": device.firmware,
        "first_seen": device.first_seen,
        "last_seen": device.last_seen,
        "scans": device.scans,
        "annotation": dict(device.annotation) if device.annotation else None,
    }


def _scan_rows(scans: list[ScanInfo]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for s in scans:
        targets = ", ".join(s.scope.targets[:3]) + (" …" if len(s.scope.targets) > 3 else "")
        rows.append((
            str(s.id), s.status, s.started, cell(s.finished), cell(s.site), cell(targets),
            str(s.hosts), str(s.devices), str(s.findings), str(s.errors),
        ))
    return rows


def _sensitive(device: DeviceInfo) -> str:
    flag = device.annotation.get("sensitive_place") if device.annotation else None
    return "—" if flag is None else ("YES" if flag else "no")


def _device_rows(devices: list[DeviceInfo]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for d in devices:
        notes = d.annotation or {}
        rows.append((
            cell(d.last_ip), str(d.id), cell(d.mac), cell(d.device_type), cell(d.brand), cell(d.manufacturer),
            cell(d.model), cell(d.firmware), d.first_seen, d.last_seen, cell(notes.get("site")),
            cell(notes.get("location")), _sensitive(d),
        ))
    return rows


#: What the terminal table shows of a device (``--plain`` and ``--json`` keep every column): the register
#: id, MAC and first sighting are left out so that the place and the sensitive flag stay readable.
TABLE_DEVICE_COLUMNS = ("address", "type", "brand", "made by", "model", "firmware", "last seen", "site",
                        "location", "sensitive")


def _print(
    console: Console, title: str, columns: tuple[str, ...], rows: list[tuple[str, ...]], plain: bool,
    shown: tuple[str, ...] | None = None,
) -> None:
    if plain:
        print_lines(console, [plain_line(columns), *(plain_line(r) for r in rows)])
        return
    if shown is not None:
        keep = [columns.index(name) for name in shown]
        columns, rows = shown, [tuple(r[i] for i in keep) for r in rows]
    table: Table = new_table(title, columns)
    keep_whole(table, 0, rows)
    for row in rows:
        table.add_row(*(Text(v, style="bold red" if v == "YES" else "") for v in row))
    print_table(console, table)


def _one_scan(db: str | None, scan_id: int, json_path: str | None, plain: bool, verbose: bool) -> None:
    register = open_or_fail(db, create=False)
    with register, register_errors(register):
        scans = list_scans(register, scan_id)
        if not scans:
            fail(f"no scan {scan_id} in the register")
        result = load_result(register, scan_id)
    console = err if json_path == "-" else out
    info = scans[0]
    print_lines(console, [
        f"Scan {info.id} ({info.status}), started {info.started}, finished {info.finished or '—'}; "
        f"targets: {cell(', '.join(info.scope.targets))}"
    ])
    if plain:
        print_lines(console, plain_table(result))
    else:
        print_table(console, device_table(result))
    summary = summarise(result)
    print_lines(console, summary_lines(summary, result, verbose=verbose))
    if json_path:
        write_json({"scan": scan_json(info), "summary": summary.to_json(), "result": result}, json_path)


@app.command()
def history(
    db: str | None = db_option(),
    scan: int | None = typer.Option(
        None, "--scan", help="Show one scan: its devices, findings by severity, urgent findings and errors."
    ),
    json_path: str | None = output_option("Write the history JSON here ('-' for stdout)."),
    plain: bool = plain_option(),
    verbose: bool = verbose_option(),
) -> None:
    """List the scans in the register and every device with when it was first and last seen, where it is
    and whether it faces a sensitive place; with --scan ID, that scan's devices and summary."""
    if scan is not None:
        _one_scan(db, scan, json_path, plain, verbose)
        return
    register = open_or_fail(db, create=False)
    with register, register_errors(register):
        scans = list_scans(register)
        devices = list_devices(register)
    console = err if json_path == "-" else out
    _print(console, f"{len(scans)} scan(s)", SCAN_COLUMNS, _scan_rows(scans), plain)
    _print(console, f"{len(devices)} device(s)", DEVICE_COLUMNS, _device_rows(devices), plain, TABLE_DEVICE_COLUMNS)
    if json_path:
        write_json({"scans": [scan_json(s) for s in scans], "devices": [device_json(d) for d in devices]}, json_path)
