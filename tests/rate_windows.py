"""Counting events per sliding second, for the tests that hold ``--rate`` and ``--host-rate`` to their word: the
scanner's own acquisitions (tests/unit/scan/test_rate.py) and the arrivals at the device
(tests/integration/scan/test_rate_limits.py)."""

from __future__ import annotations


def busiest_second(times: list[float]) -> int:
    """The most events (times in seconds) in any window of one second."""
    times = sorted(times)
    best, start = 0, 0
    for end, t in enumerate(times):
        while t - times[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best
