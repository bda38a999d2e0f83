"""Every packaged rule is prefiltered by Hyperscan, and its prefilter hits every text its regex matches.

The matcher runs a rule's Python regex only when the Hyperscan database of its field names the rule (core, then the
whole rewrite as a check of the core's hit: identify/hyperscan_db.py). A rewrite Hyperscan refuses is no error -- the
rule's regex then runs on every value, or on every hit of its core -- and so it once cost identify twice its time
(``shared.ptz-direction-functions``: an end anchor inside the pattern, docs/identification/matching.md). Since
helper-253 the rewrite drops such inner anchors (identify/hyperscan_pattern.py), so here:

* every packaged pattern, and that removed entry, is held by the databases (none tried on every value) and every
  whole rewrite that checks a core's hit compiles (``words.thermal``'s did not: ``thermal imaging[ ]{0,4}$`` inside
  an alternation before a word end);
* whenever a rule's regex finds a match in a text, the prefilter names the rule: texts built from the rule's own parse
  tree (a random walk that mostly matches), from pieces of its literals, and hostile characters around both, for the
  database of ASCII values and the one of other values.
"""

from __future__ import annotations

import random
import re
import re._constants as _c  # type: ignore[import-not-found]
import re._parser as _parser  # type: ignore[import-not-found]
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from tests.conftest import require
from tests.unit.identify.test_entry_cost import PTZ_ENTRY, ptz_rules_from

from camaudit.identify import hyperscan_db, ruleset
from camaudit.identify.hyperscan_pattern import char_class, fold_partners
from camaudit.identify.matcher import _re_flags

#: Characters where a byte engine and Python's character engine part ways, and text shapes around a sign.
HOSTILE = [
    *("\u0130", "\u0131", "\u017f", "\u212a", "\ufeff", "\ud800", "\u00a0", "\x1c", "\x00", "é", "日", "ß", "σ"),
    *(" ", "\n", "\r\n", "\t", "<", ">", '"', "'", "/", "_", "-", ":", "=", ";", "0", "9", "a", "Z", "x" * 40),
]
#: Texts built per rule per example: random walks of its tree, and shuffles of its literals.
WALKS, SHUFFLES = 2, 1


def _keys() -> list[tuple[str, str, int]]:
    """(rule id, pattern, flags) of each distinct packaged pattern and of the removed PTZ entry."""
    seen: dict[tuple[str, int], str] = {}
    for rule in [*ruleset().rules, *ptz_rules_from(PTZ_ENTRY)]:
        seen.setdefault((rule.pattern, _re_flags(rule)), rule.id)
    return [(rule_id, pattern, flags) for (pattern, flags), rule_id in seen.items()]


@pytest.fixture(scope="module")
def prefilter() -> Iterator[tuple[list[tuple[str, str, int]], hyperscan_db.PatternDatabases]]:
    """The keys and one :class:`~hyperscan_db.PatternDatabases` of all of them, both kinds compiled (about 10 s CPU)."""
    require(hyperscan_db.available(), "the hyperscan package is not installed or does not work on this CPU")
    keys = _keys()
    databases = hyperscan_db.PatternDatabases([(pattern, flags) for _id, pattern, flags in keys])
    databases.candidates("é")  # no stand-in: the database of non-ASCII values compiles here
    assert databases.unicode_ready()
    yield keys, databases


def test_every_packaged_pattern_and_its_check_is_held_by_hyperscan(
    prefilter: tuple[list[tuple[str, str, int]], hyperscan_db.PatternDatabases],
) -> None:
    keys, databases = prefilter
    assert any(rule_id == "webclient.shared.ptz-direction-functions" for rule_id, _p, _f in keys)
    unfiltered: list[str] = []
    for kind, database in (("ASCII", databases._ascii), ("non-ASCII", databases._unicode)):
        unfiltered += [f"{keys[p][0]} ({kind}): tried on every value" for p in database.always]
        unfiltered += [
            f"{keys[p][0]} ({kind}): the check of its core's hits is refused"
            for p, (expression, flag) in database._full.items()
            if hyperscan_db._check(expression, flag) is None
        ]
    assert not unfiltered, "\n".join(unfiltered)


