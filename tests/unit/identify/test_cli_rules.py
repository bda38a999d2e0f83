"""``camaudit rules test``: exit 0 when all rules pass, 1 listing failures, 2 for an unloadable file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

import camaudit.cli.rules  # noqa: F401  (registers the command group)
from camaudit.cli.app import app

runner = CliRunner()


def test_packaged_rules_pass() -> None:
    result = runner.invoke(app, ["rules", "test"])
    assert result.exit_code == 0, result.output
    assert "rules pass" in result.output


def test_failing_example_exits_1_and_names_the_rule(rule_file: Callable[..., Path]) -> None:
    path = rule_file(examples="['Thing', 'Nothing']")
    result = runner.invoke(app, ["rules", "test", "--rules", str(path)])
    assert result.exit_code == 1
    assert "test.http.server.thing" in result.output
    assert "example does not match: 'Nothing'" in result.output


def test_unloadable_rule_file_exits_2_with_one_line(rule_file: Callable[..., Path]) -> None:
    path = rule_file(pattern="^(a+)+$")
    result = runner.invoke(app, ["rules", "test", "--rules", str(path)])
    assert result.exit_code == 2
    assert "catastrophic backtracking" in result.output
