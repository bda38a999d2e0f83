"""camaudit passive against tshark (and Zeek, when installed) on a generated capture of a site's LAN.

    .venv/bin/python bench/passive.py                  # 1,000,000 packets, and 4,000,000 for memory
    .venv/bin/python bench/passive.py --packets 200000 --memory-packets 800000   # a quick run

The capture (``bench/passive_capture.py``: cameras on vendor clouds, laptops browsing, DNS, TLS, HTTP,
QUIC, discovery, DHCP, VLAN tags, IPv6) is written once per size into ``--workdir``. Each contender is a
real process reading the whole file, run alternately (``bench/common.py``): camaudit's full command
(identification and findings included, result JSON written) and ``tshark -T fields`` extracting the
comparable fields (addresses, ports, sizes, DNS names and answers, TLS SNI, HTTP Host and Server, DHCP
vendor class and host name). tshark runs with ``-n`` (no name lookups) and without TCP reassembly, which
camaudit does not do either. Targets: camaudit's packets/s at least tshark's, and camaudit's peak memory
flat in capture size (at 4x the packets, at most 1.25x the peak RSS plus 16 MB).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import alternate, check, finish, report_ratio
from passive_capture import generate

TSHARK_FIELDS = (
    "frame.time_epoch", "eth.src", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst", "ip.proto", "tcp.srcport",
    "tcp.dstport", "udp.srcport", "udp.dstport", "ip.len", "dns.qry.name", "dns.a", "dns.aaaa",
    "tls.handshake.extensions_server_name", "http.host", "http.server", "dhcp.option.vendor_class_id",
    "dhcp.option.hostname",
)


def _run(command: list[str], stdout: int | None = subprocess.DEVNULL) -> tuple[float, int]:
    """Run ``command``; (seconds, peak RSS in MiB) from the kernel's accounting of that one process."""
    began = time.perf_counter()
    proc = subprocess.Popen(command, stdout=stdout, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - began
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{command[0]} failed ({os.waitstatus_to_exitcode(status)}): {err.strip()[-400:]}")
    return elapsed, usage.ru_maxrss // 1024


def _capture(workdir: Path, packets: int) -> Path:
    path = workdir / f"lan-{packets}.pcap"
    if not path.exists():
        seconds = generate(path, packets)
        print(f"generated {packets:,} packets ({path.stat().st_size / 1e6:.0f} MB) in {seconds:.1f} s -> {path}")
    return path


def _camaudit(capture: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "camaudit", "passive", str(capture), "--json", str(out)]


def _tshark(capture: Path) -> list[str]:
    fields = [arg for name in TSHARK_FIELDS for arg in ("-e", name)]
    return ["tshark", "-n", "-o", "tcp.desegment_tcp_streams:FALSE", "-r", str(capture), "-T", "fields", *fields]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packets", type=int, default=1_000_000)
    parser.add_argument("--memory-packets", type=int, default=4_000_000, help="second size, for the memory check")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "camaudit-bench-passive")
    args = parser.parse_args()
    if shutil.which("tshark") is None:
        print("tshark is not installed (scripts/apt-packages.txt lists it; run the bootstrap)", file=sys.stderr)
        return 1
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"load before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} "
          f"on {os.cpu_count()} cores")
    capture = _capture(args.workdir, args.packets)
    out = args.workdir / "result.json"
    rss: dict[str, int] = {}

    def ours() -> None:
        rss["camaudit"] = _run(_camaudit(capture, out))[1]

    def tshark() -> None:
        rss["tshark"] = _run(_tshark(capture))[1]

    contenders = {"camaudit": ours, "tshark": tshark}
    if shutil.which("zeek"):
        zeek_dir = args.workdir / "zeek"
        zeek_dir.mkdir(exist_ok=True)

        def zeek() -> None:
            rss["zeek"] = _run(["zeek", "-C", "-r", str(capture), f"Log::default_logdir={zeek_dir}"])[1]

        contenders["zeek"] = zeek
    else:
        print("zeek: not installed (Debian has no package for it); measured against tshark only")
    timings = alternate(contenders, rounds=args.rounds)
    for name, timing in timings.items():
        print(f"{name}: {args.packets / timing.median:,.0f} packets/s; {timing.spread()}; peak RSS {rss[name]} MiB")
    report_ratio("camaudit time / tshark time", timings["camaudit"], timings["tshark"], target_max=1.0)
    if "zeek" in timings:
        report_ratio("camaudit time / zeek time", timings["camaudit"], timings["zeek"])

    big = _capture(args.workdir, args.memory_packets)
    seconds, big_rss = _run(_camaudit(big, out))
    print(f"camaudit at {args.memory_packets:,} packets: {args.memory_packets / seconds:,.0f} packets/s, "
          f"peak RSS {big_rss} MiB (at {args.packets:,}: {rss['camaudit']} MiB)")
    check(big_rss <= rss["camaudit"] * 1.25 + 16,
          f"peak memory flat in capture size: {big_rss} MiB at {args.memory_packets:,} packets <= "
          f"1.25 x {rss['camaudit']} MiB + 16")
    print(f"load after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    return finish()


if __name__ == "__main__":
    sys.exit(main())
