"""Digest of what ``camaudit identify`` writes for the benchmark mix and every corpus under tests/data.

    .venv/bin/python bench/identify_outputs.py > after.txt
    PYTHONPATH=/path/to/other/src .venv/bin/python bench/identify_outputs.py > before.txt
    diff before.txt after.txt

``--development`` leaves out every held-out file (``heldout_*``, a folder of that name included), for a helper
who must not read the held-out corpora even as digests; ``bench/accuracy.py -q`` then checks them by its counts.

A speed change must not change an answer: run this with the code before and after it and compare. Each line
names one input (the bench file of bench/identify.py, at its default size and at its quarter, then each corpus
file, read in the format its name says as bench/accuracy.py reads it), its record count and the SHA-256 of the
identify output for it, byte for byte. Only digests are printed, never a record.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import sys
import tempfile
from pathlib import Path

import shodan_corpus
from accuracy import corpus_format, is_labels
from heldout_records import is_held_out_file

from camaudit.cli.identify import run
from camaudit.importers import FORMATS

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "tests" / "data"
_SUFFIXES = (".jsonl", ".json", ".xml", ".ndjson", ".gz")


def digest(path: Path, fmt: str) -> tuple[int, str]:
    """Records answered and the SHA-256 of ``identify --format fmt path``'s output."""
    out = io.BytesIO()
    with path.open("rb") as source:
        summary = run(FORMATS[fmt](source), out)
    return summary.records, hashlib.sha256(out.getvalue()).hexdigest()


def corpora(development: bool = False) -> list[tuple[Path, str]]:
    """Every corpus file whose format its name says, labels files left out (and held-out ones if ``development``)."""
    found = []
    for path in sorted(CORPORA.rglob("*")):
        if not path.is_file() or is_labels(path) or not path.name.endswith(_SUFFIXES):
            continue
        if development and is_held_out_file(path, CORPORA):
            continue
        # tests/data/importers names its samples by format ("censys_hosts.jsonl"); the corpora as accuracy.py does.
        prefix = path.name.split("_", 1)[0]
        found.append((path, prefix if prefix in FORMATS else corpus_format(path)))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=40_000, help="records in the bench file")
    parser.add_argument("--development", action="store_true", help="leave out the held-out corpora (heldout_*)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="camaudit-outputs-") as tmp:
        big, small = Path(tmp) / "bench_full.jsonl", Path(tmp) / "bench_quarter.jsonl"
        shodan_corpus.write_file(big, args.records)
        shodan_corpus.write_file(small, max(1, args.records // 4), seed=7)
        inputs = [(big, "shodan"), (small, "shodan"), *corpora(args.development)]
        for path, fmt in inputs:
            records, sha = digest(path, fmt)
            name = path.relative_to(CORPORA) if path.is_relative_to(CORPORA) else path.name
            print(f"{name}\t{fmt}\t{records}\t{sha}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
