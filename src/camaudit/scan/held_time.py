"""Device deadlines that do not count the time the scanner itself was held.

A probe's deadline is the device's: "it did not answer within 5 s". It is timed by the event loop, and when the loop
is held -- the process starved of CPU on a loaded machine, another of its threads keeping the GIL -- the timer and the
answer that arrived meanwhile are both due when the loop runs again; the timer runs first and the answer is dropped
as a timeout. Measured under load (``bench/lab_lag.py``, docs/scanning.md "The event loop's lag"), the loop was held
0.5-1.3 s at a time at load 9, whatever the checkout, the process using a fraction of a core meanwhile.

:class:`HeldTime` counts, while a scan runs, how long its loop was held: a task wakes every :data:`PERIOD_S` and adds
how much later than :data:`GRACE_S` past its time it woke. :func:`device_timeout` is ``asyncio.timeout`` for a
device's deadline (a probe's connect, read or UDP wait, and the host's ``--host-timeout``): when it falls due and the
loop was held since it began, it is put off by that time (at most once its own length in all, so a device that never
answers costs at most twice its timeout however held the loop), and only then expires. The host's deadline counted
the held time until it did too: on a cold /18 fleet round at load 12 that turned the probes' saved timeouts into 637
host timeouts. Outside a scan (no :func:`counting`), it is ``asyncio.timeout``.

Devices served by this same process from another thread's loop (the lab beside ``camaudit demo`` or a test's scan,
:mod:`camaudit.device_loops`) answer late when that loop is held: :func:`counting` counts those loops too, and the
held time is, period by period, the longest any of them was held.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
from collections.abc import AsyncIterator, Sequence
from typing import Protocol

from camaudit import device_loops

#: How often the counting task wakes, seconds (100 wakes a second cost about 2 ms of CPU).
PERIOD_S = 0.01
#: Lateness up to this is the loop working, not held; beyond it, it counts.
GRACE_S = 0.01


class HeldTime:
    """How long ``loop`` (the running one by default) was held, in seconds, since :meth:`start`; with ``others``,
    the clocks of other loops whose holds count too, the longest hold of them all in each period."""

    def __init__(self, loop: asyncio.AbstractEventLoop | None = None, others: Sequence[HeldTime] = ()) -> None:
        self._loop = loop or asyncio.get_running_loop()
        self._held = 0.0
        self._due = self._loop.time() + PERIOD_S
        self._task: asyncio.Task[None] | None = None
        self._others = tuple(others)
        self._seen = [other.held() for other in self._others]

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
            self._due = loop.time() + PERIOD_S
            await asyncio.sleep(PERIOD_S)
            late = max(0.0, loop.time() - self._due - GRACE_S)
            if self._others:
                late = max(late, self._others_since())
                self._seen = [other.held() for other in self._others]
            if late > 0:
                self._held += late


_HELD: contextvars.ContextVar[HeldTime | None] = contextvars.ContextVar("held_time", default=None)


@contextlib.asynccontextmanager
async def counting() -> AsyncIterator[HeldTime]:
    """Count the loop's held time for the body, for the :func:`device_timeout` of the tasks it starts -- and the held
    time of the loops serving devices from other threads of this process (:mod:`camaudit.device_loops`)."""
    serving = [HeldTime(loop) for loop in device_loops.loops()]
    for other in serving:
        other.start_from_afar()
    clock = HeldTime(others=serving)
    clock.start()
    token = _HELD.set(clock)
    try:
        yield clock
    finally:
        _HELD.reset(token)
        await clock.stop()
        for other in serving:
            other.stop_from_afar()


def held() -> float:
    """Seconds the running scan's loop was held so far (0 outside a scan)."""
    clock = _HELD.get()
    return clock.held() if clock is not None else 0.0


class HostDeadline(Protocol):
    """What a host's deadline lets the scanner do: read when it falls due, stop it (None) and set it again."""

    def when(self) -> float | None: ...

    def reschedule(self, when: float | None) -> None: ...


class _Credited:
    """An ``asyncio.Timeout`` whose fall is put off by the loop's held time since it was (re)set, at most
    ``most`` seconds in all."""

    def __init__(self, clock: HeldTime, timeout: asyncio.Timeout, seconds: float) -> None:
        self._loop = asyncio.get_running_loop()
        self._clock, self._timeout, self._most = clock, timeout, seconds
        self._credited = 0.0
        self._when: float | None = None
        self._handle: asyncio.TimerHandle | None = None
        #: The clock's held time when set, plus what it held while this deadline stood stopped.
        self._not_owed = clock.held()
        self._stopped_at: float | None = None
        self.reschedule(self._loop.time() + seconds)

    def when(self) -> float | None:
        return self._when

    def reschedule(self, when: float | None) -> None:
        """Fall due at ``when`` (loop time; None: never), counting the loop's held time from now on."""
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        if when is None and self._stopped_at is None:
            self._stopped_at = self._clock.held()
        elif when is not None and self._stopped_at is not None:
            self._not_owed += self._clock.held() - self._stopped_at  # held while stopped: not owed to it
            self._stopped_at = None
        self._when = when
        if when is not None:
            self._handle = self._loop.call_at(when, self._due)

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()

    def _due(self) -> None:
        owed = min(self._clock.held() - self._not_owed, self._most) - self._credited
        if owed > GRACE_S:
            self._credited += owed
            self._when = self._loop.time() + owed
            self._handle = self._loop.call_at(self._when, self._due)
        else:
            self._timeout.reschedule(self._loop.time())


@contextlib.asynccontextmanager
async def device_timeout(seconds: float) -> AsyncIterator[HostDeadline]:
    """``asyncio.timeout(seconds)`` that does not count the time the loop was held meanwhile (up to ``seconds``);
    the deadline it yields can be stopped and set again (``reschedule``), as ``asyncio.timeout``'s can."""
    clock = _HELD.get()
    if clock is None:
        async with asyncio.timeout(seconds) as plain:
            yield plain
        return
    async with asyncio.timeout(None) as timeout:
        credited = _Credited(clock, timeout, seconds)
        try:
            yield credited
        finally:
            credited.cancel()
