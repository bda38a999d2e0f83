"""The executive summary of a report: the counts a decision-maker needs, in plain English, and the three most urgent
actions, each with who should do it.

What is urgent is decided once, by ``report.summary.urgent_findings`` (the terminal summary after a scan uses
it too); here the urgent findings are grouped by category into actions a named role can take, ranked by the
worst severity in each group and then by the categories' own order (known-exploited first).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from camaudit.assess.possibly_restricted import KIND as POSSIBLY_RESTRICTED
from camaudit.model import DeviceType
from camaudit.report.records import DeviceRecord, ReportData
from camaudit.report.summary import CATEGORIES, SEVERITIES, UrgentFinding, urgent_findings

_RECORDERS = frozenset({DeviceType.NVR, DeviceType.DVR})


@dataclass(frozen=True, slots=True)
class Action:
    """Something to do, who should do it, and which devices it concerns (register ids)."""

    what: str
    who: str
    why: str
    devices: tuple[int, ...]


#: What settles who made a possibly restricted device: the checks its findings' remediation spells out, in short.
SETTLE_CHECKS: tuple[str, ...] = (
    "the date code or manufacture date on its label (or the date inside its serial number), against the dates "
    "each maker made the brand's devices",
    "its model number in the brand's documentation or an OEM cross-reference (a relabelled model often carries "
    "its maker's model number too)",
    "the firmware family in its web interface or the brand's update files (a relabelled device runs its maker's "
    "firmware)",
    "whether the first half of its MAC address (the OUI) is registered to one of the possible makers",
)


@dataclass(frozen=True, slots=True)
class PossibleDevice:
    """A device only possibly restricted: where it is, its brand, who may have made it, and under which regimes."""

    register_id: int
    ip: str
    site: str
    brand: str | None
    makers: tuple[str, ...]
    regimes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Summary:
    cameras: int
    recorders: int
    other_video: int
    other_devices: int
    restricted: int
    restricted_by_regime: tuple[tuple[str, int], ...]
    #: Devices not restricted whose brand has sold devices a restricted maker made (``restricted-possible``).
    possibly_restricted: int
    possibly_restricted_by_regime: tuple[tuple[str, int], ...]
    #: Those devices, in address order: the first page lists them with what to check (never added to
    #: ``restricted``).
    possible_devices: tuple[PossibleDevice, ...]
    sensitive: int
    sensitive_restricted: int
    kev_devices: int
    kev_cves: tuple[str, ...]
    cloud_callers: int
    relabelled: int
    unknown_maker: int
    actions: tuple[Action, ...]

    @property
    def video(self) -> int:
        return self.cameras + self.recorders + self.other_video


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _them(n: int) -> str:
    return "it" if n == 1 else "them"


#: Per urgent category (report/summary.py): what to do about n devices, who does it, and why it matters.
_PLAYBOOK: Mapping[str, tuple[Callable[[int], str], str, str]] = {
    "known-exploited": (
        lambda n: f"Update the firmware of {_plural(n, 'device')} now, or disconnect {_them(n)} until updated",
        "IT or network team, today",
        "attackers are known to exploit their vulnerabilities (CISA KEV list)",
    ),
    "default-credentials": (
        lambda n: f"Change the factory password on {_plural(n, 'device')}",
        "IT or network team, today",
        "anyone on the network can log in with the password printed in the manual",
    ),
    "critical-vulnerability": (
        lambda n: f"Update the firmware of {_plural(n, 'device')} with critical vulnerabilities",
        "IT or network team, this week",
        "a critical vulnerability lets an attacker take the device over",
    ),
    "open-stream": (
        lambda n: f"Require a password for the video stream of {_plural(n, 'device')}",
        "IT or network team, this week",
        "anyone on the network can watch the video",
    ),
    "sensitive-place": (
        lambda n: f"Check that {_plural(n, 'camera')} in "
        + ("a sensitive place is" if n == 1 else "sensitive places are")
        + " justified and covered by a data protection impact assessment",
        "Data protection officer with the site manager",
        "people expect privacy there; UK GDPR requires a DPIA for high-risk surveillance",
    ),
    "cloud": (
        lambda n: f"Turn off the vendor cloud on {_plural(n, 'device')} unless the phone app is needed",
        "IT or network team",
        "video and device control can leave your network through the maker's cloud service",
    ),
    "restricted": (
        lambda n: f"Plan the replacement of {_plural(n, 'device')} from restricted makers and record the decision "
        "in the asset register",
        "Senior information risk owner with procurement",
        "the policy restricts their makers; until replaced, keep them off core networks",
    ),
}


def _actions(data: ReportData) -> list[Action]:
    """One action per urgent category, most severe first. The categories and what counts as urgent are the
    terminal summary's (``urgent_findings``), so the report and ``camaudit scan`` never disagree."""
    register_id = {d.device.id: d.register_id for d in data.devices}
    groups: dict[str, list[UrgentFinding]] = {}
    for item in urgent_findings(d.device for d in data.devices):
        groups.setdefault(item.category, []).append(item)
    ranked = sorted(
        groups.items(),
        key=lambda kv: (min(SEVERITIES.index(u.severity) for u in kv[1]),
                        CATEGORIES.index(kv[0]) if kv[0] in CATEGORIES else -1),
    )
    out: list[Action] = []
    for category, items in ranked:
        devices = tuple(dict.fromkeys(register_id[u.device_id] for u in items))
        if category in _PLAYBOOK:
            what, who, why = _PLAYBOOK[category]
            if category == "known-exploited":
                cves = sorted({c for u in items for c in re.findall(r"CVE-\d{4}-\d+", u.what)})
                why = f"{why}: {', '.join(cves)}" if cves else why
            out.append(Action(what(len(devices)), who, why, devices))
        else:
            out.append(Action(f"Deal with the critical findings on {_plural(len(devices), 'device')}",
                              "IT or network team, this week", items[0].what, devices))
    return out


