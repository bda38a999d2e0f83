"""Rewrite a Python regex as a Hyperscan pattern that matches *at least* everything the regex matches.

Hyperscan is only the prefilter: it says which rules may match a value, and Python ``re`` then runs
those rules for the real match and its captures. So the Hyperscan pattern need not be the same
language as the rule, only a superset of it; a missed rule would be a wrong answer, an extra candidate
costs one ``re.search``. The rewrite works on the parse tree of the standard library's own parser, so
what is translated is exactly what ``re`` runs, and it never hands Hyperscan the rule's text:

* Hyperscan scans bytes and Python matches characters. Every single-character item (a literal, a
  class, ``.``, ``\\d`` ...) becomes a byte class whose ASCII members are computed by asking Python's
  own engine, one code point at a time, under the item's flags, so case folding, ``\\s`` (which in
  Python includes the ASCII separators ``\\x1c``-``\\x1f``) and ``re.ASCII`` are Python's, not PCRE's.
* Values that are pure ASCII (nearly all banners and headers) are scanned with an *ASCII* database,
  where that translation is exact. Other values are scanned as UTF-8 with a *Unicode* database, where an
  item also accepts the UTF-8 bytes of each non-ASCII character Python would match for it (``k`` under
  ``re.IGNORECASE``: k, K or the Kelvin sign; found from Python's own case tables and checked against its
  engine), or any one UTF-8 sequence when those cannot be listed (``\\w``, a negated class); word
  boundaries, whose meaning there depends on Unicode classes, are dropped: a superset again.
* Constructs Hyperscan lacks become supersets too: a lookaround is dropped, a backreference accepts
  any text, an atomic group or possessive repeat is a plain one. Captures become plain groups. Large
  repeat bounds are widened (see :data:`REPEAT_BOUND_MAX`).
* Hyperscan refuses a start anchor that text may precede and an end anchor that text may follow ("Embedded
  end anchors not supported": ``(?:[^a-z]|$)`` before more pattern, ``thermal imaging$`` in an alternation before
  a word end). Such an anchor is dropped (:meth:`_Writer.anchor`): the branch then accepts more, never less, and
  the rest of the pattern is still compiled, so the rule is prefiltered instead of run on every value. An anchor
  at the very start or end of what may match stays.
* With ``core=True``, word-boundary stand-ins at either end of a pattern
  (``(?:^|[^A-Za-z])Hikvision(?:[^A-Za-z]|$)``, as the lexicon and model layers write them) are left out
  (:func:`_core`): the name alone is a superset, and a database of such cores scans page text several times
  faster. The matcher checks a core's hit against the full rewrite before ``re`` runs
  (:mod:`camaudit.identify.hyperscan_db`), because a core also matches inside longer words and digests.

:func:`translate` raises :class:`Untranslatable` for what it cannot express; that rule then runs on
every value instead.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import re
import re._casefix as _casefix  # type: ignore[import-not-found]
import re._compiler as _compiler  # type: ignore[import-not-found]
import re._constants as _c  # type: ignore[import-not-found]
import re._parser as _parser  # type: ignore[import-not-found]
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from typing import Any, NamedTuple

#: One UTF-8 encoded character of any kind (lone surrogates included, as ``surrogatepass`` writes them).
ANY_UTF8 = r"[\xc0-\xff][\x80-\xbf]{1,3}"
_SINGLE_CHAR_OPS = (_c.LITERAL, _c.NOT_LITERAL, _c.IN, _c.ANY)


class Untranslatable(ValueError):
    """A construct the rewrite cannot express as a superset (the rule then always runs)."""


def translate(pattern: str, flags: int, *, unicode: bool, core: bool = False) -> tuple[bytes, bool]:
    """The Hyperscan pattern for ``pattern`` and whether it needs Hyperscan's multi-line flag.

    ``unicode`` selects the database kind: False for values that are pure ASCII (exact translation),
    True for values scanned as UTF-8 (superset). ``core`` leaves out the boundary context at either end
    (:func:`_core`; a superset again). Raises :class:`Untranslatable` or :class:`re.error`.
    """
    tree = _parser.parse(pattern, flags)
    writer = _Writer(unicode, tree)
    items = list(tree)
    text = writer.seq(_core(items, tree.state) if core else items, tree.state.flags, _Around(False, False))
    return text.encode("ascii"), writer.multiline


def _core(items: list[Any], state: Any) -> list[Any]:
    """``items`` without the boundary context at either end: what every match of them contains.

    Hyperscan searches, so any part of a pattern is a superset of it. The parts left out are the ones
    that only say what may stand next to a match -- a lookaround, or an alternation of an anchor and
    single characters (``(?:^|[^A-Za-z0-9])``) -- and only when what remains cannot match the empty text.
    A pattern that is one group or one alternation is trimmed inside. Plain anchors (``^``, ``\\b``) stay:
    they cost Hyperscan little.
    """
    if len(items) == 1:
        op, av = items[0]
        if op is _c.SUBPATTERN:
            group, add, remove, body = av
            return [(op, (group, add, remove, _core(list(body), state)))]
        if op is _c.BRANCH:
            return [(op, (av[0], [_core(list(branch), state) for branch in av[1]]))]
    start, end = 0, len(items)
    while start < end and _is_context(*items[start]):
        start += 1
    while end > start and _is_context(*items[end - 1]):
        end -= 1
    if (start, end) == (0, len(items)) or _parser.SubPattern(state, items[start:end]).getwidth()[0] == 0:
        return items
    return items[start:end]


def _is_context(op: Any, av: Any) -> bool:
    """A lookaround, or an alternation of at most single characters of which one is an anchor or empty."""
    if op in (_c.ASSERT, _c.ASSERT_NOT):
        return True
    if op is not _c.BRANCH:
        return False
    branches = av[1]
    if any(len(branch) > 1 or (branch and branch[0][0] not in (*_SINGLE_CHAR_OPS, _c.AT)) for branch in branches):
        return False
    return any(not branch or branch[0][0] is _c.AT for branch in branches)


class _Around(NamedTuple):
    """Whether text may come before (``before``) or after (``after``) an item in a match of the whole pattern."""

    before: bool
    after: bool


class _Writer:
    def __init__(self, unicode: bool, tree: Any) -> None:
        self.unicode = unicode
        self.multiline = False
        self.groups: dict[int, Sequence[Any]] = {}
        _collect_groups(list(tree), self.groups)

    def seq(self, items: Sequence[Any], flags: int, around: _Around) -> str:
        consumes = [self._consumes([item]) for item in items]
        written = []
        for i, (op, av) in enumerate(items):
            inner = _Around(around.before or any(consumes[:i]), around.after or any(consumes[i + 1 :]))
            written.append(self.item(op, av, flags, inner))
        return "".join(written)

    def _consumes(self, items: Iterable[Any]) -> bool:
        """Whether ``items`` may match at least one character (True when unsure: an anchor is then dropped)."""
        for op, av in items:
            if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
                continue
            if op is _c.SUBPATTERN:
                found = self._consumes(av[3])
            elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
                found = av[1] > 0 and self._consumes(av[2])
            elif op is _c.ATOMIC_GROUP:
                found = self._consumes(av)
            elif op is _c.BRANCH:
                found = any(self._consumes(branch) for branch in av[1])
            elif op is _c.GROUPREF:
                found = av not in self.groups or self._consumes(self.groups[av])
            elif op is _c.GROUPREF_EXISTS:
                found = self._consumes(av[1]) or self._consumes(av[2] or [])
            else:
                found = True
            if found:
                return True
        return False

    def item(self, op: Any, av: Any, flags: int, around: _Around) -> str:
        if op in _SINGLE_CHAR_OPS:
            return self.char(op, av, flags)
        if op is _c.SUBPATTERN:
            _group, add, remove, body = av
            return f"(?:{self.seq(body, (flags | add) & ~remove, around)})"
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            low, high, body = av
            if high > 1 and self._consumes(body):
                around = _Around(True, True)  # another round of the body may come before or after
            return f"(?:{self.seq(body, flags, around)}){_quantifier(low, high)}"
        if op is _c.ATOMIC_GROUP:
            return f"(?:{self.seq(av, flags, around)})"
        if op is _c.BRANCH:
            return "(?:" + "|".join(self.seq(branch, flags, around) for branch in av[1]) + ")"
        if op is _c.AT:
            return self.anchor(av, flags, around)
        if op in (_c.ASSERT, _c.ASSERT_NOT):
            return ""  # dropping a condition only widens what matches
        if op is _c.GROUPREF:
            # The referenced group again: every text the group can capture, so every text it repeats.
            return f"(?:{self.seq(self.groups[av], flags, around)})" if av in self.groups else _ANY_TEXT
        if op is _c.GROUPREF_EXISTS:
            _group, yes, no = av
            return f"(?:{self.seq(yes, flags, around)}|{self.seq(no or [], flags, around)})"
        raise Untranslatable(f"no Hyperscan form for {op}")

    def anchor(self, code: Any, flags: int, around: _Around) -> str:
        if code in (_c.AT_BEGINNING, _c.AT_BEGINNING_STRING) and around.before:
            return ""  # a start anchor text may precede: Hyperscan refuses it, and without it the branch is wider
        if code in (_c.AT_END, _c.AT_END_STRING) and around.after:
            return ""  # an end anchor text may follow (``(?:[^a-z]|$)`` before more pattern): the same
        if code is _c.AT_BEGINNING:
            if flags & re.MULTILINE:
                self.multiline = True
                return "^"
            return r"\A"
        if code is _c.AT_END:
            if flags & re.MULTILINE:
                self.multiline = True
                return "$"
            return r"\Z"  # end, or before a final newline: the same in Python and Hyperscan
        if code is _c.AT_BEGINNING_STRING:
            return r"\A"
        if code is _c.AT_END_STRING:
            return r"\z"
        if code in (_c.AT_BOUNDARY, _c.AT_NON_BOUNDARY):
            if self.unicode:
                return ""  # next to a non-ASCII character Python's idea of a word differs: drop it
            return r"\b" if code is _c.AT_BOUNDARY else r"\B"
        raise Untranslatable(f"no Hyperscan form for anchor {code}")

    def char(self, op: Any, av: Any, flags: int) -> str:
        members, extra = char_class(op, av, flags, unicode=self.unicode)
        klass = _byte_class(members)
        if self.unicode and extra != frozenset():
            # Each non-ASCII member as its UTF-8 bytes (so "k" under IGNORECASE stays nearly a literal:
            # k, K or the Kelvin sign), or any UTF-8 character when the members cannot be listed.
            others = [ANY_UTF8] if extra is None else [_utf8(code) for code in sorted(extra)]
            return "(?:" + "|".join([klass, *others] if klass else others) + ")"
        if klass:
            return klass
        if not self.unicode:
            return _NO_ASCII  # only non-ASCII characters: this branch can never match an ASCII value
        raise Untranslatable("a character item that matches no character")


def _utf8(code: int) -> str:
    return "".join(f"\\x{byte:02x}" for byte in chr(code).encode("utf-8", "surrogatepass"))


_ANY_TEXT = r"[\x00-\xff]*"
#: A byte no ASCII text contains.
_NO_ASCII = r"\xff"


def _collect_groups(items: Iterable[Any], out: dict[int, Sequence[Any]]) -> None:
    for op, av in items:
        if op is _c.SUBPATTERN:
            if av[0] is not None:
                out[av[0]] = av[3]
            _collect_groups(av[3], out)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            _collect_groups(av[2], out)
        elif op is _c.BRANCH:
            for branch in av[1]:
                _collect_groups(branch, out)
        elif op is _c.ATOMIC_GROUP:
            _collect_groups(av, out)
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            _collect_groups(av[1], out)
        elif op is _c.GROUPREF_EXISTS:
            _collect_groups(av[1], out)
            if av[2] is not None:
                _collect_groups(av[2], out)


#: Repeat bounds above this are widened (``{0,20000}`` → ``*``, ``{100,}`` → ``{16,}``): a wider repeat
#: only admits more, and Hyperscan compiles large bounded repeats slowly and into large databases.
REPEAT_BOUND_MAX = 16


def _quantifier(low: int, high: int) -> str:
    if high > REPEAT_BOUND_MAX:
        high = _c.MAXREPEAT
    low = min(low, REPEAT_BOUND_MAX)
    if high == _c.MAXREPEAT:
        return {0: "*", 1: "+"}.get(low, f"{{{low},}}")
    if low == high:
        return f"{{{low}}}"
    return "?" if (low, high) == (0, 1) else f"{{{low},{high}}}"


def _byte_class(members: frozenset[int]) -> str:
    if not members:
        return ""
    runs: list[str] = []
    ordered = sorted(members)
    start = prev = ordered[0]
    for code in [*ordered[1:], -1]:
        if code == prev + 1:
            prev = code
            continue
        runs.append(f"\\x{start:02x}" if start == prev else f"\\x{start:02x}-\\x{prev:02x}")
        start = prev = code
    return "[" + "".join(runs) + "]"


#: A single-character item with more non-ASCII members than this accepts any UTF-8 character instead.
EXACT_NON_ASCII_MAX = 32
#: A range reaching past ASCII by more than this many code points is not enumerated.
_RANGE_ENUMERATED_MAX = 512


def char_class(op: Any, av: Any, flags: int, *, unicode: bool = True) -> tuple[frozenset[int], frozenset[int] | None]:
    """What a single-character item matches: its ASCII code points, and its non-ASCII ones.

    The non-ASCII set is ``None`` when it is too large or open-ended to list (a negated class, ``\\w``,
    ``.``); it is only worked out when ``unicode`` (empty otherwise).
    """
    return _char_class(op, _freeze(av), flags & (re.IGNORECASE | re.ASCII | re.DOTALL | re.UNICODE), unicode)


def _freeze(av: Any) -> Any:
    if isinstance(av, list):
        return tuple(_freeze(x) for x in av)
    if isinstance(av, tuple):
        return tuple(_freeze(x) for x in av)
    return av


@lru_cache(maxsize=8192)
def _char_class(op: Any, av: Any, flags: int, unicode: bool) -> tuple[frozenset[int], frozenset[int] | None]:
    fold = bool(flags & re.IGNORECASE)
    if op is _c.LITERAL and not fold:
        return (
            (frozenset({av}), frozenset()) if av < 128 else (frozenset(), frozenset({av}) if unicode else frozenset())
        )
    compiled = _item_regex(op, av, flags)
    members = frozenset(code for code in range(128) if compiled.fullmatch(chr(code)))
    if not unicode:
        return members, frozenset()
    candidates = _non_ascii_candidates(op, av, members, fold)
    if candidates is None:
        return members, None
    extra = frozenset(code for code in candidates if compiled.fullmatch(chr(code)))
    return members, (extra if len(extra) <= EXACT_NON_ASCII_MAX else None)


def _item_regex(op: Any, av: Any, flags: int) -> re.Pattern[str]:
    """Python's own compiled form of one single-character item, under ``flags``."""
    state = _parser.State()
    state.flags = flags
    item = (op, [*av] if op is _c.IN else av)
    compiled: re.Pattern[str] = _compiler.compile(_parser.SubPattern(state, [item]), flags)
    return compiled


