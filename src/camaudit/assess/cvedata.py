"""The CVE table (``knowledge/data/cves.yaml``) and the KEV catalog, loaded and validated once.

Every model pattern carries examples that must match it, and every firmware bound must parse in the
vendor's syntax, so a bad edit fails at load time with the file, the entry and the problem.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

from camaudit.assess.versions import Firmware, parse_firmware
from camaudit.knowledge.loader import DATA_DIR, KnowledgeError, vendors
from camaudit.knowledge.update import load_kev, load_overlay
from camaudit.model import Reference

CVES_FILE = DATA_DIR / "cves.yaml"
Basis = Literal["version", "build_date"]


@dataclass(frozen=True, slots=True)
class AffectedRange:
    """Models (regexes) and, when published, the affected firmware between ``first`` and ``last``/``before``."""

    models: tuple[re.Pattern[str], ...]
    basis: Basis | None = None
    first: str | None = None
    last: str | None = None
    before: str | None = None
    fixed: str | None = None
    approximate: bool = False

    @property
    def has_bounds(self) -> bool:
        return self.basis is not None

    def matches_model(self, model: str) -> bool:
        """True when ``model`` starts with one of the patterns (case-insensitive)."""
        return any(p.match(model) for p in self.models)

    def describe(self) -> str:
        """The range as a person would write it: ``V5.2.0 build 140721 to V5.4.0 build 160530``."""
        low = self.first or "earliest"
        high = f"{self.last} (inclusive)" if self.last else f"before {self.before}" if self.before else "latest"
        what = "build dates" if self.basis == "build_date" else "firmware"
        return f"{what} {low} to {high}"


@dataclass(frozen=True, slots=True)
class Cvss:
    version: str
    score: float
    vector: str | None
    source: str


@dataclass(frozen=True, slots=True)
class Cve:
    id: str
    vendor: str
    title: str
    summary: str
    cwe: str | None
    ranges: tuple[AffectedRange, ...]
    cvss: Cvss | None
    kev_reported: Mapping[str, str] | None
    references: tuple[Reference, ...]
    source: str


@dataclass(frozen=True, slots=True)
class KevEntry:
    cve_id: str
    date_added: str
    due_date: str | None
    product: str


@dataclass(frozen=True, slots=True)
class KevCatalog:
    catalog_version: str
    date_released: str
    origin: str
    entries: Mapping[str, KevEntry]


@dataclass(frozen=True, slots=True)
class EndOfLife:
    vendor: str
    models: tuple[re.Pattern[str], ...]
    statement: str
    url: str | None
    confidence: str
    source: str


def _fail(where: str, problem: str) -> KnowledgeError:
    return KnowledgeError(f"{CVES_FILE.name}: {where}: {problem}")


def _patterns(entry: Mapping[str, Any], where: str) -> tuple[re.Pattern[str], ...]:
    raw, examples = entry.get("models"), entry.get("examples")
    if not isinstance(raw, list) or not raw or not isinstance(examples, list) or not examples:
        raise _fail(where, "'models' and 'examples' must be non-empty lists")
    try:
        compiled = tuple(re.compile(str(p), re.IGNORECASE) for p in raw)
    except re.error as exc:
        raise _fail(where, f"bad model pattern: {exc}") from exc
    for example in examples:
        if not any(p.match(str(example)) for p in compiled):
            raise _fail(where, f"example {example!r} matches none of its model patterns")
    return compiled


def _bound(value: Any, basis: Basis, syntax: str, where: str) -> str | None:
    if value is None:
        return None
    text = str(value)
    if basis == "build_date":
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            raise _fail(where, f"build-date bound {text!r} must be YYYY-MM-DD") from None
    elif parse_firmware(text, syntax) is None:
        raise _fail(where, f"bound {text!r} does not parse as {syntax} firmware")
    return text


def _range(entry: Any, syntax: str, where: str) -> AffectedRange:
    if not isinstance(entry, dict):
        raise _fail(where, "an affected range must be a mapping")
    basis = entry.get("basis")
    if basis not in (None, "version", "build_date"):
        raise _fail(where, f"basis {basis!r} must be 'version' or 'build_date'")
    bounds = {k: entry.get(k) for k in ("first", "last", "before")}
    if basis is None and any(v is not None for v in bounds.values()):
        raise _fail(where, "a range with bounds needs a 'basis'")
    if basis is not None and bounds["last"] is None and bounds["before"] is None:
        raise _fail(where, "a range needs 'last' or 'before'")
    return AffectedRange(
        models=_patterns(entry, where),
        basis=basis,
        first=_bound(bounds["first"], basis, syntax, where) if basis else None,
        last=_bound(bounds["last"], basis, syntax, where) if basis else None,
        before=_bound(bounds["before"], basis, syntax, where) if basis else None,
        fixed=str(entry["fixed"]) if entry.get("fixed") else None,
        approximate=bool(entry.get("approximate", False)),
    )


def _cvss(raw: Any, where: str) -> Cvss | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("score"), int | float) or not 0 <= raw["score"] <= 10:
        raise _fail(where, "'cvss' needs a score from 0 to 10")
    return Cvss(str(raw.get("version", "")), float(raw["score"]), raw.get("vector"), str(raw.get("source", "")))


def syntax_of(vendor_id: str) -> str:
    """Whose firmware syntax a vendor's devices use: its OEM manufacturer's for relabelled brands."""
    return {"amcrest": "dahua", "lorex": "dahua", "annke": "hikvision", "lts": "hikvision"}.get(vendor_id, vendor_id)


def load_cves(path: Path = CVES_FILE) -> tuple[tuple[Cve, ...], tuple[EndOfLife, ...]]:
    """Load and validate the CVE table and the end-of-life list."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"{path.name}: cannot load: {exc}") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("cves"), list):
        raise KnowledgeError(f"{path.name}: expected a list under 'cves'")
    known = vendors()
    out: list[Cve] = []
    for i, e in enumerate(doc["cves"]):
        cid = e.get("id") if isinstance(e, dict) else None
        if not isinstance(cid, str) or not re.match(r"^CVE-\d{4}-\d{4,}$", cid):
            raise _fail(f"entry #{i + 1}", "needs an id like CVE-2021-36260")
        if e.get("vendor") not in known:
            raise _fail(cid, f"vendor {e.get('vendor')!r} is not a vendor id in vendors.yaml")
        for key in ("title", "summary", "source"):
            if not isinstance(e.get(key), str) or not e[key].strip():
                raise _fail(cid, f"needs a non-empty '{key}'")
        ranges = e.get("affected")
        if not isinstance(ranges, list) or not ranges:
            raise _fail(cid, "needs at least one 'affected' range")
        refs = tuple(Reference(str(r["title"]), r.get("url"), r.get("date")) for r in e.get("references") or [])
        out.append(Cve(
            id=cid, vendor=e["vendor"], title=" ".join(e["title"].split()), summary=" ".join(e["summary"].split()),
            cwe=e.get("cwe"), ranges=tuple(_range(r, syntax_of(e["vendor"]), f"{cid} range #{j + 1}")
                                           for j, r in enumerate(ranges)),
            cvss=_cvss(e.get("cvss"), cid), kev_reported=e.get("kev_reported"), references=refs,
            source=e["source"],
        ))
    if len({c.id for c in out}) != len(out):
        raise KnowledgeError(f"{path.name}: a CVE id is listed twice")
    eol = tuple(
        EndOfLife(x["vendor"], _patterns(x, f"end_of_life #{i + 1}"), str(x["statement"]), x.get("url"),
                  str(x.get("confidence", "M")), str(x["source"]))
        for i, x in enumerate(doc.get("end_of_life") or [])
    )
    return tuple(out), eol


