"""diff lists exactly the devices that appeared, went, or changed identity or firmware."""

from __future__ import annotations

import json

import pytest
from synthetic import device, result

from camaudit.register.db import Register
from camaudit.register.diff import DiffError, diff_scans
from camaudit.register.store import store_result

A = device("10.0.0.1", mac="c4:2f:90:00:00:01")
B = device("10.0.0.2", mac="c4:2f:90:00:00:02")
C = device("10.0.0.3", mac="c4:2f:90:00:00:03")
D = device("10.0.0.4", mac="c4:2f:90:00:00:04", manufacturer="axis", restricted=False)


def _two_scans(register: Register) -> tuple[int, int]:
    first = store_result(register, result(A, B, C, started="2026-05-01T10:00:00Z"))
    moved_b = device("10.0.0.20", mac="c4:2f:90:00:00:02")  # same camera, new address: unchanged
    new_fw_c = device("10.0.0.3", mac="c4:2f:90:00:00:03", firmware="V5.8.0 build 240101")
    second = store_result(register, result(moved_b, new_fw_c, D, started="2026-05-02T10:00:00Z"))
    return first, second


def test_new_gone_and_changed_firmware(register: Register) -> None:
    first, second = _two_scans(register)
    diff = diff_scans(register, first, second)
    assert [s.ip for s in diff.new] == ["10.0.0.4"]
    assert [s.ip for s in diff.gone] == ["10.0.0.1"]
    assert [(c.ip, c.changes) for c in diff.changed] == [
        ("10.0.0.3", {"firmware": ("V5.7.3 build 220112", "V5.8.0 build 240101")})
    ]


def test_identity_changes_are_reported_per_attribute(register: Register) -> None:
    first = store_result(register, result(A))
    relabelled = device("10.0.0.1", mac="c4:2f:90:00:00:01", brand="annke", model="I91BM", device_type="nvr")
    second = store_result(register, result(relabelled))
    (change,) = diff_scans(register, first, second).changed
    assert set(change.changes) == {"brand", "model", "device_type"}
    assert change.changes["brand"] == ("hikvision", "annke")


def test_no_change_is_an_empty_diff_and_the_json_is_stable(register: Register) -> None:
    first = store_result(register, result(A, B))
    second = store_result(register, result(B, A))
    diff = diff_scans(register, first, second)
    assert diff.empty
    first_text = json.dumps(diff_scans(register, *_two_scans(register)).to_json())
    again = json.dumps(diff_scans(register, 3, 4).to_json())
    assert first_text == again
    assert list(json.loads(first_text)) == ["from_scan", "to_scan", "scopes_differ", "new", "gone", "changed"]


def test_unknown_scan_is_a_diff_error(register: Register) -> None:
    store_result(register, result(A))
    with pytest.raises(DiffError, match="no scan 9"):
        diff_scans(register, 1, 9)
