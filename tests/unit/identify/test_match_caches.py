"""The matcher's caches (2026-12-04) change the speed, never an answer.

* The evidence of a short value is remembered per field, port and protocol, and a field name whose values
  never repeat (page links, header blocks, certificate names) stops being remembered after
  :data:`~camaudit.identify.matcher.LEARN_LOOKUPS` lookups. Every record of the development corpora goes
  through the packaged rule set (caches on, twice: the second time its values come from the caches) and
  through the same rules with every cache off, and gets the same identity, evidence included; each
  observation's evidence also equals the naive "every rule's regex" loop's.
* The one-pattern databases that confirm a core's hit are kept on disk like the field databases
  (``hyperscan_db._check``): a second matcher reads them back, a damaged entry is compiled again.

bench/identify_outputs.py checks the whole identify output of the bench mix and of every corpus, byte for byte.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import ROOT, require

from camaudit.identify import RuleSet, db_cache, hyperscan_db, matcher, ruleset
from camaudit.identify.matcher import RuleMatcher
from camaudit.identify.resolve_memo import ResolveMemo
from camaudit.importers import shodan
from camaudit.model import Observation

#: The development corpora of bench/accuracy.py: real replies (each from the public source its labels name).
CORPORA = [
    ROOT / "tests" / "data" / name for name in ("shodan_sample.jsonl", "shodan_holdout.jsonl", "shodan_captures.jsonl")
]


def _records(path: Path) -> list[tuple[Observation, ...]]:
    with path.open("rb") as source:
        return [r.observations for r in shodan.read(source) if r.error is None and r.observations]


def _uncached() -> RuleSet:
    """The packaged rules with no cache anywhere: every value scanned, every identity resolved afresh."""
    rules = ruleset().rules
    return RuleSet(rules=rules, matcher=RuleMatcher(rules, cache_entries=0), resolved=ResolveMemo(entries=0))


@pytest.mark.parametrize("corpus", CORPORA, ids=lambda p: p.name)
def test_identities_are_the_same_with_the_caches_on_and_off(corpus: Path) -> None:
    records = _records(corpus)
    assert len(records) > 150
    plain = _uncached()
    expected = [plain.identify(observations) for observations in records]
    fast = ruleset()
    for _ in range(2):
        assert [fast.identify(observations) for observations in records] == expected
    assert sum(1 for identity in expected if identity.manufacturer) > 20  # the corpus exercises the rules


@pytest.mark.parametrize("engine", ["hyperscan", "re"])
def test_a_field_that_stops_being_remembered_answers_the_same(engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if engine == "hyperscan":
        require(hyperscan_db.available(), "the hyperscan package is not installed or does not work on this CPU")
    # Decide after 16 lookups, so the corpora's one-per-host fields (certificate names, page links) switch off.
    monkeypatch.setattr(matcher, "LEARN_LOOKUPS", 16)
    rules = ruleset().rules
    fast = RuleMatcher(rules, engine=engine)
    observations = [obs for corpus in CORPORA for records in _records(corpus) for obs in records]
    for _ in range(2):
        for obs in observations:
            found = fast.match(obs.fields, port=obs.port, protocol=obs.protocol)
            assert found == fast.match_naive(obs.fields, port=obs.port, protocol=obs.protocol), obs.fields
    switched = {name for name, entry in fast._fields.items() if not entry[3]}
    remembered = {name for name, entry in fast._fields.items() if entry[3] and entry[1] >= 16}
    assert "tls.subject" in switched  # a certificate name per host
    assert "rtsp.public" in remembered  # RTSP servers list the same few method sets again and again


def test_the_same_value_on_another_port_is_evidence_of_that_port() -> None:
    """Evidence is remembered per port and protocol: a cached answer never carries another record's port."""
    fast = ruleset().matcher
    value = "App-webs/"  # Hikvision's web server header (rules/http.yaml hikvision.http.server.app-webs)
    first = fast.match({"http.server": value}, port=80, protocol="http")
    second = fast.match({"http.server": value}, port=8443, protocol="https")
    assert first and {(e.port, e.protocol) for e in first} == {(80, "http")}
    assert {(e.port, e.protocol) for e in second} == {(8443, "https")}
    assert [e.rule_id for e in first] == [e.rule_id for e in second]


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(db_cache.CACHE_ENV, str(folder))
    return folder


def _confirming(rules: tuple[object, ...]) -> list[tuple[str, str]]:
    """Values where a lexicon name's core hits inside a longer word, so its whole rewrite must confirm it."""
    return [("http.title", f"x{example.value}x") for rule in rules for example in rule.examples[:1]]  # type: ignore[attr-defined]


def test_confirming_databases_are_read_back_from_the_cache(own_cache: Path) -> None:
    require(hyperscan_db.available(), "the hyperscan package is not installed or does not work on this CPU")
    rules = tuple(r for r in ruleset().rules if r.id.startswith("lexicon.") and r.field == "@text")[:40]
    assert len(rules) == 40
    values = _confirming(rules)

    def run() -> list[object]:
        fresh = RuleMatcher(rules, engine="hyperscan", cache_entries=0)
        return [fresh.match({name: value}) for name, value in values]

    def entries() -> dict[str, int]:
        return {p.name: p.stat().st_ino for p in own_cache.glob("*" + db_cache.SUFFIX)}

    RuleMatcher(rules, engine="hyperscan", cache_entries=0).match({"http.title": "x"})  # the field databases alone
    databases = entries()
    cold = run()
    written = entries()
    checks = set(written) - set(databases)
    assert checks  # the confirming databases were compiled and written
    assert run() == cold and entries() == written  # read back: nothing compiled, nothing written again
    naive = RuleMatcher(rules, engine="re")
    assert cold == [naive.match_naive({name: value}) for name, value in values]
    for name in checks:  # whole and checksummed, but not a database
        db_cache.write(name.removesuffix(db_cache.SUFFIX), hyperscan_db._CHECK_DATABASE + b"no database here")
    assert run() == cold
    for name in checks:
        stored = db_cache.read(name.removesuffix(db_cache.SUFFIX))
        assert stored is not None and stored != hyperscan_db._CHECK_DATABASE + b"no database here"
