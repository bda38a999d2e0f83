"""Vendors (``vendors.yaml``) and the brand → real-manufacturer table (``oems.yaml``). Schema: docs/rules.md."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import ClassVar

from pydantic import Field, model_validator

from camaudit.knowledge.entries import (
    KnowledgeFile,
    NonEmpty,
    Probability,
    Sourced,
    VendorId,
    VendorRef,
    check_unique,
)
from camaudit.model import DeviceType, Evidence

_CORPORATE_SUFFIXES = frozenset(
    {"co", "ltd", "inc", "corp", "corporation", "llc", "gmbh", "ab", "limited", "company", "sa", "plc", "pvt"}
)


def normalise_name(name: str) -> str:
    """Fold a vendor name for alias comparison: case, punctuation, spacing and corporate suffixes.

    ``Hangzhou Hikvision Digital Technology Co.,Ltd.`` and ``HANGZHOU HIKVISION DIGITAL TECHNOLOGY``
    compare equal; ``Shanghai Dahua Scale Factory`` does not equal ``Dahua`` (no substring matching:
    a shared word is not a shared company).
    """
    words = re.sub(r"[\W_]+", " ", name.casefold()).split()
    while words and words[-1] in _CORPORATE_SUFFIXES:
        words.pop()
    return " ".join(words)


class Vendor(Sourced):
    """A brand or maker, under one canonical lower-case id."""

    kind: ClassVar[str] = "vendor"

    id: VendorId
    name: NonEmpty
    aliases: tuple[NonEmpty, ...] = ()
    legal_name: NonEmpty | None = None
    #: ISO 3166 two-letter code of the country the company is registered in.
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    parent: VendorId | None = None
    #: Device types this vendor builds itself; empty for a brand that only relabels.
    makes: tuple[DeviceType, ...] = ()

    @property
    def is_maker(self) -> bool:
        """True when the vendor builds its own devices."""
        return bool(self.makes)

    def names(self) -> tuple[str, ...]:
        """Every name that means this vendor in device text: id, name, aliases and legal name."""
        return (self.id, self.name, *self.aliases, *([self.legal_name] if self.legal_name else []))


class VendorsFile(KnowledgeFile):
    file: ClassVar[str] = "vendors.yaml"

    vendors: tuple[Vendor, ...]

    @model_validator(mode="after")
    def _consistent(self) -> VendorsFile:
        check_unique("vendor", (v.id for v in self.vendors))
        ids = {v.id for v in self.vendors}
        owners: dict[str, str] = {}
        for v in self.vendors:
            for name in v.names():
                owner = owners.setdefault(normalise_name(name), v.id)
                if owner != v.id:
                    raise ValueError(f"vendor '{v.id}': alias {name!r} already means vendor '{owner}'")
        for v in self.vendors:
            if v.parent is not None and v.parent not in ids:
                raise ValueError(f"vendor '{v.id}': parent {v.parent!r} is not a vendor id")
        return self


#: The longest stretch of a model or firmware text a product-line selector reads: model numbers and versions are
#: short, and the cap keeps a hostile value as cheap as a real one.
SELECTOR_READS = 96


@cache
def _selector(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


class OemRelation(Sourced):
    """``brand`` products are really made by ``manufacturer`` (optionally only between two dates, and optionally
    only for one product line: the models, or firmware versions, that ``models`` / ``firmware`` match)."""

    kind: ClassVar[str] = "oem row"
    keys: ClassVar[tuple[str, ...]] = ("brand", "manufacturer")

    brand: VendorRef
    manufacturer: VendorRef
    confidence: Probability
    since: dt.date | None = None
    #: Exclusive: the relation holds for devices made before this date.
    until: dt.date | None = None
    #: A regex matched, case-insensitively, at the start of the device's model: the row holds for that line only.
    models: NonEmpty | None = None
    #: A regex matched, case-insensitively, at the start of the device's firmware version (same meaning).
    firmware: NonEmpty | None = None
    #: Values the selector must select (models when ``models`` is set, else firmware versions), as a source shows them.
    examples: tuple[NonEmpty, ...] = ()
    #: Values it must not: the brand's other lines, other makers' numbers.
    counter_examples: tuple[NonEmpty, ...] = ()
    products: NonEmpty | None = None
    note: NonEmpty | None = None

    @model_validator(mode="after")
    def _dates(self) -> OemRelation:
        if self.since is not None and self.until is not None and self.since >= self.until:
            raise ValueError("'since' must be before 'until'")
        for key in ("models", "firmware"):
            pattern = getattr(self, key)
            if pattern is None:
                continue
            try:
                compiled = _selector(pattern)
            except re.error as exc:
                raise ValueError(f"'{key}': bad regex {pattern!r}: {exc}") from exc
            if compiled.match(""):
                raise ValueError(f"'{key}': {pattern!r} matches an empty value, so it selects no product line")
        if not self.by_line:
            if self.examples or self.counter_examples:
                raise ValueError("'examples' and 'counter_examples' belong to a row with 'models' or 'firmware'")
            return self
        if self.products is None:
            raise ValueError("a row for one product line ('models' or 'firmware') must say which line in 'products'")
        if not self.examples:
            raise ValueError("a row for one product line needs 'examples': values its selector must select")
        key, pattern = ("models", self.models) if self.models is not None else ("firmware", self.firmware)
        assert pattern is not None
        for value in self.examples:
            if not _selector(pattern).match(value[:SELECTOR_READS]):
                raise ValueError(f"'{key}' {pattern!r} does not select its example {value!r}")
        for value in self.counter_examples:
            if _selector(pattern).match(value[:SELECTOR_READS]):
                raise ValueError(f"'{key}' {pattern!r} selects its counter-example {value!r}")
        return self

    @property
    def by_line(self) -> bool:
        """True when the row holds for one product line only (it has a ``models`` or ``firmware`` selector)."""
        return self.models is not None or self.firmware is not None

    def fits(self, model: str | None, firmware: str | None) -> bool:
        """True when this row is for one product line and the device's ``model`` and ``firmware`` are of it: each
        selector the row has matches the start of that value (a value the device did not give matches none)."""
        if not self.by_line:
            return False
        for pattern, value in ((self.models, model), (self.firmware, firmware)):
            if pattern is None:
                continue
            if not value or _selector(pattern).match(value.strip()[:SELECTOR_READS]) is None:
                return False
        return True

    def covers(self, made: dt.date) -> bool:
        """True when a device made on ``made`` falls inside this relation's dates (until is exclusive)."""
        if self.since is not None and made < self.since:
            return False
        return not (self.until is not None and made >= self.until)


