"""The literal text every match of a pattern must contain: what lets Hyperscan skip most of a page.

Hyperscan finds a pattern quickly when each of its matches holds a literal of a few bytes: it looks for those literals
with its fast literal matcher and runs the rest of the pattern only around a hit. A pattern with no such literal
(``\\b[a-z]{2}[0-9]{4}\\b``, ``[^<>]{16}\\d{3}``) must be followed by an automaton over every byte of every value, and
added to an HTTP body's database of 951 patterns it made the whole database's scan 2-2.4 times slower
(docs/identification/matching.md, "What one entry costs"). How much a given pattern costs depends on the rest of the
database (a grammar whose engine the database already runs costs nothing more), so it is measured, not predicted; but
a pattern that needs no literal is the shape to measure, and :func:`factor_bytes` finds it from the parse tree of
Python's own regex parser, with no compiling and no clock.

Each part of the tree is summed up as the few strings it can match (``exact``, when there are at most
:data:`MAX_STRINGS`), else as the strings every match starts with (``starts``), ends with (``ends``) and one of which
it contains (``needs``). A sequence joins the end of one part to the start of the next (``IP`` then ``[2-8]M-`` is
``ip2m-`` ... ``ip8m-``), an alternation needs one of its branches' needs, a repeat of at least one round needs what
its body needs. Every string is case folded (only its length counts here), and its length is counted in UTF-8 bytes,
as Hyperscan reads it (``宇视`` is six bytes). Unlike :func:`camaudit.identify.required_text.required_alternatives`
(the ``re`` fallback's ``in`` tests, which want few long alternatives) this joins a run to the alternation after it
and counts bytes.
"""

from __future__ import annotations

import re._constants as _c  # type: ignore[import-not-found]
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from camaudit.identify.regex_check import fold_text, parse
from camaudit.identify.required_text import class_chars

#: At most this many strings in a set (a class or alternation with more members is "any text" here).
MAX_STRINGS = 64
#: Below this many bytes a literal is in nearly every page: a pattern whose every match needs only shorter ones
#: makes Hyperscan follow it over every byte.
MIN_FACTOR_BYTES = 3

_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT)
_ANY: frozenset[str] = frozenset({""})


@dataclass(frozen=True, slots=True)
class _Part:
    """What a part of a pattern matches, as sets of strings (each folded)."""

    #: Every string the part matches, when they are few; None otherwise.
    exact: frozenset[str] | None
    #: Every match starts with one of these ({""}: nothing known).
    starts: frozenset[str]
    #: Every match ends with one of these.
    ends: frozenset[str]
    #: Every match contains one of these (the best set found), or None.
    needs: frozenset[str] | None


def _exact(strings: Iterable[str]) -> _Part:
    found = frozenset(strings)
    return _Part(found, found, found, found)


_OPEN = _Part(None, _ANY, _ANY, None)


def _size(strings: frozenset[str] | None) -> int:
    """The bytes of the shortest string of a set (0 for none): how selective the set is."""
    return min((len(s.encode("utf-8", "surrogatepass")) for s in strings), default=0) if strings else 0


def _best(*sets: frozenset[str] | None) -> frozenset[str] | None:
    """The most selective set: the longest shortest string, then the fewest strings."""
    usable = [s for s in sets if s]
    return max(usable, key=lambda s: (_size(s), -len(s)), default=None)


def _cross(heads: frozenset[str], tails: frozenset[str]) -> frozenset[str] | None:
    """Every head followed by every tail, or None when that is more than :data:`MAX_STRINGS` strings."""
    if len(heads) * len(tails) > MAX_STRINGS:
        return None
    return frozenset(h + t for h in heads for t in tails)


