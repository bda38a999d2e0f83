"""The result JSON is written device by device, and reads exactly as the whole result serialised at once."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import pytest
from tests.unit.register.synthetic import device, result

from camaudit.cli.output import model_json, write_json
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


@dataclass(frozen=True)
class _Odd:
    name: str
    raw: bytes
    notes: Mapping[str, int]
    big: int


@pytest.mark.parametrize("indent", [False, True])
def test_model_json_reads_as_to_jsonable(indent: bool) -> None:
    """orjson writes model objects directly; whatever it cannot write as ``to_jsonable`` would (a bytes field,
    which that drops; an integer beyond 64 bits; a mapping that is not a dict) still comes out the same."""
    for value in (
        _Odd("a\u009b", b"\x00raw", MappingProxyType({"k": 1}), 5),
        _Odd("b", b"", {"k": 2}, 2**70),
        device("192.0.2.7", brand="annke", serial="DS7"),
    ):
        assert json.loads(model_json(value, indent=indent)) == to_jsonable(value)


def test_tiny_floats_keep_their_value(tmp_path: Path) -> None:
    out = tmp_path / "f.json"
    scan = result(device("192.0.2.9", brand="annke", serial="DS9"))
    write_json(scan, str(out))
    assert json.loads(out.read_text()) == to_jsonable(scan)
    assert json.loads(model_json({"epss": 4.3e-05}))["epss"] == 4.3e-05
