"""A site-sized audit: a /20 on loopback (4,096 addresses) with 500 live emulated devices.

    .venv/bin/python bench/fleet.py [--size 4096] [--live 500] [--net 127.90.0.0/20] [--no-nmap]

Starts the fleet in this process, runs `camaudit scan NET` (the default `cameras` port preset: ports,
probes, identification) as a subprocess, then a connect-only `nmap -sT` sweep of the same addresses and
ports as the physical reference, and prints both wall times, their ratio, and how many live devices
camaudit named with the right maker. The target is a full audit in under 60 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from camaudit.lab.fleet import FleetLab
from camaudit.scan.ports import PRESETS


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=4096)
    parser.add_argument("--live", type=int, default=500)
    parser.add_argument("--net", default="127.90.0.0/20")
    parser.add_argument("--no-nmap", action="store_true", help="skip the nmap -sT reference")
    args = parser.parse_args()

    began = time.perf_counter()
    with FleetLab(n=args.size, net=args.net, live=args.live) as fleet, tempfile.TemporaryDirectory() as tmp:
        started_s = time.perf_counter() - began
        ports = PRESETS["cameras"]
        # Devices with no port in the preset (a NAS on 5000/5001) are not expected to be found by it.
        expected = {d.ip: d.expect for d in fleet.devices if set(d.ports.values()) & set(ports)}
        out = Path(tmp) / "fleet.json"
        began = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "camaudit", "scan", args.net, "--json", str(out), "--max-hosts", str(args.size)],
            capture_output=True, text=True, check=False,
        )
        scan_s = time.perf_counter() - began
        if proc.returncode != 0:
            print(proc.stderr, file=sys.stderr)
            return 1
        nmap_s = None
        nmap = shutil.which("nmap")
        if nmap and not args.no_nmap:
            began = time.perf_counter()
            subprocess.run(
                [nmap, "-sT", "-Pn", "-n", "-T4", "-p", ",".join(map(str, ports)), "-oX", str(Path(tmp) / "n.xml"),
                 args.net],
                capture_output=True, check=True,
            )
            nmap_s = time.perf_counter() - began
        doc = json.loads(out.read_text())
    found = {d["addresses"][0]["ip"]: d["identity"] for d in doc["devices"]}
    with_maker = {ip: e for ip, e in expected.items() if e.get("manufacturer")}
    right = sum(1 for ip, e in with_maker.items() if found.get(ip, {}).get("manufacturer") == e["manufacturer"])
    video = sum(1 for ip, e in expected.items() if found.get(ip, {}).get("device_type") not in (None, "not_camera"))
    print(f"fleet: {args.size} addresses in {args.net}, {args.live} live devices ({len(expected)} with a port in "
          f"the preset); started in {started_s:.1f} s")
    print(f"ports per address: {len(ports)} (the 'cameras' preset); connection attempts >= {args.size * len(ports)}")
    print(f"camaudit scan (ports, probes, identification): {scan_s:6.1f} s  (target < 60 s)")
    print(f"  devices reported: {len(doc['devices'])}; live devices named with the right maker: "
          f"{right}/{len(with_maker)}; live devices typed: {video}/{len(expected)}; probe errors: {len(doc['errors'])}")
    if nmap_s is not None:
        print(f"nmap -sT -T4 connect sweep of the same addresses and ports: {nmap_s:6.1f} s")
        print(f"ratio camaudit full audit / nmap connect-only sweep: {scan_s / nmap_s:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
