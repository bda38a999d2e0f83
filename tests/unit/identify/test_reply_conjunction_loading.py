"""Rule files with random ``requires:`` lists: the loader loads them or refuses them in one line, never anything else.

The rule files are generated (invented): a few rules whose ``requires`` draw on each other's ids (so cycles and chains
arise), on ids that do not exist, on random text, and on signs of their own with random fields and patterns. What a
user of ``camaudit rules test --rules`` would notice is checked: a file is either loaded -- and then every required id
is a loaded rule and no rule needs itself through a chain, which the test works out on its own from the YAML -- or
refused with one line that names the file and a rule.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camaudit.identify.rules import RuleError, load_rules

IDS = [f"test.http.rule{n}" for n in range(4)]

_PATTERNS = st.one_of(
    st.sampled_from(["^Webs$", "^(a+)+$", "(", "Thing", ".*x", "^CONNECTION: close\\r?\\n", "(?<=a)b", ""]),
    st.text(max_size=12),
)
_SIGN = st.fixed_dictionaries(
    {
        "field": st.sampled_from(["http.server", "http.headers", "http.serverr", "@realm", "@nosuch"]),
        "pattern": _PATTERNS,
        "examples": st.lists(st.sampled_from(["Webs", "Thing", "aaa", ""]), max_size=2),
    }
)
_REQUIREMENT = st.one_of(st.sampled_from(IDS), st.text(max_size=10), _SIGN)


@st.composite
def rule_files(draw: st.DrawFn) -> tuple[list[dict[str, Any]], str]:
    rules: list[dict[str, Any]] = []
    for rid in IDS[: draw(st.integers(min_value=1, max_value=len(IDS)))]:
        rule: dict[str, Any] = {
            "id": rid,
            "field": "http.body",
            "pattern": "Thing",
            "asserts": {"manufacturer": "hikvision"},
            "certainty": 0.6,
            "source": "https://example.invalid/rules (invented for a loader test)",
            "checked": "2026-12-05",
            "examples": ["Thing"],
        }
        requires = draw(st.lists(_REQUIREMENT, max_size=3))
        if requires:
            rule["requires"] = requires
        if requires or draw(st.booleans()):
            rule["replies"] = [{"http.server": "Webs", "http.body": "Thing"}]
        rules.append(rule)
    return rules, yaml.safe_dump({"rules": rules}, allow_unicode=True)


def _ids_required(rule: dict[str, Any]) -> list[str]:
    own = 0
    out = []
    for item in rule.get("requires", []):
        if isinstance(item, dict):
            own += 1
            out.append(f"{rule['id']}.requires.{own}")
        else:
            out.append(item)
    return out


def _has_cycle(graph: dict[str, list[str]]) -> bool:
    state: dict[str, int] = {}

    def walk(node: str) -> bool:
        if state.get(node) == 1:
            return True
        if state.get(node) == 2 or node not in graph:
            return False
        state[node] = 1
        found = any(walk(n) for n in graph[node])
        state[node] = 2
        return found

    return any(walk(n) for n in graph)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=rule_files())
def test_a_random_requires_file_loads_consistently_or_is_refused_in_one_line(
    drawn: tuple[list[dict[str, Any]], str],
) -> None:
    rules, text = drawn
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "test.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            loaded = load_rules([path])
        except RuleError as refused:
            message = str(refused)
            assert "\n" not in message
            assert message.startswith("test.yaml")
            return
    by_id = {r.id: r for r in loaded}
    graph = {rule["id"]: _ids_required(rule) for rule in rules}
    # Loaded: every required id is a loaded rule (another rule, or one of the rule's own signs) ...
    assert all(needed in by_id for needs in graph.values() for needed in needs)
    assert {r.id: r.requires for r in loaded if r.requires} == {k: tuple(v) for k, v in graph.items() if v}
    # ... no rule needs itself through a chain, and each own sign asserts nothing and serves its rule.
    assert not _has_cycle(graph)
    assert all(not r.asserts and r.sign_of and r.id.startswith(r.sign_of) for r in loaded if r.sign_of)
