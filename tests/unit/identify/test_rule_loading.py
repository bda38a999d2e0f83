"""Rule files that cannot be used fail at load with the file, the rule id and the problem."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from camaudit.identify import load_ruleset
from camaudit.identify.regex_check import pattern_problems, required_literal
from camaudit.identify.rules import RuleError, load_rules


def _error(path: Path) -> str:
    with pytest.raises(RuleError) as info:
        load_rules([path])
    message = str(info.value)
    assert message.startswith("test.yaml")
    return message


def test_valid_rule_loads(rule_file: Callable[..., Path]) -> None:
    rules = load_rules([rule_file()])
    assert [r.id for r in rules] == ["test.http.server.thing"]
    assert rules[0].asserts == {"manufacturer": "hikvision"}


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"pattern": "^(Thing$"}, "bad regex"),
        ({"pattern": "^(?P<model>a)(?P=model)$"}, "backreference"),
        ({"pattern": "^(a)\\1$"}, "backreference"),
        ({"pattern": "^(?<=x)Thing$"}, "lookaround"),
        ({"pattern": "^Th(?!x)ing$"}, "lookaround"),
        ({"pattern": "^(?>Thing)$"}, "atomic group"),
        ({"pattern": "^(a+)+$"}, "catastrophic backtracking"),
        ({"pattern": "^(.*)*Thing$"}, "catastrophic backtracking"),
        ({"pattern": "^(\\w+\\s?)*$"}, "catastrophic backtracking"),
        ({"pattern": "^(a|aa)+!$"}, "catastrophic backtracking"),
        ({"pattern": "^\\d+\\d+$"}, "catastrophic backtracking"),
        ({"pattern": ".*Thing"}, "leading unbounded wildcard"),
        ({"pattern": "^(?P<colour>Thing)$"}, "unknown capture"),
        ({"source": "''"}, "'source': must not be empty"),
        ({"source": "null"}, "missing 'source'"),
        ({"examples": "[]"}, "'examples': Tuple should have at least 1 item"),
        ({"asserts": "{manufacturer: nosuchvendor}"}, "'nosuchvendor' is not a vendor id"),
        ({"asserts": "{brand: nosuchvendor}"}, "'nosuchvendor' is not a vendor id"),
        ({"asserts": "{device_type: toaster}"}, "'asserts.device_type': 'toaster' is not one of 'camera'"),
        ({"asserts": "{colour: red}"}, "unknown key 'asserts.colour'"),
        ({"field": "http.serverr"}, "unknown field"),
        ({"certainty": "1.5"}, "'certainty'"),
        ({"certainty": "0"}, "'certainty'"),
    ],
)
def test_invalid_rule_is_rejected_with_rule_id(
    rule_file: Callable[..., Path], overrides: dict[str, str], expected: str
) -> None:
    message = _error(rule_file(**overrides))
    assert "test.http.server.thing" in message
    assert expected in message


def test_duplicate_id_is_rejected(rule_file: Callable[..., Path], tmp_path: Path) -> None:
    path = rule_file()
    (tmp_path / "again.yaml").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(RuleError, match="duplicate id"):
        load_rules([tmp_path])


def test_unparseable_yaml_names_the_file(rule_file: Callable[..., Path]) -> None:
    assert "not valid YAML" in _error(rule_file("rules: [\n  - {id: a"))


def test_wrong_top_level_shape(rule_file: Callable[..., Path]) -> None:
    assert "'rules'" in _error(rule_file("- id: a.b\n"))


def test_safe_repeats_are_accepted() -> None:
    for pattern in (
        r"^(?:[a-z]+\.)+com$",
        r"(?:\d{1,3}\.){3}\d{1,3}",
        r"^Login to [\w.-]+$",
        r"(?:\.[a-z]+)+",
    ):
        assert pattern_problems(pattern, 0) == [], pattern


def test_required_literal() -> None:
    assert required_literal(r"^App-webs/$", 0) == ("App-webs/", False)
    assert required_literal(r"Hikvision Digital", 2) == ("hikvision digital", True)
    assert required_literal(r"^(?:foo|bar)$", 0) is None
    assert required_literal(r"realm=\"IP Camera\(\w{5}\)", 0) == ('realm="IP Camera(', False)


def test_ruleset_from_directory(rule_file: Callable[..., Path], tmp_path: Path) -> None:
    rule_file()
    rs = load_ruleset([tmp_path])
    evidence = rs.match_fields({"http.server": "Thing"})
    assert [e.rule_id for e in evidence] == ["test.http.server.thing"]
