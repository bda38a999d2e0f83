"""``camaudit import-assets FILE.csv``: bring the organisation's existing asset list into the register."""

from __future__ import annotations

from pathlib import Path

import typer

from camaudit.cli.app import app
from camaudit.cli.common import EXIT_FAILURE, EXIT_USAGE, fail, out
from camaudit.cli.record import db_option, open_or_fail, register_errors
from camaudit.register.assets import COLUMNS, AssetFileError, import_assets, parse_assets
from camaudit.register.db import describe

#: Asset lists are spreadsheets, not scan dumps: anything bigger is a wrong file.
MAX_FILE_BYTES = 64 * 1024 * 1024


@app.command("import-assets")
def import_assets_command(
    file: Path = typer.Argument(..., help=f"CSV with a header row; columns: {', '.join(COLUMNS)}."),
    db: str | None = db_option(),
) -> None:
    """Import an asset list (CSV) and link each asset to the scanned device with its MAC or address.

    Rows that cannot be read are skipped and counted by reason; then the exit code is 1.
    """
    try:
        if file.stat().st_size > MAX_FILE_BYTES:
            fail(f"{file}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB: not an asset list")
        data = file.read_bytes()
    except OSError as exc:
        fail(f"cannot read {file}: {exc.strerror or exc}")
    try:
        parsed = parse_assets(data)
    except AssetFileError as exc:
        fail(f"{file}: {exc}")
    if not parsed.records and not parsed.skipped:
        fail(f"{file}: no asset rows after the header")
    if parsed.records:
        register = open_or_fail(db)
        with register, register_errors(register):
            summary = import_assets(register, parsed.records, file.name)
        line = (
            f"Imported {len(parsed.records)} asset(s) from {file.name} into register {describe(register.url)} "
            f"({summary.added} new, "
            f"{summary.updated} updated, {summary.linked} matched to scanned devices)"
        )
    else:
        line = f"Imported nothing from {file.name}"
    if parsed.skipped:
        line += f"; skipped {parsed.skipped_count} row(s): {parsed.skipped_summary()}"
    out.print(line + ".", markup=False, soft_wrap=True)
    if parsed.skipped:
        raise typer.Exit(EXIT_FAILURE if parsed.records else EXIT_USAGE)
