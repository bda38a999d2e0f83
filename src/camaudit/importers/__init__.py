"""Importers: other scanners' result files -> :class:`~camaudit.importers.base.ImportRecord`s.

Each format is one module with a streaming ``read(path_or_stream)``; the format is always named by the
caller, never guessed from the content (see ``docs/importers.md``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Final

from camaudit.importers import binaryedge, censys, fofa, jsonl, masscan, netlas, nmap_outputs, shodan, zgrab2, zoomeye
from camaudit.importers.base import ImportRecord, Source

Reader = Callable[[Source], Iterator[ImportRecord]]

#: Format name (as given to ``--format``) -> reader.
FORMATS: Final[dict[str, Reader]] = {
    "shodan": shodan.read,
    "censys": censys.read,
    "nmap": nmap_outputs.read,
    "masscan": masscan.read,
    "zgrab2": zgrab2.read,
    "zoomeye": zoomeye.read,
    "fofa": fofa.read,
    "netlas": netlas.read,
    "binaryedge": binaryedge.read,
    "jsonl": jsonl.read,
}


class UnknownFormatError(ValueError):
    """The format name is not one of :data:`FORMATS`."""


def read(format_name: str, source: Source) -> Iterator[ImportRecord]:
    """Stream the records of ``source`` read as ``format_name``.

    Raises :class:`UnknownFormatError` for an unknown format and ``OSError`` when the file cannot be
    opened; every problem inside the file becomes an error record instead.
    """
    try:
        reader = FORMATS[format_name]
    except KeyError:
        known = ", ".join(FORMATS)
        raise UnknownFormatError(f"unknown format {format_name!r} (known: {known})") from None
    return reader(source)


__all__ = ["FORMATS", "ImportRecord", "Reader", "UnknownFormatError", "read"]