def _non_ascii_candidates(op: Any, av: Any, members: frozenset[int], fold: bool) -> set[int] | None:
    """Every non-ASCII code point the item could match (a superset, checked afterwards), or ``None``."""
    if op in (_c.NOT_LITERAL, _c.ANY):
        return None
    codes: set[int] = set()
    for item_op, item_av in [(op, av)] if op is _c.LITERAL else av:
        if item_op is _c.LITERAL:
            codes.add(item_av)
        elif item_op is _c.RANGE:
            low, high = item_av
            if high >= 128 and high - max(low, 128) > _RANGE_ENUMERATED_MAX:
                return None
            codes.update(range(max(low, 128), high + 1))
        else:  # NEGATE, CATEGORY (\\w, \\d, \\s ...): open-ended
            return None
    if fold:
        codes |= members
        for code in list(codes):
            codes |= fold_partners(code)
    return {code for code in codes if code >= 128}


def fold_partners(code: int) -> frozenset[int]:
    """The code points ``re.IGNORECASE`` may equate with ``code``: everything with the same simple
    lower case, and the extra cases ``re`` adds (i and the dotless i, s and the long s)."""
    lower = _sre.unicode_tolower(code)
    inverse = _lower_inverse()
    group = {lower, *inverse.get(lower, ())}
    for extra in _casefix._EXTRA_CASES.get(lower, ()):
        group |= {extra, *inverse.get(extra, ())}
    return frozenset(group)


@cache
def _lower_inverse() -> dict[int, tuple[int, ...]]:
    """Simple lower case -> every other code point that lower-cases to it (built once, ~0.2 s)."""
    inverse: dict[int, list[int]] = {}
    tolower = _sre.unicode_tolower
    for code in range(0x110000):
        lower = tolower(code)
        if lower != code:
            inverse.setdefault(lower, []).append(code)
    return {lower: tuple(codes) for lower, codes in inverse.items()}
