"""The executive summary of a report: the counts a decision-maker needs, in plain English, and the three most urgent
actions, each with who should do it.

Actions are ranked by what is at stake: a known-exploited vulnerability is being used by attackers today;
a restricted camera watching a sensitive place combines the two things a regulator and the public care most
about; default passwords and open streams are as bad as exploits; restricted makers are a legal and
procurement matter that takes planning; cloud callers and exposed services are network hygiene.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from camaudit.model import DeviceType
from camaudit.report.records import DeviceRecord, ReportData

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


def _count(devices: Sequence[DeviceRecord], test: Callable[[DeviceRecord], bool]) -> tuple[int, ...]:
    return tuple(d.register_id for d in devices if test(d))


def _has(kinds: frozenset[str]) -> Callable[[DeviceRecord], bool]:
    return lambda d: any(f.kind in kinds for f in d.device.findings)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _actions(data: ReportData) -> list[Action]:
    devices = data.devices
    found: list[Action] = []
    kev = _count(devices, lambda d: bool(d.kev_cves))
    if kev:
        cves = sorted({c for d in devices for c in d.kev_cves})
        found.append(Action(
            f"Update the firmware of {_plural(len(kev), 'device')} now, or disconnect "
            f"{'it' if len(kev) == 1 else 'them'} until updated",
            "IT or network team, today",
            f"their firmware has vulnerabilities attackers are known to exploit ({', '.join(cves)}; CISA KEV list)",
            kev,
        ))
    creds = _count(devices, _has(frozenset({"default-credentials", "unauthenticated-rtsp"})))
    if creds:
        found.append(Action(
            f"Set strong, unique passwords on {_plural(len(creds), 'device')} and close unauthenticated video streams",
            "IT or network team, this week",
            "anyone on the network can log in or watch the video",
            creds,
        ))
    sensitive_restricted = _count(devices, lambda d: d.in_sensitive_place and bool(d.restricted_under))
    if sensitive_restricted:
        found.append(Action(
            f"Replace or switch off {_plural(len(sensitive_restricted), 'restricted camera')} that can see "
            "a sensitive place",
            "Data protection officer with the site manager",
            "restricted makers watching changing rooms, toilets or medical rooms carry both legal and privacy risk",
            sensitive_restricted,
        ))
    restricted = _count(devices, lambda d: bool(d.restricted_under))
    if restricted:
        found.append(Action(
            f"Plan the replacement of {_plural(len(restricted), 'device')} from restricted makers and record the "
            "decision in the asset register",
            "Senior information risk owner with procurement",
            f"the policy '{data.policy.name}' restricts their makers; until replaced, keep them off core networks",
            restricted,
        ))
    no_dpia = _count(devices, lambda d: d.in_sensitive_place and d.dpia != "yes")
    if no_dpia:
        found.append(Action(
            f"Complete a data protection impact assessment for {_plural(len(no_dpia), 'camera')} in sensitive "
            "places",
            "Data protection officer",
            "UK GDPR requires one for high-risk surveillance",
            no_dpia,
        ))
    cloud = _count(devices, lambda d: d.calls_cloud)
    if cloud:
        found.append(Action(
            f"Block vendor-cloud traffic from {_plural(len(cloud), 'device')} at the firewall unless it is needed",
            "IT or network team",
            "video and device control can leave your network through the maker's cloud service",
            cloud,
        ))
    exposed = _count(devices, _has(frozenset({"exposure-telnet", "exposure-ftp", "exposure-http"})))
    if exposed:
        found.append(Action(
            f"Turn off telnet, FTP and unencrypted web access on {_plural(len(exposed), 'device')}",
            "IT or network team",
            "passwords and video cross the network in clear text",
            exposed,
        ))
    return found


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
