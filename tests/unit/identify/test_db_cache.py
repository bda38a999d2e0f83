"""The on-disk cache of compiled Hyperscan databases: a hit matches exactly like a fresh compile, and a
damaged, foreign or stale entry is never used -- it is compiled again and overwritten."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest
from tests.conftest import require

from camaudit.identify import db_cache, hyperscan_db, ruleset
from camaudit.identify.matcher import RuleMatcher
from camaudit.identify.rules import Rule
from camaudit.model import Evidence

#: Enough packaged rules for databases of several fields and groups, few enough to compile in a second.
RULES = ruleset().rules[:160]
#: Every rule's examples and counter-examples, as is and next to non-ASCII text (the UTF-8 databases).
VALUES = [
    (rule.field, text)
    for rule in RULES
    for base in [e.value for e in rule.examples] + list(rule.counter_examples)
    for text in (base, f"é{base}ü")
]


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache directory of this test's own (not the session's warm one)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(db_cache.CACHE_ENV, str(folder))
    return folder


def _matches(rules: tuple[Rule, ...]) -> Counter[tuple[str, str, str, tuple[tuple[str, str], ...]]]:
    """What a new matcher (compiled now or loaded from the cache) finds in every value."""
    require(hyperscan_db.available(), "the hyperscan package is not installed or does not work on this CPU")
    matcher = RuleMatcher(rules, engine="hyperscan", cache_entries=0)
    found: list[Evidence] = []
    for field, value in VALUES:
        found += matcher.match({field: value})
    return Counter((e.rule_id, e.field, e.matched, tuple(sorted(e.asserts.items()))) for e in found)


def _entries(folder: Path) -> dict[str, int]:
    """Cache entries by name, with their inode: a rewritten entry gets a new one (temporary file renamed)."""
    return {p.name: p.stat().st_ino for p in folder.glob("*" + db_cache.SUFFIX)}


def test_a_cache_hit_matches_exactly_like_a_fresh_compile(own_cache: Path) -> None:
    cold = _matches(RULES)
    written = _entries(own_cache)
    assert len(written) > 6  # a database per field and declaration, ASCII and UTF-8
    warm = _matches(RULES)
    assert _entries(own_cache) == written  # everything came from the cache: nothing was written again
    assert warm == cold
    naive = RuleMatcher(RULES, engine="re")
    found = [e for field, value in VALUES for e in naive.match_naive({field: value})]
    assert warm == Counter((e.rule_id, e.field, e.matched, tuple(sorted(e.asserts.items()))) for e in found)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:-40] + bytes(b ^ 0xFF for b in data[-40:]), id="corrupted-database"),
        pytest.param(lambda data: data[:200] + b"\x00" + data[201:], id="corrupted-head"),
        pytest.param(lambda data: b"not a camaudit file at all\n" * 40, id="foreign"),
        pytest.param(lambda data: b"", id="empty"),
    ],
)
def test_a_damaged_entry_is_compiled_again_and_replaced(own_cache: Path, damage: object) -> None:
    cold = _matches(RULES)
    entries = sorted(own_cache.glob("*" + db_cache.SUFFIX))
    for path in entries:
        path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    assert _matches(RULES) == cold
    for path in entries:
        assert db_cache.read(path.name.removesuffix(db_cache.SUFFIX)) is not None, path.name


def test_an_entry_with_a_valid_checksum_but_not_a_database_is_not_used(own_cache: Path) -> None:
    """The checksum only proves the file is whole; what it holds must still load as the patterns' database."""
    cold = _matches(RULES)
    names = [p.name.removesuffix(db_cache.SUFFIX) for p in own_cache.glob("*" + db_cache.SUFFIX)]
    head = b'{"always": [], "full": []}'
    for name in names:
        db_cache.write(name, len(head).to_bytes(4, "big") + head + b"no database here")
    assert _matches(RULES) == cold
    for name in names:
        db_cache.write(name, b"\x00\x00\x00\x02{}")
    assert _matches(RULES) == cold


def test_a_different_rule_set_gets_different_entries(own_cache: Path) -> None:
    _matches(RULES)
    before = set(_entries(own_cache))
    changed = (dataclasses.replace(RULES[0], pattern=RULES[0].pattern + "(?:x)?"), *RULES[1:])
    _matches(changed)
    added = set(_entries(own_cache)) - before
    # The changed rule's own databases (ASCII, UTF-8) are new; every other declaration's are reused as they were.
    assert len(added) == 2, added


def test_the_cache_can_be_turned_off(own_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(db_cache.CACHE_ENV, "")
    assert db_cache.cache_dir() is None
    _matches(RULES[:50])
    assert not own_cache.exists()


def test_an_unusable_cache_directory_never_stops_matching(own_cache: Path) -> None:
    own_cache.parent.mkdir(parents=True, exist_ok=True)
    own_cache.write_text("a file where the directory should be")
    assert _matches(RULES[:50]) == _matches(RULES[:50])


def test_the_default_directory_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(db_cache.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert db_cache.cache_dir() == tmp_path / "xdg" / "camaudit"


def test_the_directory_stays_within_its_size_bound(own_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db_cache, "MAX_CACHE_BYTES", 10_000)
    for n in range(8):
        db_cache.write(db_cache.key([str(n).encode()]), bytes(3000))
    kept = list(own_cache.glob("*" + db_cache.SUFFIX))
    assert sum(p.stat().st_size for p in kept) <= 10_000
    assert db_cache.read(db_cache.key([b"7"])) == bytes(3000)  # the newest is kept
    assert db_cache.read(db_cache.key([b"0"])) is None  # the oldest went first
