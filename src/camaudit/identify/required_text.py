"""Alternative literals of which every match of a pattern contains at least one: the ``re`` fallback's
prefilter for rules that require no single literal.

A model grammar such as ``(?:^|[^A-Za-z0-9])(?P<model>(?:NVR|XVR|HCVR)[0-9]{4}...)`` has no one literal
every match contains, so :func:`~camaudit.identify.regex_check.required_literal` gives nothing and, without
Hyperscan, its regex would run over every 64 KB page (Python's ``re`` tries it at every position: about
half a millisecond per page and rule). But every match contains ``NVR``, ``XVR`` or ``HCVR``, and three
``in`` tests cost a few microseconds. :func:`required_alternatives` finds such a set from the parse tree of
Python's own regex parser: runs of fixed text, where a small character class or an alternation of fixed
strings multiplies the run (``HW[INDT]-`` is ``HWI-``, ``HWN-``, ``HWD-``, ``HWT-``), and alternations
whose every branch requires one of a set.
"""

from __future__ import annotations

import re._constants as _c  # type: ignore[import-not-found]
from collections.abc import Iterable
from typing import Any

from camaudit.identify.regex_check import fold_text, parse

#: At most this many alternatives (each is one ``in`` test of the value).
MAX_ALTERNATIVES = 64
#: Every alternative has at least this many characters (shorter ones are in nearly every page).
MIN_LENGTH = 3
#: A character class is expanded into its members only when it has at most this many.
MAX_CLASS_MEMBERS = 10

_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT)

#: A set of alternatives, one of which every match contains; ``None``: nothing known to be required.
Requirement = frozenset[str] | None


def required_alternatives(pattern: str, flags: int) -> tuple[tuple[str, ...], bool] | None:
    """Literals of which every match of ``pattern`` contains one (sorted), and whether to fold case first.

    ``None`` when no such set of at most :data:`MAX_ALTERNATIVES` literals of at least :data:`MIN_LENGTH`
    characters is found. Folded literals (``ignorecase`` patterns) are to be looked for in
    :func:`~camaudit.identify.regex_check.fold_text` of the value.
    """
    tree = parse(pattern, flags)
    fold = bool(tree.state.flags & _c.SRE_FLAG_IGNORECASE)
    found = _sequence(list(tree))
    if found is None:
        return None
    if fold:
        found = frozenset(fold_text(text) for text in found)
    return tuple(sorted(found)), fold


def _better(a: Requirement, b: Requirement) -> Requirement:
    """The cheaper of two usable requirements: fewer alternatives (``in`` tests), then longer ones."""
    if a is None or not _usable(a):
        return b if b is not None and _usable(b) else None
    if b is None or not _usable(b):
        return a
    return a if (-len(a), min(map(len, a))) >= (-len(b), min(map(len, b))) else b


def _usable(req: frozenset[str]) -> bool:
    return 0 < len(req) <= MAX_ALTERNATIVES and min(map(len, req)) >= MIN_LENGTH


def _sequence(items: list[Any]) -> Requirement:
    """The best requirement of a sequence: a run of fixed text, or a requirement of one of its items."""
    best: Requirement = None
    run: set[str] | None = None  # the strings the current run of fixed items can be
    for op, av in items:
        if op is _c.AT:
            continue  # zero width: the text on either side is still contiguous
        fixed = _fixed(op, av)
        if fixed is not None:
            product = {head + tail for head in run for tail in fixed} if run is not None else set(fixed)
            if len(product) <= MAX_ALTERNATIVES:
                run = product
                continue
            # The run would grow too large: keep it as a candidate and start again from this item.
            best = _better(best, frozenset(run) if run is not None else None)
            run = set(fixed)
            continue
        if op in _REPEATS and av[0] >= 1 and run is not None:
            # At least one copy of a repeated fixed item follows the run ("AV" then a digit: AV0 ... AV9).
            single = _fixed_sequence(av[2])
            if single is not None and len(run) * len(single) <= MAX_ALTERNATIVES:
                best = _better(best, frozenset(head + tail for head in run for tail in single))
        best = _better(best, frozenset(run) if run is not None else None)
        run = None
        best = _better(best, _inner(op, av))
    return _better(best, frozenset(run) if run is not None else None)


def _inner(op: Any, av: Any) -> Requirement:
    """What an item that is not fixed text still requires (a group, an alternation, a repeat of one+)."""
    if op is _c.SUBPATTERN and av[1] == 0 and av[2] == 0:
        return _sequence(list(av[3]))
    if op in _REPEATS and av[0] >= 1:
        return _sequence(list(av[2]))
    if op is _c.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            req = _sequence(list(branch))
            if req is None:
                return None  # this branch requires nothing: neither does the alternation
            union |= req
        return frozenset(union)
    return None


def _fixed(op: Any, av: Any) -> set[str] | None:
    """The few exact strings an item matches (a literal, a small class, an alternation or group of such
    strings, a fixed-count repeat of one), or ``None``."""
    if op is _c.LITERAL:
        return {chr(av)}
    if op is _c.IN:
        return class_chars(av)
    if op is _c.SUBPATTERN and av[1] == 0 and av[2] == 0:
        return _fixed_sequence(av[3])
    if op is _c.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            strings = _fixed_sequence(branch)
            if strings is None:
                return None
            union |= strings
        return union if len(union) <= MAX_ALTERNATIVES else None
    if op in _REPEATS and av[0] == av[1] and 1 <= av[0] <= 4:
        single = _fixed_sequence(av[2])
        if single is None:
            return None
        strings = {""}
        for _ in range(av[0]):
            strings = {head + tail for head in strings for tail in single}
            if len(strings) > MAX_ALTERNATIVES:
                return None
        return strings
    return None


def _fixed_sequence(items: Iterable[Any]) -> set[str] | None:
    strings = {""}
    for op, av in items:
        if op is _c.AT:
            continue
        fixed = _fixed(op, av)
        if fixed is None:
            return None
        strings = {head + tail for head in strings for tail in fixed}
        if len(strings) > MAX_ALTERNATIVES:
            return None
    return strings


def class_chars(
    members: Iterable[Any], widest: int = MAX_CLASS_MEMBERS, most: int | None = MAX_CLASS_MEMBERS,
) -> set[str] | None:
    """The characters of a parsed class made only of literals and ranges narrower than ``widest``, at most ``most``
    of them (``None``: any number), or ``None`` (a negation, a category such as ``\\d`` or ``\\w``, a wide range).
    literal_factor.py reads classes with it too."""
    chars: set[str] = set()
    for op, av in members:
        if op is _c.LITERAL:
            chars.add(chr(av))
        elif op is _c.RANGE and av[1] - av[0] < widest:
            chars.update(chr(code) for code in range(av[0], av[1] + 1))
        else:
            return None
        if most is not None and len(chars) > most:
            return None
    return chars
