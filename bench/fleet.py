"""A site- or campus-sized audit on loopback against nmap's connect-only sweep of the same addresses and ports.

    scripts/isolated .venv/bin/python bench/fleet.py [--size 4096] [--live 500] [--net 127.90.0.0/20]
                                                       [--rounds 3] [--max-ratio 3] [--max-rss-mb 250]
                                                       [--also OTHER/src ...] [--loop-lag] [--busy N]
    (campus: --size 65536 --live 2000 --net 127.64.0.0/16)

Starts the fleet in this process (``FleetLab``), then alternates (``bench/common.py``) two contenders on the
same addresses and the default ``cameras`` port preset:

* ``camaudit scan NET --jsonl - --json F``: the full audit (sweep, probes, identification, assessment), as a
  subprocess; its peak RSS is the kernel's high-water mark (``VmHWM``) of the scanner plus that of its sweep
  process, read from ``/proc`` while they run, and the time to its first device is when the first JSON line
  arrives on standard output;
* ``nmap -sT -T4 -n -Pn --open``: a connect-only sweep, the physical reference.

``--also DIR`` adds a third contender: the same audit run from another checkout's ``src`` (a detached worktree of
main, say), in the same rounds, so a change and the code before it are compared at the same load; each camaudit
then has a rule cache of its own, empty at its first round (the first round is the cold-cache one). Its rounds
are reported beside ours and held to the same targets; ``--also`` may be repeated. ``--loop-lag`` runs every camaudit
through ``bench/loop_lag.py`` and prints its event loop's lag and its probe and host timeouts per round; ``--busy N``
keeps N busy-loop processes (``nice`` 5) running beside the bench, as synthetic load.

Targets (exit 1 on a miss): the audit within ``--max-ratio`` of the sweep (medians), every host the sweep found
with an open port reported as a device, the right maker for at least 99 % of the live devices that have one,
and peak RSS within ``--max-rss-mb``, in every round. The machine's load is printed before and after: every
absolute time depends on it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import MIN_ROUNDS, alternate, check, finish, report_ratio
from defusedxml import ElementTree as SafeET

from camaudit.lab.fleet import FleetLab
from camaudit.scan.loop_lag import LoopLag
from camaudit.scan.ports import PRESETS


@dataclass
class Audit:
    """One round of camaudit: what it found and what it cost."""

    devices: dict[str, dict[str, object]]
    first_device_s: float | None
    peak_rss_mb: float
    notes: list[str]
    #: The scanner's own peak and its children's (the sweep process), MB.
    scanner_mb: float = 0.0
    children_mb: float = 0.0
    #: The result's errors by kind (probe timeouts grow with the machine's load).
    errors: dict[str, int] = field(default_factory=dict)
    #: With ``--loop-lag``, the event loop's lag (``bench/loop_lag.py``'s summary), and the fleet's own loop's.
    lag: dict[str, object] | None = None
    lab_lag: dict[str, object] | None = None


async def _started(monitor: LoopLag) -> None:
    monitor.start()


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


class PeakMemory:
    """The high-water marks (``VmHWM``) of a process and its children, sampled from ``/proc`` while it runs.

    Not ``wait4``'s ``ru_maxrss``: a child started from this process (which holds the whole fleet) inherits,
    across ``exec``, the high-water mark of this process's memory at the moment it was forked.
    """

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.marks: dict[int, int] = {}
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._done.is_set():
            try:
                children = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()
            except OSError:
                children = []
            for pid in (self.pid, *map(int, children)):
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                kib = int(status.split("VmHWM:")[1].split()[0]) if "VmHWM:" in status else 0
                self.marks[pid] = max(self.marks.get(pid, 0), kib)
            self._done.wait(0.1)

    def stop(self) -> float:
        """Stop sampling; the sum of the processes' high-water marks, MB."""
        self._done.set()
        self._thread.join()
        return sum(self.marks.values()) / 1024

    @property
    def own_mb(self) -> float:
        """The process's own high-water mark, MB (its children's are the rest of :meth:`stop`'s sum)."""
        return self.marks.get(self.pid, 0) / 1024


