"""assess: a pure function from an identity to the findings a person should act on."""

from __future__ import annotations

from camaudit.assess.restricted import restricted_findings
from camaudit.model import Finding, Identity


def assess(identity: Identity) -> tuple[Finding, ...]:
    """Findings for one device, most severe first. No I/O beyond loading packaged knowledge once."""
    findings: list[Finding] = []
    findings += restricted_findings(identity)
    order = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}
    return tuple(sorted(findings, key=lambda f: order[f.severity]))


__all__ = ["assess"]
