"""Policy profiles: which restriction regimes bind the organisation, and how severe each finding is.

Profiles are data (``knowledge/data/policies.yaml``, read by the knowledge loader). An unknown profile name
is a :class:`PolicyError` whose message is one line naming the valid profiles, so the CLI can print it as
it is.
"""

from __future__ import annotations

from camaudit.knowledge.loader import policies
from camaudit.knowledge.regimes import DEFAULT_POLICY, Policy


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


__all__ = ["DEFAULT_POLICY", "Policy", "PolicyError", "get_policy", "policy_names"]
