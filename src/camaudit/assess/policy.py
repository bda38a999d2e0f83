"""Policy profiles: which restriction regimes bind the organisation, and how severe each finding is.

Profiles are data (``knowledge/data/policies.yaml``). An unknown profile name is a :class:`PolicyError`
whose message is one line naming the valid profiles, so the CLI can print it as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from camaudit.knowledge.loader import DATA_DIR, KnowledgeError
from camaudit.knowledge.regimes import SEVERITIES, Regime, regimes
from camaudit.model import Severity

POLICIES_FILE = DATA_DIR / "policies.yaml"
DEFAULT_POLICY = "all"


class PolicyError(ValueError):
    """An unknown policy profile name; the message is one line listing the valid names."""


@dataclass(frozen=True, slots=True)
class Policy:
    """A profile: the severity each binding regime yields. A regime absent from ``severities`` does not bind."""

    name: str
    description: str
    severities: Mapping[str, Severity]

    def severity_for(self, regime: Regime) -> Severity | None:
        """The severity of a finding for ``regime`` under this profile, or ``None`` when it does not bind."""
        return self.severities.get(regime.id)


def _severity(value: Any, where: str) -> Severity:
    for s in SEVERITIES:
        if value == s:
            return s
    raise KnowledgeError(f"{POLICIES_FILE.name}: {where}: severity {value!r} must be one of {', '.join(SEVERITIES)}")


def load_policies(path: Path = POLICIES_FILE, known: tuple[Regime, ...] | None = None) -> dict[str, Policy]:
    """Load and validate every profile; regime ids must exist in regimes.yaml."""
    all_regimes = regimes() if known is None else known
    by_id = {r.id: r for r in all_regimes}
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"{path.name}: cannot load: {exc}") from exc
    items = doc.get("policies") if isinstance(doc, dict) else None
    if not isinstance(items, list):
        raise KnowledgeError(f"{path.name}: expected a list under 'policies'")
    out: dict[str, Policy] = {}
    for i, entry in enumerate(items):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise KnowledgeError(f"{path.name}: policy #{i + 1}: needs a 'name'")
        name = entry["name"]
        where = f"policy {name!r}"
        if name in out:
            raise KnowledgeError(f"{path.name}: {where}: duplicate name")
        description = entry.get("description")
        if not isinstance(description, str) or not description.strip():
            raise KnowledgeError(f"{path.name}: {where}: needs a plain-English 'description'")
        if entry.get("all_regimes") is True:
            severities: dict[str, Severity] = {r.id: r.default_severity for r in all_regimes}
        else:
            table = entry.get("regimes")
            if not isinstance(table, dict):
                raise KnowledgeError(f"{path.name}: {where}: 'regimes' must map regime ids to severities")
            severities = {}
            for rid, sev in table.items():
                if rid not in by_id:
                    raise KnowledgeError(f"{path.name}: {where}: unknown regime {rid!r}")
                severities[str(rid)] = _severity(sev, where)
        out[name] = Policy(name, " ".join(description.split()), severities)
    if DEFAULT_POLICY not in out:
        raise KnowledgeError(f"{path.name}: the default policy {DEFAULT_POLICY!r} is missing")
    return out


@cache
def policies() -> Mapping[str, Policy]:
    """The packaged profiles by name, loaded once per process."""
    return load_policies()


def policy_names() -> tuple[str, ...]:
    """Valid profile names, in file order."""
    return tuple(policies())


def get_policy(name: str | Policy) -> Policy:
    """The profile called ``name``; :class:`PolicyError` with a one-line message when there is none."""
    if isinstance(name, Policy):
        return name
    found = policies().get(name)
    if found is None:
        shown = " ".join(str(name).split())[:60]
        raise PolicyError(f"unknown policy {shown!r}; valid policies: {', '.join(policy_names())}")
    return found
