"""Run every rule against a device's fields, fast enough for internet-scale census files.

Choice (measured by ``bench/match.py``; numbers in docs/identification.md): pure ``re`` with a literal
prefilter. Each rule is compiled once; :func:`camaudit.identify.regex_check.required_literal` gives the
text any match must contain, and a rule's regex runs only when that text is ``in`` the value (a C-speed
substring search). Rules are grouped by field, so a record only pays for the fields it has. Short values
(server headers, titles, certificate subjects) repeat endlessly across internet scans, so their results
are remembered in a bounded LRU cache. Hyperscan was measured too; it won by about a quarter, not by
enough to justify a compiled dependency (docs/dependencies.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from camaudit.identify.regex_check import fold_text
from camaudit.identify.rules import MATCHED_KEEP, Rule
from camaudit.model import Evidence

#: Values up to this length are matched once per process and remembered: server headers, titles,
#: certificate subjects and favicon hashes repeat across millions of internet hosts; bodies do not.
CACHE_VALUE_MAX = 512
#: How many distinct (field, short value) results are remembered.
CACHE_ENTRIES = 65_536

_Hit = tuple[Rule, str, Mapping[str, str]]


@dataclass(frozen=True, slots=True)
class _FieldRules:
    #: Rules whose prefilter is an exact substring test.
    exact: tuple[tuple[str, Rule], ...]
    #: Rules whose prefilter is a substring test on case-folded text.
    folded: tuple[tuple[str, Rule], ...]
    #: Rules without a usable literal: their regex always runs.
    always: tuple[Rule, ...]
    #: Original rule order, so evidence comes out in a stable order whatever path matched.
    order: Mapping[str, int]


class RuleMatcher:
    """All rules, compiled once and grouped by the field they read. Immutable, so thread-safe."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        by_field: dict[str, list[Rule]] = {}
        for rule in self.rules:
            by_field.setdefault(rule.field, []).append(rule)
        self._fields: dict[str, _FieldRules] = {
            name: _FieldRules(
                exact=tuple((r.literal, r) for r in rs if r.literal is not None and not r.literal_folded),
                folded=tuple((r.literal, r) for r in rs if r.literal is not None and r.literal_folded),
                always=tuple(r for r in rs if r.literal is None),
                order={r.id: i for i, r in enumerate(rs)},
            )
            for name, rs in by_field.items()
        }
        # lru_cache is thread-safe; results are immutable tuples of immutable mappings.
        self._cached = lru_cache(maxsize=CACHE_ENTRIES)(self._match_value)

    @property
    def fields(self) -> frozenset[str]:
        """The field names at least one rule reads."""
        return frozenset(self._fields)

    def match(
        self, fields: Mapping[str, str], *, port: int | None = None, protocol: str | None = None
    ) -> list[Evidence]:
        """Evidence from every rule that matches one of ``fields``, in field order then rule order."""
        found: list[Evidence] = []
        table = self._fields
        for name, value in fields.items():
            if not value or name not in table:
                continue
            hits = self._cached(name, value) if len(value) <= CACHE_VALUE_MAX else self._match_value(name, value)
            for rule, matched, asserts in hits:
                # Positional: this runs once per hit on the census hot path.
                found.append(Evidence(rule.id, name, matched, asserts, rule.certainty, rule.source, port, protocol))
        return found

    def _match_value(self, name: str, value: str) -> tuple[_Hit, ...]:
        group = self._fields[name]
        candidates = [r for lit, r in group.exact if lit in value]
        if group.folded:
            folded = fold_text(value)
            candidates.extend(r for lit, r in group.folded if lit in folded)
        candidates.extend(group.always)
        if len(candidates) > 1:
            candidates.sort(key=lambda r: group.order[r.id])
        hits: list[_Hit] = []
        for rule in candidates:
            m = rule.regex.search(value)
            if m is not None:
                hits.append((rule, m.group(0)[:MATCHED_KEEP], MappingProxyType(rule.assertions(m))))
        return tuple(hits)

    def match_naive(
        self, fields: Mapping[str, str], *, port: int | None = None, protocol: str | None = None
    ) -> list[Evidence]:
        """Every rule's regex on its field, no prefilter, no cache: the baseline the fast path must equal.

        Evidence comes out in rule order (the fast path uses field order), so compare as multisets.
        """
        found: list[Evidence] = []
        for rule in self.rules:
            value = fields.get(rule.field)
            if not value:
                continue
            m = rule.regex.search(value)
            if m is not None:
                found.append(_evidence(rule, m.group(0), rule.assertions(m), port, protocol))
        return found


def _evidence(rule: Rule, matched: str, asserts: Mapping[str, str], port: int | None, protocol: str | None) -> Evidence:
    return Evidence(
        rule_id=rule.id,
        field=rule.field,
        matched=matched[:MATCHED_KEEP],
        asserts=asserts,
        certainty=rule.certainty,
        source=rule.source,
        port=port,
        protocol=protocol,
    )
