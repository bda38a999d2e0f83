"""Read the packaged knowledge base: vendors and the brand → real-manufacturer (OEM) table.

Every fact carries its source (ARCHITECTURE §4); this module only loads and validates, so a bad edit to a
data file fails loudly with the file, the entry and the problem instead of producing a wrong answer later.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from camaudit.model import DeviceType

DATA_DIR = Path(__file__).parent / "data"
VENDORS_FILE = DATA_DIR / "vendors.yaml"
OEMS_FILE = DATA_DIR / "oems.yaml"
RULES_DIR = DATA_DIR / "rules"
OUI_SUPPLEMENT_FILE = DATA_DIR / "oui_supplement.tsv"

_VENDOR_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class KnowledgeError(ValueError):
    """A knowledge file that cannot be used; the message names the file, the entry and the problem."""


@dataclass(frozen=True, slots=True)
class Vendor:
    """A brand or maker, under one canonical lower-case id."""

    id: str
    name: str
    aliases: tuple[str, ...]
    source: str
    legal_name: str | None = None
    country: str | None = None
    parent: str | None = None
    #: Device types this vendor builds itself; empty for a brand that only relabels.
    makes: tuple[str, ...] = ()

    @property
    def is_maker(self) -> bool:
        return bool(self.makes)


@dataclass(frozen=True, slots=True)
class OemRelation:
    """``brand`` products are really made by ``manufacturer`` (optionally only between two dates)."""

    brand: str
    manufacturer: str
    confidence: float
    source: str
    since: dt.date | None = None
    until: dt.date | None = None
    products: str | None = None
    note: str | None = None

    def covers(self, made: dt.date) -> bool:
        """True when a device made on ``made`` falls inside this relation's dates (until is exclusive)."""
        if self.since is not None and made < self.since:
            return False
        return not (self.until is not None and made >= self.until)


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


def _fail(path: Path, where: str, problem: str) -> KnowledgeError:
    return KnowledgeError(f"{path.name}: {where}: {problem}")


def _read_list(path: Path, key: str) -> list[Any]:
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise KnowledgeError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{path.name}: not valid YAML: {exc}") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get(key), list):
        raise KnowledgeError(f"{path.name}: expected a mapping with a list under '{key}'")
    items: list[Any] = doc[key]
    return items


def _text(path: Path, where: str, entry: Mapping[str, Any], key: str, *, required: bool) -> str | None:
    value = entry.get(key)
    if value is None:
        if required:
            raise _fail(path, where, f"missing '{key}'")
        return None
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, where, f"'{key}' must be a non-empty string")
    return value


def _date(path: Path, where: str, entry: Mapping[str, Any], key: str) -> dt.date | None:
    value = entry.get(key)
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _fail(path, where, f"'{key}' must be a date YYYY-MM-DD, not {value!r}")


def load_vendors(path: Path = VENDORS_FILE) -> dict[str, Vendor]:
    """Load and validate ``vendors.yaml``; raise :class:`KnowledgeError` on the first problem."""
    known_types = {t.value for t in DeviceType}
    vendors: dict[str, Vendor] = {}
    for index, entry in enumerate(_read_list(path, "vendors")):
        where = f"vendor #{index + 1}"
        if not isinstance(entry, dict):
            raise _fail(path, where, "must be a mapping")
        vid = _text(path, where, entry, "id", required=True)
        assert vid is not None
        where = f"vendor '{vid}'"
        if not _VENDOR_ID.match(vid):
            raise _fail(path, where, "id must be lower-case letters, digits, '-' or '_'")
        if vid in vendors:
            raise _fail(path, where, "duplicate id")
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise _fail(path, where, "'aliases' must be a list of non-empty strings")
        makes = entry.get("makes", [])
        if not isinstance(makes, list) or not all(isinstance(m, str) for m in makes):
            raise _fail(path, where, "'makes' must be a list of device types")
        for m in makes:
            if m not in known_types:
                raise _fail(path, where, f"unknown device type {m!r} in 'makes'")
        name = _text(path, where, entry, "name", required=True)
        source = _text(path, where, entry, "source", required=True)
        assert name is not None and source is not None
        vendors[vid] = Vendor(
            id=vid,
            name=name,
            aliases=tuple(aliases),
            source=source,
            legal_name=_text(path, where, entry, "legal_name", required=False),
            country=_text(path, where, entry, "country", required=False),
            parent=_text(path, where, entry, "parent", required=False),
            makes=tuple(makes),
        )
    for v in vendors.values():
        if v.parent is not None and v.parent not in vendors:
            raise _fail(path, f"vendor '{v.id}'", f"parent {v.parent!r} is not a vendor id")
    return vendors


