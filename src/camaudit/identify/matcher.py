"""Run every rule against a device's fields in one pass per field, fast enough for internet-scale files.

For each observed field the matcher holds the rules that read it, compiled once per process:

* **Hyperscan** (when the ``hyperscan`` package works here): one database per distinct set of rules, so
  one scan of a value says which rules may match it (:mod:`camaudit.identify.hyperscan_db`); only those
  rules' Python regexes then run, for the real match and its captures. Hyperscan gives offsets, not
  captures, and its patterns are rewritten as supersets of the rules, so it can only narrow the work.
* **Python ``re``** otherwise (the fallback; ``CAMAUDIT_MATCHER=re`` forces it): each rule's required
  literal (:func:`camaudit.identify.regex_check.required_literal`) is looked for with ``in`` and the regex
  runs only on a hit; rules without a literal always run.

Both paths end in the same ``re.search`` of the same rules in the same order, so they give identical
evidence (a test runs every rule's examples and counter-examples through both). Values up to
:data:`CACHE_VALUE_MAX` characters repeat endlessly across internet scans (server headers, titles,
certificate names), so their results are remembered in a bounded LRU cache. Numbers:
docs/identification/matching.md, "Numbers".
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from camaudit.identify import hyperscan_db
from camaudit.identify.field_groups import group_members
from camaudit.identify.regex_check import fold_text
from camaudit.identify.required_text import required_alternatives
from camaudit.identify.rules import FLAG_NAMES, MATCHED_KEEP, Rule
from camaudit.model import Evidence

#: Values up to this length are matched once per process and remembered: server headers, titles,
#: certificate subjects and favicon hashes repeat across millions of internet hosts; bodies do not.
CACHE_VALUE_MAX = 512
#: How many distinct (field, short value) results are remembered.
CACHE_ENTRIES = 8192
#: Distinct field names whose rule selection is remembered. Names are a fixed vocabulary plus families
#: whose suffix a device chooses (``sadp.<Tag>``); past this many, selections are recomputed, not kept.
FIELD_NAMES_KEPT = 4096
#: A group read by several fields gets a database of its own, compiled once and shared by its fields, only when
#: compiling its rules into each member field's own database instead would compile this many patterns again: its
#: rules times its members but one (a family prefix such as ``xmeye.`` counted once). Otherwise it joins the field's
#: own database, so a value is scanned once for both. The trade: a second database is a second scan of every value of
#: the field, forever (an HTTP body is up to 64 KB, and a scan costs about as much per byte for 18 patterns as for 600),
#: while a pattern compiled again costs about 1.5 ms once per machine (databases are kept on disk) and only for fields
#: a file carries. ``@text`` (868 rules, 70 members: about 60,000 copies, a minute and a half of compiling) is shared;
#: ``@answer`` (2 members) stays in the body's one database up to 2,048 rules, ``@url`` (12) up to 186. Until
#: 2026-12-05 the line was 64 rules whatever the group's members, so a 64th ``@answer`` rule cost every HTTP body a
#: second pass (docs/identification/matching.md, "Which groups get a database of their own").
SHARED_INDEX_MIN_COPIES = 2048
#: A field name's short values stay in the caches only while they repeat: during its first this many
#: lookups the matcher counts how many were new, and a name whose values were new more often than
#: :data:`NEW_SHARE_MAX` (page links, header blocks, certificate names: one per host) is matched uncached
#: from then on, so its values neither pay for a cache insertion nor push out the ones that do repeat.
LEARN_LOOKUPS = 2048
NEW_SHARE_MAX = 0.7
#: Environment variable that picks the engine: ``hyperscan``, ``re`` or ``auto`` (the default).
ENGINE_ENV = "CAMAUDIT_MATCHER"

_Hit = tuple[Rule, str, Mapping[str, str]]


def choose_engine(requested: str | None = None) -> str:
    """``hyperscan`` when asked for or (``auto``) when it works here, else ``re``."""
    wanted = (requested or os.environ.get(ENGINE_ENV) or "auto").lower()
    if wanted not in ("auto", "hyperscan", "re"):
        raise ValueError(f"unknown matcher engine {wanted!r}; choose auto, hyperscan or re")
    if wanted == "re":
        return "re"
    if hyperscan_db.available():
        return "hyperscan"
    if wanted == "hyperscan":
        raise RuntimeError("the hyperscan engine was asked for, but the hyperscan package does not work here")
    return "re"


def _re_flags(rule: Rule) -> int:
    flags = 0
    for name in rule.flags:
        flags |= FLAG_NAMES[name]
    return flags


class _ReIndex:
    """The rules of one field behind the literal prefilter: a rule's required literal, else the set of
    literals one of which every match contains (:mod:`camaudit.identify.required_text`), else none."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        numbered = list(enumerate(self.rules))
        self._exact = tuple((r.literal, i) for i, r in numbered if r.literal and not r.literal_folded)
        self._folded = tuple((r.literal, i) for i, r in numbered if r.literal and r.literal_folded)
        any_exact: list[tuple[tuple[str, ...], int]] = []
        any_folded: list[tuple[tuple[str, ...], int]] = []
        always: list[int] = []
        for i, rule in numbered:
            if rule.literal is not None:
                continue
            required = required_alternatives(rule.pattern, _re_flags(rule))
            if required is None:
                always.append(i)
            else:
                (any_folded if required[1] else any_exact).append((required[0], i))
        self._any_exact, self._any_folded, self._always = tuple(any_exact), tuple(any_folded), tuple(always)

    def candidates(self, value: str) -> list[int]:
        found = [i for lit, i in self._exact if lit in value]
        found.extend(i for alternatives, i in self._any_exact if any(lit in value for lit in alternatives))
        if self._folded or self._any_folded:
            folded = fold_text(value)
            found.extend(i for lit, i in self._folded if lit in folded)
            found.extend(i for alternatives, i in self._any_folded if any(lit in folded for lit in alternatives))
        found.extend(self._always)
        found.sort()
        return found


