"""camaudit scan vs nmap -sV on the same lab targets and ports, measured in the same run.

    .venv/bin/python bench/scan_vs_nmap.py [--profiles a,b,...] [--base 127.91.0.1]

Starts the built-in lab on loopback, scans it with `camaudit scan` and with `nmap -sV -Pn` (both as
subprocesses, same addresses and ports), and prints the wall-time ratio and, for each tool, how many
devices it named with the right maker. nmap's answer is its service `product`/`devicetype` fields
(and the CPE vendor): a device counts as named when one of them contains the expected maker or brand.
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
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET

from camaudit.lab.runner import LabRunner

ROOT = Path(__file__).resolve().parents[1]
ALIASES = {
    "i-pro": ["panasonic", "i-pro"],
    "hanwha": ["hanwha", "samsung", "wisenet"],
    "tp-link": ["tp-link", "tplink"],
}


def _names(maker: str | None) -> list[str]:
    return ALIASES.get(maker or "", [maker] if maker else [])


def _nmap_answers(xml_path: Path) -> dict[str, str]:
    root: Element = SafeET.parse(xml_path).getroot()
    out: dict[str, str] = {}
    for host in root.iter("host"):
        addr = host.find("address[@addrtype='ipv4']")
        if addr is None:
            continue
        words = []
        for svc in host.iter("service"):
            words += [svc.get(k, "") for k in ("product", "devicetype", "extrainfo", "ostype")]
            words += [c.text or "" for c in svc.iter("cpe")]
        out[addr.get("addr", "")] = " ".join(w for w in words if w).lower()
    return out


def run(profiles: list[str] | None, base: str) -> int:
    nmap = shutil.which("nmap")
    if not nmap:
        print("nmap is not installed (make test installs it from Debian)", file=sys.stderr)
        return 2
    with LabRunner(profiles=profiles, base=base) as lab, tempfile.TemporaryDirectory() as tmp:
        devices = [d for d in lab.devices if d.name != "garbage"]
        ips = [d.ip for d in devices]
        ports = ",".join(map(str, lab.ports))
        out = Path(tmp) / "camaudit.json"
        began = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "camaudit", "scan", *ips, "--ports", ports, "--json", str(out)],
            check=True, capture_output=True,
        )
        camaudit_s = time.perf_counter() - began
        xml = Path(tmp) / "nmap.xml"
        began = time.perf_counter()
        subprocess.run(
            [nmap, "-sV", "-Pn", "-n", "-p", ports, "-oX", str(xml), *ips], check=True, capture_output=True
        )
        nmap_s = time.perf_counter() - began
        ours = {d["addresses"][0]["ip"]: d["identity"] for d in json.loads(out.read_text())["devices"]}
        theirs = _nmap_answers(xml)

    print(f"{'device':<22} {'expected maker':<16} {'camaudit':<22} nmap")
    ours_right = nmap_right = expected_makers = 0
    for dev in devices:
        expect = dev.expect.get("manufacturer") or dev.expect.get("brand")
        ident = ours.get(dev.ip, {})
        got = f"{ident.get('brand')}/{ident.get('manufacturer')}"
        nmap_text = theirs.get(dev.ip, "")
        if expect:
            expected_makers += 1
            ok_ours = expect in (ident.get("manufacturer"), ident.get("brand"))
            ok_nmap = any(n in nmap_text for n in _names(expect) + _names(dev.expect.get("brand")))
            ours_right += ok_ours
            nmap_right += ok_nmap
        else:
            ok_ours = not ident.get("manufacturer")
            ok_nmap = True
        print(f"{dev.name:<22} {expect or '(none)':<16} {got + (' ok' if ok_ours else ' WRONG'):<22} "
              f"{(nmap_text[:60] or '-') + (' ok' if ok_nmap and expect else '')}")
    print()
    print(f"devices: {len(devices)} ({expected_makers} with a maker to name); ports: {ports}")
    print(f"camaudit scan: {camaudit_s:7.2f} s, named the right maker for {ours_right}/{expected_makers}")
    print(f"nmap -sV:      {nmap_s:7.2f} s, named the right maker for {nmap_right}/{expected_makers}")
    print(f"speed-up: camaudit is {nmap_s / camaudit_s:.1f}x faster than nmap -sV (target >= 20x)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profiles", help="comma-separated lab profiles (default: all)")
    parser.add_argument("--base", default="127.91.0.1")
    args = parser.parse_args()
    return run(args.profiles.split(",") if args.profiles else None, args.base)


if __name__ == "__main__":
    sys.exit(main())
