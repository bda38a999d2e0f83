"""Every packaged rule's examples and counter-examples, one test each, generated from the YAML.

As the rule data grows these tests grow with it; a rule whose example stops matching fails by id.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
import yaml

from camaudit.identify import ruleset
from camaudit.identify.layers import load_layers
from camaudit.identify.rules import Rule, check_rules, example_problems, load_rules, redos_problems, reply_problems

RULES = ruleset().rules
#: One rule per distinct compiled pattern: a layer entry compiles into a rule per field, all with one regex,
#: and a regex's time on a given input does not depend on which rule holds it.
DISTINCT_PATTERNS = tuple({(r.regex.pattern, r.regex.flags): r for r in reversed(RULES)}.values())
RULE_DIR = Path(__file__).resolve().parents[3] / "src" / "camaudit" / "knowledge" / "data" / "rules"


def test_packaged_rules_load() -> None:
    """Every entry of every rule file is loaded, each once (counted from the YAML, not by the loader)."""
    entries = [
        entry
        for path in sorted(RULE_DIR.glob("*.yaml"))
        for entry in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("rules", [])
    ]
    assert len(entries) > 300
    # A sign a rule requires of its own (a field and a pattern under ``requires``) is loaded as a rule of its own.
    signs = [
        f"{entry['id']}.requires.{n}"
        for entry in entries
        for n, _sign in enumerate((s for s in entry.get("requires", []) if isinstance(s, dict)), start=1)
    ]
    ids = [entry["id"] for entry in entries]
    assert sorted(r.id for r in load_rules()) == sorted(ids + signs)
    assert len(set(ids)) == len(ids)
    loaded = ids + signs
    # The packaged rule set is those rules plus the generalising layers, each compiled once.
    assert sorted(r.id for r in RULES) == sorted([*loaded, *(r.id for r in load_layers())])


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_examples(rule: Rule) -> None:
    assert example_problems(rule) == []


@pytest.mark.parametrize("rule", [r for r in RULES if r.requires], ids=lambda r: r.id)
def test_rule_replies(rule: Rule) -> None:
    """A rule that needs signs of the same reply fires on each of its whole replies and on none of its counter-replies."""
    assert reply_problems(rule, {r.id: r for r in RULES}) == []


def test_every_rule_has_its_pattern_timed() -> None:
    """The pathological-input test below covers every packaged rule's compiled pattern (and fewer tests)."""
    timed = {(r.regex.pattern, r.regex.flags) for r in DISTINCT_PATTERNS}
    assert all((r.regex.pattern, r.regex.flags) in timed for r in RULES)
    assert len(DISTINCT_PATTERNS) == len(timed) < len(RULES)


@pytest.mark.parametrize("rule", DISTINCT_PATTERNS, ids=lambda r: r.id)
def test_rule_survives_pathological_input(rule: Rule) -> None:
    """No rule may backtrack catastrophically on 100 KB of hostile text (ReDoS): the check `rules test` runs.

    One test per distinct pattern, named by the first rule that holds it."""
    assert redos_problems(rule) == []


def test_check_rules_reports_a_slow_pattern_on_every_rule_that_holds_it() -> None:
    """`rules test` times each distinct pattern once, but a slow one is still listed under each of its rules."""
    base = RULES[0]
    slow = [dataclasses.replace(base, id=f"test.slow.{n}", regex=re.compile("a*b")) for n in (1, 2)]
    fast = dataclasses.replace(base, id="test.fast", regex=re.compile("^b"))
    # Quadratic backtracking: about 1.5 CPU seconds on 40,000 letters, far above the 0.25 s bound.
    problems = check_rules([*slow, fast], inputs=("a" * 40_000,))
    slow_ones = [p for p in problems if "slow on" in p.problem]
    assert sorted(p.rule_id for p in slow_ones) == ["test.slow.1", "test.slow.2"]
    assert slow_ones[0].problem == slow_ones[1].problem
