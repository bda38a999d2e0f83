"""Every packaged rule's examples and counter-examples, one test each, generated from the YAML.

As the rule data grows these tests grow with it; a rule whose example stops matching fails by id.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from camaudit.identify import ruleset
from camaudit.identify.layers import load_layers
from camaudit.identify.rules import Rule, example_problems, load_rules, redos_problems

RULES = ruleset().rules
RULE_DIR = Path(__file__).resolve().parents[3] / "src" / "camaudit" / "knowledge" / "data" / "rules"


def test_packaged_rules_load() -> None:
    """Every entry of every rule file is loaded, each once (counted from the YAML, not by the loader)."""
    entries = [
        entry["id"]
        for path in sorted(RULE_DIR.glob("*.yaml"))
        for entry in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("rules", [])
    ]
    assert len(entries) > 300
    assert sorted(r.id for r in load_rules()) == sorted(entries)
    assert len(set(entries)) == len(entries)
    # The packaged rule set is those rules plus the generalising layers, each compiled once.
    assert sorted(r.id for r in RULES) == sorted([*entries, *(r.id for r in load_layers())])


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_examples(rule: Rule) -> None:
    assert example_problems(rule) == []


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_survives_pathological_input(rule: Rule) -> None:
    """No rule may backtrack catastrophically on 100 KB of hostile text (ReDoS): the check `rules test` runs."""
    assert redos_problems(rule) == []
