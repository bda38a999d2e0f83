"""Helpers for identify tests: building observations and throwaway rule files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from camaudit.model import Observation


def _obs(fields: dict[str, str], port: int | None = 80, protocol: str = "http") -> Observation:
    return Observation(
        ip="127.0.0.1",
        port=port,
        transport="tcp",
        protocol=protocol,
        source="scan",
        seen_at="2026-01-01T00:00:00Z",
        fields=fields,
    )


@pytest.fixture
def obs() -> Callable[..., Observation]:
    """Build an observation of 127.0.0.1: ``obs({"http.server": "App-webs/"}, port=80, protocol="http")``."""
    return _obs


RULE = """\
rules:
  - id: test.http.server.thing
    field: {field}
    pattern: '{pattern}'
    asserts: {asserts}
    certainty: {certainty}
    source: {source}
    examples: {examples}
"""


@pytest.fixture
def rule_file(tmp_path: Path) -> Callable[..., Path]:
    """Write one rule (fields overridable) to a YAML file and return its path."""

    def write(text: str | None = None, **overrides: str) -> Path:
        values = {
            "field": "http.server",
            "pattern": "^Thing$",
            "asserts": "{manufacturer: hikvision}",
            "certainty": "0.9",
            "source": '"test"',
            "examples": "['Thing']",
        }
        values.update(overrides)
        path = tmp_path / "test.yaml"
        path.write_text(text if text is not None else RULE.format(**values), encoding="utf-8")
        return path

    return write
