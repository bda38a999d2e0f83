"""Restricted-vendor findings: the device's real maker (or its parent company) is covered by a regime.

The finding shows the whole chain a reader needs to check it: the brand on the box, the company that
really made it (and how we know), the parent company a regime names, and the regime's citation. The
policy profile decides which regimes bind and how severe each finding is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from camaudit.knowledge.loader import regimes, vendors
from camaudit.knowledge.regimes import Member, Policy, Regime
from camaudit.knowledge.vendors import Vendor
from camaudit.model import Finding, Identity, Severity


def corporate_chain(manufacturer: str, known: Mapping[str, Vendor]) -> list[str]:
    """``manufacturer`` followed by its parents (``ezviz`` → ``hikvision``), cycle-safe."""
    chain = [manufacturer]
    while True:
        entry = known.get(chain[-1])
        if entry is None or not entry.parent or entry.parent in chain:
            return chain
        chain.append(entry.parent)


@dataclass(frozen=True, slots=True)
class RegimeMatch:
    """Which company of a corporate chain a regime covers, and how (``member`` is ``None`` when the regime
    covers it only by its registered country)."""

    covered: str
    member: Member | None


def regime_match(regime: Regime, chain: list[str], known: Mapping[str, Vendor]) -> RegimeMatch | None:
    """How ``regime`` covers someone in ``chain`` (a maker and its parents), or ``None`` when it does not."""
    for vendor_id in chain:
        member = regime.member(vendor_id)
        if member is not None:
            return RegimeMatch(vendor_id, member)
    if regime.covers_country:
        for vendor_id in chain:
            entry = known.get(vendor_id)
            if entry is not None and entry.country == regime.covers_country:
                return RegimeMatch(vendor_id, None)
    return None


def vendor_name(vendor_id: str, known: Mapping[str, Vendor]) -> str:
    """The display name of ``vendor_id`` (the id itself when it is no vendor camaudit knows)."""
    entry = known.get(vendor_id)
    return entry.name if entry else vendor_id


def _path(
    identity: Identity, regime: Regime, chain: list[str], match: RegimeMatch, known: Mapping[str, Vendor]
) -> str:
    brand = identity.brand or chain[0]
    path = [f"brand {vendor_name(brand, known)}"] if brand != chain[0] else []
    path.append(f"made by {vendor_name(chain[0], known)}")
    path += [f"part of {vendor_name(c, known)}" for c in chain[1:]]
    if match.member is None:
        path.append(f"registered in {regime.covers_country}")
    path.append(f"{'named in' if regime.names_vendors else 'covered by'} {regime.name}")
    return " -> ".join(path)


def _explanation(
    identity: Identity, regime: Regime, chain: list[str], match: RegimeMatch, known: Mapping[str, Vendor]
) -> str:
    brand = identity.brand or chain[0]
    maker, covered = vendor_name(chain[0], known), vendor_name(match.covered, known)
    text = (
        f"This device is sold as {vendor_name(brand, known)} but was made by {maker}. "
        if brand != chain[0]
        else f"This device was made by {maker}. "
    )
    if match.member is None:
        text += (
            f"{regime.name} covers equipment from companies in one country ({regime.covers_country}) rather than "
            f"naming them; {covered} is registered there, so it is very likely covered ({regime.scope}) "
        )
    elif regime.names_vendors:
        text += (
            f"{regime.name} restricts equipment produced by {covered} and its subsidiaries and affiliates "
            f"(named {match.member.since}; {regime.scope}) "
        )
    else:
        text += f"{regime.name} covers {covered}: {regime.scope} "
    text += (
        f"It applies to: {regime.applies_to}. "
        "Relabelled products are covered: what counts is who produced the equipment, not the name on it."
    )
    milestones = "; ".join(f"{m.date}: {m.what}" for m in regime.milestones)
    return text + (f" Key dates — {milestones}." if milestones else "")


def _finding(
    identity: Identity, regime: Regime, chain: list[str], match: RegimeMatch, severity: Severity,
    known: Mapping[str, Vendor],
) -> Finding:
    brand = identity.brand or chain[0]
    return Finding(
        kind="restricted",
        severity=severity,
        title=f"Made by {vendor_name(match.covered, known)}: "
        f"{'restricted under' if regime.names_vendors else 'covered by'} {regime.name}",
        explanation=_explanation(identity, regime, chain, match, known),
        remediation=(
            "If your organisation is bound by this regime, plan to remove or replace the device; until then "
            "keep it off core networks and the internet, and record the decision in your asset register."
        ),
        references=regime.citations,
        regime=regime.id,
        chain=_path(identity, regime, chain, match, known),
        details={
            "citation": regime.citation,
            "brand": brand,
            "manufacturer": chain[0],
            "covered_entity": match.covered,
            "matched_by": "country" if match.member is None else "named",
            "listed_since": match.member.since if match.member else None,
            "attribution": list(identity.attribution),
            "confidence": match.member.confidence if match.member else "M",
            "regime_confidence": regime.confidence,
        },
    )


def restricted_findings(identity: Identity, policy: Policy) -> list[Finding]:
    """One finding per binding regime that covers the device's manufacturer or one of its parents."""
    if not identity.manufacturer:
        return []
    known = vendors()
    chain = corporate_chain(identity.manufacturer, known)
    out: list[Finding] = []
    for regime in regimes():
        severity = policy.severity_for(regime)
        if severity is None:
            continue
        match = regime_match(regime, chain, known)
        if match is not None:
            out.append(_finding(identity, regime, chain, match, severity, known))
    return out
