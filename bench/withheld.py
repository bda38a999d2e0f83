"""What the resolver withholds: makers that matched evidence names and the identity does not, why, and who was right.

    .venv/bin/python bench/withheld.py [--corpus FILE ...] [--makers] [--records]

Every labelled record of bench/accuracy.py's corpora (the same reading, leave-one-source-out rule sets and learned
maker table; each held-out reply once, a ``seen_before`` label with the development corpora) is identified, and its
evidence resolved again through ``resolve.resolve_with_reasons``, which gives the same identity and, for every piece of
evidence naming a maker that the resolver set aside, the rule of the policy that did it:

  * needs-video                         -- the evidence waits for video evidence that never came (a multi-product
                                           maker's name, a maker's API answer, a name in page text, a MAC block);
  * needs-video, hints explained away   -- it would have had that video evidence from an RTSP answer's generic
                                           hints, which streaming software named on the answer explains;
  * video claim outvoted by non-video   -- "X's video device" lost to a sure non-video sign (a shop, a printer, a NAS);
  * weak, withdrawn beside a close rival -- the weak winner of brand or manufacturer had a rival within the margin;
  * lost to a stronger rival            -- another maker won the attribute (a conflict in the identity);
  * own name under its line's OEM row   -- a brand's own name, outranked by the row of its product line;
  * not explained                       -- none of those: a gap in this report (should stay 0);
  * shared format, rule names no maker  -- not the resolver's: a sign of one maker's stream format whose rule names no
                                           maker because other stacks write it too (:data:`SHARED_FORMATS`), with no
                                           other maker's sign and no chip SDK's beside it ("beside a rival sign": with).

A withheld maker is one the evidence asserts (brand or manufacturer) that is neither the identity's brand nor its
manufacturer. Each (record, maker, reason) is judged against the record's label:

  * right     -- a camera of that maker (``scoring.names_maker``, or the maker is a brand whose OEM row of confidence
                 >= 0.6 names the label's maker); ``a miss`` counts those whose identity names no right maker, the
                 records the withheld maker would have gained;
  * wrong     -- a camera of another known maker;
  * unknown   -- a camera whose label leaves the maker unknown (cannot be judged);
  * non-cam   -- not a camera: naming the maker would be a false maker claim.

Printed per reason, per reason and whether the maker's catalogue is video only (``catalogues.yaml`` ``sells: video``:
the base rates read it), and per rule id, development and held-out apart. Then the same for the type: on every record
not typed a video device, the video claims of its evidence that did not count (waiting for a second sign, explained by
streaming software named on the RTSP answer, outvoted by a non-video type), on cameras and on non-cameras. Held-out
figures are counts only: ``--makers`` and ``--records`` list development records, never held-out ones.

Development only, the records that carry both an RTSP answer's video claim and a maker sign waiting for video evidence,
by how they came out (:func:`rtsp_beside_waiting_maker`): typed by the two agreeing (``agreeing_weak_signs`` in
identify/base_rates.py), typed by other signs, the RTSP hints explained by streaming software, a non-video type
standing, or left waiting (the sign or the maker does not pair: a MAC block, page text, a model grammar, two makers, a
maker with RTSP look-alikes). It answers, for each new development batch, whether the two waiting signs ever stand alone
together (helper-262, 2026-12-07: on the development data of that day, never). Held-out files are not read for it, not
even their replies labelled ``seen_before``.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from camaudit.identify import Rule, ruleset
from camaudit.identify.base_rates import AGREEING_NOTE, named_makers, non_video_type_stands, video_catalogue
from camaudit.identify.learned.maker import packaged_table
from camaudit.identify.resolve import resolve_with_reasons
from camaudit.identify.stream_software import explained_hints
from camaudit.importers.base import ImportRecord
from camaudit.model import Identity, is_video_device

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import (
    counts_in_pool,
    default_corpora,
    every_and_labelled_records,
    is_held_out,
    labels_path,
    load_labels,
    loso_rulesets,
)
from scoring import names_maker, oem_makers

#: What a record's identity left out that its evidence named, and why: (maker, reason) -> the rules that named it.
Withheld = dict[tuple[str, str], list[str]]
#: Signs of one maker's stream format that its rule names no maker for, because other makers' stacks write them too
#: (layers/sdp.yaml: Goke's camera SDK writes Hikvision's IMKH media header and its "Media Presentation"/"e=NONE"
#: session pair, an Axis P1311 the pair): the maker whose format it is. Withheld by the rule, not by the resolver;
#: reported so that "name the format's maker weakly" can be judged (reason :data:`SHARED_FORMAT`).
SHARED_FORMATS = {"sdp.hikvision.media-header": "hikvision", "sdp.hikvision.session": "hikvision"}
SHARED_FORMAT = "shared format, rule names no maker"
#: ... split by whether another sign of the record names a maker or a chip SDK's stack (``sdk.*``): a rival.
SHARED_FORMAT_RIVAL = "shared format, beside a rival sign"
#: The reason given to a withheld maker the resolver's bookkeeping does not explain (a gap: it should stay unused).
UNEXPLAINED = "not explained"
OUTCOMES = ("right", "a miss", "wrong", "unknown", "non-cam")
#: Why a video claim did not make the device a video device (:func:`set_aside_video`).
TYPE_WAITING = "needs-video"
TYPE_EXPLAINED = "explained by streaming software"
TYPE_OUTVOTED = "outvoted by a non-video type"
TYPE_OUTCOMES = ("camera", "non-cam")
#: How a record carrying an RTSP answer's video claim and a maker sign waiting for video evidence came out
#: (:func:`rtsp_beside_waiting_maker`), in the order they are tested.
PAIR_AGREED = "typed by the two agreeing"
PAIR_TYPED = "typed video by other signs"
PAIR_EXPLAINED = "RTSP hints explained by streaming software"
PAIR_OUTVOTED = "a non-video type stands"
PAIR_WAITING = "left waiting (sign or maker does not pair)"
PAIR_STATES = (PAIR_AGREED, PAIR_TYPED, PAIR_EXPLAINED, PAIR_OUTVOTED, PAIR_WAITING)


def withheld(identity: Identity, *, answered: bool = True) -> Withheld:
    """The makers ``identity``'s evidence names that it does not, each with the reason it was set aside and the rules.

    The evidence is resolved again with the reasons recorded; the identity must come out the same (a learned video
    layer typing the device after resolution would break that: bench/accuracy.py leaves it out by default).
    """
    again, reasons = resolve_with_reasons(identity.evidence, answered=answered)
    if (again.brand, again.manufacturer, again.device_type) != (
        identity.brand,
        identity.manufacturer,
        identity.device_type,
    ):
        raise SystemExit(f"resolving the evidence again gave another identity: {again} vs {identity}")
    named = {identity.brand, identity.manufacturer} - {None}
    # By identity: the reasons hold the very objects of ``identity.evidence`` (an Evidence's asserts are a mapping,
    # unhashable), and two equal pieces from two replies are two pieces.
    why: dict[int, str] = {}
    for reason, ev in reasons:
        why.setdefault(id(ev), reason)
    found: Withheld = defaultdict(list)
    for ev in identity.evidence:
        for maker in named_makers(ev) - named:
            rules = found[(maker, why.get(id(ev), UNEXPLAINED))]
            if ev.rule_id not in rules:
                rules.append(ev.rule_id)
    for ev in identity.evidence:
        maker = SHARED_FORMATS.get(ev.rule_id)
        if maker is not None and maker not in named:
            rival = any(named_makers(e) - {maker} or e.rule_id.startswith("sdk.") for e in identity.evidence)
            rules = found[(maker, SHARED_FORMAT_RIVAL if rival else SHARED_FORMAT)]
            if ev.rule_id not in rules:
                rules.append(ev.rule_id)
    return dict(found)


def set_aside_video(identity: Identity) -> dict[str, list[str]]:
    """For a device the identity does not type a video device, the video claims of its evidence by why they did not
    count: reason (:data:`TYPE_WAITING`, :data:`TYPE_EXPLAINED`, :data:`TYPE_OUTVOTED`) -> rule ids. Empty for a video
    device or evidence with no video claim."""
    if identity.is_video_device:
        return {}
    explained = {id(e) for e in explained_hints(identity.evidence)}
    found: dict[str, list[str]] = defaultdict(list)
    for ev in identity.evidence:
        if not is_video_device(ev.asserts.get("device_type")):
            continue
        if id(ev) in explained:
            reason = TYPE_EXPLAINED
        elif ev.needs:
            reason = TYPE_WAITING
        else:
            reason = TYPE_OUTVOTED
        if ev.rule_id not in found[reason]:
            found[reason].append(ev.rule_id)
    return dict(found)


def rtsp_beside_waiting_maker(identity: Identity) -> str | None:
    """For a record whose evidence holds both an RTSP answer's video claim and a maker sign waiting for video evidence,
    how it came out (one of :data:`PAIR_STATES`); ``None`` for any other record."""
    evidence = identity.evidence
    if not any(e.field.startswith("rtsp.") and is_video_device(e.asserts.get("device_type")) for e in evidence):
        return None
    if not any(e.needs and named_makers(e) for e in evidence):
        return None
    if any(AGREEING_NOTE in line for line in identity.attribution):
        return PAIR_AGREED
    if identity.is_video_device:
        return PAIR_TYPED
    if explained_hints(evidence):
        return PAIR_EXPLAINED
    if non_video_type_stands(evidence):
        return PAIR_OUTVOTED
    return PAIR_WAITING



def outcome(maker: str, label: dict[str, Any], identity: Identity) -> tuple[str, ...]:
    """How naming ``maker`` would have fared against ``label``: ``("right",)`` or ``("right", "a miss")`` when the
    identity named no right maker, ``("wrong",)``, ``("unknown",)`` (a camera of unknown maker), ``("non-cam",)``."""
    if not label["is_video"]:
        return ("non-cam",)
    truth = label.get("maker")
    if not truth:
        return ("unknown",)
    if not (names_maker(truth, {maker}) or truth in oem_makers(maker)):
        return ("wrong",)
    named = {identity.brand, identity.manufacturer} - {None}
    return ("right",) if named and (names_maker(truth, named) or truth in oem_makers_of(named)) else ("right", "a miss")


def oem_makers_of(makers: Iterable[str]) -> set[str]:
    """The manufacturers the OEM table gives (confidence >= 0.6) for any of ``makers``."""
    return set().union(*(oem_makers(m) for m in makers))


@dataclass
class Tally:
    """Outcome counts of one row (a reason, a rule id ...)."""

    counts: Counter[str] = field(default_factory=Counter)

    def add(self, outcomes: Sequence[str]) -> None:
        self.counts["pairs"] += 1
        self.counts.update(outcomes)

    def cells(self) -> str:
        return f"{self.counts['pairs']:>6}" + "".join(f"{self.counts[o]:>9}" for o in OUTCOMES)


@dataclass
class Report:
    """The withheld makers of one pool (development or held-out)."""

    records: int = 0
    with_withheld: int = 0
    by_reason: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_catalogue: dict[tuple[str, bool], Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_rule: dict[tuple[str, str], Tally] = field(default_factory=lambda: defaultdict(Tally))
    #: development only (``--makers``): (reason, maker, outcome) -> records
    makers: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    #: development only (``--records``): "corpus line N: reason, maker, outcome"
    where: list[str] = field(default_factory=list)
    #: video claims set aside on devices not typed video: reason -> camera / non-cam records; (rule, reason) -> same
    types: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    type_rules: dict[tuple[str, str], Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    #: development only: records with an RTSP answer and a waiting maker sign, state -> camera / non-cam records
    pairs: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def add_pair(self, label: dict[str, Any], state: str | None, place: str = "") -> None:
        """Count one labelled record's :func:`rtsp_beside_waiting_maker` state (nothing when it is ``None``)."""
        if state is None:
            return
        judged = "camera" if label["is_video"] else "non-cam"
        self.pairs[state][judged] += 1
        self.where.append(f"{place}: RTSP answer beside a waiting maker sign, {state}, {judged}")

    def add_types(self, label: dict[str, Any], found: dict[str, list[str]], place: str = "") -> None:
        """Count the video claims ``found`` set aside (:func:`set_aside_video`) on one labelled record."""
        judged = "camera" if label["is_video"] else "non-cam"
        for reason, rules in found.items():
            self.types[reason][judged] += 1
            for rule_id in rules:
                self.type_rules[(rule_id, reason)][judged] += 1
            self.where.append(f"{place}: video claim {reason}, {judged} [{', '.join(rules)}]")

    def add(self, identity: Identity, label: dict[str, Any], found: Withheld, place: str = "") -> None:
        self.records += 1
        self.with_withheld += bool(found)
        for (maker, reason), rules in found.items():
            judged = outcome(maker, label, identity)
            self.where.append(f"{place}: {reason}, {maker}, {'/'.join(judged)} [{', '.join(rules)}]")
            self.by_reason[reason].add(judged)
            self.by_catalogue[(reason, video_catalogue(maker))].add(judged)
            for rule_id in rules:
                self.by_rule[(rule_id, reason)].add(judged)
            self.makers[(reason, maker, "/".join(judged))] += 1

    def lines(self, title: str, *, makers: bool, records: bool = False) -> list[str]:
        head = f"    {'':<44}{'pairs':>6}" + "".join(f"{o:>9}" for o in OUTCOMES)
        out = [
            f"{title}: {self.records} labelled records, {self.with_withheld} with a withheld maker",
            "  by reason",
            head,
        ]
        out += [f"    {reason:<44}{t.cells()}" for reason, t in sorted(self.by_reason.items())]
        out += ["  by reason and the maker's catalogue (video: catalogues.yaml sells only video)", head]
        out += [
            f"    {reason + (', video' if video else ', not video'):<44}{t.cells()}"
            for (reason, video), t in sorted(self.by_catalogue.items())
        ]
        out += ["  by rule id (a pair counts for every rule that named the maker)", head]
        out += [
            f"    {rule_id:<44}{t.cells()}  {reason}"
            for (rule_id, reason), t in sorted(self.by_rule.items(), key=lambda kv: (-kv[1].counts["pairs"], kv[0]))
        ]
        type_head = f"    {'':<44}" + "".join(f"{o:>9}" for o in TYPE_OUTCOMES)
        out += ["  video claims set aside on records not typed a video device, by reason (records)", type_head]
        out += [
            f"    {reason:<44}" + "".join(f"{counts[o]:>9}" for o in TYPE_OUTCOMES)
            for reason, counts in sorted(self.types.items())
        ]
        out += ["  ... by rule id", type_head]
        out += [
            f"    {rule_id:<44}" + "".join(f"{counts[o]:>9}" for o in TYPE_OUTCOMES) + f"  {reason}"
            for (rule_id, reason), counts in sorted(
                self.type_rules.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])
            )
        ]
        if self.pairs:
            out += ["  RTSP answer beside a maker sign waiting for video evidence (records)", type_head]
            out += [
                f"    {state:<44}" + "".join(f"{self.pairs[state][o]:>9}" for o in TYPE_OUTCOMES)
                for state in PAIR_STATES
                if state in self.pairs
            ]
        if makers:
            out.append("  withheld makers (reason, maker, outcome: records)")
            out += [f"    {r}, {m}, {o}: {n}" for (r, m, o), n in sorted(self.makers.items())]
        if records:
            out.append("  records (reason, maker, outcome [rules])")
            out += ["    " + line for line in self.where]
        return out


