"""Possibly made by a restricted maker: the brand has sold devices a covered company made, and nothing the device
said settles who made this one.

An undated Lorex gets no manufacturer (Dahua made Lorex devices from 2018 until the sale of November 2022,
Hikvision some older lines: which holds depends on the date of manufacture); a Swann gets the maker of its
most confident OEM row (Raysharp), not that of the weak one naming Hikvision. Either way no ``restricted``
finding is made, and an IT lead auditing such a fleet would see nothing, though the brand is known to have
sold Hikvision- and Dahua-made lines. A ``restricted`` finding would claim what nobody knows; silence hides
what the knowledge base does know. The ``restricted-possible`` finding says it as it is: each candidate maker
with the OEM row's dates, confidence and source, what the regime covers if that maker made it, and what the
user can check to settle it. Its severity is one step below the confirmed one
(:func:`~camaudit.assess.policy.possible_severity`).

A maker resolution took from an OEM row graded weak (confidence below ``restricted.WEAK_ROW``: Honeywell ->
Dahua 0.3, Interlogix -> Hikvision 0.4) does not settle it either: that device gets this finding, with the weak
row among the candidates, and no ``restricted`` one (docs/assessment.md, "A maker from a weak OEM row").

No such finding is made when:

* the device is not a video device (the OEM rows describe the brand's cameras and recorders);
* the device itself named its maker (evidence asserting the manufacturer, not the OEM table): the rows for the
  brand's other lines do not apply to it;
* its date of manufacture is known and no candidate's row covers that date;
* the regime already covers the maker resolution named from a firm row: the ``restricted`` finding says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from camaudit.assess.policy import possible_severity
from camaudit.assess.restricted import (
    WEAK_ROW,
    RegimeMatch,
    corporate_chain,
    dated_oem_rows,
    maker_named_by_device,
    regime_match,
    vendor_name,
    weak_oem_maker,
)
from camaudit.knowledge.loader import regimes, vendors
from camaudit.knowledge.regimes import Policy, Regime
from camaudit.knowledge.vendors import OemRelation, Vendor, made_on
from camaudit.model import Finding, Identity, Severity

KIND = "restricted-possible"


@dataclass(frozen=True, slots=True)
class _Candidate:
    row: OemRelation
    chain: tuple[str, ...]
    match: RegimeMatch


def candidate_rows(identity: Identity, known: Mapping[str, Vendor], settled: str | None) -> tuple[OemRelation, ...]:
    """The OEM rows of the device's brand that may name its real maker but that resolution did not settle
    (``settled``: the manufacturer resolution named, ``None`` when it came from a weak OEM row)."""
    brand = identity.brand
    if not identity.is_video_device or brand is None or brand not in known or maker_named_by_device(identity):
        return ()
    rows = dated_oem_rows(brand, identity)
    named = set(corporate_chain(settled, known)) if settled else set()
    return tuple(r for r in rows if r.manufacturer not in named)


def _span(row: OemRelation) -> str:
    if row.since and row.until:
        return f"made from {row.since} until {row.until}"
    if row.until:
        return f"made before {row.until}"
    if row.since:
        return f"made from {row.since} on"
    return "of any date (the relation is by product line)"


def _maker_words(candidate: _Candidate, known: Mapping[str, Vendor]) -> str:
    words = vendor_name(candidate.chain[0], known)
    parents = [vendor_name(c, known) for c in candidate.chain[1:]]
    return words + (f" (part of {', '.join(parents)})" if parents else "")


def _either(names: list[str]) -> str:
    unique = list(dict.fromkeys(names))
    return unique[0] if len(unique) == 1 else ", ".join(unique[:-1]) + " or " + unique[-1]


def _chain(identity: Identity, regime: Regime, found: list[_Candidate], known: Mapping[str, Vendor]) -> str:
    makers = " or ".join(
        f"{_maker_words(c, known)} ({_span(c.row)}, confidence {c.row.confidence})" for c in found
    )
    path = [f"brand {vendor_name(identity.brand or '', known)}", f"possibly made by {makers}"]
    if all(c.match.member is None for c in found):
        path.append(f"registered in {regime.covers_country}")
    path.append(f"{'named in' if regime.names_vendors else 'covered by'} {regime.name}")
    return " -> ".join(path)


def _coverage(regime: Regime, found: list[_Candidate], known: Mapping[str, Vendor]) -> str:
    """What the regime covers if one of the candidates made the device, in the regime's own words (its scope)."""
    named = [c for c in found if c.match.member is not None]
    by_country = [c for c in found if c.match.member is None]
    parts: list[str] = []
    if named:
        makers = _either([vendor_name(c.chain[0], known) for c in named])
        listed = " and ".join(
            dict.fromkeys(f"{vendor_name(c.match.covered, known)} (since {c.match.member.since})"
                          for c in named if c.match.member is not None)
        )
        how = "names" if regime.names_vendors else "counts among the companies it covers"
        parts.append(f"If {makers} made it, its maker is one that {regime.name} {how}: {listed}.")
    if by_country:
        makers = _either([vendor_name(c.chain[0], known) for c in by_country])
        parts.append(
            f"If {makers} made it, its maker is very likely one that {regime.name} covers: the regime covers "
            f"companies of one country ({regime.covers_country}) rather than naming them, and {makers} is "
            "registered there."
        )
    parts.append(f"What the regime covers: {regime.scope.rstrip('.')}.")
    if "produced by" in regime.scope:
        parts.append("What counts is who produced the equipment, not the name on it.")
    return " ".join(parts)


