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
    concurrent waiters are served in order without a lock.
    """

    __slots__ = ("_stamp", "_tokens", "capacity", "rate")

    def __init__(self, rate: float, burst: float | None = None) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.capacity = burst if burst is not None else max(1.0, rate / 50)
        self._tokens = self.capacity
        self._stamp = time.monotonic()

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
        self._refill(time.monotonic())
        self._tokens -= 1
        return 0.0 if self._tokens >= 0 else -self._tokens / self.rate

    async def acquire(self) -> None:
        delay = self.reserve()
        if delay > 0:
            await asyncio.sleep(delay)

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
            if self._run is not None:
                delay = self._run.reserve()
                if delay > 0:
                    await asyncio.sleep(delay)
                    self._host.drained(time.monotonic())
