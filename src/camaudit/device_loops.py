"""Event loops of this process that serve devices: the lab's, while a scan in another thread waits on its answers.

A scan's device deadlines forgive the time its own event loop was held (``scan/held_time.py``). When the device it
waits on is served by this same process -- ``camaudit demo``, the tests' lab -- from an event loop in another thread,
that loop is held too on a loaded machine (the process starved of CPU, another thread keeping the GIL), and then the
device answers late for no fault of its own: measured with four busy loops beside an in-process scan of the lab, its
loop was held 4.9-7.5 s in all where the scanner's was held 3.7-5.5 s (docs/testing.md). The lab puts its loop here
while it runs in a thread of its own; a scan counts that loop's held time as well. This module knows neither.
"""

from __future__ import annotations

import asyncio
import threading

_LOOPS: list[asyncio.AbstractEventLoop] = []
_LOCK = threading.Lock()


def serving(loop: asyncio.AbstractEventLoop) -> None:
    """``loop`` (running in a thread of its own) serves devices from now on."""
    with _LOCK:
        _LOOPS.append(loop)


def done(loop: asyncio.AbstractEventLoop) -> None:
    """``loop`` serves devices no more (nothing happens if it never did)."""
    with _LOCK:
        if loop in _LOOPS:
            _LOOPS.remove(loop)


def loops() -> tuple[asyncio.AbstractEventLoop, ...]:
    """The loops serving devices now."""
    with _LOCK:
        return tuple(_LOOPS)
