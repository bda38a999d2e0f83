"""Resolve with a memory: the same evidence always gives the same identity, so it is resolved once.

Internet data repeats itself: thousands of hosts answer with the same nginx or Apache banner on the same
port, and the same rules match them with the same text. :func:`~camaudit.identify.resolve.resolve` is a
pure function of its evidence (and of the knowledge loaded once per process), so its answer for a
sequence of evidence can be kept and handed out again. The key is every field of every piece of evidence,
in order (``matched`` and ``source`` included, although the resolver reads neither for its decision), so
a kept identity is equal, field for field and evidence included, to the one a fresh resolve would give.
The memory is bounded (oldest entries go first): memory stays flat however long the input.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from camaudit.identify.resolve import resolve
from camaudit.model import Evidence, Identity

#: Distinct evidence sequences whose identity is kept.
MEMO_ENTRIES = 4096
#: Longer evidence sequences (a camera answering on many ports) are rare and resolved afresh.
MEMO_EVIDENCE_MAX = 8


def key_of(ev: Evidence) -> tuple[Any, ...]:
    """Every field of ``ev`` as a hashable tuple (a test checks that a change to any field changes it: a
    field left out would let two different inputs share one answer)."""
    # Items in order: the resolver reads assertions in order, so order is part of the input.
    return (
        ev.rule_id,
        ev.field,
        ev.matched,
        tuple(ev.asserts.items()),
        ev.certainty,
        ev.source,
        ev.port,
        ev.protocol,
        ev.needs,
    )


class ResolveMemo:
    """:func:`resolve` behind a bounded memory keyed by the whole evidence. Safe to share between threads
    (a race at worst resolves one sequence twice)."""

    def __init__(self, entries: int = MEMO_ENTRIES) -> None:
        self._entries = entries
        self._kept: dict[tuple[Any, ...], Identity] = {}
        self._lock = threading.Lock()

    def __call__(self, evidence: Sequence[Evidence], *, answered: bool = True) -> Identity:
        """What ``resolve(evidence, answered=answered)`` returns."""
        if len(evidence) > MEMO_EVIDENCE_MAX or self._entries <= 0:
            return resolve(evidence, answered=answered)
        key = (answered, *map(key_of, evidence))
        kept = self._kept.get(key)
        if kept is None:
            kept = resolve(evidence, answered=answered)
            with self._lock:
                if len(self._kept) >= self._entries:
                    # Dicts keep insertion order: the oldest entry goes.
                    del self._kept[next(iter(self._kept))]
                self._kept[key] = kept
        return kept

    def __len__(self) -> int:
        return len(self._kept)
