"""What one scoring run of ``bench/accuracy.py`` found: the shared counts, calibration, misses, and how they print."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from reply_kind import KINDS
from scoring import FALSE_CLAIM_TARGET, MAKER_TARGET, VIDEO_TARGET, Tally

#: Identities at or above this confidence are checked for calibration.
CALIBRATION_AT = 0.9
#: Confidence bands of the calibration curve (the last one holds 1.0 too).
CALIBRATION_BANDS = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01))


def band_name(low: float, high: float) -> str:
    """``[0.5,0.7)``; the top band, which holds confidence 1.0 too, is printed closed: ``[0.9,1.0]``."""
    return f"[{low:.1f},1.0]" if high > 1.0 else f"[{low:.1f},{high:.1f})"


#: the kinds of wrong claim (:func:`accuracy.wrong_claim`), as counted where records stay blind
CLAIM_KINDS = {
    "other-maker": "cameras named another maker",
    "typed-non-video": "cameras typed non-video by a sign",
    "non-camera-claimed": "non-cameras given a maker or a video type",
}


class Claim(NamedTuple):
    """A wrong claim: its kind (a key of :data:`CLAIM_KINDS`) and what it says; prints as its text."""

    kind: str
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass
class KindTally(Tally):
    """The counts of the records of one kind of reply (``reply_kind.reply_kind``)."""

    #: of ``video_typed_other``: cameras typed "not a camera" by absence -- the resolver's 0.3 default when nothing a
    #: rule reads said video, as opposed to a rule that typed the reply a printer, a NAS or no camera
    typed_other_by_absence: int = 0

    def add(self, other: Tally) -> None:
        super().add(other)
        if isinstance(other, KindTally):
            self.typed_other_by_absence += other.typed_other_by_absence


@dataclass
class Result(Tally):
    """Counts and misses of one scoring run (one corpus or a pool, in-sample or LOSO); the counts are the
    shared :class:`scoring.Tally`, this adds calibration."""

    corpus: str = ""
    confident_total: int = 0
    confident_right: int = 0
    #: LOSO: records without a source (not judged)
    unjudged: int = 0
    #: records the importer could not read (position: reason); each still counts as a miss
    skipped: list[str] = field(default_factory=list)
    #: (confidence, right) of every answer that claims a maker or a video type: the calibration curve
    claims: list[tuple[float, bool]] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    #: answers that claim something the label contradicts, at any confidence (see accuracy.wrong_claim): each with
    #: its kind, so a count by kind reads the kind, not the printed text
    wrong: list[Claim] = field(default_factory=list)
    #: the same counts split by the kind of reply each record holds (``--by-kind``)
    by_kind: dict[str, KindTally] = field(default_factory=dict)
    #: the corpus's records seen before their batch was collected (labels with ``seen_before``), scored apart: they
    #: count with the development corpora (not pooled by :meth:`add`; bench/accuracy.py routes them)
    seen_before: Result | None = None

    @property
    def calibration(self) -> float:
        return self.confident_right / self.confident_total if self.confident_total else 1.0

    @property
    def ok(self) -> bool:
        return (
            self.maker_rate >= MAKER_TARGET
            and self.video_rate >= VIDEO_TARGET
            and self.false_claim_rate <= FALSE_CLAIM_TARGET
        )

    def add(self, other: Tally) -> None:
        """Pool ``other`` into this result."""
        super().add(other)
        if isinstance(other, Result):
            self.confident_total += other.confident_total
            self.confident_right += other.confident_right
            self.unjudged += other.unjudged
            self.claims.extend(other.claims)
            self.skipped.extend(other.skipped)
            self.misses.extend(other.misses)
            self.wrong.extend(other.wrong)
            for kind, tally in other.by_kind.items():
                self.by_kind.setdefault(kind, KindTally()).add(tally)

    def bands(self) -> str:
        cells = []
        for low, high in CALIBRATION_BANDS:
            inside = [right for conf, right in self.claims if low <= conf < high]
            if inside:
                cells.append(f"{band_name(low, high)} {sum(inside)}/{len(inside)}")
        return ", ".join(cells)

    def lines(self, *, per_maker: bool = False, reasons: bool = True) -> list[str]:
        out = [
            f"{self.corpus}",
            f"  maker named      {self.maker_rate:6.1%}  ({self.maker_right}/{self.maker_total} camera records"
            f" with a known maker; target >= {MAKER_TARGET:.0%}"
            f"{f'; {self.maker_right_via_oem} of them a brand named by its OEM' if self.maker_right_via_oem else ''})",
            f"  video recognised {self.video_rate:6.1%}  ({self.video_recognised}/{self.video_total} camera"
            f" records; target >= {VIDEO_TARGET:.0%})",
            f"  false maker      {self.false_claim_rate:6.1%}  ({self.other_maker_claims}/{self.other_total}"
            f" non-camera records; target <= {FALSE_CLAIM_TARGET:.0%})",
            f"  (non-camera records typed as video: {self.other_video_claims}/{self.other_total})",
            f"  (cameras typed not a camera: {self.video_typed_other}/{self.video_total})",
            f"  calibration      {self.calibration:6.1%}  ({self.confident_right}/{self.confident_total} identities"
            f" with confidence >= {CALIBRATION_AT} are right)",
        ]
        if self.unjudged:
            out.append(f"  ({self.unjudged} records without a source: not judged)")
        if self.seen_before:
            seen = self.seen_before.video_total + self.seen_before.other_total
            out.append(f"  ({seen} records seen before collection left out here: scored with the development corpora)")
        if self.skipped:
            out.append(f"  skipped: {len(self.skipped)} records the importer could not read (a labelled one is a miss)")
            if reasons:
                out.extend("    " + reason for reason in self.skipped)
        if per_maker and self.claims:
            out.append("  calibration by band (share right among claims of that confidence): " + self.bands())
        if per_maker and self.per_maker:
            cells = [
                f"{maker} {right}/{total}"
                for maker, (right, total) in sorted(self.per_maker.items(), key=lambda kv: (-kv[1][1], kv[0]))
            ]
            out.append("  per maker: " + ", ".join(cells))
        out.append(f"  targets {'MET' if self.ok else 'NOT MET'}")
        if self.misses:
            out.append(f"  misses ({len(self.misses)}):")
            out.extend("    " + miss for miss in self.misses)
        return out


def side_by_side(results: Sequence[Result]) -> list[str]:
    """One table of the headline figures of several pools (development, held-out, all), each in a column."""
    width = max(18, *(len(r.corpus) + 2 for r in results))

    def row(name: str, cells: Sequence[str]) -> str:
        return f"  {name:<24}" + "".join(f"{cell:>{width}}" for cell in cells)

    def ratio(right: int, total: int) -> str:
        return f"{right}/{total} ({right / total:.1%})" if total else "-"

    out = [row("", [r.corpus for r in results])]
    out.append(row("maker named", [ratio(r.maker_right, r.maker_total) for r in results]))
    out.append(
        row(
            "video recognised",
            [ratio(r.video_recognised, r.video_total) for r in results],
        )
    )
    out.append(row("false maker", [ratio(r.other_maker_claims, r.other_total) for r in results]))
    out.append(
        row(
            "non-camera typed video",
            [ratio(r.other_video_claims, r.other_total) for r in results],
        )
    )
    out.append(row("camera typed non-video", [ratio(r.video_typed_other, r.video_total) for r in results]))
    out.append(
        row(
            f"confidence >= {CALIBRATION_AT} right",
            [ratio(r.confident_right, r.confident_total) for r in results],
        )
    )
    for low, high in CALIBRATION_BANDS:
        cells = []
        for r in results:
            inside = [right for conf, right in r.claims if low <= conf < high]
            cells.append(ratio(sum(inside), len(inside)))
        out.append(row(f"claims in {band_name(low, high)}", cells))
    return out


def by_kind_table(results: Sequence[tuple[str, Result]]) -> list[str]:
    """Per pool (title, result), one row per kind of reply: counts only, never a record's text. ``not a camera``
    is cameras typed non-video, with those typed so by absence (the 0.3 default) in brackets."""
    header = (f"    {'kind of reply':<34}{'cameras':>8}{'maker named':>13}{'recognised':>12}{'not a camera':>14}"
              f"{'(absence)':>10}{'others':>8}{'false maker':>13}{'typed video':>13}")
    out = ["MISSES BY KIND OF REPLY (leave-one-source-out; counts only)"]
    for title, result in results:
        out += [f"  {title}", header]
        for kind in (k for k in KINDS if k in result.by_kind):
            t = result.by_kind[kind]
            out.append(
                f"    {kind:<34}{t.video_total:>8}{f'{t.maker_right}/{t.maker_total}':>13}"
                f"{f'{t.video_recognised}/{t.video_total}':>12}{t.video_typed_other:>14}"
                f"{f'({t.typed_other_by_absence})':>10}{t.other_total:>8}"
                f"{f'{t.other_maker_claims}/{t.other_total}':>13}{f'{t.other_video_claims}/{t.other_total}':>13}"
            )
    return out
