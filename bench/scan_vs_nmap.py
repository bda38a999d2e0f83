"""camaudit scan vs nmap -sV on the same lab targets and ports, measured in the same run.

    scripts/isolated .venv/bin/python bench/scan_vs_nmap.py [--rounds 3] [--profiles a,b,...] [--base 127.91.0.1]
                                                          [--also OTHER/src]

Starts the built-in lab on loopback and scans it with `camaudit scan` and with `nmap -sV -Pn` (both as
subprocesses, same addresses and ports), alternating which goes first each round (``bench/common.py``).
It prints the median wall-time ratio and, for each tool, how many devices it named with the right maker:
nmap's answer is its service `product`/`devicetype`/`extrainfo`/`ostype` fields and CPE vendor, and a device
counts as named when they contain the expected maker or brand.

Targets (exit 1 on a miss): camaudit is faster than nmap -sV (median of the rounds), and names the right maker
for at least as many devices as nmap, in every round. nmap -sV takes minutes per round over the whole lab:
the machine's load is printed before and after, since every absolute time depends on it.

``--also DIR`` adds a third contender: ``camaudit scan`` run from another checkout's ``src`` (a detached worktree
of main, say), against the same lab and the same nmap rounds, so that a change and the code before it are
compared at the same load without paying nmap's minutes twice; its ratio to nmap is printed beside ours.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from xml.etree.ElementTree import Element

from common import MIN_ROUNDS, alternate, check, finish, report_ratio
from defusedxml import ElementTree as SafeET

from camaudit.lab.runner import LabDevice, LabRunner

#: Other names a maker goes by in nmap's service database.
ALIASES = {
    "i-pro": ["panasonic", "i-pro"],
    "hanwha": ["hanwha", "samsung", "wisenet"],
    "tp-link": ["tp-link", "tplink"],
}


def _names(maker: str | None) -> list[str]:
    return ALIASES.get(maker or "", [maker] if maker else [])


def _expected(dev: LabDevice) -> str | None:
    return dev.expect.get("manufacturer") or dev.expect.get("brand")


def nmap_answers(xml_path: Path) -> dict[str, str]:
    """Address -> the words nmap -sV said about its services (lower case)."""
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


def camaudit_right(devices: list[LabDevice], identities: Mapping[str, Mapping[str, str | None]]) -> set[str]:
    """Names of the devices camaudit gave the expected maker (as manufacturer or brand)."""
    return {
        d.name for d in devices
        if (expect := _expected(d)) and expect in (identities.get(d.ip, {}).get("manufacturer"),
                                                   identities.get(d.ip, {}).get("brand"))
    }


def nmap_right(devices: list[LabDevice], answers: Mapping[str, str]) -> set[str]:
    """Names of the devices whose nmap -sV answer mentions the expected maker or brand."""
    return {
        d.name for d in devices
        if (expect := _expected(d))
        and any(n in answers.get(d.ip, "") for n in _names(expect) + _names(d.expect.get("brand")))
    }


def _camaudit(
    devices: list[LabDevice], ports: str, out: Path, src: Path | None = None, *, own_cache: bool = False
) -> Callable[[], set[str]]:
    """``camaudit scan`` of the lab (from ``src`` when given; with ``own_cache``, a rule cache of its own beside
    ``out``, empty at the first round, so that two camaudits compared start alike)."""
    ips = [d.ip for d in devices]
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    if own_cache:
        env["CAMAUDIT_CACHE_DIR"] = str(out.with_suffix(".cache"))

    def scan() -> set[str]:
        subprocess.run(
            [sys.executable, "-m", "camaudit", "scan", *ips, "--ports", ports, "--json", str(out)],
            check=True, capture_output=True, env=env,
        )
        doc = json.loads(out.read_text())
        return camaudit_right(devices, {d["addresses"][0]["ip"]: d["identity"] for d in doc["devices"]})

    return scan


@dataclass(frozen=True)
class Contender:
    """One tool timed in the alternation: its printed ``name``, its ``role`` (this checkout's camaudit, nmap, or the
    ``--also`` checkout's camaudit) and ``scan``, which runs it once and returns the devices it named rightly."""

    name: str
    role: Literal["ours", "nmap", "also"]
    scan: Callable[[], set[str]]


def _contenders(devices: list[LabDevice], ports: str, tmp: Path, also: Path | None = None) -> list[Contender]:
    ips = [d.ip for d in devices]
    nmap = shutil.which("nmap") or "nmap"
    ours = _camaudit(devices, ports, tmp / "camaudit.json", own_cache=also is not None)

    def theirs() -> set[str]:
        xml = tmp / "nmap.xml"
        subprocess.run([nmap, "-sV", "-Pn", "-n", "-p", ports, "-oX", str(xml), *ips], check=True,
                       capture_output=True)
        return nmap_right(devices, nmap_answers(xml))

    contenders = [Contender("camaudit", "ours", ours), Contender("nmap -sV", "nmap", theirs)]
    if also is not None:
        other = _camaudit(devices, ports, tmp / "also.json", also, own_cache=True)
        contenders.append(Contender(f"camaudit ({also})", "also", other))
    return contenders


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def run(profiles: list[str] | None, base: str, rounds: int, also: Path | None = None) -> int:
    if not shutil.which("nmap"):
        print("nmap is not installed (scripts/apt-packages.txt lists it; make test installs it)", file=sys.stderr)
        return 2
    print(f"before: {_load()}")
    with LabRunner(profiles=profiles, base=base) as lab, tempfile.TemporaryDirectory() as tmp:
        devices = [d for d in lab.devices if d.name != "garbage"]
        ports = ",".join(map(str, lab.ports))
        contenders = _contenders(devices, ports, Path(tmp), also)
        named: dict[str, list[set[str]]] = {c.name: [] for c in contenders}

        def counted(contender: Contender) -> Callable[[], object]:
            def one_round() -> object:
                right = contender.scan()
                named[contender.name].append(right)
                return right
            return one_round

        timings = alternate({c.name: counted(c) for c in contenders}, rounds)
    by_role = {c.role: c.name for c in contenders}
    ours_name, nmap_name = by_role["ours"], by_role["nmap"]
    print(f"after:  {_load()}")
    with_maker = [d for d in devices if _expected(d)]
    print(f"devices: {len(devices)} ({len(with_maker)} with a maker to name); ports: {ports}")
    last_ours, last_nmap = named[ours_name][-1], named[nmap_name][-1]
    print(f"{'device':<28} {'expected maker':<16} camaudit  nmap")
    for dev in with_maker:
        print(f"{dev.name:<28} {_expected(dev) or '':<16} {'ok' if dev.name in last_ours else '-':<9} "
              f"{'ok' if dev.name in last_nmap else '-'}")
    ratio = report_ratio(
        f"{ours_name} / {nmap_name} wall time", timings[ours_name], timings[nmap_name], target_max=1.0
    )
    print(f"speed-up: {ours_name} is {1 / ratio:.1f}x faster than {nmap_name}")
    if "also" in by_role:
        name = by_role["also"]
        other = report_ratio(f"{name} / {nmap_name} wall time", timings[name], timings[nmap_name])
        print(f"speed-up: {name} is {1 / other:.1f}x faster than {nmap_name}; makers named per round: "
              f"{[len(r) for r in named[name]]} ({ours_name}: {[len(r) for r in named[ours_name]]})")
    for round_no, (ours, theirs) in enumerate(zip(named[ours_name], named[nmap_name], strict=True), start=1):
        check(len(ours) >= len(theirs),
              f"round {round_no}: camaudit names >= as many makers as nmap -sV ({len(ours)} vs {len(theirs)} "
              f"of {len(with_maker)})")
    return finish()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profiles", help="comma-separated lab profiles (default: all)")
    parser.add_argument("--base", default="127.91.0.1")
    parser.add_argument("--rounds", type=int, default=MIN_ROUNDS, help=f"rounds per contender (>= {MIN_ROUNDS})")
    parser.add_argument("--also", type=Path, help="another checkout's src/, run as a third contender")
    args = parser.parse_args()
    also = args.also.resolve() if args.also else None
    return run(args.profiles.split(",") if args.profiles else None, args.base, args.rounds, also)


if __name__ == "__main__":
    sys.exit(main())
