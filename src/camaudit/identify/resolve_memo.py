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
    (a race at worst resolves one sequence twice).

    In front of it, a second bounded memory keyed by the evidence *objects*: the matcher hands out the same frozen
    :class:`Evidence` object for the same value on the same port (its evidence cache), so a census meets the same
    objects again and again, and their identity settles the answer without building and hashing the key of every
    field. An entry keeps its objects, so their ids are not reused while it lives: the same ids are the same objects,
    and the same objects the same key."""

    def __init__(self, entries: int = MEMO_ENTRIES) -> None:
        self._entries = entries
        self._kept: dict[tuple[Any, ...], Identity] = {}
        #: (answered, id of each piece of evidence) -> (the pieces, their identity)
        self._by_object: dict[tuple[Any, ...], tuple[tuple[Evidence, ...], Identity]] = {}
        self._lock = threading.Lock()

    def __call__(self, evidence: Sequence[Evidence], *, answered: bool = True) -> Identity:
        """What ``resolve(evidence, answered=answered)`` returns."""
        if len(evidence) > MEMO_EVIDENCE_MAX or self._entries <= 0:
            return resolve(evidence, answered=answered)
        ids = (answered, *map(id, evidence))
        seen = self._by_object.get(ids)
        if seen is not None:
            return seen[1]
        key = (answered, *map(key_of, evidence))
        kept = self._kept.get(key)
        if kept is None:
            kept = resolve(evidence, answered=answered)
            with self._lock:
                _bounded(self._kept, self._entries)[key] = kept
        with self._lock:
            _bounded(self._by_object, self._entries)[ids] = (tuple(evidence), kept)
        return kept

    def __len__(self) -> int:
        return len(self._kept)


def _bounded(memory: dict[Any, Any], entries: int) -> dict[Any, Any]:
    """``memory`` with room for one more entry: dicts keep insertion order, so the oldest goes."""
    if len(memory) >= entries:
        del memory[next(iter(memory))]
    return memory
