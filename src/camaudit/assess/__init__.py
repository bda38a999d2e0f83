"""assess: a pure function from an identity (+ observations, services, annotations, policy) to findings.

One module per kind of finding; this module only runs them and orders the result. Finding kinds:

* ``restricted`` (restricted.py) — the maker is covered by a regime that binds under the policy profile
* ``vulnerability``, ``firmware-unknown``, ``vulnerability-unconfirmed`` (vulns.py)
* ``exposure-http``, ``exposure-telnet``, ``exposure-ftp`` (exposure.py)
* ``factory-fresh``, ``end-of-life`` (device_state.py)
* ``cloud-enabled`` (cloud.py)
* ``privacy-sensitive-location`` (privacy.py)
* ``default-credentials``, ``unauthenticated-rtsp`` (the opt-in active checks) and ``credentials-rejected``
  (authenticated checks that could not log in) (active_checks.py)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from camaudit.assess.active_checks import (
    default_credential_findings,
    open_rtsp_findings,
    rejected_credential_findings,
)
from camaudit.assess.cloud import cloud_findings
from camaudit.assess.device_state import eol_findings, factory_fresh_findings
from camaudit.assess.exposure import exposure_findings
from camaudit.assess.policy import DEFAULT_POLICY, Policy, PolicyError, get_policy, policy_names
from camaudit.assess.privacy import privacy_findings
from camaudit.assess.restricted import restricted_findings
from camaudit.assess.vulns import vulnerability_findings
from camaudit.model import Finding, Identity, Observation, Service

SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}


def assess(
    identity: Identity,
    *,
    observations: Sequence[Observation] = (),
    services: Sequence[Service] = (),
    annotations: Mapping[str, str] | None = None,
    policy: str | Policy = DEFAULT_POLICY,
) -> tuple[Finding, ...]:
    """Findings for one device, most severe first.

    Pure: no I/O beyond loading the packaged knowledge (and the user's ``kb update`` overlay) once per
    process. ``policy`` is a profile name from policies.yaml (unknown names raise :class:`PolicyError`).
    """
    profile = get_policy(policy)
    findings: list[Finding] = []
    findings += restricted_findings(identity, profile)
    findings += vulnerability_findings(identity)
    findings += eol_findings(identity)
    if identity.is_video_device:
        findings += factory_fresh_findings(observations)
        findings += cloud_findings(observations)
    findings += exposure_findings(identity, observations, services)
    findings += privacy_findings(annotations)
    findings += default_credential_findings(observations)
    findings += open_rtsp_findings(observations)
    findings += rejected_credential_findings(observations)
    return tuple(sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity]))


__all__ = ["DEFAULT_POLICY", "Policy", "PolicyError", "assess", "get_policy", "policy_names"]
