"""Stream the packets of a pcap or pcapng file, plain or gzip-compressed, without loading it whole.

A small ``struct`` reader over the two libpcap file formats, chosen over the libraries compared in
``docs/dependencies.md`` (dpkt, scapy, python-pcapng, pypcapkit, pcapy-ng) because it was the fastest that
also reads gzip as a stream and keeps every packet read before a damaged record: libpcap (pcapy-ng) drops
a whole batch at a truncated end and holds the GIL while it reads, so it cannot be fed from a gzip thread.

Formats: pcap (micro- and nanosecond, either byte order; tcpdump's ``.pcap`` and Wireshark's
``nsecpcap``) and pcapng (several sections and interfaces, each interface with its own link type and
timestamp resolution; Enhanced, Simple and obsolete Packet blocks). The file is read in 1 MiB chunks.
Every record is bounded: a packet longer than :data:`MAX_CAPLEN` or a block longer than
:data:`MAX_BLOCK` means the file is damaged there, and reading stops with that reason and keeps what came
before. Nothing here raises for bad content; problems go to the :class:`~camaudit.passive.tally.Tally`.
"""

from __future__ import annotations

import gzip
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, cast

from camaudit.passive.tally import Tally

#: One packet record: (timestamp in seconds, link type, captured bytes, length on the wire).
Record = tuple[float, int, bytes, int]

#: libpcap's own limit on a captured packet (MAXIMUM_SNAPLEN); anything larger is a damaged record.
MAX_CAPLEN = 262_144
#: Largest pcapng block accepted (a packet block of MAX_CAPLEN plus generous options).
MAX_BLOCK = 1 << 20
_CHUNK = 1 << 20

PCAP_MAGICS = {
    b"\xd4\xc3\xb2\xa1": ("<", 1e-6),
    b"\xa1\xb2\xc3\xd4": (">", 1e-6),
    b"\x4d\x3c\xb2\xa1": ("<", 1e-9),
    b"\xa1\xb2\x3c\x4d": (">", 1e-9),
}
PCAPNG_MAGIC = b"\x0a\x0d\x0d\x0a"
GZIP_MAGIC = b"\x1f\x8b"

_SHB, _IDB, _SPB, _OPB, _EPB = 0x0A0D0D0A, 0x00000001, 0x00000003, 0x00000002, 0x00000006


class CaptureFormatError(ValueError):
    """The file is not a capture this reader knows; the message is one line."""


def open_stream(path: Path) -> IO[bytes]:
    """``path`` opened for binary reading, decompressed on the fly when it is gzip."""
    raw = path.open("rb")
    head = raw.read(2)
    raw.seek(0)
    if head == GZIP_MAGIC:
        return cast(IO[bytes], gzip.GzipFile(fileobj=raw, mode="rb"))
    return raw


def sniff(head: bytes) -> str | None:
    """``"pcap"``, ``"pcapng"`` or ``None`` from the first four bytes of a (decompressed) file."""
    if head[:4] in PCAP_MAGICS:
        return "pcap"
    if head[:4] == PCAPNG_MAGIC:
        return "pcapng"
    return None


class _Chunks:
    """A read buffer over a stream: records are sliced out of it and it is refilled as they run out."""

    __slots__ = ("buf", "eof", "pos", "stream", "tally")

    def __init__(self, stream: IO[bytes], tally: Tally) -> None:
        self.stream, self.tally = stream, tally
        self.buf, self.pos, self.eof = b"", 0, False

    def ensure(self, n: int) -> bool:
        """True when ``n`` bytes are available from ``pos`` (reading more if needed)."""
        while len(self.buf) - self.pos < n and not self.eof:
            try:
                more = self.stream.read(max(_CHUNK, n))
            except (OSError, EOFError, zlib.error) as exc:
                # A damaged or cut gzip stream: keep what was decompressed so far.
                self.tally.add(f"the compressed stream is damaged ({exc}); reading stopped there")
                more = b""
            if not more:
                self.eof = True
            self.buf = self.buf[self.pos :] + more
            self.pos = 0
        return len(self.buf) - self.pos >= n

    def remaining(self) -> int:
        return len(self.buf) - self.pos


def read_packets(stream: IO[bytes], tally: Tally) -> Iterator[Record]:
    """Every packet of a pcap or pcapng stream, in file order.

    Raises :class:`CaptureFormatError` before the first packet when the stream is neither format.
    """
    chunks = _Chunks(stream, tally)
    chunks.ensure(4)
    kind = sniff(chunks.buf[:4])
    if kind == "pcap":
        return _pcap(chunks, tally)
    if kind == "pcapng":
        return _pcapng(chunks, tally)
    if not chunks.buf:
        raise CaptureFormatError("the capture is empty: not a pcap or pcapng capture")
    raise CaptureFormatError(f"not a pcap or pcapng capture (starts with {chunks.buf[:4].hex()})")


def _truncated(tally: Tally, what: str, chunks: _Chunks) -> None:
    tally.add(f"the capture ends in the middle of {what} (truncated file); {chunks.remaining()} byte(s) ignored")


