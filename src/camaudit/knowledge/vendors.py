"""Vendors (``vendors.yaml``) and the brand → real-manufacturer table (``oems.yaml``). Schema: docs/rules.md."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
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


class OemRelation(Sourced):
    """``brand`` products are really made by ``manufacturer`` (optionally only between two dates)."""

    kind: ClassVar[str] = "oem row"
    keys: ClassVar[tuple[str, ...]] = ("brand", "manufacturer")

    brand: VendorRef
    manufacturer: VendorRef
    confidence: Probability
    since: dt.date | None = None
    #: Exclusive: the relation holds for devices made before this date.
    until: dt.date | None = None
    products: NonEmpty | None = None
    note: NonEmpty | None = None

    @model_validator(mode="after")
    def _dates(self) -> OemRelation:
        if self.since is not None and self.until is not None and self.since >= self.until:
            raise ValueError("'since' must be before 'until'")
        return self

    def covers(self, made: dt.date) -> bool:
        """True when a device made on ``made`` falls inside this relation's dates (until is exclusive)."""
        if self.since is not None and made < self.since:
            return False
        return not (self.until is not None and made >= self.until)


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
