"""Policy profiles: which restriction regimes bind the organisation, and how severe each finding is.

Profiles are data (``knowledge/data/policies.yaml``, read by the knowledge loader). An unknown profile name
is a :class:`PolicyError` whose message is one line naming the valid profiles, so the CLI can print it as
it is.
"""

from __future__ import annotations

from camaudit.knowledge.loader import policies
from camaudit.knowledge.regimes import DEFAULT_POLICY, Policy, Regime
from camaudit.model import Severity

#: Most severe first.
_SEVERITIES: tuple[Severity, ...] = ("critical", "high", "medium", "low", "info")


class PolicyError(ValueError):
    """An unknown policy profile name; the message is one line listing the valid names."""


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


def possible_severity(policy: Policy, regime: Regime) -> Severity | None:
    """The severity of a "possibly made by a restricted maker" finding under ``regime``: one step below what
    ``policy`` gives a device the regime surely covers (``critical`` -> ``high`` ... ``low`` -> ``info``;
    ``info`` stays ``info``), ``None`` where the regime does not bind.

    One step, not a fixed level: an organisation that treats a confirmed Hikvision camera as critical (a
    US federal agency under NDAA 889) must still settle a possibly Hikvision-made one before the next
    purchase or audit, while one that only notes the regime for information is not alarmed by a maybe.
    """
    confirmed = policy.severity_for(regime)
    if confirmed is None:
        return None
    return _SEVERITIES[min(_SEVERITIES.index(confirmed) + 1, len(_SEVERITIES) - 1)]


__all__ = ["DEFAULT_POLICY", "Policy", "PolicyError", "get_policy", "policy_names", "possible_severity"]
