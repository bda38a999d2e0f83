"""Static checks on rule patterns: the portable subset, catastrophic backtracking, required literals.

Rules use Python ``re`` syntax restricted to what RE2 and Hyperscan also accept, so the rule set can move
to either engine without edits. Because Python's ``re`` backtracks, a pattern such as ``(a+)+`` or
``(\\w+\\s?)*`` can take exponential time on a crafted banner; one such regex hung Recog's whole pipeline.
This module rejects those shapes when a rule is loaded, and extracts the literal text every match must
contain, which the matcher uses as a cheap prefilter.

It walks the parse tree of the standard library's own regex parser (``re._parser``, private but stable
since 3.11; pinned by the tests), so what is checked is exactly what ``re`` will run.
"""

from __future__ import annotations

import array
import re
import re._casefix as _casefix  # type: ignore[import-not-found]
import re._constants as _c  # type: ignore[import-not-found]
import re._parser as _parser  # type: ignore[import-not-found]
import sys
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

#: Named groups a rule may capture.
CAPTURE_NAMES = frozenset({"model", "firmware", "serial", "brand", "maker", "mac", "made"})

_UNBOUNDED = _c.MAXREPEAT
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT)
_FORBIDDEN = {
    _c.GROUPREF: "a backreference",
    _c.GROUPREF_EXISTS: "a conditional group (?(n)...)",
    _c.ASSERT: "a lookaround assertion",
    _c.ASSERT_NOT: "a negative lookaround assertion",
    _c.ATOMIC_GROUP: "an atomic group (?>...)",
    _c.POSSESSIVE_REPEAT: "a possessive quantifier",
}
#: A first-character summary: a set of code points, or WIDE for "could be many things".
_WIDE = "wide"

Item = tuple[Any, Any]


def parse(pattern: str | bytes, flags: int) -> Any:
    """Parse with the standard library parser; raises :class:`re.error` on a bad pattern."""
    return _parser.parse(pattern, flags)


def pattern_problems(pattern: str, flags: int) -> list[str]:
    """Everything wrong with ``pattern`` for a rule, as readable sentences (empty when it is fine)."""
    try:
        tree = parse(pattern, flags)
    except re.error as exc:
        return [f"bad regex: {exc}"]
    problems: list[str] = []
    for name in tree.state.groupdict:
        if name not in CAPTURE_NAMES:
            problems.append(f"unknown capture (?P<{name}>...); allowed: {', '.join(sorted(CAPTURE_NAMES))}")
    _walk_forbidden(tree, problems)
    if not problems:
        fold = bool(tree.state.flags & _c.SRE_FLAG_IGNORECASE)
        _walk_redos(list(tree), problems, fold)
        _check_leading(list(tree), problems)
    return problems


def backtracking_problems(pattern: str | bytes, flags: int = 0) -> list[str]:
    """The catastrophic-backtracking shapes in ``pattern`` (any regex, not only a rule's)."""
    tree = parse(pattern, flags)
    problems: list[str] = []
    _walk_redos(list(tree), problems, bool(tree.state.flags & _c.SRE_FLAG_IGNORECASE))
    return problems


def _children(op: Any, av: Any) -> list[Sequence[Item]]:
    if op is _c.SUBPATTERN:
        return [av[3]]
    if op in _REPEATS or op is _c.POSSESSIVE_REPEAT:
        return [av[2]]
    if op is _c.BRANCH:
        return list(av[1])
    if op in (_c.ASSERT, _c.ASSERT_NOT):
        return [av[1]]
    if op is _c.ATOMIC_GROUP:
        return [av]
    if op is _c.GROUPREF_EXISTS:
        return [x for x in av[1:] if x is not None]
    return []


def _walk_forbidden(seq: Iterable[Item], problems: list[str]) -> None:
    for op, av in seq:
        if op in _FORBIDDEN:
            problem = f"disallowed construct: {_FORBIDDEN[op]} (RE2/Hyperscan cannot run it)"
            if problem not in problems:
                problems.append(problem)
        for child in _children(op, av):
            _walk_forbidden(child, problems)


def _is_variable_repeat(op: Any, av: Any) -> bool:
    return op in _REPEATS and av[0] != av[1]


def _is_unbounded(op: Any, av: Any) -> bool:
    return op in _REPEATS and av[1] == _UNBOUNDED


