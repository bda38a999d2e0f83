"""Accuracy of ``camaudit identify --format shodan`` against a labelled Shodan corpus.

    .venv/bin/python bench/accuracy.py [--corpus tests/data/shodan_holdout.jsonl] [--labels FILE] [--rules DIR] [-q]

The corpus is Shodan banner NDJSON; the labels file (default: the corpus name with ``.labels.jsonl``)
has one line per record: ``{"line": N, "is_video": bool, "maker": vendor-id or null}`` (optional
``"independent": true`` marks a camera record whose identifying string comes from a public source that
no rule was written from; ``"source"`` says where the record's strings come from).

Runs exactly what the CLI runs (``camaudit.cli.identify.run`` over the ``shodan`` importer) and prints:

  * maker rate      -- camera/recorder records with a known maker whose identity names it (brand or
                       manufacturer equal to the label); target >= 0.90;
  * video rate      -- camera/recorder records whose device_type is a video type; target >= 0.95;
  * false claims    -- non-camera records for which a maker (brand or manufacturer) is claimed;
                       target <= 0.01 (also printed: non-camera records typed as video devices);

with counts, then every miss (line, label, what identify said, the evidence rule ids).
Exit status 0 when the three targets are met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from camaudit.cli.identify import run
from camaudit.importers import FORMATS
from camaudit.model import is_video_device

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT / "tests" / "data" / "shodan_holdout.jsonl"

MAKER_TARGET = 0.90
VIDEO_TARGET = 0.95
FALSE_CLAIM_TARGET = 0.01


@dataclass
class Result:
    """Counts and misses of one corpus run."""

    corpus: str
    video_total: int = 0
    video_recognised: int = 0
    maker_total: int = 0
    maker_right: int = 0
    other_total: int = 0
    other_maker_claims: int = 0
    other_video_claims: int = 0
    #: camera records labelled ``"independent": true`` (their identifying string comes from a public
    #: source that no rule was written from), and how many of them got the right maker / a video type.
    independent_total: int = 0
    independent_maker: int = 0
    independent_video: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def maker_rate(self) -> float:
        return self.maker_right / self.maker_total if self.maker_total else 1.0

    @property
    def video_rate(self) -> float:
        return self.video_recognised / self.video_total if self.video_total else 1.0

    @property
    def false_claim_rate(self) -> float:
        return self.other_maker_claims / self.other_total if self.other_total else 0.0

    @property
    def ok(self) -> bool:
        return (
            self.maker_rate >= MAKER_TARGET
            and self.video_rate >= VIDEO_TARGET
            and self.false_claim_rate <= FALSE_CLAIM_TARGET
        )

    def lines(self) -> list[str]:
        out = [
            f"corpus: {self.corpus}",
            f"  maker named      {self.maker_rate:6.1%}  ({self.maker_right}/{self.maker_total} camera records"
            f" with a known maker; target >= {MAKER_TARGET:.0%})",
            f"  video recognised {self.video_rate:6.1%}  ({self.video_recognised}/{self.video_total} camera"
            f" records; target >= {VIDEO_TARGET:.0%})",
            f"  false maker      {self.false_claim_rate:6.1%}  ({self.other_maker_claims}/{self.other_total}"
            f" non-camera records; target <= {FALSE_CLAIM_TARGET:.0%})",
            f"  (non-camera records typed as video: {self.other_video_claims}/{self.other_total})",
            *(
                [
                    f"  independent subset: maker {self.independent_maker}/{self.independent_total},"
                    f" video {self.independent_video}/{self.independent_total} (records whose string no rule"
                    " was written from)"
                ]
                if self.independent_total
                else []
            ),
            f"  targets {'MET' if self.ok else 'NOT MET'}",
        ]
        if self.misses:
            out.append(f"  misses ({len(self.misses)}):")
            out.extend("    " + miss for miss in self.misses)
        return out


def identify_file(corpus: Path, rules: Path | None = None) -> list[dict[str, Any]]:
    """One output object per input record, as ``camaudit identify --format shodan`` writes them.

    ``rules`` (a directory of rule files) replaces the packaged rules, e.g. to score an older rule set.
    """
    identifier = None
    if rules is not None:
        from camaudit.identify import load_ruleset

        identifier = load_ruleset([rules]).identify
    sink = io.BytesIO()
    with corpus.open("rb") as source:
        run(FORMATS["shodan"](source), sink, identifier)
    return [json.loads(line) for line in sink.getvalue().splitlines()]


def load_labels(path: Path) -> dict[int, dict[str, Any]]:
    labels = {}
    for text in path.read_text(encoding="utf-8").splitlines():
        if text.strip():
            label = json.loads(text)
            labels[int(label["line"])] = label
    return labels


def labels_path(corpus: Path) -> Path:
    return corpus.with_name(corpus.name.removesuffix(".jsonl") + ".labels.jsonl")


def _said(answer: dict[str, Any]) -> str:
    rules = ",".join(e["rule_id"] for e in answer.get("evidence", [])) or "-"
    return (
        f"type={answer.get('device_type')} brand={answer.get('brand')} "
        f"manufacturer={answer.get('manufacturer')} [{rules}]"
    )


def measure(corpus: Path, labels_file: Path | None = None, rules: Path | None = None) -> Result:
    """Run the corpus through identify and score it against its labels."""
    labels = load_labels(labels_file or labels_path(corpus))
    answers = identify_file(corpus, rules)
    if len(answers) != len(labels):
        raise SystemExit(f"{corpus}: {len(answers)} records but {len(labels)} labels")
    result = Result(corpus=str(corpus))
    for number, answer in enumerate(answers, start=1):
        label = labels[number]
        makers = {answer.get("brand"), answer.get("manufacturer")} - {None}
        video = is_video_device(answer.get("device_type"))
        if label["is_video"]:
            result.video_total += 1
            result.video_recognised += video
            if label.get("independent"):
                result.independent_total += 1
                result.independent_video += video
                result.independent_maker += bool(label.get("maker")) and label["maker"] in makers
            wrong = []
            if not video:
                wrong.append("not recognised as video")
            if label.get("maker"):
                result.maker_total += 1
                if label["maker"] in makers:
                    result.maker_right += 1
                else:
                    wrong.append(f"maker {label['maker']} not named")
            if wrong:
                result.misses.append(f"line {number} ({'; '.join(wrong)}): {_said(answer)}")
        else:
            result.other_total += 1
            result.other_video_claims += video
            if makers:
                result.other_maker_claims += 1
                result.misses.append(f"line {number} (non-camera, maker claimed): {_said(answer)}")
            elif video:
                result.misses.append(f"line {number} (non-camera, typed video): {_said(answer)}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, action="append", help="Shodan NDJSON (repeatable)")
    parser.add_argument("--labels", type=Path, help="labels file (single corpus only)")
    parser.add_argument("--rules", type=Path, help="rule directory instead of the packaged rules")
    parser.add_argument("-q", "--quiet", action="store_true", help="rates only, no list of misses")
    args = parser.parse_args(argv)
    corpora = args.corpus or [DEFAULT_CORPUS]
    ok = True
    for corpus in corpora:
        result = measure(corpus, args.labels if len(corpora) == 1 else None, args.rules)
        lines = result.lines()
        if args.quiet:
            lines = [line for line in lines if not line.startswith("    ") and "misses (" not in line]
        print("\n".join(lines))
        ok = ok and result.ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
