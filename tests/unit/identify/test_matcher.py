"""Both matcher engines must give exactly what running every rule's regex would give.

The Hyperscan path and the pure-``re`` path narrow the rules differently (a database scan against a
literal prefilter), then confirm with the same regexes; if either ever drops a rule that matches, a
device loses its evidence. So every rule's examples and counter-examples, variants of them that stress
the byte/character and case-folding differences between the engines, and random text go through both,
and both must equal the naive loop.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import require

from camaudit.identify import hyperscan_db, ruleset
from camaudit.identify.field_groups import group_members
from camaudit.identify.matcher import ENGINE_ENV, SHARED_INDEX_MIN_COPIES, RuleMatcher, _UnionIndex, choose_engine
from camaudit.identify.rules import Rule
from camaudit.model import Evidence

RULES = ruleset().rules
FIELDS = sorted({r.field for r in RULES})
_EXAMPLE_TEXT = [e.value for r in RULES for e in r.examples]


def _key(evidence: list[Evidence]) -> Counter[tuple[str, str, str, tuple[tuple[str, str], ...]]]:
    return Counter((e.rule_id, e.field, e.matched, tuple(sorted(e.asserts.items()))) for e in evidence)


@pytest.fixture(scope="module")
def hyperscan_matcher() -> RuleMatcher:
    require(hyperscan_db.available(), "the hyperscan package is not installed or does not work on this CPU")
    return RuleMatcher(RULES, engine="hyperscan")


@pytest.fixture(scope="module")
def re_matcher() -> RuleMatcher:
    return RuleMatcher(RULES, engine="re")


def _variants(rule: Rule, value: str) -> list[str]:
    """The value, and forms of it on which a byte engine and Python's character engine could disagree."""
    return [
        value,
        value.upper(),
        value.lower(),
        # re.IGNORECASE equates i with dotless i, s with long s and k with the Kelvin sign.
        value.replace("i", "\u0131").replace("s", "\u017f").replace("k", "\u212a"),
        f"é{value}ü",  # non-ASCII around: the UTF-8 database, and \b next to a Unicode letter
        f"日本{value}\n",
        value.replace(" ", "\x1c"),  # Python's \s includes the ASCII separators; PCRE's does not
        value.replace(" ", "\u00a0"),
        f"{value}\n",
    ]


#: The check is quadratic in the rules of a field group (each value of a ``@text`` rule runs every ``@text``
#: regex in the naive loop), so it runs in shards, each well inside the per-test timeout on a loaded machine;
#: together they still cover every rule.
SHARDS = 8


@pytest.mark.parametrize("shard", range(SHARDS))
def test_both_engines_equal_naive_on_every_example(
    shard: int, hyperscan_matcher: RuleMatcher, re_matcher: RuleMatcher
) -> None:
    rules = RULES[shard::SHARDS]
    checked = 0
    for rule in rules:
        for base in [e.value for e in rule.examples] + list(rule.counter_examples):
            for value in _variants(rule, base):
                fields = {rule.field: value}
                want = _key(re_matcher.match_naive(fields))
                assert _key(hyperscan_matcher.match(fields)) == want, (rule.id, value)
                assert _key(re_matcher.match(fields)) == want, (rule.id, value)
                checked += 1
    assert checked > 9 * len(rules)


def test_every_example_matches_through_hyperscan(hyperscan_matcher: RuleMatcher) -> None:
    """Not only agreement: each rule's own examples produce that rule's evidence on the fast path."""
    by_id = {r.id: r for r in RULES}
    for rule in RULES:
        # A rule that needs signs of the same reply (``requires``), and each such sign, stand only on a whole reply.
        needs_reply = rule.requires or rule.sign_of
        replies = by_id[rule.sign_of].replies if rule.sign_of else rule.replies
        values = [dict(r) for r in replies] if needs_reply else [{rule.field: e.value} for e in rule.examples]
        for fields in values:
            # A rule that reads answers on some ports only (layers' ``ports``) is asked on one of them.
            port = min(rule.ports) if rule.ports else None
            found = {e.rule_id for e in hyperscan_matcher.match(fields, port=port)}
            assert rule.id in found, (rule.id, fields)


@settings(max_examples=300, deadline=None)
@given(
    field=st.sampled_from(FIELDS),
    prefix=st.text(max_size=20),
    core=st.sampled_from(_EXAMPLE_TEXT),
    suffix=st.text(max_size=20),
)
def test_engines_agree_on_mutated_text(field: str, prefix: str, core: str, suffix: str) -> None:
    value = prefix + core + suffix
    fields = {field: value}
    want = _key(_SHARED_RE.match_naive(fields))
    assert _key(_SHARED_RE.match(fields)) == want
    if _SHARED_HS is not None:
        assert _key(_SHARED_HS.match(fields)) == want


_SHARED_RE = RuleMatcher(RULES, engine="re")
_SHARED_HS = RuleMatcher(RULES, engine="hyperscan") if hyperscan_db.available() else None


def test_case_folding_prefilter_keeps_regex_semantics(re_matcher: RuleMatcher) -> None:
    """re.IGNORECASE equates i with dotless i and s with long s; the literal prefilter must not drop those."""
    for rule in RULES:
        if "ignorecase" not in rule.flags or not rule.examples:
            continue
        for variant in (
            rule.examples[0].value.upper(),
            rule.examples[0].value.replace("i", "\u0131").replace("s", "\u017f"),
        ):
            fields = {rule.field: variant}
            assert _key(re_matcher.match(fields)) == _key(re_matcher.match_naive(fields)), (rule.id, variant)


