"""Known-vulnerability findings: the device's model and firmware fall inside a CVE's affected range.

Three outcomes per CVE whose maker and model family match the device:

* firmware known and inside the range → a ``vulnerability`` finding (``critical`` when CISA lists it as
  known exploited; otherwise from CVSS);
* firmware unknown or unparsable (or lacking the build date the range needs) → one ``firmware-unknown``
  finding per device listing what could not be checked: never "safe";
* the range is not published, or the model is unknown while the firmware is in range →
  one ``vulnerability-unconfirmed`` finding per device, asking the owner to check with the maker.
"""

from __future__ import annotations

from dataclasses import dataclass

from camaudit.assess.cvedata import kev_catalog, nvd_cvss
from camaudit.knowledge.cves import AffectedRange, Cve, Cvss
from camaudit.knowledge.loader import cves, firmware_grammar, maker_of, vendors
from camaudit.model import Finding, Identity, Reference, Severity

KEV_PAGE = Reference("CISA Known Exploited Vulnerabilities catalog",
                     "https://www.cisa.gov/known-exploited-vulnerabilities-catalog")


def severity_from_cvss(score: float | None, kev: bool) -> Severity:
    """``critical`` for a known-exploited CVE; otherwise the CVSS v3 band (medium when no score is known)."""
    if kev:
        return "critical"
    if score is None:
        return "medium"
    if score >= 9.0:
        return "critical"
    if score >= 7.0:
        return "high"
    return "medium" if score >= 4.0 else "low"


@dataclass(frozen=True, slots=True)
class _Outcome:
    cve: Cve
    state: str  # affected | unknown | unconfirmed
    rng: AffectedRange | None


def _evaluate(cve: Cve, identity: Identity) -> _Outcome | None:
    ranges = [r for r in cve.affected if identity.model is None or r.matches_model(identity.model)]
    if not ranges:
        return None
    # A relabelled brand writes firmware the way its manufacturer does (oems.yaml): an EZVIZ camera's
    # "V5.3.0 build 201109" is Hikvision syntax, and so are the bounds of its CVEs.
    grammar = firmware_grammar(identity.manufacturer or identity.brand or cve.vendor)
    fw = grammar.parse(identity.firmware)
    results = [(r, r.contains(fw, grammar) if fw else None) for r in ranges]
    hit = next((r for r, inside in results if inside), None)
    if hit is not None:
        return _Outcome(cve, "affected" if identity.model else "unconfirmed", hit)
    if all(inside is False for _r, inside in results):
        return None
    bounded = [r for r, inside in results if inside is None and r.has_bounds]
    if bounded:
        return _Outcome(cve, "unknown", bounded[0])
    return _Outcome(cve, "unconfirmed", ranges[0])


def _cvss(cve: Cve) -> Cvss | None:
    return cve.cvss or nvd_cvss().get(cve.id)


def _maker_name(identity: Identity) -> str:
    vid = identity.manufacturer or identity.brand or ""
    v = vendors().get(vid)
    return v.name if v else vid


def _vulnerability(outcome: _Outcome, identity: Identity) -> Finding:
    cve, rng = outcome.cve, outcome.rng
    assert rng is not None
    kev = kev_catalog().entries.get(cve.id)
    cvss = _cvss(cve)
    severity = severity_from_cvss(cvss.score if cvss else None, kev is not None)
    text = (
        f"{cve.summary} This device ({identity.model}, firmware {identity.firmware}) is in the affected "
        f"range ({rng.describe()})."
    )
    if rng.approximate:
        text += " The range is inferred from the dates in the advisory, so confirm with the maker's per-model list."
    if kev is not None:
        text += (f" CISA lists it as known to be exploited by attackers (added {kev.date_added}), so treat it as "
                 "urgent.")
    elif cve.kev_reported:
        text += (f" It was reported as added to CISA's known-exploited list on {cve.kev_reported.date_added}"
                 f" (not in the KEV catalog camaudit holds, {kev_catalog().catalog_version}).")
    if rng.fixed:
        target = f"{rng.fixed} or later"
    elif rng.last and rng.basis == "version":
        target = f"a release newer than {rng.last} (the maker's current release)"
    elif rng.before and rng.basis == "build_date":
        target = f"a build dated {rng.before} or later (the maker's current release)"
    else:
        target = "the maker's current release"
    refs = [Reference(f"NVD {cve.id}", f"https://nvd.nist.gov/vuln/detail/{cve.id}"), *cve.citations]
    if kev is not None:
        refs.append(KEV_PAGE)
    return Finding(
        kind="vulnerability",
        severity=severity,
        title=f"{cve.id}: {cve.title}" + (" (known exploited)" if kev else ""),
        explanation=text,
        remediation=(
            f"Update the firmware to {target}, from {_maker_name(identity)}'s support site. Until "
            "then, make sure the device cannot be reached from the internet and only from the hosts that "
            "need it. If no update exists for this model, replace it."
        ),
        references=tuple(refs),
        cve=cve.id,
        details={
            "cvss": cvss.score if cvss else None, "cvss_vector": cvss.vector if cvss else None,
            "kev": kev is not None, "kev_date_added": kev.date_added if kev else None,
            "kev_due_date": kev.due_date if kev else None, "kev_catalog": kev_catalog().catalog_version,
            "kev_reported": cve.kev_reported.model_dump(mode="json", exclude_none=True) if cve.kev_reported else None,
            "affected": rng.describe(), "approximate": rng.approximate, "firmware": identity.firmware,
            "model": identity.model, "source": cve.source,
        },
    )


