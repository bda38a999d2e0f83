"""Known vulnerabilities (``cves.yaml``): each CVE's maker, the models it affects, and the firmware range.

Every model pattern carries examples that must match it, and every firmware bound must parse in the
maker's firmware grammar (``firmware.yaml``; checked when the loader supplies the grammars), so a bad
edit fails at load with the file, the entry and the field. Schema: docs/assessment.md.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from functools import cached_property
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BeforeValidator, Field, ValidationInfo, field_validator, model_validator

from camaudit.knowledge.entries import (
    Entry,
    Grade,
    HttpsUrl,
    KnowledgeFile,
    NonEmpty,
    ReferenceEntry,
    Sourced,
    Text,
    VendorRef,
    check_unique,
)
from camaudit.knowledge.firmware import Firmware, Grammar
from camaudit.model import Reference

Basis = Literal["version", "build_date"]
#: A firmware bound as written (YAML reads an unquoted 2021-06-30 as a date; it is kept as text).
Bound = Annotated[str, BeforeValidator(lambda v: v.isoformat() if isinstance(v, dt.date) else str(v))]
#: Maps a CVE's vendor id to the grammar its firmware is written in (supplied by the loader).
GrammarFor = Callable[[str], Grammar]


def _compile(patterns: tuple[str, ...], examples: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    try:
        compiled = tuple(re.compile(p, re.IGNORECASE) for p in patterns)
    except re.error as exc:
        raise ValueError(f"bad model pattern: {exc}") from None
    for example in examples:
        if not any(p.match(example) for p in compiled):
            raise ValueError(f"example {example!r} matches none of its model patterns")
    return compiled


class AffectedRange(Entry):
    """Models (regexes matched at the start of the model) and, when published, the affected firmware."""

    kind: ClassVar[str] = "range"
    keys: ClassVar[tuple[str, ...]] = ()

    models: tuple[NonEmpty, ...] = Field(min_length=1)
    examples: tuple[NonEmpty, ...] = Field(min_length=1)
    basis: Basis | None = None
    first: Bound | None = None
    last: Bound | None = None
    #: The first unaffected firmware (exclusive).
    before: Bound | None = None
    fixed: Bound | None = None
    #: The range is inferred from dates rather than a per-model vendor list.
    approximate: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> AffectedRange:
        _compile(self.models, self.examples)
        bounds = (self.first, self.last, self.before)
        if self.basis is None and any(b is not None for b in bounds):
            raise ValueError("a range with bounds needs a 'basis'")
        if self.basis is not None and self.last is None and self.before is None:
            raise ValueError("a range needs 'last' or 'before'")
        if self.basis == "build_date":
            for b in bounds:
                if b is not None and not re.match(r"^\d{4}-\d{2}-\d{2}$", b):
                    raise ValueError(f"build-date bound {b!r} must be YYYY-MM-DD")
        return self

    @cached_property
    def patterns(self) -> tuple[re.Pattern[str], ...]:
        return _compile(self.models, self.examples)

    @property
    def has_bounds(self) -> bool:
        return self.basis is not None

    def matches_model(self, model: str) -> bool:
        """True when ``model`` starts with one of the patterns (case-insensitive)."""
        return any(p.match(model) for p in self.patterns)

    def describe(self) -> str:
        """The range as a person would write it: ``V5.2.0 build 140721 to V5.4.0 build 160530``."""
        low = self.first or "earliest"
        high = f"{self.last} (inclusive)" if self.last else f"before {self.before}" if self.before else "latest"
        what = "build dates" if self.basis == "build_date" else "firmware"
        return f"{what} {low} to {high}"

    def contains(self, fw: Firmware, grammar: Grammar) -> bool | None:
        """True when ``fw`` is inside the range, bounds read with ``grammar``; ``None`` when it cannot be told
        (no bounds, or the firmware lacks what the range compares)."""
        if self.basis is None:
            return None
        key = _key(fw, self.basis)
        if key is None:
            return None

        def bound(text: str | None) -> tuple[Any, ...] | None:
            if text is None:
                return None
            if self.basis == "build_date":
                return (dt.date.fromisoformat(text),)
            parsed = grammar.parse(text)
            return parsed.key() if parsed else None

        low, high, stop = bound(self.first), bound(self.last), bound(self.before)
        if low is not None and key < low:
            return False
        if high is not None and key > high:
            return False
        return not (stop is not None and key >= stop)


def _key(fw: Firmware, basis: Basis) -> tuple[Any, ...] | None:
    if basis == "build_date":
        return (fw.build_date,) if fw.build_date else None
    return fw.key()


class Cvss(Entry):
    kind: ClassVar[str] = "cvss"
    keys: ClassVar[tuple[str, ...]] = ()

    version: str = ""
    score: float = Field(ge=0, le=10)
    vector: str | None = None
    source: str = ""


class KevReport(Sourced):
    """A KEV listing seen only in secondary sources after the shipped snapshot's date."""

    kind: ClassVar[str] = "kev_reported"
    keys: ClassVar[tuple[str, ...]] = ()

    date_added: Bound
    confidence: Grade


