"""Counting what could not be read, with the reason, so a run can report it instead of losing it quietly."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

#: Distinct reasons kept per input; a hostile file could otherwise invent a new reason per packet.
MAX_REASONS = 64


class Tally:
    """Reasons and how often each occurred (``"IPv4 fragment never completed": 3``)."""

    __slots__ = ("counts", "overflow")

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.overflow = 0

    def add(self, reason: str, n: int = 1) -> None:
        """Count ``n`` occurrences of ``reason``."""
        if reason in self.counts or len(self.counts) < MAX_REASONS:
            self.counts[reason] += n
        else:
            self.overflow += n

    def __bool__(self) -> bool:
        return bool(self.counts) or bool(self.overflow)

    def items(self) -> Iterator[tuple[str, int]]:
        """``(reason, count)`` pairs, most frequent first; an overflow line last when there is one."""
        yield from self.counts.most_common()
        if self.overflow:
            yield "other problems (too many kinds to list)", self.overflow
