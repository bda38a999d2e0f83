"""The learned video layer's development curve: for each threshold, development cameras typed video and development
non-cameras typed video, every record judged leave-one-source-out (rules and learned counts alike).

    .venv/bin/python bench/learned_curve.py [--step 0.5] [--low 0] [--high 12]

Only development corpora are read (bench/learned_data.py refuses held-out ones): the threshold of
scripts/train_learned.py is chosen on this curve, never on held-out figures. Each record is identified with the rules
of its leave-one-source-out set and no learned layer; where that identity is undecided (learned/video.py
``undecided``), the layer counted without the record's sources scores its tokens. Printed: the records the rules type
video (the base), then per threshold how many more cameras and non-cameras the layer would type video.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import labels_path, learned_without, load_labels, loso_rulesets, read_records
from learned_data import development_corpora, refuse_held_out, video_tokens

from camaudit.identify import ruleset
from camaudit.identify.learned.video import undecided
from camaudit.identify.provenance import example_keys


def scores(corpora: list[Path]) -> tuple[list[tuple[bool, bool, float | None]], dict[str, int]]:
    """Per labelled record with a source: (is a camera, typed video by the rules, the learned score where undecided)."""
    rows: list[tuple[bool, bool, float | None]] = []
    labelled = {"cameras": 0, "others": 0}
    rules = ruleset().rules
    for corpus in corpora:
        refuse_held_out(corpus)
        labels = load_labels(labels_path(corpus))
        records = [r for r in read_records(corpus) if r.ok and r.position in labels]
        for label in labels.values():
            labelled["cameras" if label["is_video"] else "others"] += 1
        for rule_set, grouped in loso_rulesets(records, labels, rules, learned=False):
            for record in grouped:
                label = labels[record.position]
                identity = rule_set.identify(record.observations)
                score = None
                if undecided(identity):
                    score, _ = learned_without(example_keys(label.get("source"))).score(
                        video_tokens(record.observations)
                    )
                rows.append((bool(label["is_video"]), identity.is_video_device, score))
    return rows, labelled


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--step", type=float, default=0.5)
    parser.add_argument("--low", type=float, default=0.0)
    parser.add_argument("--high", type=float, default=12.0)
    args = parser.parse_args(argv)
    rows, labelled = scores(development_corpora())
    cams = sum(1 for is_video, _, _ in rows if is_video)
    others = len(rows) - cams
    base_cams = sum(1 for is_video, typed, _ in rows if is_video and typed)
    base_others = sum(1 for is_video, typed, _ in rows if not is_video and typed)
    scored = [(is_video, s) for is_video, _, s in rows if s is not None]
    print(
        f"development records with a source: {cams} cameras, {others} non-cameras "
        f"(labelled: {labelled['cameras']}, {labelled['others']})"
    )
    print(
        "typed video by the rules (leave-one-source-out): "
        f"cameras {base_cams}/{cams}, non-cameras {base_others}/{others}"
    )
    undecided_cams = sum(1 for v, _ in scored if v)
    print(f"undecided and scored: {undecided_cams} cameras, {len(scored) - undecided_cams} non-cameras")
    print("threshold  cameras typed video (+learned)  non-cameras typed video (+learned)")
    steps = round((args.high - args.low) / args.step)
    for i in range(steps + 1):
        t = args.low + i * args.step
        more_cams = sum(1 for v, s in scored if v and s >= t)
        more_others = sum(1 for v, s in scored if not v and s >= t)
        print(
            f"{t:9.2f}  {base_cams + more_cams:4d}/{cams} (+{more_cams:3d})"
            f"                {base_others + more_others:4d}/{others} (+{more_others:3d})"
        )
    top = sorted((s, v) for v, s in scored if not v)[-5:]
    print("highest non-camera scores: " + ", ".join(f"{s:.2f}" for s, _ in top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