def run_camaudit(
    net: str, size: int, out: Path, src: Path | None = None, cache: Path | None = None, *, loop_lag: bool = False
) -> Audit:
    """The full audit as a user runs it (from ``src`` when given, with the rule cache ``cache`` when given);
    devices from its JSON lines, peak RSS sampled from /proc; with ``loop_lag``, run through bench/loop_lag.py."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    if cache is not None:
        env["CAMAUDIT_CACHE_DIR"] = str(cache)
    began = time.perf_counter()
    # Standard error (where the table goes when the lines take standard output) to a file: a pipe nobody reads
    # until the end would fill up and stop the scan.
    errors = out.with_suffix(".stderr")
    lag_file = out.with_suffix(".lag.jsonl")
    lag_file.unlink(missing_ok=True)
    here = Path(__file__).resolve().parent
    runner = [str(here / "loop_lag.py"), str(lag_file), "--"] if loop_lag else ["-m", "camaudit"]
    with errors.open("w") as err:
        proc = subprocess.Popen(
            [sys.executable, *runner, "scan", net, "--jsonl", "-", "--json", str(out),
             "--max-hosts", str(size)],
            stdout=subprocess.PIPE, stderr=err, text=True, env=env,
        )
    assert proc.stdout is not None
    memory = PeakMemory(proc.pid)
    first: float | None = None
    devices: dict[str, dict[str, object]] = {}
    for line in proc.stdout:
        if first is None:
            first = time.perf_counter() - began
        device = json.loads(line)
        devices[device["addresses"][0]["ip"]] = device["identity"]
    # The last samples are taken while the scanner writes its result; reaped only after, so /proc is there.
    os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)
    peak_mb = memory.stop()
    proc.wait()
    if proc.returncode != 0:
        raise SystemExit(f"camaudit scan failed ({proc.returncode}): {errors.read_text().strip()[-2000:]}")
    result = json.loads(out.read_text())
    kinds = Counter(str(e.get("kind")) for e in result.get("errors", []))
    lag = json.loads(lag_file.read_text().splitlines()[-1]) if loop_lag else None
    return Audit(devices, first, peak_mb, result["scope"].get("notes", []), memory.own_mb, peak_mb - memory.own_mb,
                 dict(kinds.most_common()), lag)


def run_nmap(net: str, ports: str, out: Path) -> set[str]:
    """nmap's connect sweep; the addresses it found with an open port."""
    nmap = shutil.which("nmap") or "nmap"
    subprocess.run([nmap, "-sT", "-T4", "-n", "-Pn", "--open", "-p", ports, "-oX", str(out), net],
                   check=True, capture_output=True)
    root = SafeET.parse(out).getroot()
    live = set()
    for host in root.iter("host"):
        addr = host.find("address[@addrtype='ipv4']")
        if addr is not None and any(p.find("state[@state='open']") is not None for p in host.iter("port")):
            live.add(addr.get("addr", ""))
    return live


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=4096)
    parser.add_argument("--live", type=int, default=500)
    parser.add_argument("--net", default="127.90.0.0/20")
    parser.add_argument("--rounds", type=int, default=MIN_ROUNDS, help=f"rounds per contender (>= {MIN_ROUNDS})")
    parser.add_argument("--max-ratio", type=float, default=3.0, help="target: audit / nmap -sT sweep (medians)")
    parser.add_argument("--max-rss-mb", type=float, default=250.0, help="target: camaudit's peak RSS")
    parser.add_argument("--also", type=Path, action="append", default=[],
                        help="another checkout's src/, run as a contender too (repeat for more)")
    parser.add_argument("--loop-lag", action="store_true",
                        help="measure each scan's event-loop lag (bench/loop_lag.py: the same code for every checkout)")
    parser.add_argument("--busy", type=int, default=0, help="busy-loop processes beside the bench (nice 5)")
    args = parser.parse_args()
    also: list[Path] = [a.resolve() for a in args.also]
    if not shutil.which("nmap"):
        print("nmap is not installed (scripts/apt-packages.txt lists it; make test installs it)", file=sys.stderr)
        return 2

    code = "import time\nend = time.monotonic() + 3600\nwhile time.monotonic() < end: pass\n"
    loops = [subprocess.Popen(["nice", "-n", "5", sys.executable, "-c", code]) for _ in range(args.busy)]
    try:
        return _run(args, also)
    finally:
        for loop in loops:
            loop.kill()
            loop.wait()


