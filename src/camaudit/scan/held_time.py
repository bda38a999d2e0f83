"""Device deadlines that do not count the time the scanner itself was held.

A probe's deadline is the device's: "it did not answer within 5 s". It is timed by the event loop, and when the loop
is held -- the process starved of CPU on a loaded machine, another of its threads keeping the GIL -- the timer and the
answer that arrived meanwhile are both due when the loop runs again; the timer runs first and the answer is dropped
as a timeout. Measured under load (``bench/lab_lag.py``, docs/scanning.md "The event loop's lag"), the loop was held
0.5-1.3 s at a time at load 9, whatever the checkout, the process using a fraction of a core meanwhile.

:class:`~camaudit.device_loops.HeldTime` counts, while a scan runs, how long its loop was held: a task wakes every
10 ms and adds how much later than 10 ms past its time it woke. :func:`device_timeout` is ``asyncio.timeout`` for a
device's deadline (a probe's connect, read or UDP wait, and the host's ``--host-timeout``): when it falls due and the
loop was held since it began, it is put off by that time (at most once its own length in all, so a device that never
answers costs at most twice its timeout however held the loop), and only then expires. The host's deadline counted
the held time until it did too: on a cold /18 fleet round at load 12 that turned the probes' saved timeouts into 637
host timeouts. Outside a scan (no :func:`counting`), it is ``asyncio.timeout``.

Devices served by this same process from another thread's loop (the lab beside ``camaudit demo`` or a test's scan,
:mod:`camaudit.device_loops`) answer late when that loop is held: :func:`counting` counts those loops too, and the
held time is, period by period, the longest any of them was held. A lab in another process (``camaudit lab up``, a
test's lab beside a ``camaudit scan`` it runs) publishes its own held time (:mod:`camaudit.lab_holds`): it is forgiven
the same way, for the devices at that lab's addresses only (:func:`device_at`).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
from collections.abc import AsyncIterator, Iterator
from typing import Protocol

from camaudit import device_loops, lab_holds
from camaudit.device_loops import GRACE_S, HeldTime

_HELD: contextvars.ContextVar[HeldTime | None] = contextvars.ContextVar("held_time", default=None)


class _LabsBeside:
    """The labs of other processes that publish their held time (:mod:`camaudit.lab_holds`), each with a clock
    started the first time a device of it is scanned: the scan's own held time, or that lab's, whichever is longer
    in each period."""

    def __init__(self, scans: HeldTime, labs: list[lab_holds.PublishedHeld]) -> None:
        self._scans = scans
        self._labs = labs
        self._clocks: dict[int, HeldTime] = {}

    def clock_for(self, ip: str) -> HeldTime | None:
        for index, lab in enumerate(self._labs):
            if lab.covers(ip):
                if index not in self._clocks:
                    self._clocks[index] = clock = HeldTime(others=(self._scans, lab))
                    clock.start()
                return self._clocks[index]
        return None

    async def stop(self) -> None:
        for clock in self._clocks.values():
            await clock.stop()


_BESIDE: contextvars.ContextVar[_LabsBeside | None] = contextvars.ContextVar("labs_beside", default=None)


@contextlib.asynccontextmanager
async def counting() -> AsyncIterator[HeldTime]:
    """Count the loop's held time for the body, for the :func:`device_timeout` of the tasks it starts -- and the held
    time of the loops serving devices from other threads of this process (:mod:`camaudit.device_loops`). The held
    time a lab in another process publishes counts only for the devices at its addresses (:func:`device_at`)."""
    serving = [HeldTime(loop) for loop in device_loops.loops()]
    for other in serving:
        other.start_from_afar()
    clock = HeldTime(others=serving)
    clock.start()
    beside = _LabsBeside(clock, lab_holds.beside())
    token, beside_token = _HELD.set(clock), _BESIDE.set(beside)
    try:
        yield clock
    finally:
        _HELD.reset(token)
        _BESIDE.reset(beside_token)
        await beside.stop()
        await clock.stop()
        for other in serving:
            other.stop_from_afar()


@contextlib.contextmanager
def device_at(ip: str) -> Iterator[None]:
    """The body's device deadlines are those of the device at ``ip``: where a lab in another process serves that
    address, the time that lab's loop was held is forgiven as well (outside a scan, or for any other address,
    nothing changes)."""
    beside = _BESIDE.get()
    clock = beside.clock_for(ip) if beside is not None else None
    if clock is None:
        yield
        return
    token = _HELD.set(clock)
    try:
        yield
    finally:
        _HELD.reset(token)


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
