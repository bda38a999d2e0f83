"""The prefiltered matcher must give exactly what running every rule's regex would give."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import ruleset
from camaudit.model import Evidence

RULES = ruleset().rules
FIELDS = sorted({r.field for r in RULES})


def _key(evidence: list[Evidence]) -> Counter[tuple[str, str, tuple[tuple[str, str], ...]]]:
    return Counter((e.rule_id, e.matched, tuple(sorted(e.asserts.items()))) for e in evidence)


def test_fast_equals_naive_on_every_example() -> None:
    matcher = ruleset().matcher
    for rule in RULES:
        for value in [e.value for e in rule.examples] + list(rule.counter_examples):
            fields = {rule.field: value}
            assert _key(matcher.match(fields)) == _key(matcher.match_naive(fields)), (rule.id, value)


def test_case_folding_prefilter_keeps_regex_semantics() -> None:
    """re.IGNORECASE equates i with dotless i and s with long s; the prefilter must not drop those."""
    matcher = ruleset().matcher
    for rule in RULES:
        if "ignorecase" not in rule.flags or not rule.examples:
            continue
        for variant in (
            rule.examples[0].value.upper(),
            rule.examples[0].value.replace("i", "\u0131").replace("s", "\u017f"),
        ):
            fields = {rule.field: variant}
            assert _key(matcher.match(fields)) == _key(matcher.match_naive(fields)), (rule.id, variant)


_EXAMPLE_TEXT = [e.value for r in RULES for e in r.examples]


@settings(max_examples=300, deadline=None)
@given(
    field=st.sampled_from(FIELDS),
    prefix=st.text(max_size=20),
    core=st.sampled_from(_EXAMPLE_TEXT),
    suffix=st.text(max_size=20),
)
def test_fast_equals_naive_on_mutated_text(field: str, prefix: str, core: str, suffix: str) -> None:
    matcher = ruleset().matcher
    fields = {field: prefix + core + suffix}
    assert _key(matcher.match(fields)) == _key(matcher.match_naive(fields))


def test_fields_without_rules_and_empty_values_cost_nothing() -> None:
    assert ruleset().matcher.match({"no.such.field": "App-webs/", "http.server": ""}) == []
