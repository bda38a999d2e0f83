"""Benchmark: the matcher's two engines, Hyperscan and Python ``re``, on the same observed fields.

    .venv/bin/python bench/match.py [--records 2000] [--rounds 3]

The records are bench/identify.py's Shodan mix (bench/shodan_corpus.py), turned into observation fields
by the real Shodan importer before any timing. Then, alternating (bench/common.py, median of the
rounds), every record's fields go through ``RuleMatcher.match`` of:

* **hyperscan** -- one database scan per field, then ``re`` on the rules it names (the default engine);
* **re** -- the fallback: a literal ``in`` prefilter per rule, then ``re``;
* **naive** -- every rule's regex on every field it reads (what both must equal; shown for scale).

The short-value cache is off here (``cache_entries=0``), so the numbers compare the engines, not the
cache; the databases are compiled before the timed rounds (that time is printed). Targets, asserted:
Hyperscan at most half the time of ``re``; all three give the same evidence.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import shodan_corpus
from common import alternate, check, finish, report_ratio

from camaudit.identify import ruleset
from camaudit.identify.matcher import RuleMatcher
from camaudit.importers import shodan
from camaudit.model import Observation

TARGET = 0.5


def _fields(path: Path) -> list[Observation]:
    return [obs for record in shodan.read(path) for obs in record.observations]


def _run(matcher: RuleMatcher, observations: list[Observation], naive: bool = False) -> Counter[str]:
    match = matcher.match_naive if naive else matcher.match
    found: Counter[str] = Counter()
    for obs in observations:
        for evidence in match(obs.fields, port=obs.port, protocol=obs.protocol):
            found[evidence.rule_id] += 1
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=2_000, help="records (naive: ~65 ms each)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    # The packaged rule set, layers included: what identify runs.
    rules = ruleset().rules
    with tempfile.TemporaryDirectory(prefix="camaudit-bench-") as tmp:
        path = Path(tmp) / "shodan.jsonl"
        shodan_corpus.write_file(path, args.records)
        observations = _fields(path)
    values = sum(len(o.fields) for o in observations)
    chars = sum(len(v) for o in observations for v in o.fields.values())
    print(
        f"{len(observations)} observations, {values} field values, {chars / 1e6:.1f} M characters; "
        f"{len(rules)} rules over {len({r.field for r in rules})} fields"
    )
    print(f"machine: {os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    matchers = {}
    for name in ("hyperscan", "re"):
        started = time.perf_counter()
        matchers[name] = RuleMatcher(rules, engine=name, cache_entries=0)
        _run(matchers[name], observations)  # compiles every database these records need
        print(f"{name}: building the matcher and one pass over the records took {time.perf_counter() - started:.2f} s")

    timings = alternate(
        {
            "hyperscan": lambda: _run(matchers["hyperscan"], observations),
            "re": lambda: _run(matchers["re"], observations),
            "naive": lambda: _run(matchers["re"], observations, naive=True),
        },
        rounds=args.rounds,
    )
    for name, timing in timings.items():
        print(f"{name:10s} {timing.spread()}   {values / timing.median / 1e6:.2f} M values/s")
    report_ratio("hyperscan / re", timings["hyperscan"], timings["re"], target_max=TARGET)
    report_ratio("re / naive", timings["re"], timings["naive"])
    same = timings["hyperscan"].result == timings["re"].result == timings["naive"].result
    check(same, "hyperscan, re and naive give the same evidence")
    return finish()


if __name__ == "__main__":
    sys.exit(main())
