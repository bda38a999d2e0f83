"""Printing tables and summary lines so that they read well on a terminal, in a log file and through a pipe.

On a terminal a table fits the window (cells never wrap; long values end in an ellipsis). Anywhere else
(a file, ``| less``, a CI log) there is no window to fit, so unless ``COLUMNS`` says otherwise the table
keeps its natural width instead of Rich's 80-column default, which used to fold firmware strings over
six lines. Summary lines are never wrapped by us: a terminal wraps them itself. Colour follows Rich, which
honours ``NO_COLOR`` and prints none when the output is not a terminal.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

import typer
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

#: Wide enough for any table camaudit prints; only used when nothing says how wide the output is.
_UNBOUNDED = 100_000


def plain_option() -> Any:
    """The ``--plain`` option: tab-separated rows, no borders, no colour."""
    return typer.Option(
        False, "--plain", help="Print tables as tab-separated lines (for logs, grep and spreadsheets)."
    )


def verbose_option() -> Any:
    """The ``--verbose`` option: list every probe error instead of counting them by kind."""
    return typer.Option(False, "--verbose", "-v", help="List every probe error, not just the count by kind.")


def table_width(console: Console) -> int | None:
    """The width to render tables at: the terminal's (or ``COLUMNS``), else the table's natural width."""
    if console.is_terminal or os.environ.get("COLUMNS", "").isdigit():
        return None
    return _UNBOUNDED


def _text_width(value: object) -> int:
    return cell_len(value.plain if isinstance(value, Text) else str(value))


def fit_table(console: Console, table: Table, width: int) -> None:
    """Give each column a fixed width so that ``table`` fits ``width``, cutting the widest values first.

    Rich, left to itself, squeezes unwrappable columns in proportion and can shrink a short column (the
    device type) to nothing; here the widest values give way first, down to the header's width, then
    (a very narrow terminal) to three characters; a column with a ``min_width``
    (:func:`~camaudit.report.table.keep_whole`: the address) is never cut.
    """
    natural = [max([_text_width(c.header), *(_text_width(v) for v in c.cells)]) for c in table.columns]
    total = console.measure(table, options=console.options.update_width(_UNBOUNDED)).maximum
    budget = width - (total - sum(natural))
    widths = list(natural)
    # First cut values no shorter than their column's header (up to 10 characters), then, if that is not
    # enough, down to three characters; a column with a min_width (an address) is never cut.
    for header_floor in (True, False):
        floors = [
            min(n, c.min_width or (max(3, min(10, _text_width(c.header))) if header_floor else 3))
            for n, c in zip(natural, table.columns, strict=True)
        ]
        while sum(widths) > budget:
            slack = [(w - f, w, i) for i, (w, f) in enumerate(zip(widths, floors, strict=True)) if w > f]
            if not slack:
                break
            widths[max(slack)[2]] -= 1
    for column, w in zip(table.columns, widths, strict=True):
        column.width = w


def print_table(console: Console, table: Table) -> None:
    """Print ``table`` without wrapping any cell (see the module docstring)."""
    width = table_width(console)
    if width is None:
        fit_table(console, table, console.width)
        console.print(table)
        return
    natural = console.measure(table, options=console.options.update_width(width)).maximum
    # Console.print never renders wider than the console, so a console of the table's width prints it.
    Console(file=console.file, width=natural, color_system=None, highlight=False).print(table)


def print_lines(console: Console, lines: Iterable[str]) -> None:
    """Print each line as it is: no markup, no highlighting, no wrapping inserted, tabs kept (Rich would
    expand them, and ``--plain`` lines are tab-separated)."""
    for line in lines:
        console.file.write(line + "\n")
    console.file.flush()
