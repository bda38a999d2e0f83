"""What every benchmark shares: contenders run alternately, medians of several runs, targets asserted.

These machines are noisy, so a benchmark never trusts one absolute time. It measures every contender
in the same run, alternating their order from one round to the next (so neither always runs on a warm
or a cold machine), takes the median of at least three rounds, prints the ratio, and exits non-zero
when a stated target is missed::

    timings = alternate({"camaudit": run_ours, "nmap": run_nmap}, rounds=3)
    report_ratio("camaudit / nmap", timings["camaudit"], timings["nmap"], target_max=1.0)
    sys.exit(finish())
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

MIN_ROUNDS = 3


@dataclass
class Timings:
    """Seconds of each round of one contender, and whatever each round returned (the last one kept)."""

    seconds: list[float] = field(default_factory=list)
    result: object = None

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def spread(self) -> str:
        low, high = min(self.seconds), max(self.seconds)
        return f"median {self.median:.3f} s (min {low:.3f}, max {high:.3f}, n={len(self.seconds)})"


def alternate(contenders: Mapping[str, Callable[[], object]], rounds: int = MIN_ROUNDS) -> dict[str, Timings]:
    """Run every contender ``rounds`` times, rotating which goes first each round; wall time per run."""
    if rounds < MIN_ROUNDS:
        raise ValueError(f"at least {MIN_ROUNDS} rounds: one run on a noisy machine proves nothing")
    names = list(contenders)
    out = {name: Timings() for name in names}
    for round_no in range(rounds):
        shift = round_no % len(names)
        for name in names[shift:] + names[:shift]:
            began = time.perf_counter()
            result = contenders[name]()
            out[name].seconds.append(time.perf_counter() - began)
            out[name].result = result
    return out


_failures: list[str] = []


def check(ok: bool, what: str) -> bool:
    """Print ``what`` as met or MISSED; a miss makes :func:`finish` return 1."""
    print(f"  [{'met' if ok else 'MISSED'}] {what}")
    if not ok:
        _failures.append(what)
    return ok


def report_ratio(
    label: str, ours: Timings, baseline: Timings, *, target_max: float | None = None, target_min: float | None = None
) -> float:
    """Print ``ours / baseline`` (medians) and check it against the target, if one is given."""
    ratio = ours.median / baseline.median
    print(f"{label}: {ratio:.2f}x  (ours {ours.spread()}; baseline {baseline.spread()})")
    if target_max is not None:
        check(ratio <= target_max, f"{label} <= {target_max:g}x (measured {ratio:.2f}x)")
    if target_min is not None:
        check(ratio >= target_min, f"{label} >= {target_min:g}x (measured {ratio:.2f}x)")
    return ratio


def finish() -> int:
    """0 when every target was met, else 1 (after listing the misses on stderr)."""
    if _failures:
        print(f"{len(_failures)} target(s) missed:", file=sys.stderr)
        for what in _failures:
            print(f"  - {what}", file=sys.stderr)
        return 1
    return 0
