"""Benchmark: how long the command takes before it does any work -- ``--version``, ``identify`` on 8 records.

    .venv/bin/python bench/startup.py [--rounds 5]

Each contender is a fresh ``camaudit`` process, as a user (or the test suite) starts it, measured in the
same run and alternated (bench/common.py, median of the rounds):

* **python** -- ``python -c pass``: the interpreter's own start, the floor of every command;
* **version** -- ``camaudit --version`` (imports no command);
* **identify-warm** -- ``camaudit identify --format shodan`` on the first 8 records of
  ``tests/data/shodan_sample.jsonl`` with the compiled rule databases already in the on-disk cache;
* **identify-cold** -- the same with an empty cache each run (every database compiled).

Targets, asserted: ``--version`` < 0.4 s and warm ``identify`` < 1.0 s (absolute: re-measure on a quiet
machine before trusting a miss), and warm ``identify`` at most half of cold. Prints cores and load.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import alternate, check, finish, report_ratio

ROOT = Path(__file__).resolve().parents[1]
CAMAUDIT = Path(sys.executable).with_name("camaudit")
SAMPLE = ROOT / "tests" / "data" / "shodan_sample.jsonl"
VERSION_TARGET = 0.4
IDENTIFY_TARGET = 1.0


def _run(args: list[str], cache: Path) -> None:
    env = {**os.environ, "CAMAUDIT_CACHE_DIR": str(cache)}
    subprocess.run(args, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="camaudit-startup-") as work:
        folder = Path(work)
        records = folder / "eight.jsonl"
        records.write_text("".join(SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)[:8]), encoding="utf-8")
        out = folder / "out.jsonl"
        identify = [str(CAMAUDIT), "identify", "--format", "shodan", str(records), "--output", str(out)]
        warm, cold = folder / "warm-cache", folder / "cold-cache"
        _run(identify, warm)  # fills the warm cache

        def identify_cold() -> None:
            shutil.rmtree(cold, ignore_errors=True)
            _run(identify, cold)

        timings = alternate(
            {
                "python": lambda: _run([sys.executable, "-c", "pass"], warm),
                "version": lambda: _run([str(CAMAUDIT), "--version"], warm),
                "identify-warm": lambda: _run(identify, warm),
                "identify-cold": identify_cold,
            },
            rounds=args.rounds,
        )
    print(f"cores {os.cpu_count()}, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for name, timing in timings.items():
        print(f"{name}: {timing.spread()}")
    report_ratio("identify warm / cold cache", timings["identify-warm"], timings["identify-cold"], target_max=0.5)
    report_ratio("version / python -c pass", timings["version"], timings["python"])
    version = timings["version"].median
    check(version < VERSION_TARGET, f"--version < {VERSION_TARGET} s ({version:.3f} s)")
    check(
        timings["identify-warm"].median < IDENTIFY_TARGET,
        f"identify of 8 records, warm cache < {IDENTIFY_TARGET} s ({timings['identify-warm'].median:.3f} s)",
    )
    return finish()


if __name__ == "__main__":
    sys.exit(main())