@cache
def _table() -> tuple[tuple[Cve, ...], tuple[EndOfLife, ...]]:
    return load_cves()


def cves() -> tuple[Cve, ...]:
    """The packaged CVE table."""
    return _table()[0]


def end_of_life() -> tuple[EndOfLife, ...]:
    """Products whose maker publicly states they are end of life."""
    return _table()[1]


@cache
def kev_catalog() -> KevCatalog:
    """The KEV catalog in use (user overlay from ``kb update``, else the shipped snapshot), loaded once."""
    doc = load_kev()
    entries = {
        v["cveID"]: KevEntry(v["cveID"], v["dateAdded"], v.get("dueDate"), str(v.get("product", "")))
        for v in doc["vulnerabilities"]
    }
    return KevCatalog(doc["catalogVersion"], doc["dateReleased"], doc["origin"], entries)


@cache
def nvd_cvss() -> Mapping[str, Cvss]:
    """CVSS scores from the NVD overlay written by ``kb update`` (empty without one)."""
    doc = load_overlay("nvd.json") or {}
    out: dict[str, Cvss] = {}
    for rec in doc.get("cves") or []:
        c = rec.get("cvss") if isinstance(rec, dict) else None
        if isinstance(c, dict) and isinstance(c.get("score"), int | float):
            out[str(rec["id"])] = Cvss(
                str(c.get("version") or ""), float(c["score"]), c.get("vector"), "NVD (kb update)"
            )
    return out


def firmware_key(fw: Firmware, basis: Basis) -> tuple[Any, ...] | None:
    """The value a range compares for ``basis``, or ``None`` when the firmware lacks it (no build date)."""
    if basis == "build_date":
        return (fw.build_date,) if fw.build_date else None
    return fw.key()


def in_range(fw: Firmware, rng: AffectedRange, syntax: str) -> bool | None:
    """True when ``fw`` is inside ``rng``; ``None`` when it cannot be told (the range has no bounds or the
    firmware lacks what the range compares)."""
    if rng.basis is None:
        return None
    key = firmware_key(fw, rng.basis)
    if key is None:
        return None

    def bound(text: str | None) -> tuple[Any, ...] | None:
        if text is None:
            return None
        if rng.basis == "build_date":
            return (dt.date.fromisoformat(text),)
        parsed = parse_firmware(text, syntax)
        return parsed.key() if parsed else None

    low, high, stop = bound(rng.first), bound(rng.last), bound(rng.before)
    if low is not None and key < low:
        return False
    if high is not None and key > high:
        return False
    return not (stop is not None and key >= stop)
