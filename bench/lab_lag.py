"""The event loop's lag and the probe timeouts of a lab scan, cold and warm, beside other checkouts, under load.

    scripts/isolated .venv/bin/python bench/lab_lag.py [--rounds 3] [--also OTHER/src ...] [--busy 4]
                                                     [--hostile] [-- SCAN OPTIONS]

Starts the built-in lab on loopback (``--hostile``: the hostile devices too, as tests/integration/scan/
test_hostile_lab.py does), then in each round runs, for this checkout and each ``--also`` checkout in turn (the order
rotating from round to round), ``camaudit scan`` of the lab twice: from an empty rule cache (cold: every database
compiles while the scan runs) and again from the cache it left (warm). Each scan runs through ``bench/loop_lag.py``,
so the loop's lag is measured by the same code in every checkout. ``--busy N`` keeps N busy-loop processes running
(``nice`` 5) for the whole bench, as synthetic load. Printed per scan: wall time, errors by kind (``timeout`` is a
probe's, ``host-timeout`` a host's), the loop's maximum and 99th-percentile lag, the wakes later than 100 ms and
500 ms and what ran during the worst ones; how long the lab's loop, in this process beside the scan's, was held
meanwhile (forgiven by a scan that reads ``camaudit.lab_holds``: this checkout's from helper-221, 6 December); and
whether the devices' identities equal those of this checkout's scan of the same round and cache state.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from camaudit.lab.profile import HOSTILE_DIR, available_profiles
from camaudit.lab.runner import LabRunner

#: With --hostile, the normal devices of tests/integration/scan/test_hostile_lab.py.
NORMAL = [name for name in available_profiles() if name != "garbage"][:20]

HERE = Path(__file__).resolve().parent


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.1f} {five:.1f} {fifteen:.1f}"


def _busy_loops(count: int) -> list[subprocess.Popen[bytes]]:
    code = "import time\nend = time.monotonic() + 3600\nwhile time.monotonic() < end: pass\n"
    return [subprocess.Popen(["nice", "-n", "5", sys.executable, "-c", code]) for _ in range(count)]


def scan(
    targets: list[str], ports: str, src: Path | None, cache: Path, out: Path, extra: list[str], labs: list[LabRunner]
) -> dict[str, Any]:
    """One ``camaudit scan`` through bench/loop_lag.py: its wall time, errors by kind, lag, identities, and how long
    the labs' loops (in this process, beside the scan's) were held meanwhile."""
    lab_held = [lab.held_s or 0.0 for lab in labs]
    env = dict(os.environ, CAMAUDIT_CACHE_DIR=str(cache))
    env.pop("CAMAUDIT_LOOP_LAG", None)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    lag_file = out.with_suffix(".lag.jsonl")
    lag_file.unlink(missing_ok=True)
    command = [sys.executable, str(HERE / "loop_lag.py"), str(lag_file)]
    if src is not None:
        command += ["--src", str(src)]
    command += ["--", "scan", *targets, "--ports", ports, "--json", str(out), *extra]
    began = time.perf_counter()
    done = subprocess.run(command, capture_output=True, env=env, check=False)
    seconds = time.perf_counter() - began
    lab_held = [(lab.held_s or 0.0) - before for lab, before in zip(labs, lab_held, strict=True)]
    if done.returncode not in (0, 1):  # 1: findings
        raise SystemExit(f"scan failed ({done.returncode}): {done.stderr.decode(errors='replace')[-2000:]}")
    result = json.loads(out.read_text())
    lag = json.loads(lag_file.read_text().splitlines()[-1])
    stacks = lag_file.with_name(lag_file.name + ".stacks")
    return {
        "seconds": seconds,
        "errors": dict(Counter(str(e.get("kind")) for e in result.get("errors", [])).most_common()),
        "timeouts": [f"{e.get('target')}:{e.get('port')} {e.get('probe')}" for e in result.get("errors", [])
                     if e.get("kind") in ("timeout", "host-timeout")],
        "identities": {d["addresses"][0]["ip"]: {k: d["identity"].get(k) for k in ("manufacturer", "brand", "model",
                                                                                       "device_type")}
                       for d in result["devices"]},
        "lag": lag,
        "lab_held_s": max(lab_held, default=0.0),
        "stack_dumps": stacks.read_text().count("Thread 0x") if stacks.exists() else 0,
    }


def describe(name: str, state: str, run: dict[str, Any], same: bool | None) -> str:
    lag = run["lag"]
    worst = sorted(lag["stalls"], key=lambda s: -s["late_ms"])[:3]
    worst_text = "; ".join(
        f"{s['late_ms']:.0f} ms at {s['at_s']:.1f} s during {'+'.join(s['during'])} "
        f"(cpu {', '.join(f'{k} {v:.2f}' for k, v in sorted(s['thread_cpu_s'].items(), key=lambda kv: -kv[1])[:3])})"
        for s in worst
    )
    return (f"  {name:<12} {state:<4} {run['seconds']:6.1f} s  errors {sum(run['errors'].values()):3d} "
            f"{run['errors']}  lag max {lag['max_ms']:.0f} ms p99 {lag['p99_ms']:.0f} ms, >100 ms "
            f"{lag['stalls_over_ms']['100']}, >500 ms {lag['stalls_over_ms']['500']}, stack dumps "
            f"{run['stack_dumps']}, lab held {run['lab_held_s']:.1f} s"
            + ("" if same is None else f", identities {'same' if same else 'DIFFER'}")
            + (f"\n      worst: {worst_text}" if worst_text else "")
            + (f"\n      timeouts: {run['timeouts'][:8]}" if run["timeouts"] else ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--also", type=Path, action="append", default=[], help="another checkout's src/")
    parser.add_argument("--busy", type=int, default=0, help="busy-loop processes beside the bench (nice 5)")
    parser.add_argument("--hostile", action="store_true", help="the hostile devices too")
    parser.add_argument("--base", default="127.93.0.1")
    parser.add_argument("--hostile-base", default="127.93.1.1")
    parser.add_argument("--save", type=Path, help="write every scan's figures here (JSON)")
    args, extra = parser.parse_known_args()
    extra = [a for a in extra if a != "--"]
    sides: list[tuple[str, Path | None]] = [("this", None)] + [(f"also{n + 1}", p.resolve())
                                                               for n, p in enumerate(args.also)]
    for name, path in sides[1:]:
        print(f"{name}: {path}")
    loops = _busy_loops(args.busy)
    saved: list[dict[str, Any]] = []
    try:
        print(f"before: {_load()}, {args.busy} busy loops")
        with contextlib.ExitStack() as stack:
            tmp = stack.enter_context(tempfile.TemporaryDirectory())
            labs = [stack.enter_context(LabRunner(NORMAL if args.hostile else None, base=args.base, alt_ports=True))]
            if args.hostile:
                labs.append(stack.enter_context(
                    LabRunner(available_profiles(HOSTILE_DIR), base=args.hostile_base, alt_ports=True,
                              profile_dir=HOSTILE_DIR)))
            targets = [d.ip for lab in labs for d in lab.devices]
            ports = ",".join(map(str, sorted({p for lab in labs for p in lab.ports})))
            print(f"lab: {len(targets)} devices, ports {ports}")
            for round_no in range(args.rounds):
                shift = round_no % len(sides)
                order = sides[shift:] + sides[:shift]
                print(f"round {round_no + 1} ({_load()})")
                runs: dict[tuple[str, str], dict[str, Any]] = {}
                for name, src in order:
                    cache = Path(tmp) / f"cache-{name}-{round_no}"
                    for state in ("cold", "warm"):
                        runs[name, state] = scan(targets, ports, src, cache, Path(tmp) / f"{name}.json", extra, labs)
                for name, _src in sides:
                    for state in ("cold", "warm"):
                        run = runs[name, state]
                        same = None if name == "this" else run["identities"] == runs["this", state]["identities"]
                        print(describe(name, state, run, same))
                        saved.append({"round": round_no + 1, "side": name, "state": state,
                                      **{k: v for k, v in run.items() if k != "identities"}})
        print(f"after: {_load()}")
    finally:
        for loop in loops:
            loop.kill()
            loop.wait()
    if args.save:
        args.save.write_text(json.dumps(saved, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
