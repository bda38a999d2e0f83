"""Device-state findings: a factory-fresh device waiting for its first password, and end-of-life products.

Factory-fresh (never activated) comes from the device facts (``camaudit.identify.facts``): a Hikvision
SADP reply's ``Activated=false`` (no admin password yet; whoever activates it first owns it; protocols.md
§1.1, confidence H), or a Dahua DHIP ``Init`` whose bits 0-1 say "not initialised" (Dahua NetSDK
``DEVICE_NET_INFO_EX.byInitStatus``, an inference consistent with the real uninitialised capture ``Init``
3733; confidence M).
"""

from __future__ import annotations

from camaudit.knowledge.loader import end_of_life
from camaudit.model import DeviceFacts, Finding, Identity, Reference

_SADP_REF = Reference("camaudit protocol notes: Hikvision SADP Activated field (docs/observation-fields.md)")
_DHIP_REF = Reference("Dahua NetSDK DEVICE_NET_INFO_EX.byInitStatus (bits 0-1: 1 = not initialised)")


def _fresh(how: str, confidence: str, ref: Reference) -> Finding:
    return Finding(
        kind="factory-fresh",
        severity="high",
        title="Device not set up: no admin password yet",
        explanation=(
            f"{how} A device in this state has no administrator password: the first person on the network to "
            "open its setup page or run the maker's tool chooses the password and takes control of it."
        ),
        remediation=(
            "Set it up now from a trusted computer with a strong, unique admin password, or unplug it if "
            "nobody expects it to be there."
        ),
        references=(ref,),
        details={"confidence": confidence},
    )


def factory_fresh_findings(facts: DeviceFacts) -> list[Finding]:
    """A finding when a discovery reply says the device was never activated/initialised."""
    state = facts.activation
    if state is None or state.activated:
        return []
    if state.seen_in == "sadp":
        return [_fresh("Its Hikvision discovery reply (SADP) says it has not been activated.", "H", _SADP_REF)]
    return [_fresh("Its Dahua discovery reply says it has not been initialised (Init flag).", "M", _DHIP_REF)]


def eol_findings(identity: Identity) -> list[Finding]:
    """A finding when the maker publicly states the product is end of life. Otherwise nothing is claimed."""
    makers = {m for m in (identity.manufacturer, identity.brand) if m}
    if not identity.model or not makers:
        return []
    for entry in end_of_life():
        if entry.vendor in makers and any(p.match(identity.model) for p in entry.patterns):
            return [Finding(
                kind="end-of-life",
                severity="medium",
                title="End of life: no more security updates",
                explanation=(
                    f"The maker says the {identity.model} is end of life ({entry.statement}). New weaknesses "
                    "will not be fixed, so the device will only become less safe."
                ),
                remediation="Plan to replace it; until then keep it on an isolated network with no internet access.",
                references=(Reference(entry.statement, entry.url),),
                details={"confidence": entry.confidence, "source": entry.source},
            )]
    return []
