"""Vendor cloud / P2P findings: the device is set to reach its maker's cloud, where that is observable.

Observable today from discovery replies (no login): Hikvision SADP ``HCPlatformEnable`` (Hik-Connect;
firmware spells false as ``flase``) and Dahua DHIP ``Init`` bits 2-3 ("public network access", the
Easy4IP P2P service; NetSDK ``byInitStatus``, confidence M). The host table (``clouds.yaml``) also lets
passive DNS / TLS-SNI sources name the ecosystem a device talks to (:func:`ecosystem_for_host`).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence

from camaudit.assess.observed import first_field, lax_bool
from camaudit.knowledge.clouds import Cloud
from camaudit.knowledge.loader import clouds
from camaudit.model import Finding, Observation, Reference


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


def cloud_findings(observations: Sequence[Observation]) -> list[Finding]:
    """Findings for vendor cloud/P2P switches the discovery replies show as enabled."""
    out: list[Finding] = []
    if lax_bool(first_field(observations, "hik.cloud.enabled")):
        out.append(_finding(_cloud("hik-connect"),
                            "The device's own settings (ISAPI, read with your credentials) show Hik-Connect on.", "H"))
    elif lax_bool(first_field(observations, "sadp.HCPlatformEnable")):
        out.append(_finding(_cloud("hik-connect"),
                            "The device's Hikvision discovery reply says Hik-Connect (HCPlatformEnable) is on.", "H"))
    if lax_bool(first_field(observations, "dahua.cloud.p2p_enabled")):
        out.append(_finding(_cloud("easy4ip"),
                            "The device's own settings (RPC2, read with your credentials) show Easy4IP P2P on.", "H"))
        return out
    init = first_field(observations, "dhip.Init")
    if init and init.strip().isdigit() and (int(init.strip()) >> 2) & 0b11 == 2:
        out.append(_finding(_cloud("easy4ip"),
                            "The device's Dahua discovery reply says public network access (Easy4IP P2P) is on.", "M"))
    return out