class Cve(Sourced):
    kind: ClassVar[str] = "cve"

    id: str = Field(pattern=r"^CVE-\d{4}-\d{4,}$")
    #: Vendor id of the maker; a device matches when its manufacturer or its brand is this vendor.
    vendor: VendorRef
    title: Text
    summary: Text
    cwe: str | None = Field(default=None, pattern=r"^CWE-\d+$")
    affected: tuple[AffectedRange, ...] = Field(min_length=1)
    cvss: Cvss | None = None
    kev_reported: KevReport | None = None
    references: tuple[ReferenceEntry, ...] = ()

    @field_validator("affected")
    @classmethod
    def _bounds_parse(cls, ranges: tuple[AffectedRange, ...], info: ValidationInfo) -> tuple[AffectedRange, ...]:
        grammar_for = info.context.get("grammar_for") if isinstance(info.context, Mapping) else None
        vendor = info.data.get("vendor")
        if not callable(grammar_for) or not isinstance(vendor, str):
            return ranges
        grammar: Grammar = grammar_for(vendor)
        for index, rng in enumerate(ranges):
            if rng.basis != "version":
                continue
            for name in ("first", "last", "before", "fixed"):
                text = getattr(rng, name)
                if text is not None and grammar.parse(text) is None:
                    raise ValueError(
                        f"range #{index + 1}: '{name}' {text!r} does not parse as {grammar.id} firmware"
                    )
        return ranges

    @property
    def citations(self) -> tuple[Reference, ...]:
        """The references as findings carry them."""
        return tuple(r.as_reference() for r in self.references)


class EndOfLife(Sourced):
    """Products whose maker publicly states they are end of life."""

    kind: ClassVar[str] = "end_of_life"
    keys: ClassVar[tuple[str, ...]] = ("vendor",)

    vendor: VendorRef
    models: tuple[NonEmpty, ...] = Field(min_length=1)
    examples: tuple[NonEmpty, ...] = Field(min_length=1)
    statement: Text
    url: HttpsUrl | None = None
    confidence: Grade = "M"

    @model_validator(mode="after")
    def _patterns_match(self) -> EndOfLife:
        _compile(self.models, self.examples)
        return self

    @cached_property
    def patterns(self) -> tuple[re.Pattern[str], ...]:
        return _compile(self.models, self.examples)


class CvesFile(KnowledgeFile):
    file: ClassVar[str] = "cves.yaml"

    cves: tuple[Cve, ...]
    end_of_life: tuple[EndOfLife, ...] = ()

    @model_validator(mode="after")
    def _unique(self) -> CvesFile:
        check_unique("cve", (c.id for c in self.cves))
        return self
