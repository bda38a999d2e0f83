"""``camaudit history``: the scans in the register and every device with its first and last sighting."""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table
from rich.text import Text

from camaudit.cli.app import app
from camaudit.cli.common import err, out, write_json
from camaudit.cli.record import db_option, open_or_fail, register_errors
from camaudit.register.query import DeviceInfo, ScanInfo, list_devices, list_scans
from camaudit.report.safe import terminal_safe


def _cell(value: object) -> Text:
    # Device-supplied text is untrusted: never markup, never control characters.
    return Text(terminal_safe(value) if value not in (None, "") else "—")


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


def _scan_table(scans: list[ScanInfo]) -> Table:
    table = Table(title=f"{len(scans)} scan(s)", title_justify="left")
    for col in ("scan", "status", "started", "finished", "targets", "hosts", "devices", "findings", "errors"):
        table.add_column(col, overflow="fold")
    for s in scans:
        targets = ", ".join(s.scope.targets[:3]) + (" …" if len(s.scope.targets) > 3 else "")
        table.add_row(
            str(s.id), s.status, s.started, s.finished or "—", _cell(targets),
            str(s.hosts), str(s.devices), str(s.findings), str(s.errors),
        )
    return table


def _device_table(devices: list[DeviceInfo]) -> Table:
    table = Table(title=f"{len(devices)} device(s)", title_justify="left")
    for col in ("device", "address", "mac", "type", "brand", "manufacturer", "model", "firmware",
                "first seen", "last seen", "site"):
        table.add_column(col, overflow="fold")
    for d in devices:
        site = d.annotation.get("site") if d.annotation else None
        table.add_row(
            str(d.id), _cell(d.last_ip), _cell(d.mac), _cell(d.device_type), _cell(d.brand),
            _cell(d.manufacturer), _cell(d.model), _cell(d.firmware), d.first_seen, d.last_seen, _cell(site),
        )
    return table


@app.command()
def history(
    db: str | None = db_option(),
    json_path: str | None = typer.Option(None, "--json", help="Write the history JSON here ('-' for stdout)."),
) -> None:
    """List the scans in the register and every device with when it was first and last seen."""
    register = open_or_fail(db, create=False)
    with register, register_errors(register):
        scans = list_scans(register)
        devices = list_devices(register)
    console = err if json_path == "-" else out
    console.print(_scan_table(scans))
    console.print(_device_table(devices))
    if json_path:
        write_json({"scans": [scan_json(s) for s in scans], "devices": [device_json(d) for d in devices]}, json_path)
