"""What a person must see first about a scan: counts by severity, the urgent findings one line each, and
the probe errors by kind.

Pure: it reads a :class:`~camaudit.model.ScanResult` (from a scan, a result file or the register) and
returns plain data; the terminal, the HTML report's executive summary and the web dashboard render it as
they like. :func:`urgent_findings` is *the* selection of what cannot wait, so every output agrees on it.
"""

from __future__ import annotations

import ipaddress
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from camaudit.model import Device, Finding, ScanError, ScanResult, Severity, is_video_device

#: Most severe first; the order of the counts line and of the urgent list.
SEVERITIES: tuple[Severity, ...] = ("critical", "high", "medium", "low", "info")
_RANK = {s: i for i, s in enumerate(SEVERITIES)}

#: Urgent categories, in the order the list shows them (most pressing first).
CATEGORIES = (
    "known-exploited", "default-credentials", "critical-vulnerability", "open-stream", "sensitive-place", "cloud",
    "restricted",
)

#: The one short thing to do for each category (the finding's own remediation has the detail).
ACTIONS: Mapping[str, str] = {
    "known-exploited": "update the firmware now; until then keep it unreachable from the internet",
    "default-credentials": "change the factory password now",
    "critical-vulnerability": "update the firmware; until then keep it unreachable from the internet",
    "open-stream": "require a password for the video stream",
    "sensitive-place": "check the camera is justified there and a DPIA covers it",
    "cloud": "turn cloud/P2P off unless the phone app is needed",
    "restricted": "plan its replacement; keep it off core networks",
}


@dataclass(frozen=True, slots=True)
class UrgentFinding:
    """One line of the urgent list: which device, what is wrong, what to do."""

    category: str
    severity: Severity
    ip: str
    device_id: str
    #: What the device is, in a few words (``hikvision DS-2CD2032F-I``).
    device: str
    what: str
    action: str

    def to_json(self) -> dict[str, Any]:
        """Plain JSON types, fixed key order."""
        return {
            "category": self.category, "severity": self.severity, "ip": self.ip, "device_id": self.device_id,
            "device": self.device, "what": self.what, "action": self.action,
        }


