"""Capture readers compared: packets/s reading every packet (timestamp and bytes) of pcap, pcapng and gzip'd pcap.

    python bench/pcap_readers.py CAPTURE.pcap CAPTURE.pcapng CAPTURE.pcap.gz

The evidence behind the choice in docs/dependencies.md. Candidates that are not installed are skipped,
so run it from an environment that has them (``pip install dpkt scapy python-pcapng pcapy-ng``); camaudit's
own reader (``camaudit.passive.capture``) is always measured. Contenders alternate, medians of 3 rounds.
"""

from __future__ import annotations

import gzip
import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import alternate

from camaudit.passive.capture import open_stream, read_packets
from camaudit.passive.tally import Tally


def _ours(path: Path) -> int:
    with open_stream(path) as stream:
        return sum(1 for _ in read_packets(stream, Tally()))


def _dpkt(path: Path) -> int:
    import dpkt

    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as handle:
        return sum(1 for _ in dpkt.pcap.UniversalReader(handle))


def _scapy(path: Path) -> int:
    from scapy.utils import RawPcapNgReader, RawPcapReader

    reader = RawPcapNgReader if ".pcapng" in path.name else RawPcapReader
    return sum(1 for _ in reader(str(path)))  # scapy opens gzip itself


def _python_pcapng(path: Path) -> int:
    from pcapng import FileScanner
    from pcapng.blocks import EnhancedPacket

    if ".pcapng" not in path.name:
        return 0  # pcapng only
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as handle:
        return sum(1 for block in FileScanner(handle) if isinstance(block, EnhancedPacket))


def _pcapy_ng(path: Path) -> int:
    import pcapy

    if path.suffix == ".gz":
        return 0  # libpcap cannot read gzip; a feeder thread deadlocks (the binding holds the GIL in fread)
    reader, count = pcapy.open_offline(str(path)), 0
    while True:
        header, _data = reader.next()
        if header is None:
            return count
        count += 1


CANDIDATES: dict[str, tuple[str | None, Callable[[Path], int]]] = {
    "camaudit": (None, _ours), "dpkt": ("dpkt", _dpkt), "scapy": ("scapy", _scapy),
    "python-pcapng": ("pcapng", _python_pcapng), "pcapy-ng": ("pcapy", _pcapy_ng),
}


def main() -> int:
    for path in map(Path, sys.argv[1:]):
        usable = {name: fn for name, (module, fn) in CANDIDATES.items()
                  if module is None or importlib.util.find_spec(module) is not None}
        counts = {name: fn(path) for name, fn in usable.items()}
        usable = {name: fn for name, fn in usable.items() if counts[name]}
        timings = alternate({name: (lambda fn=fn, p=path: fn(p)) for name, fn in usable.items()}, rounds=3)
        expected = counts["camaudit"]
        for name, timing in sorted(timings.items(), key=lambda item: item[1].median):
            agree = "" if counts[name] == expected else f"  (read {counts[name]} packets, not {expected})"
            print(f"{path.name:24s} {name:14s} {expected / timing.median:12,.0f} packets/s{agree}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
