"""The result JSON is written device by device, and reads exactly as the whole result serialised at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.unit.register.synthetic import device, result

from camaudit.cli.output import write_json
from camaudit.model import to_jsonable


@pytest.mark.parametrize("count", [0, 1, 5])
def test_written_piece_by_piece_it_is_the_same_json(tmp_path: Path, count: int) -> None:
    scan = result(*(device(f"192.0.2.{i + 1}", brand="annke", serial=f"DS{i}") for i in range(count)), errors=2)
    out = tmp_path / "r.json"
    write_json(scan, str(out))
    assert out.read_text(encoding="utf-8") == json.dumps(to_jsonable(scan), indent=2, ensure_ascii=False) + "\n"
    assert len(json.loads(out.read_text())["devices"]) == count


def test_other_objects_are_written_as_before(tmp_path: Path) -> None:
    out = tmp_path / "o.json"
    write_json({"ünïcode": [1, 2], "nested": {"a": None}}, str(out))
    assert out.read_text(encoding="utf-8") == json.dumps({"ünïcode": [1, 2], "nested": {"a": None}}, indent=2,
                                                         ensure_ascii=False) + "\n"
