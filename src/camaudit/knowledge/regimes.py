"""Restriction regimes (laws, lists, directions) as versioned data with citations and dates.

Each regime names its member companies with the date each was named (a company can join a list years
after the list began: Dahua joined the DoD 1260H list on 5 Oct 2022). A regime that names no company but
covers every company of one country's jurisdiction sets ``covers_country``. Schema: docs/assessment.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from camaudit.knowledge.loader import DATA_DIR, KnowledgeError, Vendor, load_vendors
from camaudit.model import Reference, Severity

REGIMES_FILE = DATA_DIR / "regimes.yaml"

SEVERITIES: tuple[Severity, ...] = ("critical", "high", "medium", "low", "info")
CONFIDENCES = ("H", "M", "L")
#: A full date, or only the year or year-month when the source gives no more.
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True, slots=True)
class Milestone:
    date: str
    what: str


@dataclass(frozen=True, slots=True)
class Member:
    """One company a regime names, and since when."""

    vendor: str
    since: str
    confidence: str
    source: str


@dataclass(frozen=True, slots=True)
class Regime:
    id: str
    name: str
    jurisdiction: str
    citation: str
    #: Vendor ids of the members (kept as a set for quick chain checks).
    covers: frozenset[str]
    scope: str
    applies_to: str
    confidence: str
    milestones: tuple[Milestone, ...]
    references: tuple[Reference, ...]
    members: tuple[Member, ...] = ()
    covers_country: str | None = None
    names_vendors: bool = True
    default_severity: Severity = "high"

    def member(self, vendor_id: str) -> Member | None:
        """The membership record for ``vendor_id``, or ``None``."""
        return next((m for m in self.members if m.vendor == vendor_id), None)


def _fail(path: Path, where: str, problem: str) -> KnowledgeError:
    return KnowledgeError(f"{path.name}: {where}: {problem}")


def _str(path: Path, entry: Mapping[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, where, f"'{key}' must be a non-empty string")
    return " ".join(value.split())


def _date(path: Path, value: Any, where: str) -> str:
    text = str(value) if value is not None else ""
    if not _DATE.match(text):
        raise _fail(path, where, f"date {value!r} must be YYYY-MM-DD (or YYYY-MM / YYYY when only that is sourced)")
    return text


def _reference(path: Path, entry: Any, where: str) -> Reference:
    if not isinstance(entry, dict):
        raise _fail(path, where, "a reference must be a mapping")
    date = entry.get("date")
    url = entry.get("url")
    if url is not None and not (isinstance(url, str) and url.startswith("https://")):
        raise _fail(path, where, f"reference url {url!r} must be an https:// address")
    return Reference(_str(path, entry, "title", where), url, _date(path, date, where) if date else None)


def _members(path: Path, entry: Mapping[str, Any], where: str, known: Mapping[str, Vendor]) -> tuple[Member, ...]:
    raw = entry.get("members")
    if raw is None and isinstance(entry.get("covers"), list):
        # Short form: a plain list of vendor ids, all named from the regime's first milestone.
        first = (entry.get("milestones") or [{}])[0].get("date")
        raw = [{"vendor": v, "since": first, "confidence": entry.get("confidence"), "source": "regime text"}
               for v in entry["covers"]]
    if not isinstance(raw, list) or not raw:
        raise _fail(path, where, "'members' must be a non-empty list")
    out: list[Member] = []
    for i, m in enumerate(raw):
        at = f"{where} member #{i + 1}"
        if not isinstance(m, dict):
            raise _fail(path, at, "must be a mapping")
        vendor = _str(path, m, "vendor", at)
        if vendor not in known:
            raise _fail(path, at, f"vendor {vendor!r} is not a vendor id in vendors.yaml")
        confidence = _str(path, m, "confidence", at)
        if confidence not in CONFIDENCES:
            raise _fail(path, at, f"confidence must be one of {', '.join(CONFIDENCES)}")
        out.append(Member(vendor, _date(path, m.get("since"), at), confidence, _str(path, m, "source", at)))
    if len({m.vendor for m in out}) != len(out):
        raise _fail(path, where, "a vendor is listed twice in 'members'")
    return tuple(out)


def _severity(path: Path, value: Any, where: str) -> Severity:
    for s in SEVERITIES:
        if value == s:
            return s
    raise _fail(path, where, f"severity {value!r} must be one of {', '.join(SEVERITIES)}")


def load_regimes(path: Path = REGIMES_FILE, vendors: Mapping[str, Vendor] | None = None) -> tuple[Regime, ...]:
    """Load and validate every regime; a bad entry fails with the file, entry and problem."""
    known = load_vendors() if vendors is None else vendors
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"{path.name}: cannot load: {exc}") from exc
    items = doc.get("regimes") if isinstance(doc, dict) else None
    if not isinstance(items, list):
        raise KnowledgeError(f"{path.name}: expected a list under 'regimes'")
    out: list[Regime] = []
    seen: set[str] = set()
    for i, entry in enumerate(items):
        where = f"regime #{i + 1}"
        if not isinstance(entry, dict):
            raise _fail(path, where, "not a mapping")
        rid = _str(path, entry, "id", where)
        where = f"regime {rid!r}"
        if rid in seen:
            raise _fail(path, where, "duplicate id")
        seen.add(rid)
        refs = entry.get("references") or []
        if not refs:
            raise _fail(path, where, "at least one reference is required")
        country = entry.get("covers_country")
        if country is not None and not (isinstance(country, str) and _COUNTRY.match(country)):
            raise _fail(path, where, "'covers_country' must be a two-letter upper-case ISO country code")
        names_vendors = entry.get("names_vendors", True)
        if not isinstance(names_vendors, bool):
            raise _fail(path, where, "'names_vendors' must be true or false")
        confidence = _str(path, entry, "confidence", where)
        if confidence not in CONFIDENCES:
            raise _fail(path, where, f"confidence must be one of {', '.join(CONFIDENCES)}")
        members = _members(path, entry, where, known)
        out.append(
            Regime(
                id=rid,
                name=_str(path, entry, "name", where),
                jurisdiction=_str(path, entry, "jurisdiction", where),
                citation=_str(path, entry, "citation", where),
                covers=frozenset(m.vendor for m in members),
                scope=_str(path, entry, "scope", where),
                applies_to=_str(path, entry, "applies_to", where),
                confidence=confidence,
                milestones=tuple(
                    Milestone(_date(path, m.get("date"), where), " ".join(str(m.get("what", "")).split()))
                    for m in entry.get("milestones") or []
                ),
                references=tuple(_reference(path, r, where) for r in refs),
                members=members,
                covers_country=country,
                names_vendors=names_vendors,
                default_severity=_severity(path, entry.get("default_severity", "high"), where),
            )
        )
    return tuple(out)


@cache
def regimes() -> tuple[Regime, ...]:
    """The packaged regimes, loaded once per process."""
    return load_regimes()


def regime_ids() -> tuple[str, ...]:
    """Ids of the packaged regimes, in file order."""
    return tuple(r.id for r in regimes())
