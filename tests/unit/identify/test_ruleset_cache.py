"""The on-disk cache of the loaded packaged rules: a hit gives exactly the rules loading the files gives, and a
damaged, foreign or stale entry is never used -- the rules are loaded from the files again and the entry
rewritten. A changed rule file is a new key."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import db_cache, load_ruleset, ruleset_cache
from camaudit.identify.rules import Rule, load_rules

RULES_DIR = Path(ruleset_cache.PACKAGE_DIR) / "knowledge" / "data" / "rules"


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache directory of this test's own (not the session's warm one)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(db_cache.CACHE_ENV, str(folder))
    return folder


def _plain(rule: Rule) -> dict[str, Any]:
    """Every field of a rule as comparable values (the regex as its pattern and flags)."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(rule):
        value = getattr(rule, f.name)
        if f.name == "regex":
            value = (value.pattern, value.flags)
        elif f.name == "asserts":
            value = dict(value)
        elif f.name == "examples":
            value = [(e.value, dict(e.expect)) for e in value]
        out[f.name] = value
    return out


class Loads:
    """A loader that counts how often the rule files were really read."""

    def __init__(self, paths: list[Path] | None = None) -> None:
        self.paths, self.calls = paths, 0

    def __call__(self) -> tuple[Rule, ...]:
        self.calls += 1
        return load_rules(self.paths)


def _packaged(load: Loads) -> tuple[Rule, ...]:
    return ruleset_cache.cached_rules(load, ruleset_cache.package_inputs(), ruleset_cache.PACKAGE_DIR)


@dataclasses.dataclass
class Small:
    """One packaged rule file copied into a folder of its own: a rule set that loads in a fraction of a second."""

    load: Loads
    inputs: list[Path]
    root: Path

    def rules(self) -> tuple[Rule, ...]:
        return ruleset_cache.cached_rules(self.load, self.inputs, self.root)

    def entry(self) -> str:
        found = ruleset_cache.key(self.inputs, self.root)
        assert found is not None
        return found


@pytest.fixture
def small(tmp_path: Path) -> Small:
    folder = tmp_path / "rules"
    folder.mkdir()
    copy = folder / "dahua.yaml"
    shutil.copy(RULES_DIR / "dahua.yaml", copy)
    return Small(Loads([folder]), [copy], tmp_path)


def _entry_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*" + db_cache.SUFFIX))


def test_a_hit_is_exactly_the_rules_loading_gives_and_reads_no_rule_file(own_cache: Path) -> None:
    load = Loads()
    cold = _packaged(load)
    assert load.calls == 1 and len(_entry_files(own_cache)) == 1
    warm = _packaged(load)
    assert load.calls == 1, "the second start read the rule files again"
    assert [_plain(r) for r in warm] == [_plain(r) for r in cold] == [_plain(r) for r in load_rules()]


def test_the_packaged_rule_set_from_the_cache_equals_the_one_loaded_from_the_files() -> None:
    """What every command uses (rules and layers): the first call fills the cache, the second reads it. (``ruleset()``
    is ``packaged_rules()`` with the learned maker table: both process caches are cleared.)"""
    from camaudit.identify import packaged_rules, ruleset

    def forget() -> None:
        packaged_rules.cache_clear()
        ruleset.cache_clear()

    forget()
    try:
        first = ruleset().rules
        forget()
        second = ruleset().rules
    finally:
        forget()
    assert [_plain(r) for r in second] == [_plain(r) for r in first] == [_plain(r) for r in load_ruleset().rules]
    assert second[0] is not first[0]  # the second really was rebuilt from the entry


