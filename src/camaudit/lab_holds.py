"""A lab's held time, published in a small shared file for a scan in another process to forgive.

A scan forgives its device deadlines the time its own loop, and an in-process lab's, was held (``scan/held_time.py``,
:mod:`camaudit.device_loops`). A lab in another process -- ``camaudit lab up`` beside ``camaudit scan``, or the tests'
lab in the test process beside a ``camaudit scan`` they run -- is held as often on a loaded machine, and its devices
then answer late for no fault of theirs. So the lab counts its loop's held time with the same
:class:`~camaudit.device_loops.HeldTime` and publishes it here, and a scan that finds the file forgives that time for
the addresses the lab serves, and only for them.

The file, ``held-<pid>-<n>.bin`` in the lab's state folder (``$XDG_RUNTIME_DIR/camaudit`` or
``/tmp/camaudit-<uid>``, private to the user), is 48 bytes, little-endian, mapped into memory by both sides:

====== ======= =================================================================================================
offset type    what
====== ======= =================================================================================================
0      8 bytes ``CAMHELD1``
8      uint32  the lab's process id
12     uint32  the lab's first device address (IPv4, inside 127.0.0.0/8)
16     uint32  its last device address (every address from the first to the last is the lab's)
20     uint32  the lab's network namespace (the inode of ``/proc/self/ns/net``): loopback is per namespace
24     uint64  a sequence number: odd while the two values below are being written, even when they are whole
32     float64 seconds the lab's loop was held so far
40     float64 ``CLOCK_MONOTONIC`` time the lab's counting task is due to wake: past it, a hold is going on
====== ======= =================================================================================================

The lab writes the two values every :data:`PERIOD_S`, a sequence lock around them
(a reader retries a torn read); the due time is what lets a reader see a hold while it lasts, since a held loop
cannot write. ``CLOCK_MONOTONIC`` is one clock for every process of the machine. The file goes when the lab stops;
one left by a killed lab is ignored (its process is gone) and removed by the next lab that starts.
"""

from __future__ import annotations

import contextlib
import ipaddress
import itertools
import logging
import math
import mmap
import os
import stat
import struct
import tempfile
import time
from pathlib import Path

from camaudit.device_loops import GRACE_S

log = logging.getLogger("camaudit.lab")

MAGIC = b"CAMHELD1"
_HEAD = struct.Struct("<8sIIII")
_SEQ = struct.Struct("<Q")
_TIMES = struct.Struct("<dd")
_SEQ_AT, _TIMES_AT = _HEAD.size, _HEAD.size + _SEQ.size
SIZE = _TIMES_AT + _TIMES.size
_PATTERN = "held-*.bin"
#: Publications read at most (one per lab running; tests running in parallel each have theirs).
MOST_LABS = 32
_LOOPBACK = ipaddress.IPv4Network("127.0.0.0/8")
#: Torn reads retried before the last whole one is used (a writer stopped between its stores).
_RETRIES = 64
#: A hold longer than this makes a reader check that the lab's process still runs.
_CHECK_ALIVE_S = 1.0
_RUN = itertools.count()
#: How often a lab's counting task wakes and writes: every 50 ms, 20 wakes a second, cost an idle lab 3.0 ms of CPU a
#: second where the scanner's 10 ms period cost it 11-13 ms; a hold is then counted up to 50 ms short.
PERIOD_S = 0.05
#: Held seconds and due times beyond this (30 years) are not a lab's: such a file is read as no hold.
_MOST_S = 1e9


def folder() -> Path:
    """The lab's state folder: ``$XDG_RUNTIME_DIR/camaudit`` or ``/tmp/camaudit-<uid>`` (not created here)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    return Path(runtime) / "camaudit" if runtime else Path(tempfile.gettempdir()) / f"camaudit-{os.getuid()}"


def is_private(path: Path) -> bool:
    """Whether ``path`` is a folder (not a symlink) that this user owns and no one else may read or write."""
    info = path.lstat()
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o077


def made_private(path: Path) -> bool:
    """Create the folder ``path`` (and its parents) private to this user when it is missing; whether it is then
    :func:`is_private` -- in a shared /tmp someone else could have made it first, or put a symlink there. The one
    check for the lab's state file (``lab/serve.py``) and its held-time publication alike."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return is_private(path)


#: Linux's largest process id (``pid_max`` at most 2^22): beyond it, or 0 (the caller's group), no process.
_MOST_PID = 1 << 22


def _alive(pid: int) -> bool:
    if not 0 < pid <= _MOST_PID:
        return False
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def _network_namespace() -> int:
    """This process's network namespace (its inode number; 0 where /proc does not say): 127.0.0.1 in one namespace
    is not 127.0.0.1 in another, and the tests run labs in namespaces of their own side by side."""
    try:
        return os.stat("/proc/self/ns/net").st_ino & 0xFFFFFFFF
    except OSError:
        return 0


def _loopback(address: int) -> bool:
    return ipaddress.IPv4Address(address) in _LOOPBACK


