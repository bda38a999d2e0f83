"""The report's findings section, grouped: one block per kind of finding, with every device it concerns.

Twenty restricted cameras share one regime's explanation; printing it twenty times buries the reader. A
group is the findings with the same kind, severity and title. Its explanation is split into sentences:
the sentences every member shares are printed once, and each device's own sentences (the brand it is
sold under, its model and firmware) are printed beside it — so every word of every explanation is still
in the report, once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from camaudit.model import Finding, Reference
from camaudit.report.records import DeviceRecord, severity_rank

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u201c\"(])")


def sentences(text: str) -> list[str]:
    """``text`` split into sentences (a full stop, then a space, then a capital or an opening quote)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


@dataclass(frozen=True, slots=True)
class Member:
    """One device of a group, the finding it has, and the sentences of its explanation not shared by all."""

    device: DeviceRecord
    finding: Finding
    own: str


@dataclass(slots=True)
class FindingGroup:
    kind: str
    severity: str
    title: str
    remediation: str
    references: tuple[Reference, ...]
    common: str = ""
    #: The legal citation, when every member's restriction cites the same one.
    citation: str = ""
    members: list[Member] = field(default_factory=list)


def group_findings(devices: Sequence[DeviceRecord]) -> list[FindingGroup]:
    """Findings grouped by kind, severity and title; most severe first, then the most widespread."""
    groups: dict[tuple[str, str, str], FindingGroup] = {}
    pending: dict[tuple[str, str, str], list[tuple[DeviceRecord, Finding]]] = {}
    for d in devices:
        for f in d.device.findings:
            key: tuple[str, str, str] = (f.kind, f.severity, f.title)
            if key not in groups:
                groups[key] = FindingGroup(f.kind, f.severity, f.title, f.remediation, f.references)
                pending[key] = []
            pending[key].append((d, f))
    for key, group in groups.items():
        split = [sentences(f.explanation) for _, f in pending[key]]
        shared = set.intersection(*(set(s) for s in split))
        group.common = " ".join(s for s in split[0] if s in shared)
        refs = {r: None for _, f in pending[key] for r in f.references}
        group.references = tuple(refs)
        group.remediation = " ".join(dict.fromkeys(f.remediation for _, f in pending[key]))
        cites = {str(f.details.get("citation") or "") for _, f in pending[key]}
        group.citation = cites.pop() if len(cites) == 1 else ""
        group.members = [
            Member(d, f, " ".join(s for s in parts if s not in shared))
            for (d, f), parts in zip(pending[key], split, strict=True)
        ]
    return sorted(groups.values(), key=lambda g: (severity_rank(g.severity), -len(g.members), g.title))
