"""Rate limits: a token bucket for new connections and datagrams, per host and for the whole run.

Cameras are small computers that fall over under load, and networks have IDSs that flag floods; a
polite scanner paces itself (runZero's default is 40 packets per second per host).

Both stages of a scan draw on the same buckets: the sweep takes a token without waiting when one is
there (:meth:`TokenBucket.try_take`, it has thousands of other attempts to make meanwhile), a probe waits
for its turn (:meth:`TokenBucket.acquire`). A host's bucket passes from the sweep to the probe stage with
it, so the first probe connection waits its turn after the sweep's last one.
"""

from __future__ import annotations

import asyncio
import time


class TokenBucket:
    """At most ``rate`` acquisitions per second on average, bursts up to ``burst``.

    In any window of ``t`` seconds at most ``burst + rate * t`` acquisitions pass. The default burst is a
    fiftieth of a second's worth (at least one): small enough that a per-second count at the device stays
    within 2 % of the rate (plus one), large enough that a high run rate is not held back by timer
    granularity.

    A waiter *reserves* its slot (the balance may go below zero) and then sleeps until it comes, so
    concurrent waiters are served in order without a lock. A waiter the event loop woke later than its slot and
    the burst allow (the loop held, on a loaded machine) puts every slot after its own back by that much
    (:meth:`acquire`): otherwise the waiters whose slots passed meanwhile would all go at once when the loop runs
    again, and the device would see a burst of them (21 connections in one second at ``--rate 15`` after a hold
    of half a second, tests/unit/scan/test_rate.py).
    """

    __slots__ = ("_slip", "_stamp", "_tokens", "capacity", "rate")

    def __init__(self, rate: float, burst: float | None = None) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.capacity = burst if burst is not None else max(1.0, rate / 50)
        self._tokens = self.capacity
        self._stamp = time.monotonic()
        #: Seconds every booked slot was put back so far, by waiters woken late (:meth:`acquire`).
        self._slip = 0.0

    def _refill(self, now: float) -> None:
        if now > self._stamp:
            self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.rate)
            self._stamp = now

    def try_take(self, now: float) -> bool:
        """Take a token if one is there now (never waits, never goes into debt)."""
        self._refill(now)
        if self._tokens >= 1:
            self._tokens -= 1
            return True
        return False

    def ready_at(self) -> float:
        """The monotonic time at which :meth:`try_take` will next succeed."""
        return self._stamp + max(0.0, 1 - self._tokens) / self.rate

    def reserve(self) -> float:
        """Book the next slot; return how many seconds to wait for it."""
        now = time.monotonic()
        self._refill(now)
        self._tokens -= 1
        # The stamp is ahead of now when slots were put back (acquire): the balance counts from it.
        return 0.0 if self._tokens >= 0 else max(0.0, self._stamp - self._tokens / self.rate - now)

    async def acquire(self) -> bool:
        """Wait for the next slot; whether it had to wait.

        Woken later than the slot plus the burst allowed (``capacity / rate``), the waiter goes at once and puts the
        slots booked after its own back by its lateness: they wake at their slot, see it moved, and sleep again."""
        delay = self.reserve()
        if delay <= 0:
            return False
        loop = asyncio.get_running_loop()
        due, slip = loop.time() + delay, self._slip
        while True:
            await asyncio.sleep(max(0.0, due - loop.time()))
            if self._slip > slip:  # a waiter before this one went late: this slot moves back as much
                due, slip = due + self._slip - slip, self._slip
                continue
            late = loop.time() - due - self.capacity / self.rate
            if late > 0:
                self._slip += late
                self._stamp += late
            return True

    def drained(self, at: float) -> None:
        """Start empty at ``at``: the next token comes ``1 / rate`` after it (a host handed over by the sweep)."""
        self._tokens = 0.0
        self._stamp = at


class Pacer:
    """Both limits one new connection must pass: the run's and its host's.

    A host's connections pass one at a time (a lock per host): the host's turn first, then the run's. When
    the run made it wait, the host's next turn counts from when this connection really went, so a queue at
    the run's limit can never squeeze a host's connections closer together than its own rate allows.
    """

    def __init__(self, run_bucket: TokenBucket | None, host_bucket: TokenBucket | None) -> None:
        self._run, self._host = run_bucket, host_bucket
        self._lock = asyncio.Lock() if host_bucket is not None else None

    async def wait(self) -> None:
        if self._host is None or self._lock is None:
            if self._run is not None:
                await self._run.acquire()
            return
        async with self._lock:
            await self._host.acquire()
            if self._run is not None and await self._run.acquire():
                self._host.drained(time.monotonic())