def _run(args: argparse.Namespace, also: list[Path]) -> int:
    print(f"before: {_load()}, {args.busy} busy loops beside")
    began = time.perf_counter()
    with FleetLab(n=args.size, net=args.net, live=args.live) as fleet, tempfile.TemporaryDirectory() as tmp:
        print(f"fleet: {args.size} addresses in {args.net}, {args.live} live; started in "
              f"{time.perf_counter() - began:.1f} s")
        ports = PRESETS["cameras"]
        # Devices with no port in the preset are not expected to be found by it.
        expected = {d.ip: d.expect for d in fleet.devices if set(d.ports.values()) & set(ports)}
        audits: dict[str, list[Audit]] = {"camaudit": []}
        sweeps: list[set[str]] = []

        def contender(name: str, src: Path | None) -> Callable[[], object]:
            audits[name] = []
            cache = Path(tmp) / f"cache-{len(audits)}" if also else None
            out = Path(tmp) / f"camaudit-{len(audits)}.json"

            def run() -> object:
                # The fleet answers from one loop in this process: its lag says whether a timeout was the devices'.
                lab_lag = LoopLag() if args.loop_lag else None
                lab_loop = fleet._loop  # the runner's own loop (LabRunner keeps it private; a bench may look)
                assert lab_loop is not None
                if lab_lag is not None:
                    asyncio.run_coroutine_threadsafe(_started(lab_lag), lab_loop).result()
                audit = run_camaudit(args.net, args.size, out, src, cache, loop_lag=args.loop_lag)
                if lab_lag is not None:
                    asyncio.run_coroutine_threadsafe(lab_lag.stop(), lab_loop).result()
                    audit.lab_lag = lab_lag.summary()
                audits[name].append(audit)
                return None

            return run

        def theirs() -> object:
            sweeps.append(run_nmap(args.net, ",".join(map(str, ports)), Path(tmp) / "nmap.xml"))
            return None

        contenders: dict[str, Callable[[], object]] = {"camaudit": contender("camaudit", None), "nmap -sT": theirs}
        for other in also:
            contenders[f"camaudit ({other})"] = contender(f"camaudit ({other})", other)
        timings = alternate(contenders, args.rounds)
    print(f"after:  {_load()}")
    print(f"ports per address: {len(ports)} (the 'cameras' preset); connection attempts >= {args.size * len(ports)}")
    with_maker = {ip: e for ip, e in expected.items() if e.get("manufacturer")}
    for name, rounds in audits.items():
        report_ratio(f"{name} full audit / nmap -sT connect sweep", timings[name], timings["nmap -sT"],
                     target_max=args.max_ratio)
        for n, (audit, live) in enumerate(zip(rounds, sweeps, strict=True), start=1):
            right = sum(
                1 for ip, e in with_maker.items()
                if audit.devices.get(ip, {}).get("manufacturer") == e["manufacturer"]
            )
            missed = sorted(live - set(audit.devices))
            first = f"{audit.first_device_s:.1f} s" if audit.first_device_s is not None else "none"
            print(f"round {n}: {name} {timings[name].seconds[n - 1]:.1f} s, first device after {first}, "
                  f"{len(audit.devices)} devices, peak RSS {audit.peak_rss_mb:.0f} MB (scanner "
                  f"{audit.scanner_mb:.0f} + sweep process {audit.children_mb:.0f}), errors "
                  f"{sum(audit.errors.values())} {audit.errors or ''}; nmap -sT "
                  f"{timings['nmap -sT'].seconds[n - 1]:.1f} s, {len(live)} hosts with an open port")
            if audit.lag is not None:
                lag: dict[str, Any] = audit.lag
                timeouts = audit.errors.get("timeout", 0), audit.errors.get("host-timeout", 0)
                print(f"  loop lag: max {lag['max_ms']:.0f} ms, p99 {lag['p99_ms']:.0f} ms, p50 {lag['p50_ms']:.1f} "
                      f"ms, wakes > 100/500/1000 ms {'/'.join(str(v) for v in lag['stalls_over_ms'].values())}; "
                      f"probe timeouts {timeouts[0]}, host timeouts {timeouts[1]}")
            if audit.lab_lag is not None:
                lab: dict[str, Any] = audit.lab_lag
                print(f"  the fleet's own loop: max {lab['max_ms']:.0f} ms, p99 {lab['p99_ms']:.0f} ms, p50 "
                      f"{lab['p50_ms']:.1f} ms, wakes > 100/500/1000 ms "
                      f"{'/'.join(str(v) for v in lab['stalls_over_ms'].values())}")
            check(not missed,
                  f"round {n}: every host nmap found open is a device ({len(missed)} missed: {missed[:5]})")
            check(right >= 0.99 * len(with_maker),
                  f"round {n}: right maker for {right}/{len(with_maker)} live devices that have one (>= 99 %)")
            check(audit.peak_rss_mb <= args.max_rss_mb,
                  f"round {n}: peak RSS {audit.peak_rss_mb:.0f} MB <= {args.max_rss_mb:g} MB")
    for note in audits["camaudit"][-1].notes:
        print(f"  scope note: {note}")
    return finish()


if __name__ == "__main__":
    sys.exit(main())
