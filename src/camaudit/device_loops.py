"""Event loops that serve devices, and how long each was held: one count for a scan and for the lab.

A scan's device deadlines forgive the time its own event loop was held (``scan/held_time.py``). When the device it
waits on is served by this same process -- ``camaudit demo``, the tests' lab -- from an event loop in another thread,
that loop is held too on a loaded machine (the process starved of CPU, another thread keeping the GIL), and then the
device answers late for no fault of its own: measured with four busy loops beside an in-process scan of the lab, its
loop was held 4.9-7.5 s in all where the scanner's was held 3.7-5.5 s (docs/testing.md). The lab puts its loop here
while it runs in a thread of its own; a scan counts that loop's held time as well.

:class:`HeldTime` is the count, for both sides: the scanner's own loop, the in-process lab's, and the lab in another
process, which publishes its count (``camaudit.lab_holds``) for a scan beside it to read. This module knows neither.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Sequence
from typing import Protocol

#: How often the counting task wakes, seconds (100 wakes a second cost about 2 ms of CPU).
PERIOD_S = 0.01
#: Lateness up to this is the loop working, not held; beyond it, it counts.
GRACE_S = 0.01

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


class Clock(Protocol):
    """Anything that says how long, in seconds, a loop was held so far (a hold still going on included)."""

    def held(self) -> float: ...


class HeldTime:
    """How long ``loop`` (the running one by default) was held, in seconds, since :meth:`start`; with ``others``,
    the clocks of other loops whose holds count too, the longest hold of them all in each period.

    ``publish``, when given, is called in the loop's thread before each wait with the held time so far and the loop
    time (``time.monotonic()``) the counting task is due to wake: past that time, a hold is going on, which is how a
    reader in another process sees a hold that the held loop cannot report (``camaudit.lab_holds``). ``period`` is how
    often it wakes: a hold that begins during a wait is counted from the wait's end, so up to one period of it is not
    counted."""

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop | None = None,
        others: Sequence[Clock] = (),
        publish: Callable[[float, float], None] | None = None,
        period: float = PERIOD_S,
    ) -> None:
        self._loop = loop or asyncio.get_running_loop()
        self._period = period
        self._held = 0.0
        self._due = self._loop.time() + period
        self._task: asyncio.Task[None] | None = None
        self._others = tuple(others)
        self._seen = [other.held() for other in self._others]
        self._publish = publish

    def start(self) -> None:
        """Count from now (called in the loop's own thread)."""
        self._task = self._loop.create_task(self._count(), name="camaudit-held-time")

    def start_from_afar(self) -> None:
        """:meth:`start`, from another thread than the loop's (until the loop runs it, its wait counts as held)."""
        self._loop.call_soon_threadsafe(self.start)

    def stop_from_afar(self) -> None:
        """Stop counting, from another thread than the loop's; nothing to do when that loop was closed meanwhile."""
        with contextlib.suppress(RuntimeError):
            self._loop.call_soon_threadsafe(self._cancel)

    def _cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    async def stop(self) -> None:
        self._cancel()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def held(self) -> float:
        """Seconds held so far, a hold still going on included (the loop may run this before the counting task)."""
        going_on = max(0.0, self._loop.time() - self._due - GRACE_S)
        return self._held + (max(going_on, self._others_since()) if self._others else going_on)

    def _others_since(self) -> float:
        """The longest the other loops were held since this clock last looked."""
        return max((other.held() - seen for other, seen in zip(self._others, self._seen, strict=True)), default=0.0)

    async def _count(self) -> None:
        loop = self._loop
        while True:
            self._due = loop.time() + self._period
            if self._publish is not None:
                self._publish(self._held, self._due)
            await asyncio.sleep(self._period)
            late = max(0.0, loop.time() - self._due - GRACE_S)
            if self._others:
                late = max(late, self._others_since())
                self._seen = [other.held() for other in self._others]
            if late > 0:
                self._held += late