def _explanation(
    identity: Identity, regime: Regime, found: list[_Candidate], rows: tuple[OemRelation, ...],
    known: Mapping[str, Vendor], made: dt.date | None, makers: str, weak: OemRelation | None,
) -> str:
    brand = vendor_name(identity.brand or "", known)
    if identity.manufacturer is None:
        text = f"This device is sold as {brand}, and camaudit could not tell which company made it. "
    elif weak is not None:
        text = (
            f"This device is sold as {brand}. camaudit's OEM relations name "
            f"{vendor_name(identity.manufacturer, known)} as its maker, but only weakly (confidence "
            f"{weak.confidence}, below {WEAK_ROW}: one community source), which does not settle who made it. "
        )
    else:
        text = (
            f"This device is sold as {brand}; camaudit took {vendor_name(identity.manufacturer, known)} as its "
            f"maker from the likeliest OEM relation, but {brand} has also sold devices made by other companies. "
        )
    if made is not None:
        text += f"It was made on {made}, a date the relations below cover. "
    elif any(r.since or r.until for r in rows):
        text += (
            f"Which company made a {brand} device depends on when it was made, and this one did not say (no "
            "date of manufacture in its serial number or firmware). "
        )
    else:
        text += f"Which company made a {brand} device depends on its product line, which this one did not settle. "
    text += f"Companies known to have made {brand} devices that matter here: " + "; ".join(
        f"{vendor_name(c.row.manufacturer, known)}, for devices {_span(c.row)} (confidence {c.row.confidence}"
        + (f"; {c.row.products}" if c.row.products else "")
        + f"; source: {c.row.source})"
        for c in found
    ) + ". "
    text += _coverage(regime, found, known) + f" The regime binds: {regime.applies_to}. "
    return text + (
        f"This does not say that {makers} made the device: it says that it possibly did, and how to settle it."
    )


def _remediation(identity: Identity, known: Mapping[str, Vendor], makers: str) -> str:
    brand = vendor_name(identity.brand or "", known)
    return (
        "Settle who made it before deciding anything. Read the date code or manufacture date on the device's "
        "label (or the date inside its serial number) and compare it with the dates above. Look its model "
        f"number up in {brand}'s documentation or an OEM cross-reference: a relabelled model often carries "
        f"its maker's model number too. Check the firmware family in its web interface or in the update files "
        f"{brand} publishes for it: a relabelled device usually runs its maker's firmware, with that maker's "
        "version scheme. Check whether the first half of its MAC address (the OUI) is registered to "
        f"{makers}. If it was made by {makers}, treat it as restricted under this regime; either way, record "
        "what you found in your asset register."
    )


def _finding(
    identity: Identity, regime: Regime, found: list[_Candidate], rows: tuple[OemRelation, ...],
    severity: Severity, known: Mapping[str, Vendor], made: dt.date | None, weak: OemRelation | None,
) -> Finding:
    makers = _either([vendor_name(c.chain[0], known) for c in found])
    return Finding(
        kind=KIND,
        severity=severity,
        title=f"Possibly made by {makers}: {'restricted under' if regime.names_vendors else 'covered by'} "
        f"{regime.name} if so",
        explanation=_explanation(identity, regime, found, rows, known, made, makers, weak),
        remediation=_remediation(identity, known, makers),
        references=regime.citations,
        regime=regime.id,
        chain=_chain(identity, regime, found, known),
        details={
            "citation": regime.citation,
            "brand": identity.brand,
            "manufacturer": identity.manufacturer,
            "manufacturer_from_weak_row": weak is not None,
            "made": str(made) if made else None,
            "candidates": [
                {
                    "manufacturer": c.row.manufacturer,
                    "covered_entity": c.match.covered,
                    "matched_by": "country" if c.match.member is None else "named",
                    "listed_since": c.match.member.since if c.match.member else None,
                    "since": str(c.row.since) if c.row.since else None,
                    "until": str(c.row.until) if c.row.until else None,
                    "confidence": c.row.confidence,
                    "products": c.row.products,
                    "source": c.row.source,
                }
                for c in found
            ],
            "attribution": list(identity.attribution),
            "regime_confidence": regime.confidence,
        },
    )


def possibly_restricted_findings(identity: Identity, policy: Policy) -> list[Finding]:
    """One finding per binding regime that would cover the device if one of its brand's other makers made it."""
    known = vendors()
    # The weak row (if the manufacturer came from one) and the date of manufacture, worked out once per device.
    weak = weak_oem_maker(identity)
    settled = None if weak is not None else identity.manufacturer
    rows = candidate_rows(identity, known, settled)
    if not rows:
        return []
    made = made_on(identity.evidence)
    named_chain = corporate_chain(settled, known) if settled else []
    chains = {r.manufacturer: tuple(corporate_chain(r.manufacturer, known)) for r in rows}
    out: list[Finding] = []
    for regime in regimes():
        severity = possible_severity(policy, regime)
        if severity is None or (named_chain and regime_match(regime, named_chain, known) is not None):
            continue
        found = [
            _Candidate(row, chains[row.manufacturer], match)
            for row in rows
            if (match := regime_match(regime, list(chains[row.manufacturer]), known)) is not None
        ]
        if found:
            out.append(_finding(identity, regime, found, rows, severity, known, made, weak))
    return out