def _contains_variable_repeat(seq: Sequence[Item]) -> bool:
    for op, av in seq:
        if _is_variable_repeat(op, av):
            return True
        if any(_contains_variable_repeat(child) for child in _children(op, av)):
            return True
    return False


def _first(seq: Sequence[Item], fold: bool) -> set[int] | str:
    """What the first character of a match of ``seq`` can be (conservative: WIDE when unsure)."""
    chars: set[int] = set()
    for op, av in seq:
        if op is _c.AT:
            continue
        if op is _c.LITERAL:
            chars |= _fold(av, fold)
            return chars
        if op is _c.IN:
            members = _in_members(av, fold)
            if members is _WIDE:
                return _WIDE
            assert isinstance(members, set)
            return chars | members
        if op is _c.SUBPATTERN:
            inner = _first(av[3], fold)
            if inner is _WIDE:
                return _WIDE
            assert isinstance(inner, set)
            return chars | inner
        if op in _REPEATS:
            inner = _first(av[2], fold)
            if inner is _WIDE:
                return _WIDE
            assert isinstance(inner, set)
            chars |= inner
            if av[0] == 0:
                continue
            return chars
        if op is _c.BRANCH:
            for branch in av[1]:
                inner = _first(branch, fold)
                if inner is _WIDE:
                    return _WIDE
                assert isinstance(inner, set)
                chars |= inner
            return chars
        return _WIDE
    return _WIDE


def _fold(code: int, fold: bool) -> set[int]:
    if not fold:
        return {code}
    ch = chr(code)
    return {code, ord(ch.lower()[0]), ord(ch.upper()[0])}


def _in_members(items: Sequence[Item], fold: bool) -> set[int] | str:
    chars: set[int] = set()
    for op, av in items:
        if op is _c.LITERAL:
            chars |= _fold(av, fold)
        elif op is _c.RANGE and av[1] - av[0] < 512:
            for code in range(av[0], av[1] + 1):
                chars |= _fold(code, fold)
        elif op is _c.CATEGORY and av in (_c.CATEGORY_DIGIT, _c.CATEGORY_SPACE):
            # \d and \s are small sets (Unicode digits, whitespace): knowing them exactly lets
            # `(\.\d+)+\s*` through, which "wide" would reject as overlapping.
            chars |= _category_codes(av is _c.CATEGORY_DIGIT)
        else:
            return _WIDE
    return chars


@cache
def _category_codes(digits: bool) -> frozenset[int]:
    """Every code point Python's ``\\d`` (or ``\\s``) matches in a str pattern, ASCII and Unicode."""
    codes = array.array("I", range(0xD800))
    codes.extend(range(0xE000, 0x110000))
    text = codes.tobytes().decode("utf-32-le" if sys.byteorder == "little" else "utf-32-be")
    return frozenset(map(ord, re.findall(r"\d" if digits else r"\s", text)))


def _overlap(a: set[int] | str, b: set[int] | str) -> bool:
    if a is _WIDE or b is _WIDE:
        return True
    assert isinstance(a, set) and isinstance(b, set)
    return bool(a & b)


def _walk_redos(seq: Sequence[Item], problems: list[str], fold: bool) -> None:
    items = list(seq)
    for index, (op, av) in enumerate(items):
        if _is_unbounded(op, av):
            body = list(av[2])
            if _star_of_ambiguous_body(body, fold):
                problems.append(
                    "catastrophic backtracking: a repeated group contains another variable repeat with "
                    "nothing that separates the iterations (like (a+)+ or (\\w+\\s?)*)"
                )
                return
            if _star_of_overlapping_branches(body, fold):
                problems.append(
                    "catastrophic backtracking: a repeated alternation whose branches can start with the "
                    "same character (like (a|ab)*)"
                )
                return
            if index + 1 < len(items):
                nop, nav = items[index + 1]
                if _is_unbounded(nop, nav) and _overlap(_first(body, fold), _first(list(nav[2]), fold)):
                    problems.append(
                        "catastrophic backtracking: two adjacent unbounded repeats can match the same "
                        "characters (like \\d+\\d+ or .*.*)"
                    )
                    return
        for child in _children(op, av):
            _walk_redos(child, problems, fold)
            if problems:
                return


