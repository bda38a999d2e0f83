"""Rate limits: a token bucket for new connections and datagrams, per host and for the whole run.

Cameras are small computers that fall over under load, and networks have IDSs that flag floods; a
polite scanner paces itself (runZero's default is 40 packets per second per host).
"""

from __future__ import annotations

import asyncio
import time


class TokenBucket:
    """At most ``rate`` acquisitions per second on average, bursts up to ``burst``."""

    def __init__(self, rate: float, burst: float | None = None) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.capacity = burst if burst is not None else max(1.0, rate / 10)
        self._tokens = self.capacity
        self._stamp = time.monotonic()
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        async with self._lock:
            while True:
                now = time.monotonic()
                self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.rate)
                self._stamp = now
                if self._tokens >= 1:
                    self._tokens -= 1
                    return
                await asyncio.sleep((1 - self._tokens) / self.rate)


class Pacer:
    """Both limits one new connection must pass: the run's and its host's."""

    def __init__(self, run_bucket: TokenBucket | None, host_bucket: TokenBucket | None) -> None:
        self._buckets = [b for b in (run_bucket, host_bucket) if b is not None]

    async def wait(self) -> None:
        for bucket in self._buckets:
            await bucket.acquire()
