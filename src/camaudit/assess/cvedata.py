"""What is known about exploitation and severity beyond ``cves.yaml``: the KEV catalog and NVD scores.

The KEV catalog is the user overlay written by ``camaudit kb update`` when there is a valid one, else the
dated snapshot shipped in the package; NVD CVSS scores come only from the overlay. Both load once per
process. The CVE table itself comes from the knowledge loader (``camaudit.knowledge.loader.cves``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from camaudit.knowledge.cves import Cvss
from camaudit.knowledge.update import load_kev, load_overlay


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
        if isinstance(c, dict) and isinstance(c.get("score"), int | float) and 0 <= c["score"] <= 10:
            out[str(rec["id"])] = Cvss(
                version=str(c.get("version") or ""), score=float(c["score"]),
                vector=c.get("vector") if isinstance(c.get("vector"), str) else None, source="NVD (kb update)",
            )
    return out