@dataclass(frozen=True, slots=True)
class ScanSummary:
    """The summary of one scan."""

    devices: int
    video_devices: int
    #: Findings per severity, every severity present (zero when none), most severe first.
    by_severity: Mapping[str, int]
    urgent: tuple[UrgentFinding, ...]
    #: Probe errors per kind, most frequent first.
    errors_by_kind: tuple[tuple[str, int], ...]
    #: Distinct addresses the errors came from.
    error_hosts: int

    @property
    def errors(self) -> int:
        return sum(n for _, n in self.errors_by_kind)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON types, fixed key order."""
        return {
            "devices": self.devices,
            "video_devices": self.video_devices,
            "by_severity": dict(self.by_severity),
            "urgent": [u.to_json() for u in self.urgent],
            "errors_by_kind": dict(self.errors_by_kind),
            "error_hosts": self.error_hosts,
        }


def describe_device(device: Device) -> str:
    """A few words naming the device: maker (and brand when it differs) and model."""
    ident = device.identity
    maker = ident.manufacturer or ident.brand
    words = [maker or (ident.device_type or "unknown device")]
    if ident.brand and ident.manufacturer and ident.brand != ident.manufacturer:
        words = [f"{ident.brand} (made by {ident.manufacturer})"]
    if ident.model:
        words.append(ident.model)
    return " ".join(words)


def _category(finding: Finding) -> str | None:
    details = finding.details
    if finding.kind == "vulnerability" and details.get("kev"):
        return "known-exploited"
    if finding.kind == "vulnerability" and finding.severity == "critical":
        return "critical-vulnerability"
    return {
        "default-credentials": "default-credentials",
        "unauthenticated-rtsp": "open-stream",
        "privacy-sensitive-location": "sensitive-place",
        "cloud-enabled": "cloud",
    }.get(finding.kind)


def _what(category: str, finding: Finding) -> str:
    details = finding.details
    if category == "known-exploited":
        return f"{finding.cve} is known to be exploited (CISA KEV)"
    if category == "critical-vulnerability":
        reported = details.get("kev_reported") or {}
        added = f" (reported added to CISA KEV on {reported['date_added']})" if reported.get("date_added") else ""
        return f"{finding.cve} critical vulnerability{added}"
    if category == "default-credentials":
        accounts = ", ".join(str(a) for a in details.get("accounts", ()))
        return f"factory password still works ({accounts})" if accounts else "factory password still works"
    if category == "sensitive-place":
        dpia = {"done": "DPIA done", "missing": "no DPIA"}.get(str(details.get("dpia")), "DPIA unknown")
        return f"camera in a sensitive place ({details.get('matched')}; {dpia})"
    return finding.title


def _restricted_line(device: Device, findings: Sequence[Finding], ip: str, name: str) -> UrgentFinding:
    worst = min(findings, key=lambda f: _RANK[f.severity])
    regimes = sorted({f.regime for f in findings if f.regime})
    named = [f for f in findings if f.details.get("matched_by") != "country"]
    under = f"{len(regimes)} regimes" if len(regimes) > 1 else regimes[0]
    what = f"maker named in restrictions ({under})" if named else f"maker's home country covered ({under})"
    return UrgentFinding("restricted", worst.severity, ip, device.id, name, what, ACTIONS["restricted"])


def device_urgent(device: Device) -> list[UrgentFinding]:
    """The urgent findings of one device: KEV-listed CVEs, default credentials, open video streams,
    sensitive places, vendor cloud on, and any critical finding; all restricted-maker findings as one
    line (informational ones, which a policy marks as not binding, are not urgent)."""
    ip = device.addresses[0].ip if device.addresses else "—"
    name = describe_device(device)
    out: list[UrgentFinding] = []
    restricted: list[Finding] = []
    for finding in device.findings:
        if finding.kind == "restricted":
            if finding.severity != "info":
                restricted.append(finding)
            continue
        category = _category(finding) or ("critical" if finding.severity == "critical" else None)
        if category is None:
            continue
        action = ACTIONS.get(category) or finding.remediation.split(". ")[0].rstrip(".")
        out.append(UrgentFinding(category, finding.severity, ip, device.id, name, _what(category, finding), action))
    if restricted:
        out.append(_restricted_line(device, restricted, ip, name))
    return out


def _address_key(ip: str) -> tuple[int, int, str]:
    try:
        parsed = ipaddress.ip_address(ip)
    except ValueError:
        return (9, 0, ip)
    return (parsed.version, int(parsed), ip)


def _order(item: UrgentFinding) -> tuple[int, int, tuple[int, int, str], str]:
    # A critical finding outside the named categories sorts first among its severity.
    rank = CATEGORIES.index(item.category) if item.category in CATEGORIES else -1
    return (_RANK[item.severity], rank, _address_key(item.ip), item.what)


def urgent_findings(devices: Iterable[Device]) -> list[UrgentFinding]:
    """Every device's urgent findings, most severe first, then by category and address."""
    return sorted((u for d in devices for u in device_urgent(d)), key=_order)


def severity_counts(devices: Iterable[Device]) -> dict[str, int]:
    """Number of findings per severity, most severe first, zero where there are none."""
    counts = Counter(f.severity for d in devices for f in d.findings)
    return {s: counts.get(s, 0) for s in SEVERITIES}


def errors_by_kind(errors: Sequence[ScanError]) -> tuple[tuple[str, int], ...]:
    """Probe errors counted per kind, most frequent first (then by name)."""
    counts = Counter(e.kind for e in errors)
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def summarise(result: ScanResult) -> ScanSummary:
    """The summary of ``result``."""
    return ScanSummary(
        devices=len(result.devices),
        video_devices=sum(1 for d in result.devices if is_video_device(d.identity.device_type)),
        by_severity=severity_counts(result.devices),
        urgent=tuple(urgent_findings(result.devices)),
        errors_by_kind=errors_by_kind(result.errors),
        error_hosts=len({e.target for e in result.errors}),
    )
