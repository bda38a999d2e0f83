"""``camaudit annotate DEVICE``: record where a device is, what it is for, and whether a DPIA covers it."""

from __future__ import annotations

import typer

from camaudit.cli.app import app
from camaudit.cli.common import fail, out
from camaudit.cli.record import db_option, open_or_fail, register_errors
from camaudit.cli.terminal import print_lines
from camaudit.register.annotations import AnnotationError, Notes
from camaudit.register.annotations import annotate as annotate_device
from camaudit.register.db import describe
from camaudit.register.models import DPIA_VALUES
from camaudit.report.table import safe


def _changes(notes: Notes) -> str:
    parts = [f"{name} {safe(value)!r}" for name in ("site", "location", "purpose", "dpia")
             if (value := getattr(notes, name)) is not None]
    if notes.sensitive_place is not None:
        parts.append(f"sensitive place {'yes' if notes.sensitive_place else 'no'}")
    return ", ".join(parts)


@app.command()
def annotate(
    device: str = typer.Argument(..., help="Register device id, result id (dev-…), IP address or MAC."),
    site: str | None = typer.Option(None, "--site", help="Site or building (e.g. 'Town Hall')."),
    location: str | None = typer.Option(None, "--location", help="Where it is (e.g. 'car park, north')."),
    purpose: str | None = typer.Option(None, "--purpose", help="Why it is there (e.g. 'vehicle security')."),
    dpia: str | None = typer.Option(None, "--dpia", help=f"Is a DPIA in place: {', '.join(DPIA_VALUES)}."),
    sensitive: bool | None = typer.Option(
        None, "--sensitive-place/--not-sensitive-place",
        help="It can see a sensitive place (changing room, toilet, medical room).",
    ),
    db: str | None = db_option(),
) -> None:
    """Record site, location, purpose and DPIA status for a device in the register."""
    if dpia is not None and dpia not in DPIA_VALUES:
        fail(f"--dpia must be one of {', '.join(DPIA_VALUES)}, not {dpia!r}")
    notes = Notes(site=site, location=location, purpose=purpose, dpia=dpia, sensitive_place=sensitive)
    if notes == Notes():
        fail("nothing to record: give --site, --location, --purpose, --dpia or --sensitive-place")
    register = open_or_fail(db, create=False)
    with register, register_errors(register):
        try:
            done = annotate_device(register, device, notes)
        except AnnotationError as exc:
            fail(str(exc))
        where = describe(register.url)
    what = " ".join(safe(v) for v in (done.manufacturer, done.model) if v) or "device"
    print_lines(out, [
        f"Annotated {done.ip} ({what}) in register {where}: {_changes(notes)}.",
        "Findings that depend on it (sensitive place, DPIA) follow from the next scan with --db.",
    ])
