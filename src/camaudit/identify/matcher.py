"""Run every rule against a device's fields, fast enough for internet-scale census files.

Choice (measured in ``bench/match.py``; numbers in docs/identification.md): pure ``re`` with a literal
prefilter. Each rule is compiled once; :func:`camaudit.identify.regex_check.required_literal` gives the
text any match must contain, and a rule's regex runs only when that text is ``in`` the value (a C-speed
substring search). On scan data almost every value fails every prefilter, so most records cost a few
dozen substring tests and no regex at all. Rules are grouped by field, so a record only pays for rules of
fields it has. RE2 sets and Hyperscan were measured against this and did not win by enough to justify a
compiled dependency (docs/dependencies.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from camaudit.identify.regex_check import fold_text
from camaudit.identify.rules import MATCHED_KEEP, Rule
from camaudit.model import Evidence


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
            group = table.get(name)
            if group is None or not value:
                continue
            hits = [r for lit, r in group.exact if lit in value]
            if group.folded:
                folded = fold_text(value)
                hits.extend(r for lit, r in group.folded if lit in folded)
            hits.extend(group.always)
            if len(hits) > 1:
                hits.sort(key=lambda r: group.order[r.id])
            for rule in hits:
                m = rule.regex.search(value)
                if m is not None:
                    found.append(_evidence(rule, m.group(0), rule.assertions(m), port, protocol))
        return found

    def match_naive(
        self, fields: Mapping[str, str], *, port: int | None = None, protocol: str | None = None
    ) -> list[Evidence]:
        """Every rule's regex on its field, no prefilter: the baseline the fast path must equal.

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


def _evidence(
    rule: Rule, matched: str, asserts: Mapping[str, str], port: int | None, protocol: str | None
) -> Evidence:
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
