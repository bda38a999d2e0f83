"""Vendor cloud / P2P findings: the device is set to reach its maker's cloud, where that is observable.

The switch states are device facts (``camaudit.identify.facts``): read with the user's credentials
(ISAPI, RPC2) or from discovery replies without a login (Hikvision SADP ``HCPlatformEnable``; Dahua DHIP
``Init`` bits 2-3, confidence M). The host table (``clouds.yaml``) also lets passive DNS / TLS-SNI sources
name the ecosystem a device talks to (:func:`ecosystem_for_host`).
"""

from __future__ import annotations

import fnmatch

from camaudit.knowledge.clouds import Cloud
from camaudit.knowledge.loader import clouds
from camaudit.model import DeviceFacts, Finding, Reference

#: How each reading of a switch is told to the user, by where it was read.
_HOW = {
    "isapi": "The device's own settings (ISAPI, read with your credentials) show Hik-Connect on.",
    "sadp": "The device's Hikvision discovery reply says Hik-Connect (HCPlatformEnable) is on.",
    "rpc2": "The device's own settings (RPC2, read with your credentials) show Easy4IP P2P on.",
    "dhip": "The device's Dahua discovery reply says public network access (Easy4IP P2P) is on.",
}


def ecosystem_for_host(hostname: str) -> Cloud | None:
    """The cloud ecosystem a host name belongs to (``eucas.ezvizlife.com`` → EZVIZ), or ``None``."""
    name = hostname.strip().rstrip(".").lower()
    exact = next((c for c in clouds() if name in c.hosts), None)
    if exact is not None:
        return exact
    # The most specific wildcard wins: "app-*.easy4ipcloud.com" (Imou) over "*.easy4ipcloud.com".
    wild = [(len(h), c) for c in clouds() for h in c.hosts if "*" in h and fnmatch.fnmatchcase(name, h)]
    return max(wild, key=lambda pair: pair[0])[1] if wild else None


def _cloud(cloud_id: str) -> Cloud:
    return next(c for c in clouds() if c.id == cloud_id)


def _finding(cloud: Cloud, how: str, confidence: str) -> Finding:
    return Finding(
        kind="cloud-enabled",
        severity="medium",
        title=f"Vendor cloud access is on ({cloud.name})",
        explanation=(
            f"{how} With it on, the device keeps a connection to the maker's servers so that a phone app can "
            "reach it from anywhere. Video and control then pass through a service outside your control, and "
            "anyone who gets the app account (or the device's verification code) can reach the camera "
            "without going through your network defences."
        ),
        remediation=(
            "If nobody needs the phone app, turn the cloud/P2P option off in the device's network settings and "
            "block the device from the internet at your firewall. If it is needed, protect the app account "
            "with a strong password and two-factor authentication."
        ),
        references=(Reference(f"camaudit cloud endpoints: {cloud.name} ({cloud.source})"),),
        details={"ecosystem": cloud.id, "hosts": list(cloud.hosts), "confidence": confidence},
    )


def cloud_findings(facts: DeviceFacts) -> list[Finding]:
    """One finding per ecosystem whose switch a reading shows on (the first such reading, most reliable first)."""
    out: list[Finding] = []
    done: set[str] = set()
    for switch in facts.cloud:
        if switch.enabled and switch.ecosystem not in done:
            done.add(switch.ecosystem)
            out.append(_finding(_cloud(switch.ecosystem), _HOW[switch.seen_in], switch.confidence))
    return out
