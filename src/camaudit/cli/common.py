"""Helpers every command shares: exit codes, one-line errors, consoles (output files: ``cli/output.py``)."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console

#: Exit codes (README, ``docs/result-json.md``, ``--help``): 0 complete; 1 failed after starting; 2 bad
#: arguments or input (as click/typer use for usage errors); 3 partial: stopped before it was complete (time
#: limit, interrupt, probe budget) -- what was written or recorded is real but not everything.
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

#: Set by a second Ctrl-C (``cli/partial.interrupted_again``); ``cli/app.main`` then leaves without the
#: interpreter's wind-down. Kept here because ``main`` imports this module and no command module.
_abandoned = False


def abandon() -> None:
    """Mark the run abandoned: the user pressed Ctrl-C twice and will not wait."""
    global _abandoned
    _abandoned = True


def abandoned() -> bool:
    """Whether a second Ctrl-C abandoned the run."""
    return _abandoned


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print a one-line reason to standard error and exit with ``code``."""
    line = " ".join(message.split())
    err.print(f"camaudit: error: {line}", markup=False, soft_wrap=True)
    raise typer.Exit(code)


def check_writable(path: str | None) -> None:
    """Fail before any work when an output ``path`` could not be written (the checks of ``cli/output.py``)."""
    from camaudit.cli.output import OutputPathError, check_output_path  # output.py imports this module

    if path is None:
        return
    try:
        check_output_path(path)
    except OutputPathError as exc:
        fail(str(exc))
