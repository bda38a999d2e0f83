"""The time limits of tests/unit follow the machine's load (tests/load.py) and still fail work that is really slow.

Each limit is a quiet machine's figure times the stretch :func:`tests.load.stretch` measures, and the stretch is only
measured when the quiet figure was passed. Here the stretch is replaced by a fixed reading where a test needs one, and
the work by sleeps and counted calls, so the expected outcomes are worked out by hand.
"""

from __future__ import annotations

import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests import load
from tests.conftest import ROOT, _bound_examples
from tests.load import bounded_examples, check_time, held_call, time_limit


def _reading(value: float, calls: list[float]) -> Any:
    def stretch(cpu_seconds: float = load.SAMPLE_CPU) -> float:
        calls.append(cpu_seconds)
        return value

    return stretch


def test_work_within_the_quiet_limit_passes_without_measuring_the_load(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[float] = []
    monkeypatch.setattr(load, "stretch", _reading(1.0, calls))
    check_time(0.4, 0.5, "quick work")
    assert calls == []


def test_work_that_waited_for_a_core_passes_and_work_slow_at_this_load_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[float] = []
    monkeypatch.setattr(load, "stretch", _reading(4.0, calls))
    check_time(1.9, 0.5, "work at load 4")  # 1.9 s <= 0.5 s x 4
    assert calls == [load.STRETCH_SAMPLE]
    with pytest.raises(AssertionError, match=r"slow work took 2\.10 s: more than 0\.5 s .* \(4\.0\)"):
        check_time(2.1, 0.5, "slow work")  # 2.1 s > 0.5 s x 4


def test_a_call_slow_only_the_first_time_passes_and_one_slow_both_times_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "stretch", _reading(1.0, []))
    runs: list[float] = []

    def slow_once() -> None:  # builds something the first time (or met a burst of load), quick after
        runs.append(0.12 if not runs else 0.0)
        time.sleep(runs[-1])

    held_call(slow_once, 0.05, "building once")
    assert len(runs) == 2
    quick: list[int] = []
    held_call(lambda: quick.append(1), 0.05, "quick work")
    assert quick == [1]  # within the limit: run once only
    with pytest.raises(AssertionError, match=r"slow work took 0\.1\d s"):
        held_call(lambda: time.sleep(0.12), 0.05, "slow work")


def test_on_a_quiet_machine_the_limit_is_the_quiet_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "stretch", _reading(1.0, []))
    with pytest.raises(AssertionError, match="sleeping"), time_limit(0.05, "sleeping"):
        time.sleep(0.12)


def test_an_example_slow_only_the_first_time_passes_one_slow_every_time_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "stretch", _reading(1.0, []))
    runs: list[str] = []

    def builds_once(text: str) -> str:
        runs.append(text)
        if len(runs) == 1:
            time.sleep(0.12)  # the first call builds what the code builds once per process
        return text.upper()

    assert bounded_examples(builds_once, seconds=0.05)("a") == "A"
    assert runs == ["a", "a"]  # run again with the same arguments, and the second run was held

    def always_slow(text: str) -> None:
        time.sleep(0.12)

    with pytest.raises(AssertionError, match="one example of always_slow"):
        bounded_examples(always_slow, seconds=0.05)("a")


def test_an_example_drawing_interactively_is_not_run_twice_and_excused_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "stretch", _reading(1.0, []))

    class DataObject:  # what st.data() hands a test, by its name
        pass

    runs: list[int] = []

    def slow(data: Any) -> None:
        runs.append(1)
        time.sleep(0.12)

    bounded = bounded_examples(slow, seconds=0.05)
    bounded(DataObject())
    assert len(runs) == 1
    with pytest.raises(AssertionError, match="one example of slow"):
        bounded(DataObject())


@settings(max_examples=5)
@given(st.text(max_size=5))
def _a_property(text: str) -> None:
    assert isinstance(text, str)


def test_the_collection_hook_bounds_properties_under_tests_unit_only_and_once() -> None:
    inner = _a_property.hypothesis.inner_test  # type: ignore[attr-defined]
    original = getattr(inner, "__wrapped__", inner)
    _a_property.hypothesis.inner_test = original  # type: ignore[attr-defined]
    try:
        elsewhere = SimpleNamespace(obj=_a_property, path=ROOT / "tests" / "integration" / "test_x.py")
        _bound_examples([elsewhere])  # type: ignore[list-item]
        assert _a_property.hypothesis.inner_test is original  # type: ignore[attr-defined]
        here = SimpleNamespace(obj=_a_property, path=Path(__file__))
        _bound_examples([here, here])  # type: ignore[list-item]
        bounded = _a_property.hypothesis.inner_test  # type: ignore[attr-defined]
        assert bounded.time_bounded and bounded.__wrapped__ is original and bounded.seconds == load.EXAMPLE_SECONDS
        _a_property()  # the property still runs through Hypothesis, bounded
        _a_property.hypothesis.inner_test = original  # type: ignore[attr-defined]
        own = pytest.mark.example_seconds(7).mark
        marked = SimpleNamespace(obj=_a_property, path=Path(__file__), get_closest_marker=lambda name: own)
        _bound_examples([marked])  # type: ignore[list-item]
        assert _a_property.hypothesis.inner_test.seconds == 7.0  # type: ignore[attr-defined]
    finally:
        _a_property.hypothesis.inner_test = inner  # type: ignore[attr-defined]


def test_hypothesis_own_fixed_deadline_is_off_for_every_property() -> None:
    assert settings.default.deadline is None
