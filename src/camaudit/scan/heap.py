"""Handing the memory a scan has freed back to the system, so a campus scan's resident size follows what it holds.

glibc's ``malloc`` keeps what a program frees for its own reuse and returns it to the system only from the top of
each heap. A scan frees a great deal in the middle: every host's answers once its device is built (bodies of up
to 256 KiB, certificates, SDP), the compile-time structures of the rule databases, and each worker thread
allocates from an arena of its own. Measured on a /18 of the fleet lab with 2,000 live devices
(``docs/scanning.md``, "Memory"), the scanner's resident size ended 60-70 MB above what it held in a cold-cache
run and about 30 MB above in a warm one; ``malloc_trim(0)`` gives those pages back (glibc 2.8 and later trims
every arena and releases whole free pages inside them, not only at the top). Dask's workers do the same for
the same reason ("Memory not released back to the OS", distributed.dask.org, worker-memory).

Trimming walks every arena with its lock held (tens of milliseconds at most on a loaded machine, the other
threads' allocations waiting meanwhile), so :class:`FreedMemory` trims only when the resident size grew by
:data:`GROWTH_BYTES` since the last trim, and looks at most every :data:`LOOK_EVERY_S` seconds. Elsewhere than
glibc (musl, macOS) there is nothing to call and nothing is done.
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading
import time
from collections.abc import Callable

#: Resident growth, in bytes, since the last trim that makes the next one worth its pause.
GROWTH_BYTES = 8 << 20
#: The resident size is read at most this often (one read of /proc/self/statm: tens of microseconds).
LOOK_EVERY_S = 0.25

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _find_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the process's own C library
    except (OSError, AttributeError):
        return None  # a C library without malloc_trim (musl before 1.2.1)
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


_TRIM = _find_trim()


def can_give_back() -> bool:
    """True where freed memory can be handed back (Linux with glibc's ``malloc_trim``)."""
    return _TRIM is not None


def give_back() -> None:
    """Hand every free page of the C heap back to the system now (nothing where that cannot be done)."""
    if _TRIM is not None:
        _TRIM(0)  # ctypes releases the GIL for the call: other Python threads go on


def resident_bytes() -> int | None:
    """This process's resident size in bytes (Linux), else None."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


class FreedMemory:
    """Trims the heap after work that freed memory, when the resident size grew enough since the last trim.

    :meth:`after_work` is cheap enough to call once per host: it reads the clock, and the resident size at most
    every :data:`LOOK_EVERY_S` seconds. Safe to call from several threads.
    """

    def __init__(self, growth: int = GROWTH_BYTES, look_every: float = LOOK_EVERY_S) -> None:
        self._growth, self._look_every = growth, look_every
        self._lock = threading.Lock()
        self._next_look = 0.0
        self._base = resident_bytes() or 0
        #: How many times the heap was trimmed.
        self.trims = 0

    def after_work(self) -> None:
        """Trim when :data:`GROWTH_BYTES` more are resident than after the last trim."""
        if _TRIM is None:
            return
        now = time.monotonic()
        if now < self._next_look or not self._lock.acquire(blocking=False):
            return
        try:
            self._next_look = now + self._look_every
            resident = resident_bytes()
            if resident is None or resident - self._base < self._growth:
                return
            give_back()
            self.trims += 1
            self._base = resident_bytes() or resident
        finally:
            self._lock.release()
