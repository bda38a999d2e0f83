"""The terminal summary: one row per device. Device text goes in as plain ``Text``, never markup."""

from __future__ import annotations

from rich import box
from rich.table import Table
from rich.text import Text

from camaudit.model import Device, ScanResult, is_video_device
from camaudit.report.safe import terminal_safe


def _cell(value: object) -> Text:
    return Text(terminal_safe(value) if value not in (None, "") else "—")


def _restricted(device: Device) -> Text:
    regimes = [str(f.details.get("regime", "")) for f in device.findings if f.kind == "restricted"]
    if not regimes:
        return Text("no")
    return Text(f"YES ({len(regimes)})", style="bold red")


def device_table(result: ScanResult) -> Table:
    """Address, what it is, the brand on it, who made it, model, firmware, and how many regimes restrict it.

    The MAC address is in the JSON, not here, so that the table fits an 80-column terminal.
    """
    table = Table(
        title=f"camaudit: {len(result.devices)} device(s)", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False
    )
    table.add_column("address", no_wrap=True)
    table.add_column("type", no_wrap=True)
    table.add_column("brand", no_wrap=True)
    table.add_column("made by", no_wrap=True)
    table.add_column("model", overflow="fold")
    table.add_column("firmware", overflow="fold")
    table.add_column("restricted", no_wrap=True)
    for device in result.devices:
        ident = device.identity
        kind = ident.device_type or "unknown"
        table.add_row(
            _cell(device.addresses[0].ip),
            Text(kind, style="bold" if is_video_device(kind) else "dim"),
            _cell(ident.brand),
            _cell(ident.manufacturer),
            _cell(ident.model),
            _cell(ident.firmware),
            _restricted(device),
        )
    return table
