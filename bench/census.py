"""Benchmark: ``camaudit census`` on one process, the process pool (2 workers) and Dask (2 workers).

    .venv/bin/python bench/census.py [--records 2000000] [--rounds 3] [--data DIR]

Writes (once, then reuses from ``--data``) a synthetic Shodan crawl of ``--records`` banners in 8 gzip
files cut from one stream (``camaudit census synth``: camera strings from the labelled test corpora,
the rest synthetic; see ``camaudit/census/synth.py``). Then, alternating the contenders (bench/common.py,
median of the rounds), runs the real command in a child process on all of it:

* ``one``  -- ``camaudit census --workers 1`` (every task in one process);
* ``pool`` -- ``--engine processes --workers 2``;
* ``dask`` -- ``--engine dask --workers 2`` (a LocalCluster of two single-threaded worker processes).

Each run is the whole census (read, identify, assess, write Parquet, count with DuckDB, summary.json; no
report.html). Throughput is records per second of wall time. Peak memory is the largest sum of the RSS of
the command's process tree (sampled every 0.1 s), measured with the pool on the first half of the files
(half the records) and on all of them.

Targets, asserted: the pool with 2 workers >= 1.8x one process; Dask within 15 % of the pool; peak memory
flat (the full run at most 20 % above the half run). Finally prints what a billion records would take at
the measured rates. On a shared machine these ratios mean little: the load is printed; re-run on a quiet
machine (this one command) for the scaling figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
from common import alternate, check, finish, report_ratio

from camaudit.census import synth

CAMAUDIT = Path(sys.executable).with_name("camaudit")
PARTS = 8
SPEEDUP_MIN = 1.8
DASK_SLACK = 1.15
MEMORY_GROWTH = 1.20


class TreeUsage:
    """Samples a process and all its descendants: the largest sum of their RSS, and the CPU time they used."""

    def __init__(self, pid: int) -> None:
        self.root = psutil.Process(pid)
        self.peak = 0
        self._cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            try:
                tree = [self.root, *self.root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            total = 0
            for proc in tree:
                try:
                    with proc.oneshot():
                        total += proc.memory_info().rss
                        times = proc.cpu_times()
                except psutil.NoSuchProcess:
                    continue
                # The last sample of each process (a process gone between samples loses at most 0.1 s).
                self._cpu[proc.pid] = times.user + times.system
            self.peak = max(self.peak, total)

    def stop(self) -> tuple[int, float, float]:
        """Peak RSS (bytes), CPU seconds of the whole tree, and of the command's own process alone."""
        self._stop.set()
        self._thread.join()
        return self.peak, sum(self._cpu.values()), self._cpu.get(self.root.pid, 0.0)


def census(inputs: list[Path], out: Path, *engine: str) -> tuple[dict[str, object], int, float, float]:
    """Run the real command; return its summary, the peak RSS (bytes), the CPU seconds of its process tree
    and of the command's own process (Dask's scheduler, nannies and client live there; the count too)."""
    shutil.rmtree(out, ignore_errors=True)
    args = [str(CAMAUDIT), "census", *map(str, inputs), "--out", str(out), "--no-report", *engine]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampler = TreeUsage(proc.pid)
    _, err = proc.communicate()
    peak, cpu, own = sampler.stop()
    if proc.returncode != 0:
        sys.exit(f"census failed ({' '.join(engine)}): {err.strip().splitlines()[-1:]}")
    return json.loads((out / "summary.json").read_text()), peak, cpu, own


