"""The field names rules may read stay in step with docs/observation-fields.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from camaudit.identify.fields import is_known_field

DOC = Path(__file__).resolve().parents[3] / "docs" / "observation-fields.md"


def _documented() -> set[str]:
    names: set[str] = set()
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("| `"):
            first_column = line.split("|")[1]
            names.update(n for n in re.findall(r"`([^`]+)`", first_column) if not n.startswith("."))
    return names


@pytest.mark.skipif(not DOC.exists(), reason="docs/ not present")
def test_every_documented_field_is_known() -> None:
    documented = _documented()
    assert "http.server" in documented
    assert [n for n in sorted(documented) if not is_known_field(n.replace("<Tag>", "X").replace("<Key>", "X"))] == []


def test_families_and_unknowns() -> None:
    assert is_known_field("sadp.DeviceSN")
    assert is_known_field("banner.23")
    assert not is_known_field("sadp.")
    assert not is_known_field("http.serverr")
