"""One bounded reader of ASN.1 tag-length-value elements (BER and DER), for every place that walks them by hand.

Two readers walk TLVs without an ASN.1 library: the SNMP probe (``scan/probes/snmp.py``, a GetResponse in BER) and
the importers' subjectAltName (``importers/certificates.py``, an extension's DER kept as text by a scan file). The
whole certificate is read by ``cryptography``; what is left is small enough that a library would be more code than
this. What both need, and all this reads: a one-byte identifier (the high-tag-number form, identifier low bits
``0x1F``, is not used by either and its bytes are read as the tag), the definite length in its short form or its long
form of at most ``max_length_octets`` octets (X.690 8.1.3), and where the value starts and ends. The indefinite
length (``0x80``, BER only, X.690 8.1.3.6) is refused: neither an SNMP agent (RFC 3417 section 8: definite form only)
nor a DER certificate (X.690 10.1) may send it. Nothing is read past ``end`` (the buffer's end by default): an element
that would run past it is a :class:`TlvError`, never a short value.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

#: The long length forms a caller may allow: up to 8 octets (a value up to 16 EiB long; any buffer is shorter).
MOST_LENGTH_OCTETS = 8


class TlvError(ValueError):
    """Bytes that are not a complete element within the bound: truncated, a length too long, indefinite."""


class Tlv(NamedTuple):
    """One element: its identifier byte, and where its value starts and ends in the buffer (``data[start:end]``)."""

    tag: int
    start: int
    end: int


def read(data: bytes, at: int = 0, end: int | None = None, *, max_length_octets: int = 3) -> Tlv:
    """The element whose identifier is at ``at``, wholly within ``data[:end]``; :class:`TlvError` otherwise.

    ``max_length_octets`` caps the long length form (1-8 octets; 3 allows values up to 16 MiB)."""
    if not 1 <= max_length_octets <= MOST_LENGTH_OCTETS:
        raise ValueError(f"max_length_octets must be 1-{MOST_LENGTH_OCTETS}, not {max_length_octets}")
    limit = len(data) if end is None else min(end, len(data))
    if at < 0 or at + 2 > limit:
        raise TlvError("truncated: no identifier and length here")
    tag, first = data[at], data[at + 1]
    start = at + 2
    if first & 0x80:
        count = first & 0x7F
        if count == 0:
            raise TlvError("indefinite length")
        if count > max_length_octets:
            raise TlvError(f"a length of {count} octets (at most {max_length_octets})")
        if start + count > limit:
            raise TlvError("truncated length")
        length = int.from_bytes(data[start : start + count], "big")
        start += count
    else:
        length = first
    if start + length > limit:
        raise TlvError("the value runs past the end")
    return Tlv(tag, start, start + length)


def elements(data: bytes, start: int = 0, end: int | None = None, *, max_length_octets: int = 3) -> Iterator[Tlv]:
    """The consecutive elements of ``data[start:end]`` (a constructed value's contents), each wholly inside it; an
    element that does not fit raises :class:`TlvError` when the walk reaches it."""
    limit = len(data) if end is None else min(end, len(data))
    at = start
    while at < limit:
        item = read(data, at, limit, max_length_octets=max_length_octets)
        yield item
        at = item.end
