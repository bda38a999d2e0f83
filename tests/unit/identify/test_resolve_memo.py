"""The resolve memory: a kept identity is the one a fresh resolve gives, and the memory stays bounded."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from camaudit.identify import resolve, ruleset
from camaudit.identify.resolve_memo import ResolveMemo, key_of
from camaudit.importers import shodan
from camaudit.model import Evidence, Identity

DATA = Path(__file__).parents[2] / "data"


def _evidence(rule_id: str, value: str, *, matched: str | None = None, port: int = 80) -> Evidence:
    return Evidence(
        rule_id=rule_id,
        field="http.server",
        matched=matched or value,
        asserts={"manufacturer": value, "device_type": "camera"},
        certainty=0.9,
        source="https://example.org/rule",
        port=port,
        protocol="http",
    )


def test_a_change_to_any_evidence_field_changes_the_key() -> None:
    # A field left out of the key would let two different inputs share one answer.
    base = _evidence("a.rule", "hikvision")
    changed: dict[str, Any] = {
        "rule_id": "b.rule",
        "field": "http.title",
        "matched": "HIKVISION",
        "asserts": {"manufacturer": "dahua"},
        "certainty": 0.5,
        "source": "https://example.org/other",
        "port": 8080,
        "protocol": "rtsp",
        "needs": "video",
    }
    assert set(changed) == {f.name for f in dataclasses.fields(Evidence)}
    for name, value in changed.items():
        assert key_of(dataclasses.replace(base, **{name: value})) != key_of(base), name
    reordered = dataclasses.replace(base, asserts={"device_type": "camera", "manufacturer": "hikvision"})
    assert key_of(reordered) != key_of(base)


def test_kept_identity_equals_fresh_resolve_on_real_records() -> None:
    rules = ruleset()
    memo = ResolveMemo()
    seen = 0
    for name in ("shodan_sample.jsonl", "shodan_captures.jsonl", "shodan_holdout.jsonl"):
        for record in shodan.read(DATA / name):
            evidence = [ev for obs in record.observations for ev in rules.match(obs)]
            fresh = resolve(evidence)
            # Twice: the first answer is resolved, the second comes from the memory.
            assert memo(evidence) == fresh
            assert memo(evidence) == fresh
            seen += 1
    assert seen > 100
    assert len(memo) > 0


def test_same_rule_different_text_or_port_is_a_different_answer() -> None:
    memo = ResolveMemo()
    first = memo([_evidence("a.rule", "hikvision")])
    other_text = memo([_evidence("a.rule", "hikvision", matched="HIKVISION")])
    other_port = memo([_evidence("a.rule", "hikvision", port=8080)])
    assert first.manufacturer == other_text.manufacturer == other_port.manufacturer == "hikvision"
    assert first.evidence[0].matched == "hikvision"
    assert other_text.evidence[0].matched == "HIKVISION"
    assert other_port.evidence[0].port == 8080
    assert memo([_evidence("a.rule", "dahua")]).manufacturer == "dahua"


def test_answered_is_part_of_the_key() -> None:
    memo = ResolveMemo()
    assert memo([], answered=True).device_type == "not_camera"
    assert memo([], answered=False) == Identity()


def test_memory_is_bounded_and_answers_stay_right() -> None:
    memo = ResolveMemo(entries=3)
    makers = ["hikvision", "dahua", "axis", "hanwha", "uniview", "vivotek"]
    for _ in range(2):
        for maker in makers:
            assert memo([_evidence(f"{maker}.rule", maker)]).manufacturer == maker
            assert len(memo) <= 3


def test_the_same_evidence_objects_are_answered_without_building_their_key(monkeypatch: Any) -> None:
    # The matcher hands out the same Evidence objects for a repeated value: their identity settles the answer.
    from camaudit.identify import resolve_memo

    built: list[Evidence] = []

    def counting_key_of(ev: Evidence) -> tuple[Any, ...]:
        built.append(ev)
        return key_of(ev)

    monkeypatch.setattr(resolve_memo, "key_of", counting_key_of)
    memo = ResolveMemo()
    evidence = [_evidence("a.rule", "hikvision"), _evidence("b.rule", "hikvision", port=8080)]
    first = memo(evidence)
    assert len(built) == 2
    for _ in range(50):
        assert memo(list(evidence)) is first
    assert len(built) == 2
    # Equal objects that are not the same ones: found by their key, the same answer.
    copies = [dataclasses.replace(ev) for ev in evidence]
    assert memo(copies) is first
    assert len(built) == 4
    assert memo(evidence, answered=False) == resolve(evidence, answered=False)


def test_the_memory_by_objects_is_bounded_and_its_answers_stay_right() -> None:
    memo = ResolveMemo(entries=3)
    makers = ["hikvision", "dahua", "axis", "hanwha", "uniview", "vivotek"]
    pieces = {maker: [_evidence(f"{maker}.rule", maker)] for maker in makers}
    for _ in range(3):
        for maker in makers:
            assert memo(pieces[maker]).manufacturer == maker
            assert len(memo._by_object) <= 3
