"""Hostile text in any observed field: identification never raises and never takes long.

Every field any rule or layer can read is fed random and adversarial strings -- huge ones, lone
surrogates, control characters and NULs, bidirectional overrides, deep repetitions of the very text the
rules look for -- through :func:`camaudit.identify.match_fields` and :func:`camaudit.identify.identify`
with both matcher engines. The result must be an identity whose JSON line orjson can write.
"""

from __future__ import annotations

import time

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camaudit.cli.identify import answer
from camaudit.fields import FIELDS
from camaudit.identify import RuleSet, hyperscan_db, ruleset
from camaudit.identify.matcher import RuleMatcher
from camaudit.identify.rules import PATHOLOGICAL_INPUTS
from camaudit.importers.base import ImportRecord
from camaudit.model import Identity, Observation

#: Seconds one identification of one hostile observation may take, on a loaded 2-core machine. A
#: backtracking blow-up takes minutes; honest work on a megabyte of text takes milliseconds.
TIME_BOUND = 5.0  # CPU seconds of this thread (time.thread_time): a loaded machine adds waiting, not CPU

RULES = ruleset().rules
#: Every field a rule reads, every declared field, and one member of each declared family.
FIELD_NAMES = sorted({r.field for r in RULES} | {f.name + "x" if f.family else f.name for f in FIELDS})
_EXAMPLES = [e.value for r in RULES for e in r.examples]

_NASTY_CHARS = [
    "\x00",
    "\x1b[31m",
    "\r\n",
    "\x1c",
    "\u202e",  # right-to-left override
    "\u2066",
    "\u200f",
    "\ufeff",
    "\ud800",  # lone surrogates
    "\udfff",
    "\U0010ffff",
    "\u0131",
    "\u212a",
    "日本",
    "<title>",
    'realm="',
    "%s%n",
]


def _hostile() -> st.SearchStrategy[str]:
    anything = st.text(st.characters(exclude_categories=[]), max_size=200)  # surrogates included
    mixed = st.lists(st.one_of(st.sampled_from(_NASTY_CHARS), st.sampled_from(_EXAMPLES), anything), max_size=30).map(
        "".join
    )
    repeated = st.tuples(
        st.one_of(st.sampled_from(_EXAMPLES), st.sampled_from(_NASTY_CHARS)), st.integers(1, 20_000)
    ).map(lambda pair: (pair[0] * pair[1])[:300_000])
    huge = st.sampled_from(PATHOLOGICAL_INPUTS)
    return st.one_of(anything, mixed, repeated, huge)


_RULESETS: dict[str, RuleSet] = {}


def _ruleset(engine: str) -> RuleSet:
    if engine not in _RULESETS:
        _RULESETS[engine] = RuleSet(rules=RULES, matcher=RuleMatcher(RULES, engine=engine))
    return _RULESETS[engine]


ENGINES = ["re"] + (["hyperscan"] if hyperscan_db.available() else [])


def _observation(fields: dict[str, str]) -> Observation:
    return Observation(
        ip="192.0.2.1", port=80, transport="tcp", protocol="http", source="import", seen_at="", fields=fields
    )


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.example_seconds(TIME_BOUND)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(field=st.sampled_from(FIELD_NAMES), text=_hostile())
def test_one_hostile_field(engine: str, field: str, text: str) -> None:
    rs = _ruleset(engine)
    started = time.thread_time()
    rs.match_fields({field: text}, port=80, protocol="http")
    identity = rs.identify([_observation({field: text})])
    spent = time.thread_time() - started
    assert isinstance(identity, Identity)
    assert spent < TIME_BOUND, f"{field}: {spent:.2f}s on {text[:40]!r}×{len(text)}"
    orjson.loads(orjson.dumps(answer(ImportRecord(1, "192.0.2.1", 80), identity)))


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.example_seconds(TIME_BOUND * 2)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(fields=st.dictionaries(st.sampled_from(FIELD_NAMES), _hostile(), max_size=12))
def test_many_hostile_fields_at_once(engine: str, fields: dict[str, str]) -> None:
    rs = _ruleset(engine)
    started = time.thread_time()
    identity = rs.identify([_observation(fields), _observation(dict(reversed(fields.items())))])
    assert time.thread_time() - started < TIME_BOUND * 2
    orjson.loads(orjson.dumps(answer(ImportRecord(1, "192.0.2.1", 80), identity)))


@pytest.mark.parametrize("engine", ENGINES)
def test_lone_surrogates_never_reach_the_output(engine: str) -> None:
    """A rule whose match spans a lone surrogate still yields evidence that JSON writers accept."""
    rs = _ruleset(engine)
    spanning = 0
    for rule in RULES:
        for example in rule.examples:
            value = example.value
            for text in (value + "\ud800", value[:-1] + "\udfff" + value[-1:], "\ud800" + value):
                raw = rule.regex.search(text)
                spanning += raw is not None and any("\ud800" <= ch <= "\udfff" for ch in raw.group(0))
                for evidence in rs.match_fields({rule.field: text}):
                    orjson.dumps([evidence.matched, dict(evidence.asserts)])
    assert spanning > 0  # some rules did match across the surrogate, so the replacement was exercised
