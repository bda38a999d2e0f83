"""A page with one non-ASCII character (a byte-order mark, an accented word) needs a field's Unicode database, which
takes seconds to compile on a cold cache (2-5 s for an HTTP body's rules). The process-wide rule set compiles it
in a thread of its own and answers meanwhile with the literal prefilter, so no live scan's hosts wait for it, and
the evidence is the same either way."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import require

from camaudit.identify import db_cache, hyperscan_db, ruleset
from camaudit.identify.matcher import RuleMatcher
from camaudit.identify.rules import Rule
from camaudit.model import Evidence

ROOT = Path(__file__).resolve().parents[3]
#: The lab's Dahua login page (src/camaudit/lab/profiles/_shared/dahua-web, written from the public markers
#: docs/knowledge-sources.md lists, not a capture): it starts with a byte-order mark, as Dahua's own page does.
DAHUA_PAGE = (ROOT / "src/camaudit/lab/profiles/_shared/dahua-web/index.html").read_text(encoding="utf-8")
DAHUA_RULE = "webclient.dahua.web-service-assets"
#: The rule that names Dahua from that page and some fifty more HTTP body rules: databases that compile in a second.
RULES: tuple[Rule, ...] = tuple(
    r for i, r in enumerate(ruleset().rules) if r.id == DAHUA_RULE or (r.field == "http.body" and i % 8 == 0)
)
#: Longer than any stand-in answer takes, far shorter than the compilation held below.
PROMPT = 5.0


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache directory of this test's own: every database is compiled, as on a first start."""
    require(hyperscan_db.available(), "the hyperscan package is not installed or does not work on this CPU")
    folder = tmp_path / "cache"
    monkeypatch.setenv(db_cache.CACHE_ENV, str(folder))
    return folder


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Unicode databases compile only once the returned event is set (at the latest after a minute)."""
    release = threading.Event()
    build_all = hyperscan_db._build_all

    def slow(patterns: Any, *, unicode: bool) -> Any:
        if unicode:
            release.wait(60)
        return build_all(patterns, unicode=unicode)

    monkeypatch.setattr(hyperscan_db, "_build_all", slow)
    yield release
    release.set()  # a thread still waiting finishes instead of holding the worker for a minute


def _key(found: list[Evidence]) -> Counter[tuple[str, str, tuple[tuple[str, str], ...]]]:
    return Counter((e.rule_id, e.matched, tuple(sorted(e.asserts.items()))) for e in found)


def _body_index(matcher: RuleMatcher) -> Any:
    return matcher._index("http.body")


def test_a_page_with_a_byte_order_mark_is_named_while_its_unicode_database_compiles(
    held: threading.Event, own_cache: Path
) -> None:
    matcher = RuleMatcher(RULES, engine="hyperscan", background_unicode=True, cache_entries=0)
    started = time.monotonic()
    found = matcher.match({"http.body": DAHUA_PAGE})
    assert time.monotonic() - started < PROMPT  # the compilation is held for a minute: this did not wait for it
    assert DAHUA_RULE in {e.rule_id for e in found}
    assert not _body_index(matcher).unicode_ready(0)
    held.set()
    assert _body_index(matcher).unicode_ready(60)
    assert _key(matcher.match({"http.body": DAHUA_PAGE})) == _key(found)
    # Kept on disk: the next process reads it at once, with no thread and no stand-in.
    warm = RuleMatcher(RULES, engine="hyperscan", background_unicode=True, cache_entries=0)
    assert _key(warm.match({"http.body": DAHUA_PAGE})) == _key(found)
    assert _body_index(warm)._dbs._compiling is None
    assert _body_index(warm).unicode_ready(0)


def test_without_the_background_the_first_non_ascii_value_compiles_its_database() -> None:
    """The engine tests and benches keep this: what they measure is the Unicode database itself."""
    matcher = RuleMatcher(RULES, engine="hyperscan", cache_entries=0)
    found = matcher.match({"http.body": DAHUA_PAGE})
    assert DAHUA_RULE in {e.rule_id for e in found}
    assert _body_index(matcher)._dbs._compiling is None
    assert _body_index(matcher).unicode_ready(0)


def test_a_compilation_that_fails_in_its_thread_fails_in_the_next_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[bool] = []
    build_all = hyperscan_db._build_all

    def broken(patterns: Any, *, unicode: bool) -> Any:
        if unicode:
            attempts.append(True)
            raise MemoryError("out of memory while compiling")
        return build_all(patterns, unicode=unicode)

    monkeypatch.setattr(hyperscan_db, "_build_all", broken)
    matcher = RuleMatcher(RULES, engine="hyperscan", background_unicode=True, cache_entries=0)
    assert DAHUA_RULE in {e.rule_id for e in matcher.match({"http.body": DAHUA_PAGE})}
    assert not _body_index(matcher).unicode_ready(60)
    with pytest.raises(MemoryError):
        matcher.match({"http.body": DAHUA_PAGE})
    assert len(attempts) == 2  # once in its thread, once in the caller's; never silently given up


_BODY_TEXT = [e.value for r in RULES for e in r.examples] + [c for r in RULES for c in r.counter_examples]


def test_the_stand_in_finds_what_every_rule_finds(held: threading.Event) -> None:
    """Random non-ASCII text around the rules' examples and counter-examples, answered while the compilation is held."""
    matcher = RuleMatcher(RULES, engine="hyperscan", background_unicode=True, cache_entries=0)
    naive = RuleMatcher(RULES, engine="re")

    @settings(max_examples=150, deadline=None)
    @given(
        base=st.sampled_from(_BODY_TEXT),
        around=st.text(alphabet=st.characters(min_codepoint=0x80, max_codepoint=0x2FFF), min_size=1, max_size=4),
        noise=st.text(max_size=40),
    )
    def check(base: str, around: str, noise: str) -> None:
        value = f"{around}{noise}{base}{around}"
        assert _key(matcher.match({"http.body": value})) == _key(naive.match_naive({"http.body": value}))

    check()
    assert not _body_index(matcher).unicode_ready(0)  # every value above was answered by the stand-in