class _Walk:
    """A random walk of a parse tree that writes a text the pattern mostly matches (anchors and lookarounds are not
    honoured, so some texts do not match: the property only asks about the ones that do)."""

    def __init__(self, rng: random.Random, state: Any) -> None:
        self.rng = rng
        self.state = state
        self.captured: dict[int, str] = {}

    def seq(self, items: Any, flags: int) -> str:
        return "".join(self.item(op, av, flags) for op, av in items)

    def item(self, op: Any, av: Any, flags: int) -> str:
        rng = self.rng
        if op in (_c.LITERAL, _c.NOT_LITERAL, _c.IN, _c.ANY):
            return self.char(op, av, flags)
        if op is _c.SUBPATTERN:
            group, add, remove, body = av
            text = self.seq(body, (flags | add) & ~remove)
            if group is not None:
                self.captured[group] = text
            return text
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            low, high, body = av
            count = rng.randint(low, min(high, low + 3))
            return "".join(self.seq(body, flags) for _ in range(count))
        if op is _c.ATOMIC_GROUP:
            return self.seq(av, flags)
        if op is _c.BRANCH:
            return self.seq(rng.choice(av[1]), flags)
        if op is _c.GROUPREF:
            return self.captured.get(av, "")
        if op is _c.GROUPREF_EXISTS:
            group, yes, no = av
            return self.seq(yes if group in self.captured else (no or []), flags)
        if op is _c.ASSERT and av[0] == 1:  # a lookahead: what it asks for, then the rest
            return self.seq(av[1], flags) if rng.random() < 0.5 else ""
        return ""  # anchors, negative and behind lookarounds

    def char(self, op: Any, av: Any, flags: int) -> str:
        rng = self.rng
        if op is _c.LITERAL:
            if flags & re.IGNORECASE and rng.random() < 0.5:
                return chr(rng.choice(sorted(fold_partners(av))))
            return chr(av)
        members, extra = char_class(op, av, flags if flags & re.ASCII else flags | re.UNICODE)
        pool = sorted(members) + sorted(extra or ())
        if not pool or rng.random() < 0.1:  # a hostile character, which an open class (extra None) may match
            pool += [ord(c) for c in HOSTILE if len(c) == 1]
        return chr(rng.choice(pool))


def _literals(pattern: str, flags: int) -> list[str]:
    """Runs of literal characters in the pattern's tree (pieces a near-miss text is made of)."""
    found: list[str] = []

    def visit(items: Any) -> None:
        run = ""
        for op, av in items:
            if op is _c.LITERAL:
                run += chr(av)
                continue
            if run:
                found.append(run)
                run = ""
            if op is _c.SUBPATTERN:
                visit(av[3])
            elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
                visit(av[2])
            elif op is _c.BRANCH:
                for branch in av[1]:
                    visit(branch)
        if run:
            found.append(run)

    visit(_parser.parse(pattern, flags))
    return found or [""]


_TREES: dict[tuple[str, int], tuple[Any, list[str]]] = {}


def _tree(pattern: str, flags: int) -> tuple[Any, list[str]]:
    if (pattern, flags) not in _TREES:
        _TREES[pattern, flags] = (_parser.parse(pattern, flags), _literals(pattern, flags))
    return _TREES[pattern, flags]


def texts_for(pattern: str, flags: int, rng: random.Random, around: list[str]) -> Iterator[str]:
    """Texts for one pattern: walks of its tree and shuffles of its literals, with pieces of ``around`` either side."""
    tree, literals = _tree(pattern, flags)

    def side() -> str:  # nothing a third of the time: anchored patterns match a bare walk
        return "".join(rng.choice(around) for _ in range(rng.choice((0, 0, 1, 2, 3))))

    for _ in range(WALKS):
        yield side() + _Walk(rng, tree.state).seq(list(tree), tree.state.flags) + side()
    for _ in range(SHUFFLES):
        pieces = [rng.choice(literals) for _ in range(rng.randint(1, 4))]
        yield side().join(pieces) + side()


@pytest.mark.example_seconds(20)
# No shrinking: an example is a seed, and a failure names the rule, its pattern and the text already.
@settings(
    max_examples=5,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)
@given(seed=st.integers(0, 2**32 - 1), around=st.lists(st.sampled_from(HOSTILE) | st.text(max_size=4), min_size=1))
def test_the_prefilter_names_every_rule_whose_regex_matches(
    prefilter: tuple[list[tuple[str, str, int]], hyperscan_db.PatternDatabases], seed: int, around: list[str]
) -> None:
    keys, databases = prefilter
    rng = random.Random(seed)
    matched: set[int] = set()
    for position, (rule_id, pattern, flags) in enumerate(keys):
        regex = re.compile(pattern, flags)
        for text in texts_for(pattern, flags, rng, around):
            if regex.search(text) is None:
                continue
            matched.add(position)
            assert position in databases.candidates(text), (rule_id, pattern, text)
    # The walks do match: the property is not vacuous (about four rules in five get a matching text each example).
    assert len(matched) >= len(keys) // 2, f"only {len(matched)} of {len(keys)} rules had a matching text"
