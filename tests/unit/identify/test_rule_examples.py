"""Every packaged rule's examples and counter-examples, one test each, generated from the YAML.

As the rule data grows these tests grow with it; a rule whose example stops matching fails by id.
"""

from __future__ import annotations

import time

import pytest

from camaudit.identify import ruleset
from camaudit.identify.rules import PATHOLOGICAL_INPUTS, REDOS_TIME_BOUND, Rule, example_problems

RULES = ruleset().rules


def test_packaged_rules_load() -> None:
    assert len(RULES) >= 40
    assert len({r.id for r in RULES}) == len(RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_examples(rule: Rule) -> None:
    assert example_problems(rule) == []


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_survives_pathological_input(rule: Rule) -> None:
    """No rule may backtrack catastrophically on 100 KB of hostile text (ReDoS)."""
    for text in PATHOLOGICAL_INPUTS:
        start = time.perf_counter()
        rule.regex.search(text)
        spent = time.perf_counter() - start
        assert spent < REDOS_TIME_BOUND, f"{rule.id} took {spent:.2f}s on {text[:10]!r}×{len(text)}"