def _nvd_refs(outcomes: list[_Outcome]) -> tuple[Reference, ...]:
    return tuple(Reference(f"NVD {o.cve.id}", f"https://nvd.nist.gov/vuln/detail/{o.cve.id}") for o in outcomes)


def _listing(outcomes: list[_Outcome]) -> str:
    kev = kev_catalog().entries
    return "; ".join(f"{o.cve.id} ({o.cve.title}{', known exploited' if o.cve.id in kev else ''})" for o in outcomes)


def _firmware_unknown(outcomes: list[_Outcome], identity: Identity) -> Finding:
    exploited = any(o.cve.id in kev_catalog().entries for o in outcomes)
    why = ("its firmware version is unknown" if not identity.firmware
           else f"its firmware version ({identity.firmware}) could not be read or lacks the build date needed")
    what = f"a {identity.model}" if identity.model else "this model (the exact model is unknown too)"
    return Finding(
        kind="firmware-unknown",
        severity="low" if exploited else "info",
        title="Could not check for known vulnerabilities: firmware version unknown",
        explanation=(
            f"Known vulnerabilities affect some firmware of {what} from {_maker_name(identity)}, but camaudit "
            f"could not check this device because {why}. This is not a clean bill of health. "
            f"Vulnerabilities to check: {_listing(outcomes)}."
        ),
        remediation=(
            "Look up the firmware version in the device's web interface or your recorder software, compare it "
            "with the maker's advisories, and update to the current release."
        ),
        references=_nvd_refs(outcomes),
        details={"cves": [o.cve.id for o in outcomes], "firmware": identity.firmware, "model": identity.model},
    )


def _unconfirmed(outcomes: list[_Outcome], identity: Identity) -> Finding:
    exploited = any(o.cve.id in kev_catalog().entries for o in outcomes)
    return Finding(
        kind="vulnerability-unconfirmed",
        severity="low" if exploited else "info",
        title="Known vulnerabilities may affect this device: could not confirm",
        explanation=(
            f"These vulnerabilities affect {_maker_name(identity)} devices like this one, but the affected "
            "versions are not published in camaudit's data, or the exact model is unknown, so camaudit cannot "
            f"say whether this device is affected: {_listing(outcomes)}."
        ),
        remediation="Check the maker's advisory for this model and firmware, and update to the current release.",
        references=_nvd_refs(outcomes),
        details={"cves": [o.cve.id for o in outcomes], "firmware": identity.firmware, "model": identity.model},
    )


def vulnerability_findings(identity: Identity) -> list[Finding]:
    """Findings for the CVEs of the device's brand and of its manufacturer that its model and firmware match.

    The manufacturer is the identity's, or when only the brand is known, the brand's maker through the OEM
    table: a HiLook camera gets Hikvision's CVEs, an EZVIZ camera EZVIZ's and Hikvision's.
    """
    makers = {m for m in (identity.brand, identity.manufacturer or maker_of(identity.brand)) if m}
    if not makers:
        return []
    outcomes = [o for o in (_evaluate(c, identity) for c in cves() if c.vendor in makers) if o is not None]
    out = [_vulnerability(o, identity) for o in outcomes if o.state == "affected"]
    unknown = [o for o in outcomes if o.state == "unknown"]
    unconfirmed = [o for o in outcomes if o.state == "unconfirmed"]
    if unknown:
        out.append(_firmware_unknown(unknown, identity))
    if unconfirmed:
        out.append(_unconfirmed(unconfirmed, identity))
    return out
