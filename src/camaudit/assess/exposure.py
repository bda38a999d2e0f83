"""Exposure findings: management services a camera should not offer in clear text.

Read from the device facts (which protocol answered on which port); nothing here probes. Plain HTTP with no
HTTPS means the admin password crosses the network readable by anyone on the path; Telnet and FTP send
passwords in clear and are a favourite of camera botnets (Mirai and its successors).
"""

from __future__ import annotations

from camaudit.model import DeviceFacts, Finding, Identity, Reference

_NCSC_DEVICES = Reference(
    "UK NCSC, Device security guidance: protect management interfaces",
    "https://www.ncsc.gov.uk/collection/device-security-guidance",
)


def _plain_http(facts: DeviceFacts) -> Finding | None:
    http = list(facts.http_ports)
    if not http or facts.https_ports:
        return None
    ports = ", ".join(map(str, http))
    return Finding(
        kind="exposure-http",
        severity="medium",
        title="Admin web page only over plain HTTP (no HTTPS)",
        explanation=(
            f"The device's web interface answers on port {ports} without encryption, and no HTTPS was found. "
            "Anyone who can watch the network between an administrator and the camera can read the login "
            "and everything on the page."
        ),
        remediation=(
            "Turn on HTTPS in the device's network settings (and turn plain HTTP off, or redirect it), or "
            "manage the device only from an isolated management network."
        ),
        references=(_NCSC_DEVICES,),
        details={"http_ports": http},
    )


def _cleartext(facts: DeviceFacts, protocol: str) -> Finding | None:
    telnet = protocol == "telnet"
    ports = list(facts.telnet_ports if telnet else facts.ftp_ports)
    if not ports:
        return None
    shown = ", ".join(map(str, ports))
    if telnet:
        return Finding(
            kind="exposure-telnet",
            severity="high",
            title="Telnet is open",
            explanation=(
                f"Telnet answers on port {shown}. Telnet gives a command line on the device and sends the "
                "password unencrypted; open Telnet on cameras is how botnets such as Mirai took over hundreds "
                "of thousands of them."
            ),
            remediation=(
                "Turn Telnet off in the device settings (often under network or maintenance). If it cannot be "
                "turned off, block the port at the network and plan to replace the device."
            ),
            references=(_NCSC_DEVICES,),
            details={"ports": ports},
        )
    return Finding(
        kind="exposure-ftp",
        severity="medium",
        title="FTP is open",
        explanation=(
            f"An FTP service answers on port {shown}. FTP sends its password and files unencrypted, so "
            "recordings or configuration could be read or changed by someone on the network."
        ),
        remediation="Turn the FTP service off unless you use it; if you do, restrict who can reach it.",
        references=(_NCSC_DEVICES,),
        details={"ports": ports},
    )


def exposure_findings(identity: Identity, facts: DeviceFacts) -> list[Finding]:
    """Clear-text management services on a camera or recorder."""
    if not identity.is_video_device:
        return []
    found = [_plain_http(facts), _cleartext(facts, "telnet"), _cleartext(facts, "ftp")]
    return [f for f in found if f is not None]
