"""The evidence ledger a live scan shares between its hint threads and its device thread: different observations are
matched in parallel, each once; one observation asked about by two threads at once is refused (the engine's order
must prevent it), never silently matched twice."""

from __future__ import annotations

import threading
from collections import Counter

import pytest

from camaudit.identify import EvidenceLedger, LedgerOverlap, RuleSet
from camaudit.model import Evidence, Observation

#: A Hikvision camera's Server header and an Axis camera's (as their web servers send them).
HIKVISION = Observation("192.0.2.10", 80, "tcp", "http", "scan", "2026-12-06T00:00:00Z", {"http.server": "App-webs/"})
AXIS = Observation("192.0.2.11", 80, "tcp", "http", "scan", "2026-12-06T00:00:00Z", {"http.title": "AXIS"})
#: How long a thread may wait for the other: far longer than either needs, short enough to fail rather than hang.
WAIT = 30.0


class _Gate:
    """RuleSet.match, counted, held inside until released, telling when each call is inside."""

    def __init__(self, parties: int) -> None:
        self.matched: Counter[int] = Counter()
        self.inside = threading.Barrier(parties, timeout=WAIT)
        self.release = threading.Event()
        self._match = RuleSet.match

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        def held(rules: RuleSet, obs: Observation) -> list[Evidence]:
            self.matched[id(obs)] += 1
            self.inside.wait()
            assert self.release.wait(WAIT)
            return self._match(rules, obs)

        monkeypatch.setattr(RuleSet, "match", held)


def test_observations_of_different_hosts_are_matched_at_the_same_time_each_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gate = _Gate(parties=2)  # both threads must be inside the matching together: nothing serialises them
    gate.install(monkeypatch)
    ledger = EvidenceLedger()
    found: dict[str, frozenset[str]] = {}

    def hint(name: str, obs: Observation) -> None:
        found[name] = ledger.makers([obs])

    threads = [threading.Thread(target=hint, args=a) for a in (("hik", HIKVISION), ("axis", AXIS))]
    for t in threads:
        t.start()
    gate.release.set()
    for t in threads:
        t.join(WAIT)
    assert found == {"hik": frozenset({"hikvision"}), "axis": frozenset({"axis"})}
    # The device thread's identity comes from the kept evidence: no matching again.
    assert ledger.identify([HIKVISION]).manufacturer == "hikvision"
    assert gate.matched == Counter({id(HIKVISION): 1, id(AXIS): 1})
    ledger.forget([HIKVISION, AXIS])
    assert len(ledger) == 0


def test_one_observation_asked_about_by_two_threads_at_once_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    gate = _Gate(parties=2)  # the first thread and this test meet inside its matching
    gate.install(monkeypatch)
    ledger = EvidenceLedger()
    first: list[frozenset[str]] = []
    hint = threading.Thread(target=lambda: first.append(ledger.makers([HIKVISION])))
    hint.start()
    gate.inside.wait()  # the hint thread is matching HIKVISION now
    with pytest.raises(LedgerOverlap):
        ledger.identify([HIKVISION])  # a device built while its host's hint still runs
    gate.release.set()
    hint.join(WAIT)
    assert first == [frozenset({"hikvision"})]
    assert ledger.identify([HIKVISION]).manufacturer == "hikvision"  # once the hint settled: the kept evidence
    assert gate.matched[id(HIKVISION)] == 1