def _star_of_ambiguous_body(body: list[Item], fold: bool) -> bool:
    """True for ``(X)*`` where X's iterations can split the same text in many ways."""
    if len(body) == 1 and body[0][0] is _c.SUBPATTERN:
        return _star_of_ambiguous_body(list(body[0][1][3]), fold)
    for index, (op, av) in enumerate(body):
        if _is_variable_repeat(op, av) or op is _c.BRANCH:
            # A variable-width item (a repeat, or an alternation: the parser turns `a|aa` into `a(?:|a)`)
            # is safe only when a mandatory item elsewhere in the body (wrapping round to the start of
            # the next iteration) can never match what it matches: `(?:[a-z]+\.)+` is fine.
            mine = _first(list(av[2]) if op in _REPEATS else [(op, av)], fold)
            others = body[index + 1 :] + body[:index]
            if not any(_mandatory(o) and not _overlap(mine, _first([o], fold)) for o in others):
                return True
        elif any(_contains_variable_repeat(child) for child in _children(op, av)):
            return True
    return False


def _mandatory(item: Item) -> bool:
    op, av = item
    if op is _c.AT:
        return False
    if op in _REPEATS:
        return bool(av[0] > 0)
    return True


def _star_of_overlapping_branches(body: list[Item], fold: bool) -> bool:
    if len(body) == 1 and body[0][0] is _c.SUBPATTERN:
        return _star_of_overlapping_branches(list(body[0][1][3]), fold)
    if len(body) != 1 or body[0][0] is not _c.BRANCH:
        return False
    firsts = [_first(list(b), fold) for b in body[0][1][1]]
    return any(_overlap(a, b) for i, a in enumerate(firsts) for b in firsts[i + 1 :])


def _check_leading(seq: Sequence[Item], problems: list[str]) -> None:
    """``search`` already tries every start; a leading ``.*`` only turns that into quadratic time."""
    items = [item for item in seq if item[0] is not _c.AT or item[1] is not _c.AT_BOUNDARY]
    if not items:
        return
    op, av = items[0]
    if _is_unbounded(op, av) and av[0] == 0 and _first(list(av[2]), False) is _WIDE:
        problems.append("leading unbounded wildcard (like .*x): drop it, a rule already matches anywhere")


# --- required literals (prefilter) ---------------------------------------------------------------


def _casefix_table() -> dict[int, int]:
    # Characters that `re.IGNORECASE` treats as equal beyond str.casefold (i and dotless i, s and long
    # s, ...): map each group to its smallest member so the prefilter never rejects what the regex matches.
    table: dict[int, int] = {}
    for code, extra in _casefix._EXTRA_CASES.items():
        group = (code, *extra)
        low = min(ord(chr(c).casefold()[0]) for c in group)
        for c in group:
            table[c] = low
    return table


_CASEFIX = _casefix_table()


def fold_text(text: str) -> str:
    """Fold ``text`` so that a case-insensitive literal test is a plain ``in`` test."""
    if text.isascii():
        return text.lower()
    # re.IGNORECASE lowers one character at a time (simple case mapping): U+0130 (capital I with dot) is then "i",
    # where casefold writes "i" and a combining dot, which would split a literal the regex matches ("İab" ~ "iab").
    return text.replace("\u0130", "i").casefold().translate(_CASEFIX)


def required_literal(pattern: str, flags: int) -> tuple[str, bool] | None:
    """The longest literal text every match of ``pattern`` contains, and whether to fold case first.

    ``None`` when no literal of at least 3 characters is required (the regex then runs on every value).
    """
    tree = parse(pattern, flags)
    fold = bool(tree.state.flags & _c.SRE_FLAG_IGNORECASE)
    runs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            runs.append("".join(current))
            current.clear()

    def walk(seq: Iterable[Item]) -> None:
        for op, av in seq:
            if op is _c.LITERAL:
                current.append(chr(av))
            elif op is _c.SUBPATTERN and av[1] == 0 and av[2] == 0:
                walk(av[3])
            elif op is _c.AT:
                continue
            elif op in _REPEATS and av[0] >= 1:
                flush()
                walk(av[2])
                flush()
            else:
                flush()

    walk(tree)
    flush()
    if not runs:
        return None
    best = max(runs, key=len)
    if len(best) < 3:
        return None
    return (fold_text(best) if fold else best), fold