def test_fields_without_rules_and_empty_values_cost_nothing(re_matcher: RuleMatcher) -> None:
    assert re_matcher.match({"no.such.field": "App-webs/", "http.server": ""}) == []


def test_engine_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENGINE_ENV, "re")
    assert choose_engine() == "re"
    assert choose_engine("re") == "re"
    monkeypatch.delenv(ENGINE_ENV)
    assert choose_engine() == ("hyperscan" if hyperscan_db.available() else "re")
    with pytest.raises(ValueError, match="unknown matcher engine"):
        choose_engine("pcre")


def test_a_small_group_rule_matches_in_every_member_field_through_the_shared_database(
    hyperscan_matcher: RuleMatcher, re_matcher: RuleMatcher
) -> None:
    """A group of few members (``@answer``, ``@url``, ``@hostname`` ...: its rules times its members but one under
    SHARED_INDEX_MIN_COPIES) is compiled into each member field's own database; its examples must still give its
    evidence in every member field, as the naive loop does, and an HTTP body (the longest value of a census) must be
    one database, one pass."""
    small = {name for name, count in Counter(r.field for r in RULES if r.field.startswith("@")).items()
             if count * (len(group_members(name)) - 1) < SHARED_INDEX_MIN_COPIES}
    assert {"@answer", "@url"} <= small
    checked = 0
    for rule in RULES:
        if rule.field not in small:
            continue
        for member in group_members(rule.field):
            name = member + "x" if member.endswith(".") else member
            for example in rule.examples:
                fields = {name: example.value}
                assert rule.id in {e.rule_id for e in hyperscan_matcher.match(fields)}, (rule.id, name)
                assert _key(hyperscan_matcher.match(fields)) == _key(re_matcher.match_naive(fields)), (rule.id, name)
                checked += 1
    assert checked > 50
    body = hyperscan_matcher._index("http.body")
    assert body is not None and not isinstance(body, _UnionIndex)
    assert {"@answer", "@prose", "http.body"} <= {r.field for r in body.rules}


def _answer_rules(count: int) -> list[Rule]:
    """``count`` answer grammars more, each reading its own invented key (``camkey<n>=``), built from a packaged
    ``@answer`` entry: what the next grammars written for the group would add to it."""
    base = next(r for r in RULES if r.field == "@answer")
    return [
        dataclasses.replace(base, id=f"test.answer-{n}", pattern=f"^camkey{n}=[0-9]{{1,4}}$", flags=("multiline",),
                            regex=re.compile(f"^camkey{n}=[0-9]{{1,4}}$", re.MULTILINE), literal=f"camkey{n}=",
                            literal_folded=False, asserts={"device_type": "camera"}, examples=(), counter_examples=(),
                            requires=(), sign_of=None,
                            ports=frozenset(), needs=None)
        for n in range(count)
    ]


def test_answer_grammars_beyond_the_old_limit_of_64_keep_one_pass_over_an_http_body() -> None:
    # Until 2026-12-05 a group of 64 rules got a database of its own whatever its members, so @answer's 64th rule
    # cost every HTTP body a second scan (helper-180 folded an entry to stay at 63). Sharing now depends on what
    # compiling the group into each member costs (rules x members but one): @answer, read by two fields, stays in the
    # body's database far beyond 64 rules; @text, read by 70, stays shared.
    answers = sum(r.field == "@answer" for r in RULES)
    extra = _answer_rules(200 - answers)
    engines = ["re", "hyperscan"] if hyperscan_db.available() else ["re"]
    for engine in engines:
        matcher = RuleMatcher([*RULES, *extra], engine=engine)
        body = matcher._index("http.body")
        assert body is not None and not isinstance(body, _UnionIndex), engine
        assert sum(r.field == "@answer" for r in body.rules) == 200
        banner = matcher._index("banner")  # @text's shared database, and one holding @answer with banner's own rules
        assert isinstance(banner, _UnionIndex)
        assert sorted(sorted({r.field for r in part.rules}) for part, _where in banner._parts) == [
            ["@answer", "@devname", "@platform", "banner"], ["@text"]]
        page = "HTTP/1.1 200 OK\r\n\r\nname=cam\ncamkey100=25\n"
        for name in ("http.body", "banner"):
            found = {e.rule_id for e in matcher.match({name: page})}
            assert "test.answer-100" in found and "test.answer-10" not in found, (engine, name)
            assert _key(matcher.match({name: page})) == _key(matcher.match_naive({name: page}))


def test_a_group_compiled_into_many_fields_keeps_one_shared_database() -> None:
    matcher = RuleMatcher(RULES, engine="re")
    title, server = matcher._index("http.title"), matcher._index("ssh.banner")
    assert isinstance(title, _UnionIndex) and isinstance(server, _UnionIndex)
    text = [part for part, _where in title._parts if {r.field for r in part.rules} == {"@text"}]
    assert text and any(part is text[0] for part, _where in server._parts)
    # A group of two members gets its own database only past SHARED_INDEX_MIN_COPIES rules.
    crowded = RuleMatcher([*RULES, *_answer_rules(SHARED_INDEX_MIN_COPIES)], engine="re")
    body = crowded._index("http.body")
    assert isinstance(body, _UnionIndex)
    assert [sorted({r.field for r in part.rules}) for part, _where in body._parts] == [
        ["@prose", "http.body"], ["@answer"]]
