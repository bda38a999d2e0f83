"""Restriction regimes (laws, lists, directions) as versioned data with citations and dates."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from camaudit.knowledge.loader import DATA_DIR, KnowledgeError
from camaudit.model import Reference

REGIMES_FILE = DATA_DIR / "regimes.yaml"


@dataclass(frozen=True, slots=True)
class Milestone:
    date: str
    what: str


@dataclass(frozen=True, slots=True)
class Regime:
    id: str
    name: str
    jurisdiction: str
    citation: str
    covers: frozenset[str]
    scope: str
    applies_to: str
    confidence: str
    milestones: tuple[Milestone, ...]
    references: tuple[Reference, ...]


def _str(entry: dict[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise KnowledgeError(f"{REGIMES_FILE.name}: {where}: '{key}' must be a non-empty string")
    return " ".join(value.split())


def _reference(entry: Any, where: str) -> Reference:
    if not isinstance(entry, dict):
        raise KnowledgeError(f"{REGIMES_FILE.name}: {where}: a reference must be a mapping")
    date = entry.get("date")
    return Reference(_str(entry, "title", where), entry.get("url"), str(date) if date else None)


def load_regimes(path: Path = REGIMES_FILE) -> tuple[Regime, ...]:
    """Load and validate every regime; a bad entry fails with the file, entry and problem."""
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
            raise KnowledgeError(f"{path.name}: {where}: not a mapping")
        rid = _str(entry, "id", where)
        where = f"regime {rid!r}"
        if rid in seen:
            raise KnowledgeError(f"{path.name}: {where}: duplicate id")
        seen.add(rid)
        covers = entry.get("covers")
        if not isinstance(covers, list) or not all(isinstance(c, str) for c in covers) or not covers:
            raise KnowledgeError(f"{path.name}: {where}: 'covers' must be a list of vendor ids")
        refs = entry.get("references") or []
        if not refs:
            raise KnowledgeError(f"{path.name}: {where}: at least one reference is required")
        out.append(
            Regime(
                id=rid,
                name=_str(entry, "name", where),
                jurisdiction=_str(entry, "jurisdiction", where),
                citation=_str(entry, "citation", where),
                covers=frozenset(covers),
                scope=_str(entry, "scope", where),
                applies_to=_str(entry, "applies_to", where),
                confidence=_str(entry, "confidence", where),
                milestones=tuple(
                    Milestone(str(m["date"]), " ".join(str(m["what"]).split()))
                    for m in entry.get("milestones") or []
                ),
                references=tuple(_reference(r, where) for r in refs),
            )
        )
    return tuple(out)


@cache
def regimes() -> tuple[Regime, ...]:
    """The packaged regimes, loaded once per process."""
    return load_regimes()
