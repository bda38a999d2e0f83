"""The terminal view of a scan: one row per device, then the summary (counts, urgent findings, errors).

Device text goes in as plain ``Text`` (never markup) after :func:`terminal_safe`. Cells never wrap: on a
narrow terminal a long value is cut with an ellipsis, and the full value is in the JSON. ``plain_table``
gives the same rows tab-separated, one line per device, for logs and scripts (``--plain``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rich import box
from rich.table import Table
from rich.text import Text

from camaudit.assess.restriction_status import binding_regimes, possible_regimes
from camaudit.model import NO_ROUTE, Device, ScanError, ScanResult, is_video_device
from camaudit.report.safe import terminal_safe
from camaudit.report.summary import ScanSummary

#: The device table's columns, in order.
COLUMNS = ("address", "type", "brand", "made by", "model", "firmware", "restricted")


def safe(value: object, limit: int = 200) -> str:
    """Device text made safe for one line of a table or a log: :func:`terminal_safe`, and tabs shown as
    ``\\t`` (a tab would shift the columns of a table, or of a ``--plain`` line)."""
    return terminal_safe(value, limit).replace("\t", "\\t")


def cell(value: object) -> str:
    """One table value: safe to print, ``—`` when unknown."""
    return safe(value) if value not in (None, "") else "—"


def plain_line(values: Sequence[object]) -> str:
    """One tab-separated line of safe values."""
    return "\t".join(cell(v) for v in values)


def _restricted(device: Device) -> str:
    regimes = [f for f in device.findings if f.kind == "restricted"]
    if regimes:
        return f"YES ({len(regimes)})"
    possible = [f for f in device.findings if f.kind == "restricted-possible"]
    return f"maybe ({len(possible)})" if possible else "no"


def device_rows(result: ScanResult) -> list[tuple[str, ...]]:
    """The table's rows as safe text, in the order of :data:`COLUMNS`."""
    rows: list[tuple[str, ...]] = []
    for device in result.devices:
        ident = device.identity
        rows.append(
            (
                cell(device.addresses[0].ip if device.addresses else None),
                cell(ident.device_type or "unknown"),
                cell(ident.brand),
                cell(ident.manufacturer),
                cell(ident.model),
                cell(ident.firmware),
                _restricted(device),
            )
        )
    return rows


def new_table(title: str, columns: Sequence[str]) -> Table:
    """A table whose cells never wrap: values too wide for the terminal end in an ellipsis."""
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False,
                  collapse_padding=True)
    for name in columns:
        table.add_column(name, no_wrap=True, overflow="ellipsis")
    return table


def keep_whole(table: Table, column: int, rows: Sequence[Sequence[str]]) -> None:
    """Never cut the values of ``column`` (an address): its minimum width is its widest value."""
    widest = max((len(r[column]) for r in rows), default=0)
    table.columns[column].min_width = max(widest, len(str(table.columns[column].header)))


def device_table(result: ScanResult) -> Table:
    """Address, what it is, the brand on it, who made it, model, firmware, and how many regimes restrict it.

    The MAC address is in the JSON, not here, so that the table fits an 80-column terminal.
    """
    table = new_table(f"camaudit: {len(result.devices)} device(s)", COLUMNS)
    rows = device_rows(result)
    keep_whole(table, 0, rows)
    for device, row in zip(result.devices, rows, strict=True):
        kind = device.identity.device_type or "unknown"
        styles = ("", "bold" if is_video_device(kind) else "dim", "", "", "", "", "bold red" if row[6] != "no" else "")
        table.add_row(*(Text(value, style=style) for value, style in zip(row, styles, strict=True)))
    return table


def plain_table(result: ScanResult) -> list[str]:
    """The device table as tab-separated lines, header first."""
    return [plain_line(COLUMNS), *(plain_line(row) for row in device_rows(result))]


def summary_lines(summary: ScanSummary, result: ScanResult, *, verbose: bool = False) -> list[str]:
    """The lines printed after the device table: totals, findings by severity, the urgent findings one
    line each (device, what, action), the restriction regimes, and the probe errors by kind (each one
    with ``verbose``)."""
    # Counted as the report, the register's views and the dashboard count them (assess.restriction_status):
    # restricted = a binding confirmed finding; possibly restricted = a binding possible one and no confirmed.
    restricted = sum(1 for d in result.devices if binding_regimes(d.findings))
    lines = [
        f"{summary.devices} device(s) answered, {summary.video_devices} camera(s)/recorder(s), "
        f"{restricted} restricted.",
        "Findings by severity: " + ", ".join(f"{n} {s}" for s, n in summary.by_severity.items()) + ".",
    ]
    if summary.urgent:
        lines.append(f"Urgent ({len(summary.urgent)}): act on these first")
        width = max(len(u.ip) for u in summary.urgent)
        for u in summary.urgent:
            lines.append(
                f"  {u.severity.upper():<8} {u.ip:<{width}}  {safe(u.device)}: {safe(u.what)}"
                f" -> {u.action}"
            )
    else:
        lines.append("Urgent: nothing (no known-exploited CVE, default password, sensitive place, cloud or "
                     "restricted maker found).")
    regimes = Counter(r for d in result.devices for r in binding_regimes(d.findings))
    if regimes:
        listed = ", ".join(f"{name} ({count})" for name, count in sorted(regimes.items()))
        lines.append(f"Restricted under (devices): {listed}. Citations and chains: see the findings.")
    possible = sum(1 for d in result.devices if possible_regimes(d.findings) and not binding_regimes(d.findings))
    if possible:
        lines.append(
            f"Possibly restricted, maker uncertain: {possible} device(s) whose brand has sold devices a restricted "
            "maker made. What settles it (label date, firmware, OEM cross-reference, MAC): see the findings."
        )
    lines.extend(error_lines(summary, result.errors, verbose=verbose))
    return lines


def error_lines(summary: ScanSummary, errors: Sequence[ScanError], *, verbose: bool) -> list[str]:
    """Probe errors: counted by kind, or (``verbose``) also listed one per line."""
    if not summary.errors:
        return ["Probe errors: none."]
    kinds = ", ".join(f"{n} {kind}" for kind, n in summary.errors_by_kind)
    head = f"Probe errors: {summary.errors} on {summary.error_hosts} address(es): {kinds}"
    if not verbose:
        said = [f"Warning: {safe(e.message, 300)}." for e in errors if e.kind == NO_ROUTE]
        return [*said, head + " (--verbose lists them)."]
    lines = [head + ":"]
    for e in errors:
        where = f"{e.target}:{e.port}" if e.port is not None else e.target
        probe = f" {e.probe}" if e.probe else ""
        lines.append(f"  {safe(where)}{safe(probe)} {safe(e.kind)}: {safe(e.message, 160)}")
    return lines
