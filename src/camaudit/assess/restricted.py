"""Restricted-vendor findings: the device's real maker (or its parent company) is covered by a regime.

The finding shows the whole chain a reader needs to check it: the brand on the box, the company that
really made it (and how we know), the parent company a regime names, and the regime's citation. The
policy profile decides which regimes bind and how severe each finding is.

How we know matters when the maker comes from the OEM table rather than from the device. A row graded L (one
community source, confidence below :data:`WEAK_ROW`: Honeywell -> Dahua 0.3, Interlogix -> Hikvision 0.4)
still gives the identity its manufacturer, but it does not settle who made the device: such a device gets no
``restricted`` finding here. It gets a ``restricted-possible`` one instead (``assess.possibly_restricted``), so
that every count (result summary, register, report, executive page, census, dashboard) keeps "confirmed" for
makers the device itself named or a firm OEM row gave, and counts the weak ones as "possible" -- by the
finding's kind alone, with no second test for a weak source anywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from camaudit.knowledge.loader import oem_relations, regimes, vendors
from camaudit.knowledge.regimes import Member, Policy, Regime
from camaudit.knowledge.vendors import OemRelation, Vendor, made_on, rows_for_line
from camaudit.model import Finding, Identity, Severity

#: An OEM row below this confidence is graded L in knowledge.md (one community source).
WEAK_ROW = 0.5


def corporate_chain(manufacturer: str, known: Mapping[str, Vendor]) -> list[str]:
    """``manufacturer`` followed by its parents (``ezviz`` → ``hikvision``), cycle-safe."""
    chain = [manufacturer]
    while True:
        entry = known.get(chain[-1])
        if entry is None or not entry.parent or entry.parent in chain:
            return chain
        chain.append(entry.parent)


def maker_named_by_device(identity: Identity) -> bool:
    """True when evidence from the device itself (not the OEM table) named the maker resolution chose."""
    maker = identity.manufacturer
    return maker is not None and any(
        str(ev.asserts.get("manufacturer", "")).casefold() == maker for ev in identity.evidence
    )


def dated_oem_rows(brand: str, identity: Identity) -> tuple[OemRelation, ...]:
    """The OEM-table rows of ``brand`` that speak for this device, as resolution reads them: the rows for its product
    line when its model or firmware matches a row's selector (``models``/``firmware``), else the brand's general rows
    (a row for one line says nothing of a device not known to be of it); only those covering its date of manufacture
    when it gave one."""
    made = made_on(identity.evidence)
    rows, by_line = rows_for_line(oem_relations(brand), identity.model, identity.firmware, made)
    return rows if by_line or made is None else tuple(r for r in rows if r.covers(made))


def oem_basis(identity: Identity) -> OemRelation | None:
    """The OEM-table row the manufacturer was taken from, when the brand differs and the device did not name it:
    the row for the device's product line when one matched, else the brand's general row before another line's."""
    brand, maker = identity.brand, identity.manufacturer
    if not brand or not maker or brand == maker or maker_named_by_device(identity):
        return None
    rows = sorted((r for r in dated_oem_rows(brand, identity) if r.manufacturer == maker), key=lambda r: r.by_line)
    return rows[0] if rows else None


def is_weak(row: OemRelation | None) -> bool:
    """Whether ``row`` is an OEM row graded L (confidence below :data:`WEAK_ROW`)."""
    return row is not None and row.confidence < WEAK_ROW


def weak_oem_maker(identity: Identity) -> OemRelation | None:
    """The OEM row graded L (confidence below :data:`WEAK_ROW`) the manufacturer was taken from, if it was."""
    basis = oem_basis(identity)
    return basis if is_weak(basis) else None


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
    identity: Identity, regime: Regime, chain: list[str], match: RegimeMatch, known: Mapping[str, Vendor],
    basis: OemRelation | None = None,
) -> str:
    brand = identity.brand or chain[0]
    path = [f"brand {vendor_name(brand, known)}"] if brand != chain[0] else []
    if basis is not None and basis.by_line:
        path.append(f"product line {basis.products}")
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
    if brand != chain[0]:
        text = f"This device is sold as {vendor_name(brand, known)} but was made by {maker}. "
    else:
        text = f"This device was made by {maker}. "
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
    known: Mapping[str, Vendor], basis: OemRelation | None,
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
        chain=_path(identity, regime, chain, match, known, basis),
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
            "maker_from": "device" if basis is None else "oem-table",
            "oem_row": None if basis is None else {
                "confidence": basis.confidence,
                "since": str(basis.since) if basis.since else None,
                "until": str(basis.until) if basis.until else None,
                "products": basis.products,
                "models": basis.models,
                "firmware": basis.firmware,
                "source": basis.source,
            },
        },
    )


def restricted_findings(identity: Identity, policy: Policy) -> list[Finding]:
    """One finding per binding regime that covers the device's manufacturer or one of its parents (none when
    that manufacturer came from a weak OEM row: see the module docstring)."""
    if not identity.manufacturer:
        return []
    known = vendors()
    chain = corporate_chain(identity.manufacturer, known)
    basis = oem_basis(identity)
    if is_weak(basis):
        return []
    out: list[Finding] = []
    for regime in regimes():
        severity = policy.severity_for(regime)
        if severity is None:
            continue
        match = regime_match(regime, chain, known)
        if match is not None:
            out.append(_finding(identity, regime, chain, match, severity, known, basis))
    return out
