"""Helpers every command shares: one-line errors, JSON output, consoles."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console

from camaudit.model import to_jsonable

#: Exit code for bad arguments or input (as click/typer use for usage errors).
EXIT_USAGE = 2
#: Exit code for a run that failed after starting.
EXIT_FAILURE = 1

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print a one-line reason to standard error and exit with ``code``."""
    line = " ".join(message.split())
    err.print(f"camaudit: error: {line}", markup=False, soft_wrap=True)
    raise typer.Exit(code)


def check_writable(path: str | None) -> None:
    """Fail before any work when ``--json PATH`` could not be written (a scan must not be lost at the end)."""
    if path is None or path == "-":
        return
    parent = Path(path).resolve().parent
    if not parent.is_dir():
        fail(f"cannot write {path}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK):
        fail(f"cannot write {path}: folder {parent} is not writable")


def write_json(obj: Any, path: str) -> None:
    """Write ``obj`` (model objects allowed) as JSON to ``path``, or to standard output for ``-``.

    The file is written to a temporary name and renamed, so a crash never leaves half a result.
    """
    text = json.dumps(to_jsonable(obj), indent=2, ensure_ascii=False) + "\n"
    if path == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = Path(path)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc}", EXIT_FAILURE)