class _HyperscanIndex:
    """The rules of one field in Hyperscan databases; with ``background``, the literal prefilter answers for
    non-ASCII values while their database compiles (:class:`hyperscan_db.PatternDatabases`)."""

    def __init__(self, rules: Sequence[Rule], *, background: bool = False) -> None:
        self.rules = tuple(rules)
        self._stand_in: _ReIndex | None = None
        self._dbs = hyperscan_db.PatternDatabases(
            [(r.pattern, _re_flags(r)) for r in self.rules], stand_in=self._prefiltered if background else None
        )
        # The databases' own method, bound once: a call per scanned value without a frame of this class.
        self.candidates: Callable[[str], list[int]] = self._dbs.candidates

    def _prefiltered(self, value: str) -> list[int]:
        # Built on first need (25 ms for an HTTP body's 923 rules); two threads building it at once build equals.
        if self._stand_in is None:
            self._stand_in = _ReIndex(self.rules)
        return self._stand_in.candidates(value)

    def unicode_ready(self, timeout: float | None = None) -> bool:
        """Whether non-ASCII values are scanned by their own database (waits up to ``timeout`` s for it)."""
        return self._dbs.unicode_ready(timeout)


_Index = _ReIndex | _HyperscanIndex


class _UnionIndex:
    """The rules of one field when they come from several declarations (the field's own rules and those of
    each ``@group`` it belongs to): one index per declaration, shared by every field of that group, so
    the big group databases compile once per process rather than once per field name."""

    def __init__(self, rules: Sequence[Rule], parts: Sequence[tuple[_Index, tuple[int, ...]]]) -> None:
        self.rules = tuple(rules)
        #: (index of one declaration, position in :attr:`rules` of each of its rules)
        self._parts = tuple(parts)

    def candidates(self, value: str) -> list[int]:
        found: list[int] = []
        for index, where in self._parts:
            found.extend(where[i] for i in index.candidates(value))
        found.sort()
        return found


