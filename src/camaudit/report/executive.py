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

from camaudit.model import DeviceType
from camaudit.report.records import ReportData
from camaudit.report.summary import CATEGORIES, SEVERITIES, UrgentFinding, urgent_findings

_RECORDERS = frozenset({DeviceType.NVR, DeviceType.DVR})


@dataclass(frozen=True, slots=True)
class Action:
    """Something to do, who should do it, and which devices it concerns (register ids)."""

    what: str
    who: str
    why: str
    devices: tuple[int, ...]


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


def summarise(data: ReportData) -> Summary:
    """The counts and the three most urgent actions for ``data``."""
    devices = data.devices
    kinds = Counter(d.device.identity.device_type for d in devices if d.is_video)
    recorders = sum(n for kind, n in kinds.items() if kind in _RECORDERS)
    by_regime = Counter(r for d in devices for r in d.restricted_under)
    return Summary(
        cameras=kinds.get(DeviceType.CAMERA, 0) + kinds.get(DeviceType.THERMAL_CAMERA, 0),
        recorders=recorders,
        other_video=sum(kinds.values()) - recorders - kinds.get(DeviceType.CAMERA, 0)
        - kinds.get(DeviceType.THERMAL_CAMERA, 0),
        other_devices=len(devices) - sum(kinds.values()),
        restricted=sum(1 for d in devices if d.restricted_under),
        restricted_by_regime=tuple(sorted(by_regime.items(), key=lambda kv: (-kv[1], kv[0]))),
        possibly_restricted=sum(1 for d in devices if d.possibly_restricted_under and not d.restricted_under),
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
