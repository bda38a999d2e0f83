"""assess: a pure function from an identity (+ observations, services, annotations, policy) to findings.

One module per kind of finding; this module only runs them and orders the result. Finding kinds:

* ``restricted`` (restricted.py) — the maker is covered by a regime that binds under the policy profile
* ``restricted-possible`` (possibly_restricted.py) — the brand has sold devices a covered maker made, and the
  device does not settle who made it (an undated Lorex): one severity step below ``restricted``
* ``vulnerability``, ``firmware-unknown``, ``vulnerability-unconfirmed`` (vulns.py)
* ``exposure-http``, ``exposure-telnet``, ``exposure-ftp`` (exposure.py)
* ``certificate-shared-key``, ``certificate-weak-key``, ``certificate-weak-signature``, ``certificate-expired``
  (certificates.py)
* ``factory-fresh``, ``end-of-life`` (device_state.py)
* ``cloud-enabled`` (cloud.py)
* ``cloud-traffic``, ``unknown-upload``, ``external-traffic`` (traffic.py; from passive analysis)
* ``privacy-sensitive-location`` (privacy.py), ``privacy-biometric-capability`` (biometrics.py)
* ``default-credentials``, ``unauthenticated-rtsp`` (the opt-in active checks) and ``credentials-rejected``
  (authenticated checks that could not log in) (active_checks.py)
"""

from __future__ import annotations

from collections.abc import Mapping

from camaudit.assess.active_checks import (
    default_credential_findings,
    open_rtsp_findings,
    rejected_credential_findings,
)
from camaudit.assess.biometrics import biometric_findings
from camaudit.assess.certificates import certificate_findings
from camaudit.assess.cloud import cloud_findings
from camaudit.assess.device_state import eol_findings, factory_fresh_findings
from camaudit.assess.exposure import exposure_findings
from camaudit.assess.policy import DEFAULT_POLICY, Policy, PolicyError, get_policy, policy_names
from camaudit.assess.possibly_restricted import possibly_restricted_findings
from camaudit.assess.privacy import privacy_findings
from camaudit.assess.restricted import restricted_findings
from camaudit.assess.traffic import traffic_findings
from camaudit.assess.vulns import vulnerability_findings
from camaudit.model import DeviceFacts, Finding, Identity

SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}


def assess(
    identity: Identity,
    *,
    facts: DeviceFacts | None = None,
    annotations: Mapping[str, str] | None = None,
    policy: str | Policy = DEFAULT_POLICY,
) -> tuple[Finding, ...]:
    """Findings for one device, most severe first.

    ``facts`` are what the observations establish about the device's set-up (``identify.device_facts``);
    without them only the identity and the annotations are judged. Pure: no I/O beyond loading the
    packaged knowledge (and the user's ``kb update`` overlay) once per process. ``policy`` is a profile
    name from policies.yaml (unknown names raise :class:`PolicyError`).
    """
    profile = get_policy(policy)
    seen = facts if facts is not None else DeviceFacts()
    findings: list[Finding] = []
    findings += restricted_findings(identity, profile)
    findings += possibly_restricted_findings(identity, profile)
    findings += vulnerability_findings(identity)
    findings += eol_findings(identity)
    if identity.is_video_device:
        findings += factory_fresh_findings(seen)
        findings += cloud_findings(seen)
    findings += traffic_findings(identity, seen, profile)
    findings += exposure_findings(identity, seen)
    findings += certificate_findings(identity, seen)
    findings += privacy_findings(annotations)
    findings += biometric_findings(identity, annotations)
    findings += default_credential_findings(seen)
    findings += open_rtsp_findings(seen)
    findings += rejected_credential_findings(seen)
    return tuple(sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity]))


__all__ = ["DEFAULT_POLICY", "Policy", "PolicyError", "assess", "get_policy", "policy_names"]
