"""Findings of the opt-in active checks and of authenticated checks.

* ``default-credentials`` — the factory account still opens the device (``--check-default-credentials``).
* ``unauthenticated-rtsp`` — a video stream is described without any password (``--check-rtsp-auth``).
* ``credentials-rejected`` — the credentials the user supplied did not open the device, so the deep
  checks could not run: a "could not check", never a silent pass.
"""

from __future__ import annotations

from camaudit.model import DeviceFacts, Finding, Reference

_OWASP_DEFAULTS = Reference(
    "OWASP IoT Top 10 (2018): I1 Weak, guessable or hardcoded passwords",
    "https://owasp.org/www-project-internet-of-things/",
)
_UK_PSTI = Reference(
    "UK Product Security and Telecommunications Infrastructure (Security Requirements for Relevant Connectable "
    "Products) Regulations 2023, Schedule 1 §1: no universal default passwords",
    "https://www.legislation.gov.uk/uksi/2023/1007/schedule/1",
    "2024-04-29",
)
_ICO_CCTV = Reference(
    "ICO guidance on video surveillance (including CCTV): security of the images",
    "https://ico.org.uk/for-organisations/uk-gdpr-guidance-and-resources/cctv-and-video-surveillance/",
)


def default_credential_findings(facts: DeviceFacts) -> list[Finding]:
    """Critical when a maker's factory account logged in."""
    accounts = sorted({
        login.account or "" for login in facts.logins if login.default_account and login.outcome == "accepted"
    })
    if not accounts:
        return []
    return [
        Finding(
            kind="default-credentials",
            severity="critical",
            title="The factory password still opens this device",
            explanation=(
                f"The maker's default account ({', '.join(accounts)}) logged in. Anyone who can reach the device "
                "can watch and change it, and botnets try these passwords automatically."
            ),
            remediation=(
                "Change the password of this account now (a long, unique one), and check the device's users for "
                "accounts you do not recognise."
            ),
            references=(_OWASP_DEFAULTS, _UK_PSTI),
            details={"accounts": accounts},
        )
    ]


def open_rtsp_findings(facts: DeviceFacts) -> list[Finding]:
    """High when a video stream describes itself without any password."""
    paths = sorted({s.path for s in facts.open_streams})
    if not paths:
        return []
    ports = sorted({s.port for s in facts.open_streams if s.port})
    return [
        Finding(
            kind="unauthenticated-rtsp",
            severity="high",
            title="Video stream open without a password",
            explanation=(
                f"The camera's RTSP stream ({', '.join(paths)} on port {', '.join(map(str, ports))}) can be opened "
                "without any password: anyone who can reach it on the network can watch the live video."
            ),
            remediation="Turn on RTSP authentication in the device's settings (digest, not basic) and restrict "
            "which networks can reach port 554.",
            references=(_ICO_CCTV,),
            details={"paths": paths, "ports": ports},
        )
    ]


_REFUSED = {"rejected": "was refused", "locked": "was refused and the device reports its logins locked"}


def rejected_credential_findings(facts: DeviceFacts) -> list[Finding]:
    """"Could not check" when the credentials the user supplied were refused or the account is locked: which
    entry, for which check, and why no other entry was tried."""
    refused = {
        login.check: login for login in facts.logins if not login.default_account and login.outcome in _REFUSED
    }
    if not refused:
        return []
    checks = sorted(refused)
    entries = [refused[c].entry or "the credential supplied" for c in checks]
    what = "; ".join(f"{entries[i]} {_REFUSED[refused[c].outcome]} for the {c} check" for i, c in enumerate(checks))
    return [
        Finding(
            kind="credentials-rejected",
            severity="info",
            title="Could not check: the credentials you supplied were refused",
            explanation=(
                f"On this device, {what}. No other entry was tried on it: camaudit presents at most "
                "one password per device, because each wrong guess moves its lockout counter (some recorders lock "
                "after one). Its model, firmware and settings could not be read: this is not a clean bill of health."
            ),
            remediation="Check the user name and password for this device in the credentials file; an entry that "
            "names the device's address is the one tried first.",
            details={"checks": checks, "entries": entries},
        )
    ]