DAMAGE = {
    "cut-short": lambda data: data[: len(data) // 2],
    "flipped-byte": lambda data: data[:-10] + bytes([data[-10] ^ 0x01]) + data[-9:],
    "empty": lambda data: b"",
    "foreign": lambda data: b"\x89PNG\r\n\x1a\n" + data[8:],
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_a_damaged_entry_is_loaded_again_and_rewritten(own_cache: Path, small: Small, damage: str) -> None:
    cold = small.rules()
    (path,) = _entry_files(own_cache)
    path.write_bytes(DAMAGE[damage](path.read_bytes()))
    again = small.rules()
    assert small.load.calls == 2
    assert [_plain(r) for r in again] == [_plain(r) for r in cold]
    assert small.rules() and small.load.calls == 2, "the rewritten entry was not used"


def _body(rules: tuple[Rule, ...]) -> list[dict[str, Any]]:
    return json.loads(ruleset_cache.encode(rules))


WRONG_BODIES = {
    "not-json": lambda body: b"{not json",
    "not-a-list": lambda body: b'{"rules": []}',
    "missing-key": lambda body: json.dumps([{k: v for k, v in body[0].items() if k != "source"}]).encode(),
    "extra-key": lambda body: json.dumps([{**body[0], "exec": "os.system"}]).encode(),
    "number-as-text": lambda body: json.dumps([{**body[0], "certainty": "0.9"}]).encode(),
    "bad-pattern": lambda body: json.dumps([{**body[0], "pattern": "(unclosed"}]).encode(),
    "flags-disagree": lambda body: json.dumps([{**body[0], "regex_flags": 0}]).encode(),
    "example-shape": lambda body: json.dumps([{**body[0], "examples": [["only the value"]]}]).encode(),
    "deep-nesting": lambda body: b"[" * 100_000 + b"]" * 100_000,
}


@pytest.mark.parametrize("wrong", WRONG_BODIES, ids=list(WRONG_BODIES))
def test_an_intact_entry_of_the_wrong_shape_is_not_used(small: Small, wrong: str) -> None:
    """A body with a valid checksum that is not what encode writes (another layout, a planted file)."""
    cold = small.rules()
    db_cache.write(small.entry(), WRONG_BODIES[wrong](_body(cold)))
    again = small.rules()
    assert small.load.calls == 2
    assert [_plain(r) for r in again] == [_plain(r) for r in cold]


def test_a_changed_rule_file_is_a_new_key_and_its_rules_are_loaded(own_cache: Path, small: Small) -> None:
    before = small.rules()
    assert small.rules() and small.load.calls == 1
    first = before[0]
    (copy,) = small.inputs
    text = copy.read_text(encoding="utf-8")
    assert f"id: {first.id}\n" in text
    copy.write_text(text.replace(f"id: {first.id}\n", f"id: {first.id}-renamed\n", 1), encoding="utf-8")
    after = small.rules()
    assert small.load.calls == 2, "the edited file was not read"
    assert after[0].id == f"{first.id}-renamed"
    assert len(_entry_files(own_cache)) == 2


def test_an_unreadable_input_means_no_cache_and_a_normal_load(own_cache: Path, tmp_path: Path) -> None:
    load = Loads()
    rules = ruleset_cache.cached_rules(load, [tmp_path / "missing.yaml"], tmp_path)
    assert load.calls == 1 and len(rules) == len(load_rules())
    assert _entry_files(own_cache) == []


def test_the_cache_turned_off_loads_every_time(monkeypatch: pytest.MonkeyPatch, small: Small) -> None:
    monkeypatch.setenv(db_cache.CACHE_ENV, "")
    small.rules()
    small.rules()
    assert small.load.calls == 2


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_decode_never_raises_on_any_bytes(data: bytes) -> None:
    assert ruleset_cache.decode(data) is None or isinstance(ruleset_cache.decode(data), tuple)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=8,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.fixed_dictionaries({}, optional={k: JSON for k in sorted(ruleset_cache._KEYS)}), max_size=3))
def test_decode_never_raises_on_any_json_of_rule_like_shape(items: list[dict[str, Any]]) -> None:
    got = ruleset_cache.decode(json.dumps(items).encode())
    assert got is None or (isinstance(got, tuple) and all(isinstance(r, Rule) for r in got))
