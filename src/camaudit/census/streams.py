"""Byte streams for a task: the whole input hashed as it is read, or one byte range of a plain NDJSON file.

Both are raw streams the importers wrap as they wrap any file, so a task reads through exactly the
importer code ``camaudit import`` and ``identify`` use.
"""

from __future__ import annotations

import hashlib
import io
from typing import IO, Any

from camaudit.census.plan import Task

_CHUNK = 1024 * 1024


def open_raw(path: str) -> IO[bytes]:
    """Open a local path or an fsspec URL for reading bytes."""
    if "://" in path:
        import fsspec

        return fsspec.open(path, "rb").open()  # type: ignore[no-any-return]
    return open(path, "rb")


class HashingReader(io.RawIOBase):
    """Passes the bytes of ``raw`` through and keeps their SHA-256."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self.sha256 = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.sha256.update(data)
        return n

    def drain(self) -> str:
        """Hash what the reader left unread (after a truncated gzip stream) and return the hex digest."""
        while chunk := self._raw.read(_CHUNK):
            self.sha256.update(chunk)
        return self.sha256.hexdigest()

    def close(self) -> None:
        # An importer's buffered wrapper closes its raw stream when it is collected, before the hash is
        # complete: the file stays open until :meth:`release`.
        pass

    def release(self) -> None:
        """Close the underlying file."""
        self._raw.close()


class RangeReader(io.RawIOBase):
    """The lines of ``raw`` whose first byte lies in ``[start, end)``; ``end`` None means to the end."""

    def __init__(self, raw: IO[bytes], start: int, end: int | None) -> None:
        self._raw = raw
        self._end = end
        self._last = b"\n"
        self._done = False
        if start > 0:
            # A line that began before ``start`` belongs to the previous range: skip to the next line start.
            raw.seek(start - 1)
            skipped = raw.readline() if raw.read(1) != b"\n" else b""
            self._pos = start + len(skipped)
        else:
            self._pos = 0
        if end is not None and self._pos >= end:
            self._done = True

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._done:
            return 0
        want = len(buffer)
        if self._end is None or self._pos < self._end:
            if self._end is not None:
                want = min(want, self._end - self._pos)
            data = self._raw.read(want)
        elif self._last == b"\n":
            self._done = True
            return 0
        else:
            # Past the end inside a line that started before it: deliver that line to its newline.
            data = self._raw.read(want)
            cut = data.find(b"\n")
            if cut >= 0:
                data = data[: cut + 1]
                self._done = True
        if not data:
            self._done = True
            return 0
        n = len(data)
        buffer[:n] = data
        self._pos += n
        self._last = data[-1:]
        return n

    def close(self) -> None:
        pass  # as HashingReader.close

    def release(self) -> None:
        """Close the underlying file."""
        self._raw.close()


def open_task(task: Task) -> HashingReader | RangeReader:
    """The raw stream of ``task``: a hashing reader for a whole input, else a range reader. Call ``release``."""
    raw = open_raw(task.input.path)
    if task.whole:
        return HashingReader(raw)
    return RangeReader(raw, task.start, task.end)


def hash_input(path: str) -> str:
    """SHA-256 of a whole input (the ``hash`` task of a split file)."""
    digest = hashlib.sha256()
    with open_raw(path) as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
