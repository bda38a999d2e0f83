"""``--format nmap``: any of the three outputs nmap writes for one scan, XML (``-oX``), normal (``-oN``, and the text
nmap prints on a terminal, pasted into tickets and reports) or grepable (``-oG``).

The format is named by the caller (nmap); which of its outputs a file holds is the container variant of that one
tool's data, read as masscan's reader reads its list, grepable and XML outputs: a file whose first byte (past
blank space) is ``<`` is XML (``importers/nmap.py``), anything else is read line by line as normal and grepable
text, both turned into the same ``<host>`` elements the XML has and read by the same code.

A record is one host, in file order; ``position`` is the host's number in XML, its first line in text. A text with
no line of nmap's at all is one error record (``is --format right?``), never silently nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any, cast
from xml.etree.ElementTree import Element

from camaudit.importers import nmap
from camaudit.importers.base import (
    MAX_RECORD_BYTES,
    ImportRecord,
    RecordError,
    Source,
    failed,
    iter_lines,
    open_binary,
    stream_error,
)
from camaudit.importers.nmap_grepable import MAX_GREPABLE_LINE, grepable_host, is_grepable, merge
from camaudit.importers.nmap_text import OLD_HEADER, HostBlock

#: Lines nmap writes outside any host: a text that has one of these is nmap's even when it lists no host.
_NMAP_LINES = ("# Nmap ", "Starting Nmap ", "Nmap done", "Nmap scan report for ", OLD_HEADER)
_PEEK = 4096


def read(source: Source) -> Iterator[ImportRecord]:
    """Yield one record per host of an nmap XML, normal or grepable output, in file order."""
    opened, owned = open_binary(source)
    try:
        head = cast(Any, opened).peek(_PEEK)[:_PEEK].lstrip()
    except (EOFError, OSError, ValueError) as exc:
        if owned:
            opened.close()
        yield failed(1, stream_error(exc) or f"cannot read input: {exc}")
        return
    try:
        yield from nmap.read(opened) if head.startswith(b"<") or not head else _read_text(opened)
    finally:
        if owned:
            opened.close()


def _read_text(stream: IO[bytes]) -> Iterator[ImportRecord]:
    block: HostBlock | None = None
    grepable: tuple[int, str, Element] | None = None
    grepable_bytes = 0  # what the current grepable host's lines hold: one host's record stays within MAX_RECORD_BYTES
    nmap_seen = False
    number = 0
    try:
        for number, raw in iter_lines(stream, MAX_GREPABLE_LINE):
            if raw is None:
                if block is not None:
                    block.fault(number, f"line longer than {MAX_GREPABLE_LINE} bytes")
                elif grepable is not None or nmap_seen:
                    yield failed(number, f"line longer than {MAX_GREPABLE_LINE} bytes; skipped unread")
                continue
            line = raw.decode("utf-8", "replace")
            nmap_seen = nmap_seen or line.startswith(_NMAP_LINES)
            if is_grepable(line):
                nmap_seen = True
                if block is not None:
                    yield block.record()
                    block = None
                try:
                    address, host = grepable_host(line)
                except RecordError as exc:
                    yield failed(number, f"line {number}: {exc}")
                    continue
                if grepable is not None and grepable[1] == address:
                    if grepable_bytes + len(raw) > MAX_RECORD_BYTES:
                        # Lines of one host repeated without end (a hostile or concatenated file) never grow one
                        # record past the cap: the line is skipped, said so, and the host keeps what came before.
                        yield failed(number, f"line {number}: host {address[:80]!r} has more than "
                                             f"{MAX_RECORD_BYTES} bytes of grepable lines; line skipped")
                        continue
                    grepable_bytes += len(raw)
                    merge(grepable[2], host)
                    continue
                if grepable is not None:
                    yield nmap.host_record(grepable[2], grepable[0])
                grepable = (number, address, host)
                grepable_bytes = len(raw)
            elif line.startswith("Nmap scan report for ") or (
                    line.startswith(OLD_HEADER) and not (block is not None and block.table is None)):
                if block is not None:
                    yield block.record()
                if grepable is not None:
                    yield nmap.host_record(grepable[2], grepable[0])
                    grepable = None
                block = HostBlock(number, line)
            elif block is not None:
                block.add(number, line)
    except (EOFError, OSError, ValueError) as exc:
        # The host being read when the input broke is incomplete: it is the one error record, those before stay.
        if grepable is not None:
            yield nmap.host_record(grepable[2], grepable[0])
        yield failed(block.position if block else number + 1, stream_error(exc) or f"cannot read input: {exc}")
        return
    if block is not None:
        yield block.record()
    if grepable is not None:
        yield nmap.host_record(grepable[2], grepable[0])
    if not nmap_seen:
        yield failed(1, "not nmap output: no 'Nmap scan report for' or grepable 'Host:' line (is --format right?)")
