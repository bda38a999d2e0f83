"""What one rule costs the matcher beyond its share of the Hyperscan pass: the ``re`` work it causes in vain.

The matcher (:mod:`camaudit.identify.matcher`) scans a field's value once with Hyperscan for all of the field's rules
and runs a rule's Python regex only when Hyperscan names it. A rule therefore costs little -- unless Hyperscan cannot
take its rewrite. Then the rule joins the patterns "tried on every value" (:mod:`camaudit.identify.hyperscan_db`), and
its regex runs over every value of its field: every page body, for a body rule. That is what
``shared.ptz-direction-functions`` did on 7 December: an end anchor inside the pattern (``(?:[^a-z]|$)`` before a
600-character window) is something Hyperscan refuses ("Embedded end anchors not supported"), so its ``re.search``
ran over every HTTP body and doubled ``identify``'s time (docs/identification/matching.md, "What one entry costs").
A rewrite Hyperscan takes but whose hits are mostly not matches (a lookaround dropped, a refused confirmation of a
core) costs the same way, in proportion.

:func:`entry_costs` measures exactly that, deterministically: each rule's pattern alone goes through the matcher's
own prefilter (:class:`~camaudit.identify.hyperscan_db.PatternDatabases`, one pattern), over sample values of the
fields it reads, and every value the prefilter hands on where the regex then finds nothing counts its characters as
work done in vain. No clock: the same rules and values give the same figures on any machine.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from camaudit.identify import hyperscan_db
from camaudit.identify.hyperscan_pattern import Untranslatable, translate
from camaudit.identify.matcher import _re_flags
from camaudit.identify.rules import Rule


@dataclass(frozen=True, slots=True)
class EntryCost:
    """The ``re`` work one rule causes on one field's sample values."""

    rule_id: str
    #: The observed field name (a member of the rule's ``@group``, or its own field).
    field: str
    #: Characters of all the field's sample values: what Hyperscan scans for every rule of the field at once.
    field_chars: int
    #: Characters of the values the prefilter handed to this rule's regex, where the regex found nothing.
    vain_chars: int
    #: Why Hyperscan cannot take the rule's rewrite, when it cannot (its regex then runs on every value).
    refusal: str | None

    @property
    def vain_share(self) -> float:
        """:attr:`vain_chars` as a share of :attr:`field_chars` (1.0: the regex ran over every value in vain)."""
        return self.vain_chars / self.field_chars if self.field_chars else 0.0

    def describe(self) -> str:
        """One line naming the rule, the field and the measure (and Hyperscan's refusal, when there is one)."""
        why = f"; Hyperscan refuses its rewrite: {self.refusal}" if self.refusal else ""
        return (
            f"{self.rule_id} on {self.field}: its regex runs in vain over {self.vain_chars:,} of the field's "
            f"{self.field_chars:,} sample characters ({self.vain_share:.1%}){why}"
        )


def refusal(pattern: str, flags: int) -> str | None:
    """Why the matcher's Hyperscan databases cannot hold ``pattern``, or None when they can.

    The same tests :mod:`camaudit.identify.hyperscan_db` applies: a pattern that matches the empty text, a rewrite
    :mod:`~camaudit.identify.hyperscan_pattern` cannot write, or one Hyperscan refuses even in prefilter mode; for
    the database of pure-ASCII values first, then for the one of other values. Also the whole rewrite that confirms a
    core's hit: when it is refused, the regex runs on every hit of the core.
    """
    if not hyperscan_db.available():
        return None
    try:
        if re.compile(pattern, flags).search("") is not None:
            return "the pattern matches the empty text"
    except re.error as exc:
        return f"not a regex ({exc})"
    for unicode in (False, True):
        values = " (values that are not ASCII)" if unicode else ""
        try:
            forms = (translate(pattern, flags, unicode=unicode, core=True), translate(pattern, flags, unicode=unicode))
        except (Untranslatable, re.error) as exc:
            return f"no Hyperscan rewrite{values}: {exc}"
        for kind, (expression, multiline) in zip(("its core", "the whole rewrite"), forms, strict=True):
            error = _compile_error(expression, multiline)
            if error:
                return f"{kind}{values}: {error}"
    return None


def _compile_error(expression: bytes, multiline: bool) -> str:
    """Hyperscan's refusal of ``expression`` alone, tried as the matcher tries it (:func:`hyperscan_db.accepted_flag`),
    or ""."""
    return hyperscan_db.accepted_flag(expression, hyperscan_db.flags_for(multiline))[1]


def entry_costs(rules: Iterable[Rule], values: Mapping[str, Sequence[str]]) -> list[EntryCost]:
    """Each rule's vain ``re`` work on each field of ``values`` (field name -> sample values) that it reads.

    A rule reading no field of ``values`` is not listed. Only the Hyperscan engine is measured: without it (the
    ``re`` fallback, :func:`hyperscan_db.available` False) the list is empty.
    """
    if not hyperscan_db.available():
        return []
    sizes = {name: sum(map(len, texts)) for name, texts in values.items()}
    prefilters: dict[tuple[str, int], hyperscan_db.PatternDatabases] = {}
    costs: list[EntryCost] = []
    for rule in rules:
        names = [name for name in values if rule.reads(name)]
        if not names:
            continue
        key = (rule.pattern, _re_flags(rule))  # the flags the matcher compiles the pattern with
        prefilter = prefilters.get(key)
        if prefilter is None:
            prefilter = prefilters[key] = hyperscan_db.PatternDatabases([key])
        search = rule.regex.search
        for name in names:
            vain = sum(len(text) for text in values[name] if prefilter.candidates(text) and search(text) is None)
            costs.append(EntryCost(rule.id, name, sizes[name], vain, refusal(*key) if vain else None))
    return costs