class RuleMatcher:
    """All rules, compiled once and grouped by the field they read. Immutable after construction
    except for idempotent caches, so safe to share between threads."""

    def __init__(
        self,
        rules: Iterable[Rule],
        *,
        engine: str | None = None,
        cache_entries: int = CACHE_ENTRIES,
        background_unicode: bool = False,
    ) -> None:
        """``background_unicode``: compile each field's database for non-ASCII values in a thread of its own, the
        literal prefilter answering meanwhile (same evidence), so that no caller waits seconds on a cold cache for
        a page with one non-ASCII character; off, the first such value compiles it (engine tests, benches)."""
        self.rules: tuple[Rule, ...] = tuple(rules)
        self._background_unicode = background_unicode
        #: ``hyperscan`` or ``re``: which engine narrows the rules before ``re`` confirms.
        self.engine = choose_engine(engine)
        self._by_name: dict[str, _Index | _UnionIndex | None] = {}
        # Positions of the rules of each declared field (a name or a @group): whether a rule reads a field
        # depends on its declaration only, so each declaration is asked once per field name, not each rule.
        declared: dict[str, list[int]] = {}
        for i, rule in enumerate(self.rules):
            declared.setdefault(rule.field, []).append(i)
        self._declared = tuple(tuple(mine) for mine in declared.values())
        # Built on first sight of each field name (a file of SSH banners never compiles the body rules).
        self._by_rules: dict[tuple[int, ...], _Index] = {}
        self._part_locks: dict[tuple[int, ...], threading.Lock] = {}
        # lru_cache is thread-safe; results are immutable tuples of immutable mappings.
        self._cached = lru_cache(maxsize=cache_entries)(self._match_value)
        # The evidence itself, for a value seen on the same port with the same protocol: the objects are
        # frozen, so one may stand in many answers (building one costs more than the cache lookup).
        self._evidence_cached = lru_cache(maxsize=cache_entries)(self._new_evidence)
        self._cache_max = CACHE_VALUE_MAX if cache_entries else -1
        #: name -> [index, lookups while learning, of them new values, values remembered] (see LEARN_LOOKUPS)
        self._fields: dict[str, list[Any]] = {}
        # match_naive's rules per field name (whether a rule reads a name never changes; asking each rule
        # for each value made the naive oracle spend most of its time in Rule.reads).
        self._naive_rules: dict[str, tuple[Rule, ...]] = {}
        # Rules that need other signs of the same reply (``requires``) and the signs they need: their hits are
        # checked together once per observation, after the pass over its fields (:meth:`_joined`). A required rule
        # left out of this rule set (leave-one-source-out) is never met.
        self._requires: dict[str, tuple[str, ...]] = {r.id: r.requires for r in self.rules if r.requires}
        self._signs = frozenset(r.id for r in self.rules if r.sign_of)
        self._joined_ids = frozenset(self._requires) | self._signs

    @property
    def fields(self) -> frozenset[str]:
        """The field names rules read by name."""
        return frozenset(r.field for r in self.rules)

    def _index(self, name: str) -> _Index | _UnionIndex | None:
        try:
            return self._by_name[name]
        except KeyError:
            pass
        positions = tuple(sorted(i for mine in self._declared if self.rules[mine[0]].reads(name) for i in mine))
        index: _Index | _UnionIndex | None = None
        # One index per declaration that would be compiled into many fields (a group such as @text, compiled once
        # and shared by all its fields: SHARED_INDEX_MIN_COPIES); the rest -- its own name, a group of this field
        # alone such as @prose, a group of few members such as @answer -- share one index: one pass over a 64 KB
        # page instead of one per declaration (a second database of 18 patterns cost a page 0.6 times what the
        # first one of 618 did).
        sizes: dict[str, int] = {}
        for i in positions:
            sizes[self.rules[i].field] = sizes.get(self.rules[i].field, 0) + 1
        by_declaration: dict[str, list[int]] = {}
        for i in positions:
            declared = self.rules[i].field
            by_declaration.setdefault(declared if _shared(declared, sizes[declared]) else "", []).append(i)
        if len(by_declaration) == 1:
            index = self._part(positions)
        elif positions:
            where = {g: n for n, g in enumerate(positions)}
            parts = [
                (self._part(tuple(mine)), tuple(where[g] for g in mine))
                for _declared, mine in sorted(by_declaration.items())
            ]
            index = _UnionIndex([self.rules[i] for i in positions], parts)
        if len(self._by_name) < FIELD_NAMES_KEPT:
            self._by_name[name] = index
        return index

    def _part(self, positions: tuple[int, ...]) -> _Index:
        """The (shared) index of these rules, compiled on first use: once, however many threads ask for it at once
        (a live scan's hint threads and its background preparation); a thread asking for another one goes on."""
        index = self._by_rules.get(positions)
        if index is not None:
            return index
        with self._part_locks.setdefault(positions, threading.Lock()):
            index = self._by_rules.get(positions)
            if index is None:
                chosen = [self.rules[i] for i in positions]
                if self.engine == "hyperscan":
                    index = _HyperscanIndex(chosen, background=self._background_unicode)
                else:
                    index = _ReIndex(chosen)
                self._by_rules[positions] = index
        return index

    def match(
        self, fields: Mapping[str, str], *, port: int | None = None, protocol: str | None = None
    ) -> list[Evidence]:
        """Evidence from every rule that matches one of ``fields``, in field order then rule order."""
        found: list[Evidence] = []
        known = self._fields
        cache_max = self._cache_max  # looked up once per observation, not per field
        for name, value in fields.items():
            if not value:
                continue
            entry = known.get(name) or self._field(name)
            index = entry[0]
            if index is None:
                continue
            if len(value) <= cache_max and entry[3]:
                if entry[1] < LEARN_LOOKUPS:
                    self._learn(entry)
                evidence = self._evidence_cached(name, value, port, protocol)
                if evidence:
                    found.extend(evidence)
            else:
                hits = self._hits(index, value)
                if hits:  # most pages and one-per-host values: no hit, no evidence to build
                    found.extend(self._evidence(hits, name, port, protocol))
        if found and self._joined_ids:
            return self._joined(found)
        return found

    def _joined(self, found: list[Evidence]) -> list[Evidence]:
        """``found`` (one reply's evidence) without the rules whose required signs are not all in it, and without
        the signs no standing rule needs. Cheap when nothing in ``found`` takes part: one look per piece."""
        joined = self._joined_ids
        if not any(e.rule_id in joined for e in found):
            return found
        requires = self._requires
        standing = {e.rule_id for e in found}
        while True:  # a chain (a rule requiring a rule that requires a sign) falls from its end
            unmet = [r for r in standing if r in requires and not all(n in standing for n in requires[r])]
            if not unmet:
                break
            standing.difference_update(unmet)
        unused = self._signs.difference(n for r in standing if r in requires for n in requires[r])
        return [e for e in found if e.rule_id in standing and e.rule_id not in unused]

    def _field(self, name: str) -> list[Any]:
        """The matcher's entry for field ``name`` (its index, and whether its values are remembered)."""
        entry = [self._index(name), 0, 0, True]
        if len(self._fields) < FIELD_NAMES_KEPT:
            self._fields[name] = entry
        return entry

    @staticmethod
    def _learn(entry: list[Any]) -> None:
        # Unlocked: a race miscounts a lookup, which can only move the decision, never an answer.
        entry[1] += 1
        if entry[1] == LEARN_LOOKUPS and entry[2] > NEW_SHARE_MAX * LEARN_LOOKUPS:
            entry[3] = False

    def _new_evidence(self, name: str, value: str, port: int | None, protocol: str | None) -> tuple[Evidence, ...]:
        """What a miss of the evidence cache computes (and counts, for the field's learning)."""
        entry = self._fields.get(name)
        if entry is not None and entry[1] < LEARN_LOOKUPS:
            entry[2] += 1
        return self._evidence(self._cached(name, value), name, port, protocol)

    @staticmethod
    def _evidence(hits: tuple[_Hit, ...], name: str, port: int | None, protocol: str | None) -> tuple[Evidence, ...]:
        # Positional: this runs once per hit on the census hot path.
        return tuple(
            Evidence(rule.id, name, matched, asserts, rule.certainty, rule.source, port, protocol, rule.needs)
            for rule, matched, asserts in hits
            if not rule.ports or port in rule.ports
        )

    def _match_value(self, name: str, value: str) -> tuple[_Hit, ...]:
        index = self._index(name)
        return () if index is None else self._hits(index, value)

    @staticmethod
    def _hits(index: _Index | _UnionIndex, value: str) -> tuple[_Hit, ...]:
        candidates = index.candidates(value)
        if not candidates:
            return ()
        rules = index.rules
        hits: list[_Hit] = []
        for position in candidates:
            rule = rules[position]
            m = rule.regex.search(value)
            if m is not None:
                matched, asserts = m.group(0)[:MATCHED_KEEP], rule.assertions(m)
                if not value.isascii():
                    matched, asserts = writable(matched), {k: writable(v) for k, v in asserts.items()}
                hits.append((rule, matched, MappingProxyType(asserts)))
        return tuple(hits)

    def match_naive(
        self, fields: Mapping[str, str], *, port: int | None = None, protocol: str | None = None
    ) -> list[Evidence]:
        """Every rule's regex on every field it reads, no prefilter, no cache: what both engines must equal."""
        found: list[Evidence] = []
        for name, value in fields.items():
            if not value:
                continue
            rules = self._naive_rules.get(name)
            if rules is None:
                rules = self._naive_rules[name] = tuple(r for r in self.rules if r.reads(name))
            for rule in rules:
                m = rule.regex.search(value)
                if m is not None and (not rule.ports or port in rule.ports):
                    found.append(_evidence(rule, name, m, port, protocol))
        return self._joined(found) if found and self._joined_ids else found


def _shared(declared: str, rules: int) -> bool:
    """Whether the ``rules`` rules declared as ``declared`` get a database of their own, shared by every field of
    the group (:data:`SHARED_INDEX_MIN_COPIES`), rather than joining each reading field's database."""
    return rules * (len(group_members(declared)) - 1) >= SHARED_INDEX_MIN_COPIES


def writable(text: str) -> str:
    """``text`` with lone surrogates replaced, so every JSON writer can write evidence taken from it.

    Sources decode bytes with ``errors="replace"``, but a Python caller of ``identify`` may pass any str.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


def _evidence(rule: Rule, name: str, match: re.Match[str], port: int | None, protocol: str | None) -> Evidence:
    return Evidence(
        rule_id=rule.id,
        field=name,
        matched=writable(match.group(0)[:MATCHED_KEEP]),
        asserts={k: writable(v) for k, v in rule.assertions(match).items()},
        certainty=rule.certainty,
        source=rule.source,
        port=port,
        protocol=protocol,
        needs=rule.needs,
    )
