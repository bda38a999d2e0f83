"""What a census reads: inputs found from FILE|DIR|GLOB arguments, and the tasks they are cut into.

An input is a local path or an fsspec URL (``s3://bucket/shodan/*.json.gz``, ``file:///data/x.json``),
so workers on other machines can read the same data from shared or object storage. A task is the unit of
work a worker runs and the unit a resumed run skips: a whole input, or for a large plain NDJSON file a
byte range of it (the line that straddles a boundary belongs to the range its first byte is in), so one
big uncompressed file still keeps every worker busy. A split file also gets a ``hash`` task, which only
computes its SHA-256; whole inputs are hashed as they are read.
"""

from __future__ import annotations

import glob
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: A plain NDJSON file larger than this is read as byte ranges of this size by several workers.
SPLIT_BYTES = 64 * 1024 * 1024
#: Formats whose files are one JSON record per line, and so can be split at any newline.
SPLITTABLE_FORMATS = frozenset({"shodan", "censys", "zgrab2", "zoomeye", "fofa", "netlas", "binaryedge"})
_GZIP_MAGIC = b"\x1f\x8b"


class PlanError(ValueError):
    """An argument names no readable input (the message says which)."""


@dataclass(frozen=True, slots=True)
class Input:
    """One input file as found when the run started."""

    path: str
    size: int
    mtime_ns: int

    @property
    def is_url(self) -> bool:
        return "://" in self.path


@dataclass(frozen=True, slots=True)
class Task:
    """A unit of work: records of ``input`` in ``[start, end)`` (``end`` None: to the end), or its hash."""

    input: Input
    format: str
    start: int = 0
    end: int | None = None
    hash_only: bool = False

    @property
    def task_id(self) -> str:
        """Stable across runs of the same inputs (the resume key and the Parquet part's name)."""
        what = f"{self.input.path}\0{self.format}\0{self.start}\0{self.end}\0{self.hash_only}"
        return hashlib.sha256(what.encode()).hexdigest()[:24]

    @property
    def whole(self) -> bool:
        return self.start == 0 and self.end is None


def _fs(url: str) -> Any:
    import fsspec

    return fsspec.core.url_to_fs(url)[0]


def _stat_url(url: str) -> Input:
    info = _fs(url).info(url)
    mtime = info.get("mtime") or info.get("LastModified") or info.get("created") or 0
    stamp = int(mtime.timestamp() * 1e9) if hasattr(mtime, "timestamp") else int(float(mtime) * 1e9)
    return Input(url, int(info.get("size") or 0), stamp)


def _expand_url(arg: str) -> list[Input]:
    fs = _fs(arg)
    if any(ch in arg for ch in "*?["):
        protocol = arg.split("://", 1)[0]
        names = sorted(fs.glob(arg))
        return [_stat_url(n if "://" in n else f"{protocol}://{n}") for n in names if fs.isfile(n)]
    if fs.isdir(arg):
        protocol = arg.split("://", 1)[0]
        return [_stat_url(f"{protocol}://{n}") for n in sorted(fs.find(arg))]
    return [_stat_url(arg)]


def _local(path: Path) -> Input:
    st = path.stat()
    return Input(str(path.resolve()), st.st_size, st.st_mtime_ns)


def _expand_local(arg: str) -> list[Input]:
    path = Path(arg)
    if path.is_dir():
        # Hidden files (editor swap files, our own .tmp parts) are not inputs.
        return [_local(p) for p in sorted(path.rglob("*")) if p.is_file() and not p.name.startswith(".")]
    if path.is_file():
        return [_local(path)]
    matches = sorted(glob.glob(arg, recursive=True))
    if matches:
        return [_local(Path(m)) for m in matches if Path(m).is_file()]
    raise PlanError(f"no such file, folder or matching files: {arg}")


def find_inputs(args: list[str]) -> list[Input]:
    """Every input the arguments name, each once, in a stable order (sorted within an argument)."""
    seen: dict[str, Input] = {}
    for arg in args:
        try:
            found = _expand_url(arg) if "://" in arg else _expand_local(arg)
        except (OSError, ImportError, ValueError) as exc:
            if isinstance(exc, PlanError):
                raise
            raise PlanError(f"cannot list {arg}: {exc}") from exc
        if not found:
            raise PlanError(f"{arg} holds no files")
        for item in found:
            seen.setdefault(item.path, item)
    return list(seen.values())


def _splittable(item: Input, format_name: str, split_bytes: int) -> bool:
    if item.is_url or format_name not in SPLITTABLE_FORMATS or item.size <= split_bytes:
        return False
    try:
        with open(item.path, "rb") as f:
            head = f.read(64)
    except OSError:
        return False
    # Only plain NDJSON: gzip cannot be entered mid-stream, and a JSON array is one record list.
    return not head.startswith(_GZIP_MAGIC) and head.lstrip(b" \t\r\n")[:1] == b"{"


def plan_tasks(inputs: list[Input], format_name: str, split_bytes: int = SPLIT_BYTES) -> list[Task]:
    """The tasks for ``inputs``: one per input, or byte ranges plus a hash task for a large plain NDJSON file."""
    tasks: list[Task] = []
    for item in inputs:
        if not _splittable(item, format_name, split_bytes):
            tasks.append(Task(item, format_name))
            continue
        tasks.append(Task(item, format_name, hash_only=True))
        for start in range(0, item.size, split_bytes):
            end = start + split_bytes
            tasks.append(Task(item, format_name, start, end if end < item.size else None))
    return tasks


def current(item: Input) -> Input | None:
    """The input as it is now (None if it is gone): a resumed run redoes an input that changed since."""
    try:
        return _stat_url(item.path) if item.is_url else _local(Path(item.path))
    except (OSError, FileNotFoundError):
        return None


def display_path(item: Input, cwd: str | None = None) -> str:
    """The path as shown to people: relative to the working folder when inside it."""
    if item.is_url:
        return item.path
    base = cwd or os.getcwd()
    try:
        return str(Path(item.path).relative_to(base))
    except ValueError:
        return item.path
