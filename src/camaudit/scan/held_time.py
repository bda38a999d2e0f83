"""Device deadlines that do not count the time the scanner itself was held.

A probe's deadline is the device's: "it did not answer within 5 s". It is timed by the event loop, and when the loop
is held -- the process starved of CPU on a loaded machine, another of its threads keeping the GIL -- the timer and the
answer that arrived meanwhile are both due when the loop runs again; the timer runs first and the answer is dropped
as a timeout. Measured under load (``bench/lab_lag.py``, docs/scanning.md "The event loop's lag"), the loop was held
0.5-1.3 s at a time at load 9, whatever the checkout, the process using a fraction of a core meanwhile.

:class:`HeldTime` counts, while a scan runs, how long its loop was held: a task wakes every :data:`PERIOD_S` and adds
how much later than :data:`GRACE_S` past its time it woke. :func:`device_timeout` is ``asyncio.timeout`` for a
device's deadline: when it falls due and the loop was held since it began, it is put off by that time (at most once
its own length in all, so a device that never answers costs at most twice its timeout however held the loop), and
only then expires. Outside a scan (no :func:`counting`), it is ``asyncio.timeout``.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
from collections.abc import AsyncIterator

#: How often the counting task wakes, seconds (100 wakes a second cost about 2 ms of CPU).
PERIOD_S = 0.01
#: Lateness up to this is the loop working, not held; beyond it, it counts.
GRACE_S = 0.01


class HeldTime:
    """How long the running loop was held, in seconds, since :meth:`start`."""

    def __init__(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._held = 0.0
        self._due = self._loop.time() + PERIOD_S
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = self._loop.create_task(self._count(), name="camaudit-held-time")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def held(self) -> float:
        """Seconds held so far, a hold still going on included (the loop may run this before the counting task)."""
        return self._held + max(0.0, self._loop.time() - self._due - GRACE_S)

    async def _count(self) -> None:
        loop = self._loop
        while True:
            self._due = loop.time() + PERIOD_S
            await asyncio.sleep(PERIOD_S)
            late = loop.time() - self._due - GRACE_S
            if late > 0:
                self._held += late
            self._due = loop.time() + PERIOD_S


_HELD: contextvars.ContextVar[HeldTime | None] = contextvars.ContextVar("held_time", default=None)


@contextlib.asynccontextmanager
async def counting() -> AsyncIterator[HeldTime]:
    """Count the loop's held time for the body, for the :func:`device_timeout` of the tasks it starts."""
    clock = HeldTime()
    clock.start()
    token = _HELD.set(clock)
    try:
        yield clock
    finally:
        _HELD.reset(token)
        await clock.stop()


def held() -> float:
    """Seconds the running scan's loop was held so far (0 outside a scan)."""
    clock = _HELD.get()
    return clock.held() if clock is not None else 0.0


@contextlib.asynccontextmanager
async def device_timeout(seconds: float) -> AsyncIterator[None]:
    """``asyncio.timeout(seconds)`` that does not count the time the loop was held meanwhile (up to ``seconds``)."""
    clock = _HELD.get()
    if clock is None:
        async with asyncio.timeout(seconds):
            yield
        return
    loop = asyncio.get_running_loop()
    began = clock.held()
    credited = 0.0
    handle: asyncio.TimerHandle | None = None
    async with asyncio.timeout(None) as timeout:

        def due() -> None:
            nonlocal credited, handle
            owed = min(clock.held() - began, seconds) - credited
            if owed > GRACE_S:
                credited += owed
                handle = loop.call_at(loop.time() + owed, due)
            else:
                timeout.reschedule(loop.time())

        handle = loop.call_at(loop.time() + seconds, due)
        try:
            yield
        finally:
            handle.cancel()  # the last one armed