def data(folder: Path, records: int) -> list[Path]:
    """The crawl's files, written on first use."""
    stamp = folder / f"crawl-{records}.done"
    parts = [folder / f"part-{n + 1:04d}.json.gz" for n in range(PARTS)]
    if not stamp.exists():
        print(f"writing {records:,} synthetic banners to {folder} (once) ...", flush=True)
        began = time.perf_counter()
        synth.write_parts(folder, records, seed=2026, parts=PARTS)
        stamp.write_text("ok")
        print(f"  done in {time.perf_counter() - began:.0f} s", flush=True)
    return parts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=2_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "camaudit-bench-census")
    args = parser.parse_args()
    args.data.mkdir(parents=True, exist_ok=True)
    files = data(args.data, args.records)
    size = sum(p.stat().st_size for p in files)
    print(f"machine: {os.cpu_count()} cores; load before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"crawl: {args.records:,} Shodan banners in {PARTS} gzip files, {size / 2**20:,.0f} MiB")

    work = Path(tempfile.mkdtemp(prefix="census-bench-"))
    peaks: dict[str, int] = {}
    cpu: dict[str, list[float]] = {}
    own_cpu: dict[str, list[float]] = {}

    def contender(name: str, *engine: str):  # type: ignore[no-untyped-def]
        def run() -> dict[str, object]:
            began = time.perf_counter()
            summary, peak, seconds, own = census(files, work / name, *engine)
            peaks[name] = max(peaks.get(name, 0), peak)
            cpu.setdefault(name, []).append(seconds)
            own_cpu.setdefault(name, []).append(own)
            took = time.perf_counter() - began
            # Each run as it ends, so a long benchmark shows progress (and its load) before the medians.
            print(f"  {name}: {took:,.0f} s, {int(summary['records']) / took:,.0f} records/s, CPU {seconds:,.0f} s "
                  f"({seconds / took:.2f} cores busy; {own:,.1f} s of it in the command's own process), "
                  f"peak RSS {peak / 2**20:,.0f} MiB, load {os.getloadavg()[0]:.1f}", flush=True)
            return summary

        return run

    try:
        # The half-size run first: on a busy machine the rounds may be stopped before they all end.
        began = time.perf_counter()
        half_summary, half_peak, half_cpu, _ = census(files[: PARTS // 2], work / "half", "--engine", "processes",
                                                   "--workers", "2")
        took = time.perf_counter() - began
        print(f"  pool, half the crawl: {took:,.0f} s, {int(half_summary['records']) / took:,.0f} records/s, CPU "
              f"{half_cpu:,.0f} s, peak RSS {half_peak / 2**20:,.0f} MiB, load {os.getloadavg()[0]:.1f}", flush=True)
        timings = alternate({
            "one": contender("one", "--workers", "1"),
            "pool": contender("pool", "--engine", "processes", "--workers", "2"),
            "dask": contender("dask", "--engine", "dask", "--workers", "2"),
        }, rounds=args.rounds)
        results = [t.result for t in timings.values()]
        check(all(r == results[0] for r in results), "every engine wrote the same summary.json")
        rate = {name: args.records / t.median for name, t in timings.items()}
        for name, t in timings.items():
            print(f"{name:>5}: {rate[name]:,.0f} records/s ({t.spread()}); peak RSS {peaks[name] / 2**20:,.0f} MiB")
        # CPU time hardly depends on the load: the cost of a record, and what the pool and Dask add to it.
        per_record = {name: statistics.median(cpu[name]) / args.records for name in timings}
        for name in timings:
            own = statistics.median(own_cpu[name])
            workers = statistics.median(c - o for c, o in zip(cpu[name], own_cpu[name], strict=True))
            print(f"{name:>5}: {per_record[name] * 1e6:,.0f} us of CPU per record "
                  f"({per_record[name] / per_record['one']:.2f}x one process); the command's own process "
                  f"{own:,.1f} s, its child processes {workers:,.1f} s")
        speedup = timings["one"].median / timings["pool"].median
        print(f"speedup one -> pool(2): {speedup:.2f}x")
        check(speedup >= SPEEDUP_MIN, f"pool with 2 workers >= {SPEEDUP_MIN}x one process (measured {speedup:.2f}x)")
        report_ratio("dask / pool (time)", timings["dask"], timings["pool"], target_max=DASK_SLACK)

        full_peak = peaks["pool"]
        print(f"peak RSS, pool(2): {half_peak / 2**20:,.0f} MiB at {args.records // 2:,} records, "
              f"{full_peak / 2**20:,.0f} MiB at {args.records:,}")
        check(full_peak <= MEMORY_GROWTH * half_peak,
              f"memory flat: peak at {args.records:,} <= {MEMORY_GROWTH:g} x peak at {args.records // 2:,}")
        _billion(rate, speedup, per_record)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"load after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return finish()


def _billion(rate: dict[str, float], speedup: float, per_record: dict[str, float]) -> None:
    efficiency = speedup / 2
    two = 1e9 / rate["pool"]
    print(f"a billion records at the measured rates: about {two / 3600:,.1f} h with the pool on these 2 cores "
          f"(wall time under this run's load; 2-worker efficiency {efficiency:.0%})")
    # From CPU time, which the load hardly changes: the cost of a record on Dask workers, all cores busy.
    for cores in (2, 64):
        hours = 1e9 * per_record["dask"] / cores / 3600
        print(f"  from CPU time: {hours:,.1f} h on {cores} cores at this machine's per-core speed with every "
              f"core busy ({per_record['dask'] * 1e6:,.0f} us of CPU per record on Dask workers)")


if __name__ == "__main__":
    sys.exit(main())