def answers(
    corpus: Path, rules: Sequence[Rule]
) -> Iterator[tuple[ImportRecord, dict[str, Any], Identity | None]]:
    """Each labelled record of ``corpus`` with its label and its leave-one-source-out identity (``None``: the importer
    could not read it, or it holds nothing to identify), as bench/accuracy.py identifies it."""
    labels = load_labels(labels_path(corpus))
    _, records = every_and_labelled_records(corpus, labels)
    for rule_set, grouped in loso_rulesets(records, labels, rules, False, packaged_table()):
        for record in grouped:
            readable = record.error is None and record.observations
            yield record, labels[record.position], rule_set.identify(record.observations) if readable else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, action="append", help="labelled corpus (repeatable; default: all)")
    parser.add_argument("--makers", action="store_true", help="list the withheld makers of development records")
    parser.add_argument("--records", action="store_true", help="list the development records with a withheld maker")
    args = parser.parse_args(argv)
    corpora = [c for c in (args.corpus or default_corpora()) if c.exists() and counts_in_pool(c)]
    rules = ruleset().rules
    development, held_out = Report(), Report()
    for corpus in corpora:
        for record, label, identity in answers(corpus, rules):
            if identity is None:
                continue
            pool = development if label.get("seen_before") or not is_held_out(corpus) else held_out
            found = withheld(identity, answered=bool(record.observations))
            pool.add(identity, label, found, f"{corpus.name} line {record.position}")
            place = f"{corpus.name} line {record.position}"
            pool.add_types(label, set_aside_video(identity), place)
            if not is_held_out(corpus):
                # Development corpora only: a held-out file's replies seen before are left out of this listing.
                development.add_pair(label, rtsp_beside_waiting_maker(identity), place)
    print("WITHHELD MAKERS (leave-one-source-out): makers matched evidence names that the identity does not")
    print("\n".join(development.lines("development", makers=args.makers, records=args.records)))
    print("\n".join(held_out.lines("held-out (counts only)", makers=False)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
