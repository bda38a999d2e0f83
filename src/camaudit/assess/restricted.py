"""Restricted-vendor findings: the device's real maker (or its parent company) is named by a regime.

The finding shows the whole chain a reader needs to check it: the brand on the box, the company that
really made it (and how we know), the parent company a regime names, and the regime's citation.
"""

from __future__ import annotations

from collections.abc import Mapping

from camaudit.knowledge.loader import Vendor, vendors
from camaudit.knowledge.regimes import Regime, regimes
from camaudit.model import Finding, Identity


def corporate_chain(manufacturer: str, known: Mapping[str, Vendor]) -> list[str]:
    """``manufacturer`` followed by its parents (``ezviz`` → ``hikvision``), cycle-safe."""
    chain = [manufacturer]
    while True:
        entry = known.get(chain[-1])
        if entry is None or not entry.parent or entry.parent in chain:
            return chain
        chain.append(entry.parent)


def _name(vendor_id: str, known: Mapping[str, Vendor]) -> str:
    entry = known.get(vendor_id)
    return entry.name if entry else vendor_id


def _finding(identity: Identity, regime: Regime, chain: list[str], known: Mapping[str, Vendor]) -> Finding:
    covered = next(c for c in chain if c in regime.covers)
    brand = identity.brand or chain[0]
    path = [f"brand {_name(brand, known)}"] if brand != chain[0] else []
    path.append(f"made by {_name(chain[0], known)}")
    path += [f"part of {_name(c, known)}" for c in chain[1:]]
    path.append(f"named in {regime.name}")
    relabelled = brand != chain[0]
    explanation = (
        f"This device is sold as {_name(brand, known)} but was made by {_name(chain[0], known)}. "
        if relabelled
        else f"This device was made by {_name(chain[0], known)}. "
    ) + (
        f"{regime.name} restricts equipment produced by {_name(covered, known)} and its subsidiaries and "
        f"affiliates ({regime.scope}) It applies to: {regime.applies_to}. "
        "Relabelled products are covered: the law follows who produced the equipment, not the name on it."
    )
    milestones = "; ".join(f"{m.date}: {m.what}" for m in regime.milestones)
    return Finding(
        kind="restricted",
        severity="high",
        title=f"Made by {_name(covered, known)}: restricted under {regime.name}",
        explanation=explanation + (f" Key dates — {milestones}." if milestones else ""),
        remediation=(
            "If your organisation is bound by this regime, plan to remove or replace the device; until then "
            "keep it off core networks and the internet, and record the decision in your asset register."
        ),
        references=regime.references,
        details={
            "regime": regime.id,
            "citation": regime.citation,
            "chain": " -> ".join(path),
            "brand": brand,
            "manufacturer": chain[0],
            "covered_entity": covered,
            "attribution": list(identity.attribution),
            "confidence": regime.confidence,
        },
    )


def restricted_findings(identity: Identity) -> list[Finding]:
    """One finding per regime that names the device's manufacturer or one of its parents."""
    if not identity.manufacturer:
        return []
    known = vendors()
    chain = corporate_chain(identity.manufacturer, known)
    return [_finding(identity, r, chain, known) for r in regimes() if any(c in r.covers for c in chain)]
