"""Where results go: one checked, atomic writer for every command's ``--json`` / ``-o`` output.

camaudit runs as root more often than not, so an output path is treated as hostile input:

* **Checked before any work.** :func:`output_option` validates the path while the command line is parsed,
  so a bad one fails in one line (exit 2) before a scan, an import or a query starts. Accepted: ``-``
  (standard output), an existing regular file we may replace, or a new name in an existing directory where
  we can create files (proved by creating and removing a probe file there, the only test that also catches
  ``/proc`` and ``/sys``, read-only mounts and root-squashed shares). Refused with the reason: directories,
  device nodes (``/dev/null`` included), FIFOs, sockets, symbolic links (a link planted in a shared folder
  must not redirect root's write), paths whose folder is missing.
* **Never clobbered.** The data is written to a temporary file beside the target, flushed to disk, and
  renamed over it only when complete; the target is checked again just before the rename. A full disk, a
  permission error, an exception, Ctrl-C or SIGTERM remove the temporary file and leave the target as it was.

Adding a command that writes results: take ``json_path: str | None = output_option(...)`` and call
:func:`write_json` (one document) or use :func:`open_output` (a stream of lines).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import secrets
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import FrameType
from typing import IO, Any

import orjson
import typer

from camaudit.cli.common import EXIT_FAILURE, fail
from camaudit.model import ScanResult, to_jsonable
from camaudit.report.safe import json_text_safe

STDOUT = "-"
#: Exit status of a process ended by SIGTERM (128 + 15), as a shell reports it.
_SIGTERM_STATUS = 143

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISLNK, "a symbolic link (give the real path)"),
)


class OutputPathError(ValueError):
    """The path cannot take an output; the message is one line naming the path and the reason."""


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _temp_in(folder: Path, name: str) -> tuple[int, str]:
    # Hidden, unique, beside the target: the final rename stays on one filesystem and so is atomic.
    return tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)


def check_output_path(path: str) -> str:
    """Return ``path`` if an output can be written there, else raise :class:`OutputPathError`."""
    if path == STDOUT:
        return path
    if not path or path.endswith("/") or Path(path).name in ("", ".", ".."):
        raise OutputPathError(f"cannot write {path!r}: give a file name")
    target = Path(path)
    try:
        info: os.stat_result | None = target.lstat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputPathError(f"cannot write {path}: {exc.strerror or exc}") from None
    if info is not None:
        if not stat.S_ISREG(info.st_mode):
            raise OutputPathError(f"cannot write {path}: it is {_kind(info.st_mode)}, not a regular file")
        if not os.access(target, os.W_OK):
            raise OutputPathError(f"cannot write {path}: the file is not writable")
    folder = target.parent
    if not folder.is_dir():
        raise OutputPathError(f"cannot write {path}: folder {folder} does not exist")
    try:
        fd, probe = _temp_in(folder, target.name)
    except OSError as exc:
        raise OutputPathError(f"cannot write {path}: cannot create files in {folder} ({exc.strerror or exc})") from None
    os.close(fd)
    os.unlink(probe)
    return path


def output_option(help_text: str, *names: str, default: Any = None) -> Any:
    """A ``--json PATH`` style option (``names`` default to ``--json``) checked as the command line is read.

    ``default`` as for ``typer.Option`` (``...`` makes it required); '' means "no output" where a command
    offers that."""

    def check(value: str | None) -> str | None:
        if not value:
            return value  # not given, or '' for "none"
        try:
            return check_output_path(value)
        except OutputPathError as exc:
            fail(str(exc))

    return typer.Option(default, *(names or ("--json",)), help=help_text, callback=check)


class _Termination:
    """Whether SIGTERM arrived while the output was being written (:func:`_sigterm_raises`)."""

    arrived = False


@contextlib.contextmanager
def _sigterm_raises() -> Iterator[_Termination]:
    """While writing, SIGTERM unwinds like an exception so the temporary file is removed.

    The handler raises ``SystemExit(143)`` wherever the interpreter is, and that may be inside a library that turns it
    into an error of its own: pydantic-core building a validator while the knowledge loads wraps it in a
    ``SchemaError`` (tests/e2e/test_output_paths.py caught a traceback and exit 1 at load 12). Whatever the block then
    raises, or if it swallowed the exit and went on, the run still ends as a SIGTERM ends it: status 143, no file.
    """
    termination = _Termination()
    if threading.current_thread() is not threading.main_thread():
        yield termination
        return

    def stop(_signum: int, _frame: FrameType | None) -> None:
        termination.arrived = True
        raise SystemExit(_SIGTERM_STATUS)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield termination
    except Exception as exc:
        if termination.arrived:
            raise SystemExit(_SIGTERM_STATUS) from exc
        raise
    finally:
        signal.signal(signal.SIGTERM, previous)


def _keep_owner_and_mode(fd: int, old: os.stat_result | None) -> None:
    if old is None:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)  # what open() would have given a new file
        return
    os.fchmod(fd, stat.S_IMODE(old.st_mode))
    if os.geteuid() == 0:
        with contextlib.suppress(OSError):
            os.fchown(fd, old.st_uid, old.st_gid)  # root rewriting a user's file leaves it theirs


@contextlib.contextmanager
def open_output(path: str) -> Iterator[IO[bytes]]:
    """A binary stream for ``path`` (standard output for ``-``) that becomes the file only when complete.

    Any failure inside the block, Ctrl-C and SIGTERM included, removes the temporary file and leaves the
    target untouched; an ``OSError`` (full disk, permissions) ends the command with a one-line error (exit 1).
    """
    if path == STDOUT:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    target = Path(path)
    tmp: str | None = None
    try:
        with _sigterm_raises() as termination:
            try:
                check_output_path(path)  # again: the path may have changed since the command started
                old = target.stat() if target.exists() else None
                fd, tmp = _temp_in(target.parent, target.name)
                _keep_owner_and_mode(fd, old)
                with os.fdopen(fd, "wb") as sink:
                    yield sink
                    sink.flush()
                    os.fsync(sink.fileno())
                if termination.arrived:  # a library swallowed the exit: the file is still not the target's
                    raise SystemExit(_SIGTERM_STATUS)
                check_output_path(path)
                os.replace(tmp, target)
                tmp = None
            except OutputPathError as exc:
                fail(str(exc), EXIT_FAILURE)
            except OSError as exc:
                fail(f"cannot write {path}: {exc.strerror or exc}; nothing was written", EXIT_FAILURE)
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def write_json(obj: Any, path: str) -> None:
    """Write ``obj`` (model objects allowed) as indented JSON to ``path``, or standard output for ``-``.

    Written piece by piece: a campus scan's thousands of devices are turned into JSON one at a time, never
    all at once in memory; the file reads as the whole result serialised at once with ``json.dumps(indent=2)``
    (character for character, except that orjson writes a float below 1e-4 as ``0.00001``, not ``1e-05``).
    """
    with open_output(path) as sink:
        pending: list[str] = []
        size = 0
        for chunk in _pieces(obj):
            pending.append(chunk)
            size += len(chunk)
            if size >= _WRITE_CHUNK:
                sink.write(json_text_safe("".join(pending)).encode("utf-8"))
                pending, size = [], 0
        pending.append("\n")
        sink.write(json_text_safe("".join(pending)).encode("utf-8"))


#: Characters of JSON gathered before each write.
_WRITE_CHUNK = 1 << 16
#: A device in a result's ``devices`` list sits two levels deep.
_DEVICE_INDENT = "\n    "


def _pieces(obj: Any) -> Iterator[str]:
    """The JSON text of ``obj`` in pieces; a result's devices one at a time, each through orjson (ten times
    the standard encoder, whose indented form is pure Python: 2 s of a campus scan's 50 MB result)."""
    if not isinstance(obj, ScanResult):
        yield from json.JSONEncoder(indent=2, ensure_ascii=False).iterencode(to_jsonable(obj))
        return
    # The rest of the result is small: encoded whole, with a marker no device or target can spell where the
    # devices go.
    marker = f"devices-{secrets.token_hex(16)}"
    doc = to_jsonable(dataclasses.replace(obj, devices=()))
    doc["devices"] = marker
    head, tail = json.dumps(doc, indent=2, ensure_ascii=False).split(f'"{marker}"', 1)
    yield head
    if not obj.devices:
        yield "[]"
    else:
        for i, device in enumerate(obj.devices):
            text = model_json(device, indent=True).replace("\n", _DEVICE_INDENT)
            yield ("[" if i == 0 else ",") + _DEVICE_INDENT + text
        yield "\n  ]"
    yield tail


def model_json(value: Any, *, indent: bool = False) -> str:
    """``json.dumps(to_jsonable(value))`` (with ``indent=2``, or compact), through orjson.

    orjson reads dataclasses itself, five times faster than building the plain dict first: a campus scan
    turns 2,000 devices of 30 KB or more into JSON twice (``--jsonl`` and the result). A value orjson cannot
    write as :func:`to_jsonable` would (a ``bytes`` field, which that drops; an integer beyond 64 bits) goes
    the standard way.
    """
    try:
        return orjson.dumps(value, default=_mapping, option=orjson.OPT_INDENT_2 if indent else 0).decode("utf-8")
    except orjson.JSONEncodeError:
        plain = to_jsonable(value)
        if indent:
            return json.dumps(plain, indent=2, ensure_ascii=False)
        return json.dumps(plain, separators=(",", ":"), ensure_ascii=False)


def _mapping(value: Any) -> dict[str, Any]:
    if isinstance(value, Mapping):
        return {str(k): v for k, v in value.items()}
    raise TypeError(type(value).__name__)
