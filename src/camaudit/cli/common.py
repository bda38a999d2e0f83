"""Helpers every command shares: one-line errors, JSON output, consoles."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console

from camaudit.model import ScanResult, to_jsonable

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

    The file is written to a temporary name and renamed, so a crash never leaves half a result. It is
    written piece by piece: a campus scan's thousands of devices are turned into JSON one at a time, never
    all at once in memory.
    """
    chunks = json.JSONEncoder(indent=2, ensure_ascii=False).iterencode(_lazy_devices(obj))
    if path == "-":
        for chunk in chunks:
            sys.stdout.write(chunk)
        sys.stdout.write("\n")
        sys.stdout.flush()
        return
    target = Path(path)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            for chunk in chunks:
                fh.write(chunk)
            fh.write("\n")
        tmp.replace(target)
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc}", EXIT_FAILURE)


class _Converted(list[Any]):
    """A list the JSON encoder reads item by item, each model object converted only when its turn comes."""

    def __init__(self, items: Sequence[Any]) -> None:
        super().__init__()
        self._items = items

    def __iter__(self) -> Iterator[Any]:
        return (to_jsonable(item) for item in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)


def _lazy_devices(obj: Any) -> Any:
    """``to_jsonable(obj)``, except that a result's devices are converted one at a time while written."""
    if not isinstance(obj, ScanResult):
        return to_jsonable(obj)
    doc = to_jsonable(dataclasses.replace(obj, devices=()))
    doc["devices"] = _Converted(obj.devices)
    return doc
