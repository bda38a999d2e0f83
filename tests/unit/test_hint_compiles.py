"""A live scan's maker hints on a cold cache: a hint compiles what its own answers need and does not wait for the
background preparation of every other field's databases; two threads that need one field's databases at once compile
them once, and a thread that needs another field's goes on meanwhile."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any

import pytest

from camaudit import audit
from camaudit.identify import EvidenceLedger, ruleset
from camaudit.identify import matcher as matcher_module
from camaudit.identify.matcher import RuleMatcher
from camaudit.identify.rules import Rule
from camaudit.model import Observation

#: A Hikvision camera's web server header (as its firmware sends it).
HIKVISION = Observation("192.0.2.10", 80, "tcp", "http", "scan", "2026-12-06T00:00:00Z", {"http.server": "App-webs/"})
#: Far longer than a hint takes once its own databases are there; far shorter than the held preparation.
PROMPT = 20.0
WAIT = 60.0


def test_a_hint_does_not_wait_for_every_fields_databases(monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()

    def held_prepare(self: EvidenceLedger) -> None:
        release.wait(WAIT)

    monkeypatch.setattr(EvidenceLedger, "prepare", held_prepare)
    hint = audit._prepared_hint(EvidenceLedger())
    started = time.monotonic()
    try:
        makers = hint([HIKVISION])
    finally:
        release.set()
    assert time.monotonic() - started < PROMPT  # the preparation is held for a minute: the hint did not wait for it
    assert makers == frozenset({"hikvision"})


def test_one_fields_databases_compile_once_for_two_threads_and_another_field_is_not_held(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rules = ruleset().rules
    title_rules = frozenset(r.id for r in rules if r.reads("http.title"))
    rtsp_rules = frozenset(r.id for r in rules if r.reads("rtsp.server"))
    built: Counter[tuple[str, ...]] = Counter()
    inside, release = threading.Event(), threading.Event()
    index_class = matcher_module._ReIndex

    class Counted(index_class):  # type: ignore[misc, valid-type]
        def __init__(self, chosen: Sequence[Rule]) -> None:
            ids = tuple(r.id for r in chosen)
            built[ids] += 1
            if set(ids) <= title_rules and not set(ids) & rtsp_rules and not release.is_set():
                inside.set()
                release.wait(WAIT)  # the first compilation of a database only the title reads is held here
            super().__init__(chosen)

    monkeypatch.setattr(matcher_module, "_ReIndex", Counted)
    matcher = RuleMatcher(rules, engine="re", cache_entries=0)
    title = {"http.title": "Network Camera"}
    found: dict[str, Any] = {}

    def ask(name: str, fields: dict[str, str]) -> None:
        found[name] = matcher.match(fields)

    first = threading.Thread(target=ask, args=("first", title))
    first.start()
    assert inside.wait(WAIT)
    second = threading.Thread(target=ask, args=("second", title))
    second.start()
    other = threading.Thread(target=ask, args=("other", {"rtsp.server": "Hikvision-Webs"}))
    other.start()
    other.join(PROMPT)
    assert not other.is_alive()  # another field's databases compiled while the title's were held
    assert "second" not in found  # the second thread waits for the first one's compilation, not a copy of its own
    release.set()
    first.join(WAIT)
    second.join(WAIT)
    assert [ids for ids, n in built.items() if n > 1] == []
    assert found["first"] == found["second"]
