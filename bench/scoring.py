"""One scorer for the identification benchmarks: maker named, recognised as video, false claims.

``bench/accuracy.py`` (labelled scan-file corpora) and ``bench/replay.py`` (the replay lab scanned live)
judge an identity against a label the same way; both count through :class:`Tally`, so a change in what
"maker named" or "false claim" means changes both figures at once.

A label says whether the example is a camera (any video device) and, when its replies name one, which
maker (a canonical vendor id). An identity names the maker when its brand or its manufacturer is that id,
or when the label is a relabelling brand and the identity names the manufacturer that the OEM table gives
for it with confidence >= 0.6 (an Amcrest camera said to be made by Dahua is right: seeing through the
label is the tool's job). Those are counted apart as well (``maker_right_via_oem``) so a reader can
discount them.
A non-camera is falsely claimed when a maker is named for it or it is typed as a video device; the two are
counted apart, since a maker claimed on a non-camera is the worse error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from camaudit.identify import Rule
from camaudit.identify.provenance import source_keys
from camaudit.knowledge.loader import oem_relations

#: An OEM-table row this sure lets a brand label accept its manufacturer (annke -> dahua at 0.3 does not).
OEM_ACCEPT = 0.6

#: Targets of issue 9 (scan-file corpora; the replay lab asks maker >= 0.85, recognised >= 0.90).
MAKER_TARGET = 0.90
VIDEO_TARGET = 0.95
FALSE_CLAIM_TARGET = 0.01

_COUNTS = (
    "video_total",
    "video_recognised",
    "video_typed_other",
    "maker_total",
    "maker_right",
    "maker_right_via_oem",
    "other_total",
    "other_maker_claims",
    "other_video_claims",
    "other_claims",
)


def learned_leave_out(keys: frozenset[str], copied: Iterable[str], rules: Sequence[Rule]) -> frozenset[str]:
    """The source keys the learned maker table leaves out when judging an example with source keys ``keys``: its
    own, and those of every rule whose examples hold its text (``copied``: the table was trained on them too)."""
    chosen = frozenset(copied)
    return keys.union(*(source_keys(r.source) for r in rules if r.id in chosen))


def makers_of(brand: str | None, manufacturer: str | None) -> set[str]:
    """The maker ids an identity names (brand and manufacturer, whichever are set)."""
    return {m for m in (brand, manufacturer) if m}


def makers_said(answer: Mapping[str, Any]) -> set[str]:
    """The maker ids an identity written as JSON (``camaudit identify``'s line) names."""
    return makers_of(answer.get("brand"), answer.get("manufacturer"))


def oem_makers(maker: str) -> set[str]:
    """Manufacturers the OEM table gives for the brand ``maker`` with confidence >= :data:`OEM_ACCEPT`."""
    return {r.manufacturer for r in oem_relations(maker) if r.confidence >= OEM_ACCEPT}


def names_maker(maker: str, said_makers: Iterable[str]) -> bool:
    """Does an identity naming ``said_makers`` name the labelled ``maker`` (itself or its sourced OEM)?"""
    named = set(said_makers)
    return maker in named or bool(named & oem_makers(maker))


@dataclass
class Tally:
    """Counts of one scoring run: cameras recognised, makers named, claims on non-cameras."""

    video_total: int = 0
    video_recognised: int = 0
    #: cameras typed as something other than a video device (``not_camera``, a printer, a NAS ...): the claim
    #: a user reads as "this is no camera", where an unknown type leaves the question open
    video_typed_other: int = 0
    maker_total: int = 0
    maker_right: int = 0
    #: of maker_right: the label is a brand and the identity named only its OEM manufacturer
    maker_right_via_oem: int = 0
    other_total: int = 0
    #: non-cameras given a maker
    other_maker_claims: int = 0
    #: non-cameras typed as a video device
    other_video_claims: int = 0
    #: non-cameras given a maker or typed as video (either claim)
    other_claims: int = 0
    #: maker id -> [named, labelled]
    per_maker: dict[str, list[int]] = field(default_factory=dict)

    def count(
        self,
        *,
        is_video: bool,
        maker: str | None,
        said_makers: Iterable[str],
        said_video: bool,
        said_other: bool = False,
    ) -> list[str]:
        """Count one example; return what is wrong with the identity (empty when nothing is). ``said_other``: the
        identity gives a type that is not a video type (``not_camera`` included), as opposed to no type at all."""
        named = set(said_makers)
        wrong: list[str] = []
        if is_video:
            self.video_total += 1
            self.video_recognised += said_video
            self.video_typed_other += said_other and not said_video
            if not said_video:
                wrong.append("not recognised as video")
            if maker:
                self.maker_total += 1
                cell = self.per_maker.setdefault(maker, [0, 0])
                cell[1] += 1
                if names_maker(maker, named):
                    self.maker_right += 1
                    self.maker_right_via_oem += maker not in named
                    cell[0] += 1
                else:
                    wrong.append(f"maker {maker} not named")
            return wrong
        self.other_total += 1
        self.other_video_claims += said_video
        self.other_maker_claims += bool(named)
        self.other_claims += bool(named) or said_video
        if named:
            wrong.append("non-camera, maker claimed")
        elif said_video:
            wrong.append("non-camera, typed video")
        return wrong

    @property
    def maker_rate(self) -> float:
        """Share of labelled-maker cameras whose maker is named (1.0 when there are none)."""
        return self.maker_right / self.maker_total if self.maker_total else 1.0

    @property
    def video_rate(self) -> float:
        """Share of cameras typed as a video device (1.0 when there are none)."""
        return self.video_recognised / self.video_total if self.video_total else 1.0

    @property
    def false_claim_rate(self) -> float:
        """Share of non-cameras given a maker."""
        return self.other_maker_claims / self.other_total if self.other_total else 0.0

    def add(self, other: Tally) -> None:
        """Pool ``other``'s counts into this tally."""
        for name in _COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for maker, (right, total) in other.per_maker.items():
            mine = self.per_maker.setdefault(maker, [0, 0])
            mine[0] += right
            mine[1] += total
