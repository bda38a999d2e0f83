"""The terminal summary: one row per device. Device text goes in as plain ``Text``, never markup."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from camaudit.model import Device, ScanResult, is_video_device
from camaudit.report.safe import terminal_safe


def _cell(value: object) -> Text:
    return Text(terminal_safe(value) if value not in (None, "") else "—")


def _address(device: Device) -> str:
    addr = device.addresses[0]
    return addr.ip if not addr.mac else f"{addr.ip} ({addr.mac})"


def _restricted(device: Device) -> Text:
    regimes = [str(f.details.get("regime", "")) for f in device.findings if f.kind == "restricted"]
    if not regimes:
        return Text("no")
    more = f" (+{len(regimes) - 1} more)" if len(regimes) > 1 else ""
    return Text(f"YES: {regimes[0]}{more}", style="bold red")


def device_table(result: ScanResult) -> Table:
    table = Table(title=f"camaudit: {len(result.devices)} device(s)", title_justify="left")
    for col in ("address", "type", "brand", "manufacturer", "model", "firmware", "restricted"):
        table.add_column(col, overflow="fold")
    for device in result.devices:
        ident = device.identity
        kind = ident.device_type or "unknown"
        table.add_row(
            _cell(_address(device)),
            Text(kind, style="bold" if is_video_device(kind) else "dim"),
            _cell(ident.brand),
            _cell(ident.manufacturer),
            _cell(ident.model),
            _cell(ident.firmware),
            _restricted(device),
        )
    return table
