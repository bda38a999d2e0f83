"""Device-state findings: a factory-fresh device waiting for its first password, and end-of-life products.

Factory-fresh (never activated) comes from discovery replies:

* Hikvision SADP ``Activated=false``: the device has no admin password yet; whoever activates it first
  owns it (protocols.md §1.1, confidence H).
* Dahua DHIP ``Init``: read as the NetSDK ``byInitStatus`` bit field, bits 0-1 being 0 = old device without
  initialisation, 1 = not initialised, 2 = initialised (Dahua NetSDK ``DEVICE_NET_INFO_EX`` header, found
  with the search tools). That the discovery reply's ``Init`` carries this field is an inference,
  consistent with the real uninitialised capture (``Init`` 3733: bits 0-1 = 1); confidence M.
"""

from __future__ import annotations

from collections.abc import Sequence

from camaudit.assess.observed import first_field, lax_bool
from camaudit.knowledge.loader import end_of_life
from camaudit.model import Finding, Identity, Observation, Reference

_SADP_REF = Reference("camaudit protocol notes: Hikvision SADP Activated field (docs/observation-fields.md)")
_DHIP_REF = Reference("Dahua NetSDK DEVICE_NET_INFO_EX.byInitStatus (bits 0-1: 1 = not initialised)")


def dahua_init_state(value: str | None) -> str | None:
    """``uninitialised``, ``initialised`` or ``legacy`` from a DHIP ``Init`` value; ``None`` when unreadable."""
    if value is None or not value.strip().isdigit():
        return None
    bits = int(value.strip()) & 0b11
    return {0: "legacy", 1: "uninitialised", 2: "initialised"}.get(bits)


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


def factory_fresh_findings(observations: Sequence[Observation]) -> list[Finding]:
    """A finding when a discovery reply says the device was never activated/initialised."""
    if lax_bool(first_field(observations, "sadp.Activated")) is False:
        return [_fresh("Its Hikvision discovery reply (SADP) says it has not been activated.", "H", _SADP_REF)]
    if dahua_init_state(first_field(observations, "dhip.Init")) == "uninitialised":
        return [_fresh("Its Dahua discovery reply says it has not been initialised (Init flag).", "M", _DHIP_REF)]
    return []


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