def _pcap(chunks: _Chunks, tally: Tally) -> Iterator[Record]:
    if not chunks.ensure(24):
        _truncated(tally, "the file header", chunks)
        return
    order, scale = PCAP_MAGICS[chunks.buf[:4]]
    (linktype,) = struct.unpack_from(order + "I", chunks.buf, 20)
    linktype &= 0x0FFFFFFF  # the top bits carry the FCS length, not the link type
    chunks.pos = 24
    header = struct.Struct(order + "IIII").unpack_from
    buf, pos, end = chunks.buf, chunks.pos, len(chunks.buf)
    while True:
        # The fast path works on local names; the buffer is refilled only when a record crosses its end.
        if pos + 16 > end:
            chunks.pos = pos
            if not chunks.ensure(16):
                break
            buf, pos, end = chunks.buf, chunks.pos, len(chunks.buf)
        sec, frac, caplen, wirelen = header(buf, pos)
        if caplen > MAX_CAPLEN:
            tally.add(f"a packet record claims {caplen} bytes (more than {MAX_CAPLEN}): the file is damaged there; "
                      "reading stopped")
            return
        stop = pos + 16 + caplen
        if stop > end:
            chunks.pos = pos
            if not chunks.ensure(16 + caplen):
                _truncated(tally, "a packet", chunks)
                return
            buf, pos, end = chunks.buf, chunks.pos, len(chunks.buf)
            stop = pos + 16 + caplen
        yield sec + frac * scale, linktype, buf[pos + 16 : stop], wirelen
        pos = stop
    if chunks.remaining():
        _truncated(tally, "a packet header", chunks)


class _Section:
    """What one pcapng section says: its byte order and, per interface, link type and time unit."""

    __slots__ = ("interfaces", "order")

    def __init__(self, order: str) -> None:
        self.order = order
        self.interfaces: list[tuple[int, float]] = []


def _tsresol(options: bytes, order: str) -> float:
    """The ``if_tsresol`` option of an interface block (default: microseconds)."""
    pos = 0
    while pos + 4 <= len(options):
        code, length = struct.unpack_from(order + "HH", options, pos)
        if code == 0:
            break
        if code == 9 and length >= 1:
            value = options[pos + 4]
            exponent = value & 0x7F
            if exponent > 60:
                return 1e-6
            return float(2.0 ** -exponent) if value & 0x80 else float(10.0 ** -exponent)
        pos += 4 + ((length + 3) & ~3)
    return 1e-6


def _pcapng(chunks: _Chunks, tally: Tally) -> Iterator[Record]:
    section: _Section | None = None
    while chunks.ensure(12):
        buf, pos = chunks.buf, chunks.pos
        if buf[pos : pos + 4] == PCAPNG_MAGIC:
            magic = buf[pos + 8 : pos + 12]
            if magic not in (b"\x4d\x3c\x2b\x1a", b"\x1a\x2b\x3c\x4d"):
                tally.add("a pcapng section header has an unknown byte-order magic: the file is damaged there; "
                          "reading stopped")
                return
            section = _Section("<" if magic == b"\x4d\x3c\x2b\x1a" else ">")
        if section is None:
            tally.add("pcapng data before any section header: reading stopped")
            return
        order = section.order
        btype, blen = struct.unpack_from(order + "II", buf, pos)
        if blen < 12 or blen % 4 or blen > MAX_BLOCK:
            tally.add(f"a pcapng block claims {blen} bytes: the file is damaged there; reading stopped")
            return
        if not chunks.ensure(blen):
            _truncated(tally, "a pcapng block", chunks)
            return
        buf, pos = chunks.buf, chunks.pos
        chunks.pos = pos + blen
        if btype in (_EPB, _OPB):
            if blen < 32:
                tally.add("a pcapng packet block too short to hold its header (skipped)")
                continue
            if btype == _EPB:
                iface, high, low, caplen, wirelen = struct.unpack_from(order + "IIIII", buf, pos + 8)
            else:
                iface, _drops, high, low, caplen, wirelen = struct.unpack_from(order + "HHIIII", buf, pos + 8)
            if iface >= len(section.interfaces) or caplen > blen - 32:
                tally.add("a pcapng packet block names no known interface or overruns its block (skipped)")
                continue
            linktype, resol = section.interfaces[iface]
            start = pos + 28
            yield ((high << 32) | low) * resol, linktype, buf[start : start + caplen], wirelen
        elif btype == _SPB:
            if not section.interfaces or blen < 16:
                tally.add("a pcapng simple packet block without an interface (skipped)")
                continue
            (wirelen,) = struct.unpack_from(order + "I", buf, pos + 8)
            caplen = min(wirelen, blen - 16)
            yield 0.0, section.interfaces[0][0], buf[pos + 12 : pos + 12 + caplen], wirelen
        elif btype == _IDB:
            if blen < 20:
                tally.add("a pcapng interface block too short (skipped)")
                continue
            (linktype,) = struct.unpack_from(order + "H", buf, pos + 8)
            section.interfaces.append((linktype, _tsresol(buf[pos + 16 : pos + blen - 4], order)))
    if chunks.remaining():
        _truncated(tally, "a pcapng block header", chunks)
