"""Privacy findings from the owner's own annotations: a camera noted as being in a toilet, changing room,
shower or another place where people expect privacy.

camaudit cannot see where a camera points; the owner's notes (site, location, purpose) can. A match is a
prompt to check the camera is justified, documented and signed, citing the ICO's video-surveillance
guidance and principles 1 (purpose) and 2 (privacy impact) of the Surveillance Camera Code of Practice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from camaudit.model import Finding, Reference, Severity

#: Annotation keys whose text describes where the device is or what it is for.
PLACE_KEYS = ("site", "location", "purpose", "name", "area", "room", "notes", "description")
#: Annotation keys that record the data protection impact assessment (DPIA).
DPIA_KEYS = ("dpia", "dpia_status")

_INTIMATE = re.compile(
    r"\b(toilets?|wcs?|loos?|lavator(?:y|ies)|rest ?rooms?|washrooms?|bath ?rooms?|urinals?|showers?|"
    r"changing(?: rooms?| areas?| cubicles?)?|change rooms?|locker ?rooms?|dressing rooms?|"
    r"baby[- ]chang\w*|nappy[- ]chang\w*|fitting rooms?)\b",
    re.IGNORECASE,
)
_SENSITIVE = re.compile(
    r"\b(bed ?rooms?|dormitor(?:y|ies)|sleeping (?:area|room)s?|first[- ]aid(?: room)?|medical rooms?|"
    r"sick ?bay|treatment rooms?|prayer rooms?|quiet rooms?|lactation rooms?|breast[- ]?feeding rooms?|"
    r"counsell?ing rooms?)\b",
    re.IGNORECASE,
)
_DONE = re.compile(r"^(yes|y|done|complete[d]?|approved|signed[- ]off|in place|true)\b", re.IGNORECASE)
_MISSING = re.compile(r"^(no|n|none|missing|not done|false|todo|pending|planned)\b", re.IGNORECASE)

ICO_GUIDANCE = Reference(
    "ICO, Guidance on video surveillance (including CCTV)",
    "https://ico.org.uk/for-organisations/uk-gdpr-guidance-and-resources/cctv-and-video-surveillance/"
    "guidance-on-video-surveillance-including-cctv/",
    "2022",
)
SC_CODE = Reference(
    "Home Office, Surveillance Camera Code of Practice (principles 1 and 2), in force as updated 12 Jan 2022",
    "https://www.gov.uk/government/publications/surveillance-camera-code-of-practice",
    "2022-01-12",
)


def dpia_status(annotations: Mapping[str, str]) -> str:
    """``done``, ``missing`` or ``unknown`` from the owner's DPIA annotation."""
    for key in DPIA_KEYS:
        value = (annotations.get(key) or "").strip()
        if _DONE.match(value):
            return "done"
        if _MISSING.match(value):
            return "missing"
    return "unknown"


def privacy_findings(annotations: Mapping[str, str] | None) -> list[Finding]:
    """A finding when the device's annotations place it somewhere people expect privacy."""
    if not annotations:
        return []
    text = " | ".join(str(annotations[k]) for k in PLACE_KEYS if annotations.get(k))
    intimate = _INTIMATE.search(text)
    match = intimate or _SENSITIVE.search(text)
    if match is None:
        if (annotations.get("sensitive_place") or "").lower() not in ("yes", "true"):
            return []
        place = "a place you marked as sensitive"
    else:
        place = match.group(0)
    dpia = dpia_status(annotations)
    if intimate:
        severity: Severity = "high" if dpia != "done" else "medium"
    else:
        severity = "medium" if dpia != "done" else "low"
    dpia_text = {
        "done": "Your notes say a DPIA has been done: review it at least once a year.",
        "missing": "Your notes say there is no DPIA: one is needed before this camera is used.",
        "unknown": "Your notes do not say whether a data protection impact assessment (DPIA) has been done.",
    }[dpia]
    return [Finding(
        kind="privacy-sensitive-location",
        severity=severity,
        title=f"Camera noted as being in a private place ({place})",
        explanation=(
            f"The notes for this device mention \u201c{place}\u201d. People expect privacy there: filming in "
            "toilets, changing rooms or showers can only be justified for a particularly serious problem that "
            "less intrusive measures cannot solve, must be clearly signed, and must never capture people "
            "undressing or using facilities. The ICO expects a DPIA for high-risk surveillance like this, and "
            "the Surveillance Camera Code requires a specified, pressing purpose (principle 1) and an "
            f"assessment of the impact on privacy, regularly reviewed (principle 2). {dpia_text}"
        ),
        remediation=(
            "Check where the camera actually points. If it can see inside cubicles, showers or changing areas, "
            "switch it off or move it now. Otherwise record why it is needed, complete or review the DPIA, add "
            "clear signs, and limit who can view the recordings."
        ),
        references=(ICO_GUIDANCE, SC_CODE),
        details={"matched": place, "dpia": dpia, "category": "intimate" if intimate else "sensitive"},
    )]
