"""``camaudit passive`` end to end: files -> traffic state -> devices -> the same result a scan gives.

Every input is opened as a stream (gzip undone on the fly) and recognised by what it starts with: the
pcap or pcapng magic number, or a Zeek header / JSON object. Captures are read first, in the order given,
then Zeek logs in the order that lets later logs use earlier ones (DNS before connections, connections
before SNI and Host). A file that cannot be read at all, and everything skipped inside a file, is an entry
in the result's ``errors`` with the reason and the count; the run always finishes with what it found.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from camaudit.assess import DEFAULT_POLICY
from camaudit.clock import utc_now
from camaudit.model import ScanError, ScanResult, Scope
from camaudit.passive import zeek
from camaudit.passive.capture import CaptureFormatError, open_stream, read_packets, sniff
from camaudit.passive.devices import DeviceFn, NotesFn, build_devices
from camaudit.passive.geo import GeoLookup
from camaudit.passive.localnet import LocalNets
from camaudit.passive.packets import PacketReader
from camaudit.passive.state import TrafficState
from camaudit.passive.tally import Tally
from camaudit.results import finished_result

#: Kind of an :class:`ScanError` for a file that could not be read, and for what was skipped inside one.
UNREADABLE = "passive-unreadable"
SKIPPED = "passive-skipped"


@dataclass(frozen=True, slots=True)
class PassiveOptions:
    local: LocalNets
    geoip: Path | None = None
    asn: Path | None = None
    policy: str = DEFAULT_POLICY


@dataclass
class Summary:
    """What the run read, for the terminal line after the table."""

    files: int = 0
    unreadable: int = 0
    packets: int = 0
    zeek_records: int = 0
    seconds: float = 0.0


@dataclass
class _Input:
    path: Path
    kind: str  # "capture" or a Zeek log name
    order: int


def _classify(path: Path, position: int) -> _Input:
    with open_stream(path) as stream:
        head = stream.read(4096)
    if sniff(head):
        return _Input(path, "capture", position)
    if zeek.is_zeek(head):
        name = zeek.log_name(path, head)
        if name is None:
            raise ValueError("a Zeek log whose type cannot be told (no #path header, and the file name is not "
                             "conn.log, dns.log ...)")
        rank = zeek.LOGS.index(name) if name in zeek.LOGS else len(zeek.LOGS)
        return _Input(path, name, 1_000_000 + rank * 1000 + position)
    if not head:
        raise ValueError("the file is empty: not a pcap or pcapng capture, nor a Zeek log")
    raise ValueError(f"not a pcap or pcapng capture, nor a Zeek log (starts with {head[:4].hex()})")


def _report(path: Path, tally: Tally, errors: list[ScanError]) -> None:
    for reason, count in tally.items():
        errors.append(ScanError(str(path), SKIPPED, f"{count:,} × {reason}"))


def analyse(paths: Sequence[Path], options: PassiveOptions, *, notes: NotesFn | None = None,
            summary: Summary | None = None, on_device: DeviceFn | None = None) -> ScanResult:
    """Read every file and return the result (one device per local device seen).

    ``notes`` gives the owner's annotations of a device (from the register); ``on_device`` is called with
    each device and the observations it was identified from (the register keeps both).
    """
    began, started = time.perf_counter(), utc_now()
    summary = summary if summary is not None else Summary()
    errors: list[ScanError] = []
    run_tally = Tally()
    state = TrafficState(run_tally)
    packets = PacketReader(state, options.local, run_tally)
    zeek_reader = zeek.ZeekReader(state, options.local)
    inputs: list[_Input] = []
    for position, path in enumerate(paths):
        summary.files += 1
        try:
            inputs.append(_classify(path, position))
        except (OSError, EOFError, ValueError) as exc:
            summary.unreadable += 1
            errors.append(ScanError(str(path), UNREADABLE, _reason(exc)))
    for item in sorted(inputs, key=lambda i: i.order):
        tally = Tally()
        packets.tally = packets.payloads.tally = packets.fragments.tally = packets.certificates.tally = tally
        try:
            with open_stream(item.path) as stream:
                if item.kind == "capture":
                    summary.packets += _read_capture(stream, packets, tally)
                else:
                    summary.zeek_records += zeek_reader.read(item.kind, stream, tally)
        except (OSError, EOFError, CaptureFormatError, zeek.ZeekError) as exc:
            summary.unreadable += 1
            errors.append(ScanError(str(item.path), UNREADABLE, _reason(exc)))
        packets.finish()
        _report(item.path, tally, errors)
    zeek_reader.finish()
    state.fill_names()
    if packets.first_ts <= packets.last_ts:
        state.seen(packets.first_ts)
        state.seen(packets.last_ts)
    with GeoLookup(options.geoip, options.asn) as geo:
        devices = build_devices(state, options.local, geo=geo if geo.active else None, policy=options.policy,
                                notes=notes, on_device=on_device)
    _report(Path("(all inputs)"), run_tally, errors)
    summary.seconds = time.perf_counter() - began
    return finished_result(Scope(targets=tuple(f"file:{p}" for p in paths), excluded=()), devices, errors, started)


def _read_capture(stream: IO[bytes], reader: PacketReader, tally: Tally) -> int:
    before = reader.packets
    packet = reader.packet
    for ts, linktype, data, _wirelen in read_packets(stream, tally):
        try:
            packet(ts, linktype, data)
        except Exception as exc:  # the safety net: a decoding bug costs one packet, never the file
            tally.add(f"packets camaudit could not decode ({type(exc).__name__}; skipped)")
    return reader.packets - before


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return f"cannot read the file: {exc.strerror}"
    text = " ".join(str(exc).split())
    return text[:200] or type(exc).__name__