def _possible(record: DeviceRecord) -> PossibleDevice:
    candidates = [
        c.get("manufacturer") for f in record.device.findings if f.kind == POSSIBLY_RESTRICTED
        for c in f.details.get("candidates", ())
    ]
    return PossibleDevice(
        record.register_id, record.ip, record.site, record.device.identity.brand,
        tuple(dict.fromkeys(str(c) for c in candidates if c)), record.possibly_restricted_under,
    )


def _ranked(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def summarise(data: ReportData) -> Summary:
    """The counts and the three most urgent actions for ``data``."""
    devices = data.devices
    kinds = Counter(d.device.identity.device_type for d in devices if d.is_video)
    recorders = sum(n for kind, n in kinds.items() if kind in _RECORDERS)
    by_regime = Counter(r for d in devices for r in d.restricted_under)
    # Never added to the confirmed: a device confirmed under any regime is counted there only.
    possible = [d for d in devices if d.possibly_restricted_under and not d.restricted_under]
    return Summary(
        cameras=kinds.get(DeviceType.CAMERA, 0) + kinds.get(DeviceType.THERMAL_CAMERA, 0),
        recorders=recorders,
        other_video=sum(kinds.values()) - recorders - kinds.get(DeviceType.CAMERA, 0)
        - kinds.get(DeviceType.THERMAL_CAMERA, 0),
        other_devices=len(devices) - sum(kinds.values()),
        restricted=sum(1 for d in devices if d.restricted_under),
        restricted_by_regime=_ranked(by_regime),
        possibly_restricted=len(possible),
        possibly_restricted_by_regime=_ranked(Counter(r for d in possible for r in d.possibly_restricted_under)),
        possible_devices=tuple(_possible(d) for d in possible),
        sensitive=sum(1 for d in devices if d.in_sensitive_place),
        sensitive_restricted=sum(1 for d in devices if d.in_sensitive_place and d.restricted_under),
        kev_devices=sum(1 for d in devices if d.kev_cves),
        kev_cves=tuple(sorted({c for d in devices for c in d.kev_cves})),
        cloud_callers=sum(1 for d in devices if d.calls_cloud),
        relabelled=sum(
            1 for d in devices
            if d.device.identity.brand and d.device.identity.manufacturer
            and d.device.identity.brand != d.device.identity.manufacturer
        ),
        unknown_maker=sum(1 for d in devices if d.is_video and not d.device.identity.manufacturer),
        actions=tuple(_actions(data)[:3]),
    )
