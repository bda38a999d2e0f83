"""A small on-disk cache of compiled matcher databases, so a command does not recompile the rules each run.

Compiling every Hyperscan database of the packaged rules takes seconds; loading them takes milliseconds.
Entries live in one directory per user: ``$CAMAUDIT_CACHE_DIR`` when set (an empty value turns the cache
off), else ``$XDG_CACHE_HOME/camaudit`` (``~/.cache/camaudit`` by default). The caller names an entry by
a key that hashes everything the compiled bytes depend on (:func:`key`); this module only stores bytes.

Nothing read back is trusted: a file is used only when it carries this format's magic, the key asked for, and
a SHA-256 of its contents that matches; anything else (truncated, corrupted, another program's file) is
ignored and the caller rebuilds and overwrites it. Writes go to a temporary file renamed into place, so a
reader never sees half an entry. The directory is kept under :data:`MAX_CACHE_BYTES` (oldest entries go first;
checked after each 1 MiB a process writes, so it may pass the bound by that much between checks). Any
file-system failure only means the cache is not used: it never stops a command.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

#: Environment variable naming the cache directory; set but empty, the cache is off.
CACHE_ENV = "CAMAUDIT_CACHE_DIR"
#: The whole directory stays below this many bytes (the packaged rules need about 2 MB).
MAX_CACHE_BYTES = 64 * 1024 * 1024
#: One entry bigger than this is neither written nor read.
MAX_ENTRY_BYTES = 16 * 1024 * 1024
#: First bytes of every entry; a new layout gets a new magic.
MAGIC = b"camaudit-hsdb-1\n"
SUFFIX = ".hsdb"
#: The directory's size is checked after each 1/TRIM_SLICE of :data:`MAX_CACHE_BYTES` written by this process.
TRIM_SLICE = 64
_unchecked_bytes = 0
_KEY_BYTES = 64  # a SHA-256 in hex
_DIGEST_BYTES = 32


def cache_dir() -> Path | None:
    """The cache directory (not created yet), or None when the cache is turned off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "camaudit"


def key(parts: Iterable[bytes]) -> str:
    """A cache key from ``parts`` (each length-prefixed, so no two different lists give the same key)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def read(entry: str) -> bytes | None:
    """The bytes stored under ``entry``, or None when absent, unreadable or not verified intact."""
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / (entry + SUFFIX)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_ENTRY_BYTES + 1)
    except OSError:
        return None
    head = len(MAGIC) + _KEY_BYTES + _DIGEST_BYTES
    if len(data) > MAX_ENTRY_BYTES or len(data) < head or not data.startswith(MAGIC):
        return None
    if data[len(MAGIC) : len(MAGIC) + _KEY_BYTES] != entry.encode("ascii"):
        return None
    body = data[head:]
    if hashlib.sha256(body).digest() != data[head - _DIGEST_BYTES : head]:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: the size bound removes the least recently used first
    return body


def write(entry: str, body: bytes) -> None:
    """Store ``body`` under ``entry`` atomically, then keep the directory within its size bound."""
    folder = cache_dir()
    if folder is None:
        return
    data = MAGIC + entry.encode("ascii") + hashlib.sha256(body).digest() + body
    if len(data) > MAX_ENTRY_BYTES:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=SUFFIX)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, folder / (entry + SUFFIX))
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        global _unchecked_bytes
        _unchecked_bytes += len(data)
        # Checking the bound lists the directory: done once per TRIM_SLICE of the bound written, not per entry
        # (a process writes a hundred small check entries in its first seconds).
        if _unchecked_bytes >= MAX_CACHE_BYTES // TRIM_SLICE:
            _unchecked_bytes = 0
            _trim(folder, MAX_CACHE_BYTES)
    except OSError:
        return  # a read-only or full disk: the database still works, it is just compiled next time too


def _trim(folder: Path, limit: int) -> None:
    """Remove the least recently used entries until the directory's entries total at most ``limit`` bytes."""
    entries: list[tuple[float, int, Path]] = []
    for path in folder.glob("*" + SUFFIX):
        if path.name.startswith(".tmp-"):
            continue
        try:
            stat = path.stat()
        except OSError:
            continue
        entries.append((stat.st_mtime, stat.st_size, path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= limit:
            break
        path.unlink(missing_ok=True)
        total -= size
