"""Benchmark: ``camaudit identify --format shodan`` against parsing and re-writing the same records with orjson.

    .venv/bin/python bench/identify.py [--records 40000] [--rounds 3] [--keep DIR]

Builds a deterministic Shodan file (bench/shodan_corpus.py: 85 % non-cameras; which strings are real
captures and which are synthetic is said there and printed below), then measures in the same run,
alternating the two contenders (bench/common.py, median of the rounds):

* **baseline** -- every line ``orjson.loads`` then ``orjson.dumps`` back to a file: the floor any tool
  that touches every record pays, with the JSON library camaudit itself uses;
* **identify** -- ``camaudit.cli.identify.run`` over ``importers.shodan.read``: the exact loop the command
  runs (importer -> identify -> one JSON line per record), in a process that has already identified a
  warm-up file (rules loaded and their Hyperscan databases compiled, as in a long-lived census worker).

Target, asserted: identify <= 5 x the baseline. Then the real command runs in a child process on the
file and on a quarter of it, and its peak RSS must stay flat (the larger run may use at most 10 % + 16 MiB
more). Prints the machine's core count and load, because on a shared machine absolute times drift, and the
ratio of the two contenders' CPU time (not asserted): on a loaded machine it is the figure that compares two
versions of the code, where the wall-clock ratio of one run may move by a whole unit.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import orjson
import shodan_corpus
from common import alternate, check, finish, report_ratio

from camaudit.cli.identify import Summary, run
from camaudit.identify import ruleset
from camaudit.importers import shodan

CAMAUDIT = Path(sys.executable).with_name("camaudit")
TARGET = 5.0
#: The larger file's peak RSS may exceed the smaller one's by this factor plus :data:`RSS_SLACK_KIB`.
RSS_GROWTH = 1.10
RSS_SLACK_KIB = 16 * 1024


def baseline(path: Path, out: Path) -> None:
    """Parse and re-serialise every record with orjson: nothing else."""
    loads, dumps, newline = orjson.loads, orjson.dumps, orjson.OPT_APPEND_NEWLINE
    with path.open("rb") as src, out.open("wb") as dst:
        write = dst.write
        for line in src:
            write(dumps(loads(line), option=newline))


def identify(path: Path, out: Path) -> Summary:
    """What ``camaudit identify --format shodan PATH`` runs, minus interpreter start and rule loading."""
    with out.open("wb") as dst:
        return run(shodan.read(path), dst)


def cpu_timed(seconds: list[float], run: Callable[[], object]) -> Callable[[], object]:
    """``run``, appending the CPU time it took (this process, all threads) to ``seconds`` each call."""

    def timed() -> object:
        began = time.process_time()
        try:
            return run()
        finally:
            seconds.append(time.process_time() - began)

    return timed


def cli_peak_rss(path: Path, out: Path) -> int:
    """Peak RSS (KiB) of the real command in a child process."""
    with out.open("wb") as dst:
        child = subprocess.Popen(
            [str(CAMAUDIT), "identify", "--format", "shodan", str(path)], stdout=dst, stderr=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"camaudit identify failed on {path}")
    return usage.ru_maxrss


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=40_000, help="records in the full-size file")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds of each contender (>= 3)")
    parser.add_argument("--keep", type=Path, help="write the generated files here instead of a temp dir")
    args = parser.parse_args()
    full, quarter = args.records, max(1, args.records // 4)

    with tempfile.TemporaryDirectory(prefix="camaudit-bench-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        big, small = work / f"shodan_{full}.jsonl", work / f"shodan_{quarter}.jsonl"
        cameras = shodan_corpus.write_file(big, full)
        shodan_corpus.write_file(small, quarter, seed=7)
        size = big.stat().st_size
        print("\n".join((shodan_corpus.__doc__ or "").split("\n\n")[1:3]) + "\n")
        print(
            f"input: {full} Shodan records, {size / 1e6:.1f} MB ({size / full / 1024:.1f} KiB/record), "
            f"{cameras} labelled cameras/recorders ({cameras / full:.0%}); "
            f"matcher engine: {ruleset().matcher.engine}"
        )
        print(f"machine: {os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        identify(small, work / "warmup.jsonl")

        cpu: dict[str, list[float]] = {"baseline": [], "identify": []}
        timings = alternate(
            {
                "baseline": cpu_timed(cpu["baseline"], lambda: baseline(big, work / "baseline.jsonl")),
                "identify": cpu_timed(cpu["identify"], lambda: identify(big, work / "identify.jsonl")),
            },
            rounds=args.rounds,
        )
        summary = timings["identify"].result
        assert isinstance(summary, Summary)
        ratio = report_ratio(
            "identify / orjson parse+dump", timings["identify"], timings["baseline"], target_max=TARGET
        )
        # Wall time counts the minutes another process held the core; the process's own CPU time does not, so on
        # a shared machine it is the figure to compare between two versions of the code (not asserted).
        ours_cpu, baseline_cpu = statistics.median(cpu["identify"]), statistics.median(cpu["baseline"])
        print(
            f"identify / orjson, CPU time of this process: {ours_cpu / baseline_cpu:.2f}x  "
            f"(medians {ours_cpu:.3f} s and {baseline_cpu:.3f} s)"
        )
        per_record = timings["identify"].median / full * 1e6
        print(
            f"identify: {full / timings['identify'].median:,.0f} records/s ({per_record:.1f} us/record), "
            f"{summary.video} identified as cameras/recorders, {summary.unreadable} unreadable; "
            f"cost on top of the baseline {ratio - 1:.2f} x"
        )
        check(summary.records == full and summary.unreadable == 0, "every record read and answered")

        rss_small = cli_peak_rss(small, work / "cli_small.jsonl")
        rss_full = cli_peak_rss(big, work / "cli_full.jsonl")
        print(
            f"peak RSS of `camaudit identify`: {quarter} records {rss_small / 1024:.0f} MiB, "
            f"{full} records {rss_full / 1024:.0f} MiB"
        )
        check(rss_full <= rss_small * RSS_GROWTH + RSS_SLACK_KIB, "memory flat in input size")
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return finish()


if __name__ == "__main__":
    sys.exit(main())