def rows_for_line(
    rows: Sequence[OemRelation], model: str | None, firmware: str | None, made: dt.date | None = None
) -> tuple[tuple[OemRelation, ...], bool]:
    """Which of a brand's ``rows`` speak for a device of ``model`` and ``firmware`` (made on ``made`` when known), and
    whether they were chosen by its product line.

    The rows for one product line whose selectors the device matches (and whose dates cover ``made``), when there
    are any (``True``). Otherwise (``False``) the rows without a selector -- a row for another line says nothing of
    this device, so a model no selector knows falls back on what the brand sells in general. A brand whose rows are
    all for one line each (Night Owl: only its Wi-Fi kits are tied to a maker) has no general rows, so such a device
    gets none: the table knows who made those lines, not the brand's others.
    """
    if not any(r.by_line for r in rows):
        return tuple(rows), False
    fitting = tuple(r for r in rows if r.fits(model, firmware) and (made is None or r.covers(made)))
    if fitting:
        return fitting, True
    return tuple(r for r in rows if not r.by_line), False


def made_on(evidence: Iterable[Evidence]) -> dt.date | None:
    """The date of manufacture some evidence captured (``made``: ``YYYYMMDD``, Hikvision serials carry it), the
    surest first; ``None`` when none did. The OEM table's ``since``/``until`` are compared with it."""
    for ev in sorted(evidence, key=lambda e: -e.certainty):
        text = str(ev.asserts.get("made", "")).replace("-", "")
        if len(text) == 8 and text.isdigit():
            try:
                return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
            except ValueError:
                continue
    return None


class OemsFile(KnowledgeFile):
    file: ClassVar[str] = "oems.yaml"

    oems: tuple[OemRelation, ...]

    @model_validator(mode="after")
    def _lines_add_certainty(self) -> OemsFile:
        # A line row answers before the brand's general rows: one naming the same maker less surely than an undated
        # general row would make a device of that line less sure of its maker than one of no known line.
        general: dict[tuple[str, str], float] = {}
        for r in self.oems:
            if not r.by_line and r.since is None and r.until is None:
                key = (r.brand, r.manufacturer)
                general[key] = max(general.get(key, 0.0), r.confidence)
        for row in self.oems:
            floor = general.get((row.brand, row.manufacturer))
            if row.by_line and floor is not None and row.confidence < floor:
                raise ValueError(
                    f"oem row '{row.brand}/{row.manufacturer}' for one product line ({row.confidence}) is less sure "
                    f"than the brand's general row for the same maker ({floor}): raise it or drop it"
                )
        return self