class Publication:
    """This process's lab's held time, in its file, until :meth:`close` removes it."""

    def __init__(self, path: Path, view: mmap.mmap) -> None:
        self.path = path
        self._view = view
        self._seq = 0

    def write(self, held: float, due: float) -> None:
        """Publish ``held`` seconds so far and the ``due`` time of the next wake (the sequence lock around them)."""
        seq = self._seq + 1
        try:
            _SEQ.pack_into(self._view, _SEQ_AT, seq)
            _TIMES.pack_into(self._view, _TIMES_AT, held, due)
            _SEQ.pack_into(self._view, _SEQ_AT, seq + 1)
        except ValueError:  # closed meanwhile (a loop that outlived its lab's stop)
            return
        self._seq = seq + 1

    def close(self) -> None:
        """Remove the file: no scan forgives this lab anything from now on."""
        with contextlib.suppress(OSError):
            self.path.unlink()
        with contextlib.suppress(BufferError):
            self._view.close()


def publish(first: str, last: str, where: Path | None = None) -> Publication | None:
    """Publish the held time of a lab serving ``first`` to ``last`` (loopback addresses) in ``where`` (the state
    folder by default, created private); None when they are not loopback or the folder cannot be used: the lab runs
    all the same, and scans beside it forgive it nothing."""
    low, high = int(ipaddress.IPv4Address(first)), int(ipaddress.IPv4Address(last))
    if not (_loopback(low) and _loopback(high) and low <= high):
        return None
    base = where if where is not None else folder()
    try:
        if not made_private(base):
            log.debug("%s is not private: the lab's held time is not published", base)
            return None
        _remove_stale(base)
        name = f"held-{os.getpid()}-{next(_RUN)}.bin"
        draft = base / f".{name}.tmp"
        fd = os.open(draft, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        try:
            os.write(fd, _HEAD.pack(MAGIC, os.getpid(), low, high, _network_namespace()) + bytes(SIZE - _HEAD.size))
            view = mmap.mmap(fd, SIZE)
        finally:
            os.close(fd)
        # Renamed whole into place, so a reader never finds a file without its head.
        draft.replace(base / name)
    except OSError as exc:
        log.debug("the lab's held time is not published: %s", exc)
        return None
    return Publication(base / name, view)


def _remove_stale(base: Path) -> None:
    """Remove the files of labs whose process is gone (killed before they could)."""
    for path in base.glob(_PATTERN):
        pid = path.name.split("-")[1]
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                path.unlink()


class PublishedHeld:
    """The held time a lab in another process publishes, as a scan reads it (a :class:`device_loops.Clock`)."""

    def __init__(self, pid: int, first: int, last: int, view: mmap.mmap) -> None:
        self.pid, self.first, self.last = pid, first, last
        self._view = view
        self._last = (0.0, math.inf)
        self._checked = time.monotonic()
        self._gone = False

    def covers(self, ip: str) -> bool:
        """Whether this lab serves ``ip``."""
        try:
            return self.first <= int(ipaddress.IPv4Address(ip)) <= self.last
        except ValueError:
            return False

    def held(self) -> float:
        """Seconds the lab's loop was held so far, a hold still going on included; 0 added once its process is gone."""
        held, due = self._read()
        going_on = max(0.0, time.monotonic() - due - GRACE_S)
        if going_on > _CHECK_ALIVE_S and not self._gone and time.monotonic() - self._checked > _CHECK_ALIVE_S:
            self._checked = time.monotonic()
            self._gone = not _alive(self.pid)
        return held if self._gone else held + going_on

    def _read(self) -> tuple[float, float]:
        for _ in range(_RETRIES):
            (before,) = _SEQ.unpack_from(self._view, _SEQ_AT)
            held, due = _TIMES.unpack_from(self._view, _TIMES_AT)
            (after,) = _SEQ.unpack_from(self._view, _SEQ_AT)
            if before == after and not before & 1:
                if before == 0 or not (0.0 <= held <= _MOST_S and 0.0 <= due <= _MOST_S):
                    break  # not written yet, or not numbers a lab writes: nothing more to forgive
                self._last = (held, due)
                break
        return self._last


def beside(where: Path | None = None) -> list[PublishedHeld]:
    """The labs of other running processes that publish their held time in ``where`` (the state folder by default);
    [] when there is none, or the folder is not this user's alone. Files that are not such a publication are ignored."""
    base = where if where is not None else folder()
    try:
        if not is_private(base):
            return []
        paths = sorted(base.glob(_PATTERN))[:MOST_LABS]
    except OSError:
        return []
    found = []
    for path in paths:
        lab = _open(path)
        if lab is not None:
            found.append(lab)
    return found


def _open(path: Path) -> PublishedHeld | None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size != SIZE or info.st_uid != os.getuid():
            return None
        view = mmap.mmap(fd, SIZE, prot=mmap.PROT_READ)
    except (OSError, ValueError):
        return None
    finally:
        os.close(fd)
    magic, pid, first, last, namespace = _HEAD.unpack_from(view, 0)
    usable = magic == MAGIC and pid != os.getpid() and first <= last and _loopback(first) and _loopback(last)
    usable = usable and namespace == _network_namespace()
    if not (usable and _alive(pid)):
        view.close()
        return None
    return PublishedHeld(pid, first, last, view)