def _joined(heads: frozenset[str], tails: frozenset[str]) -> frozenset[str]:
    """Every head followed by a head of every tail, cut short enough for at most :data:`MAX_STRINGS` strings: a text
    holding a head then a tail holds one of these."""
    return frozenset(h + t for h in heads for t in _heads(tails, MAX_STRINGS // max(len(heads), 1)))


def _join(a: _Part, b: _Part) -> _Part:
    """``a`` then ``b``."""
    if a.exact is not None and b.exact is not None:
        both = _cross(a.exact, b.exact)
        if both is not None:
            return _exact(both)
    starts = _joined(a.exact, b.starts) if a.exact is not None else a.starts
    ends = _reversed(_joined(_reversed(b.exact), _reversed(a.ends))) if b.exact is not None else b.ends
    return _Part(None, starts, ends, _best(a.needs, b.needs, _joined(a.ends, b.starts)))


def _reversed(strings: frozenset[str]) -> frozenset[str]:
    return frozenset(s[::-1] for s in strings)


def _either(parts: Sequence[_Part]) -> _Part:
    """One of ``parts``."""
    if all(p.exact is not None for p in parts):
        union = frozenset().union(*(p.exact for p in parts if p.exact is not None))
        if len(union) <= MAX_STRINGS:
            return _exact(union)
    starts = _heads(frozenset().union(*(p.starts for p in parts)))
    ends = _tails(frozenset().union(*(p.ends for p in parts)))
    branch_needs = [_best(p.needs, p.starts, p.ends) or _ANY for p in parts]
    return _Part(None, starts, ends, _heads(frozenset().union(*branch_needs)))


def _heads(strings: frozenset[str], limit: int = MAX_STRINGS) -> frozenset[str]:
    """``strings`` cut to their first characters until at most ``limit`` are left: a text that holds (or starts with)
    one of the strings holds (starts with) one of their heads."""
    if len(strings) <= limit:
        return strings
    # First drop each string that starts with another of the set: it says nothing more. In sorted order the strings
    # that start with one come right after it.
    kept: list[str] = []
    for text in sorted(strings):
        if not kept or not text.startswith(kept[-1]):
            kept.append(text)
    for keep in sorted({len(text) for text in kept}, reverse=True):
        cut = frozenset(text[:keep] for text in kept)
        if len(cut) <= limit:
            return cut
    return _ANY


def _tails(strings: frozenset[str]) -> frozenset[str]:
    """The same from the other end, for the strings every match ends with."""
    return _reversed(_heads(_reversed(strings)))


def _sequence(items: Iterable[Any]) -> _Part:
    part = _exact({""})
    for op, av in items:
        part = _join(part, _item(op, av))
    return part


def _item(op: Any, av: Any) -> _Part:
    if op is _c.LITERAL:
        return _exact({fold_text(chr(av))})
    if op is _c.IN:
        members = _members(av)
        return _exact(members) if members is not None else _OPEN
    if op is _c.AT:
        return _exact({""})
    if op is _c.SUBPATTERN:
        return _sequence(av[3])
    if op is _c.ATOMIC_GROUP:
        return _sequence(av)
    if op is _c.BRANCH:
        return _either([_sequence(branch) for branch in av[1]])
    if op in _REPEATS:
        return _repeat(*av)
    return _OPEN  # any character, a negated literal, a lookaround, a backreference: nothing known


def _repeat(low: int, high: int, body: Any) -> _Part:
    inner = _sequence(body)
    if inner.exact is not None and high <= 4:
        rounds = [_exact({""})]
        for _ in range(high):
            rounds.append(_join(rounds[-1], inner))
        return _either(rounds[low:])
    if low == 0:
        return _OPEN
    needs = _best(inner.needs, _joined(inner.ends, inner.starts) if low >= 2 else None)
    return _Part(None, inner.starts, inner.ends, needs)


def _members(items: Sequence[Any]) -> frozenset[str] | None:
    """The characters of a class of literals and short ranges (at most :data:`MAX_STRINGS`), case folded, or None."""
    chars = class_chars(items, widest=MAX_STRINGS, most=None)
    if chars is None:
        return None
    folded = frozenset(fold_text(char) for char in chars)
    return folded if len(folded) <= MAX_STRINGS else None


def required_factor(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` contains once case folded
    (:func:`~camaudit.identify.regex_check.fold_text`): the most selective set found, or None when none is known.
    Raises :class:`re.error` for a bad pattern."""
    tree = parse(pattern, flags)
    whole = _sequence(list(tree))
    return _best(whole.needs, whole.starts, whole.ends, whole.exact)


def factor_bytes(pattern: str, flags: int = 0) -> int:
    """The bytes of the shortest string of :func:`required_factor` (0 when nothing is required): a pattern under
    :data:`MIN_FACTOR_BYTES` has no literal for Hyperscan to look for first."""
    return _size(required_factor(pattern, flags))