def load_oems(path: Path = OEMS_FILE, vendors: Mapping[str, Vendor] | None = None) -> tuple[OemRelation, ...]:
    """Load and validate ``oems.yaml``; brand and manufacturer must be vendor ids."""
    known = load_vendors() if vendors is None else vendors
    rows: list[OemRelation] = []
    for index, entry in enumerate(_read_list(path, "oems")):
        where = f"oem row #{index + 1}"
        if not isinstance(entry, dict):
            raise _fail(path, where, "must be a mapping")
        brand = _text(path, where, entry, "brand", required=True)
        maker = _text(path, where, entry, "manufacturer", required=True)
        source = _text(path, where, entry, "source", required=True)
        assert brand is not None and maker is not None and source is not None
        where = f"oem row #{index + 1} ({brand}→{maker})"
        for key, value in (("brand", brand), ("manufacturer", maker)):
            if value not in known:
                raise _fail(path, where, f"{key} {value!r} is not a vendor id in vendors.yaml")
        confidence = entry.get("confidence")
        if (
            isinstance(confidence, bool)
            or not isinstance(confidence, int | float)
            or not 0 <= confidence <= 1
        ):
            raise _fail(path, where, "'confidence' must be a number from 0 to 1")
        since = _date(path, where, entry, "since")
        until = _date(path, where, entry, "until")
        if since is not None and until is not None and since >= until:
            raise _fail(path, where, "'since' must be before 'until'")
        rows.append(
            OemRelation(
                brand=brand,
                manufacturer=maker,
                confidence=float(confidence),
                source=source,
                since=since,
                until=until,
                products=_text(path, where, entry, "products", required=False),
                note=_text(path, where, entry, "note", required=False),
            )
        )
    return tuple(rows)


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    vendors: Mapping[str, Vendor]
    oems: tuple[OemRelation, ...]
    #: normalised alias → vendor id
    aliases: Mapping[str, str]


def _build_aliases(vendors: Mapping[str, Vendor]) -> dict[str, str]:
    table: dict[str, str] = {}
    for v in vendors.values():
        for name in (v.id, v.name, *v.aliases, *([v.legal_name] if v.legal_name else [])):
            key = normalise_name(name)
            owner = table.setdefault(key, v.id)
            if owner != v.id:
                raise KnowledgeError(
                    f"{VENDORS_FILE.name}: alias {name!r} of vendor '{v.id}' already means vendor '{owner}'"
                )
    return table


@cache
def _knowledge() -> KnowledgeBase:
    # Loading twice from two threads at once is harmless (same result), so no lock is needed.
    vendors = load_vendors()
    return KnowledgeBase(vendors=vendors, oems=load_oems(vendors=vendors), aliases=_build_aliases(vendors))


def knowledge() -> KnowledgeBase:
    """The packaged knowledge base, loaded and validated once per process."""
    return _knowledge()


def vendors() -> Mapping[str, Vendor]:
    """All vendors by id."""
    return _knowledge().vendors


def vendor(vendor_id: str) -> Vendor:
    """The vendor with id ``vendor_id``; :class:`KeyError` when there is none."""
    return _knowledge().vendors[vendor_id]


def canonical_vendor(name: str) -> str | None:
    """The vendor id that ``name`` (an id, name, legal name or alias, any case) means, or ``None``."""
    return _knowledge().aliases.get(normalise_name(name))


def oem_relations(brand: str) -> tuple[OemRelation, ...]:
    """The OEM-table rows for ``brand`` (a vendor id), most confident first."""
    rows = [r for r in _knowledge().oems if r.brand == brand]
    return tuple(sorted(rows, key=lambda r: -r.confidence))
