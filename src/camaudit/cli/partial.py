"""A run that stopped early says so: one line on the console, what is missing, how to finish, exit code 3.

An auditor must never take a partial scan for a full one. ``run_audit`` marks its result with a typed
:class:`~camaudit.model.RunStatus`; the scan and demo commands end through :func:`end_run`, which turns a
partial status into the statement and :data:`~camaudit.cli.common.EXIT_PARTIAL`.
"""

from __future__ import annotations

import logging
import shlex
import sys
from typing import NoReturn

import typer

from camaudit.cli.common import EXIT_PARTIAL, abandon, err
from camaudit.model import RunStatus, StopReason

_WHY: dict[StopReason | None, str] = {
    "run-timeout": "the time limit (--max-time) was reached",
    "interrupted": "it was interrupted",
    "probe-budget": "the probe budget (--max-probes) was spent",
    None: "it stopped early",
}


def how_to_finish(db: str | None) -> str:
    """The command that finishes the scan: ``--resume`` when it was recorded, else a fresh run.

    A register URL's password is never printed (console lines end up in logs): it shows as ``***``.
    """
    if db:
        return f"to finish it: camaudit scan --resume --db {shlex.quote(_without_password(db))}"
    return "to finish it, scan again (with --db FILE a stopped scan can be resumed)"


def _without_password(db: str) -> str:
    if "://" not in db:
        return db
    from sqlalchemy.engine import make_url  # only for a URL: a plain scan needs no SQLAlchemy
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(db)
    except ArgumentError:
        return db
    return url.render_as_string(hide_password=True) if url.password else db


def statement(status: RunStatus, db: str | None) -> str:
    """The one-line console statement for a partial run (empty for a complete one)."""
    if status.complete:
        return ""
    missing = status.hosts - status.finished
    return (
        f"camaudit: PARTIAL result: {_WHY[status.stopped]}; {missing} of {status.hosts} host(s) not "
        f"finished; {how_to_finish(db)}"
    )


def end_run(status: RunStatus, db: str | None) -> None:
    """Return for a complete run; otherwise print the statement and exit with code 3."""
    if status.complete:
        return
    err.print(statement(status, db), markup=False, soft_wrap=True)
    raise typer.Exit(EXIT_PARTIAL)


def interrupted_again(db: str | None) -> NoReturn:
    """A second Ctrl-C: end at once, quietly, saying what survives (every host already recorded).

    The interrupt left the scan's event loop with tasks that never finished. When they are collected,
    asyncio logs "Task was destroyed but it is pending!" and Python prints "Exception ignored in" for
    their coroutines: noise after the one line the user should read (CI caught it, at a 0 s gap between
    the two Ctrl-Cs). The user has given up on them, so both are silenced from here on, and
    ``main`` exits without waiting for worker threads.
    """
    abandon()
    logging.getLogger("asyncio").disabled = True
    sys.unraisablehook = lambda _unraisable: None
    kept = "hosts already recorded are kept in the register" if db else "nothing was written"
    err.print(f"camaudit: interrupted again: stopped at once; {kept}; {how_to_finish(db)}", markup=False,
              soft_wrap=True)
    raise typer.Exit(EXIT_PARTIAL)
