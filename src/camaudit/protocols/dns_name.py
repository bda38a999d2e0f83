"""The one walker of DNS names (RFC 1035 §4.1.4) that the unicast DNS and mDNS readers share.

A name is labels, each a length byte and that many bytes, ending in a zero byte or a two-byte compression
pointer to an earlier name. Hostile messages loop pointers, point them forwards or run labels past the end:
pointers may only point backwards, at most :data:`MAX_POINTERS` per name, and a name is at most
:data:`MAX_NAME` bytes. Every failure raises the caller's own ``error`` class (a ``ValueError``) with a
one-line reason; the callers decide how to report it.
"""

from __future__ import annotations

MAX_POINTERS = 16
MAX_NAME = 255


def read_labels(data: bytes, pos: int, error: type[ValueError]) -> tuple[list[bytes], int]:
    """The raw labels of the name at ``pos`` and the position just after it in the message."""
    labels: list[bytes] = []
    end = -1
    jumps = 0
    length = 0
    while True:
        if pos >= len(data):
            raise error("a DNS name runs past the end of the message")
        size = data[pos]
        if size & 0xC0 == 0xC0:
            if pos + 1 >= len(data):
                raise error("a DNS compression pointer is cut off")
            target = ((size & 0x3F) << 8) | data[pos + 1]
            jumps += 1
            if target >= pos or jumps > MAX_POINTERS:
                raise error("DNS compression pointers loop or point forwards (malformed name)")
            if end < 0:
                end = pos + 2
            pos = target
            continue
        if size & 0xC0:
            raise error("a DNS label uses a reserved length type")
        pos += 1
        if size == 0:
            break
        length += size + 1
        if length > MAX_NAME:
            raise error("a DNS name is longer than 255 bytes")
        if pos + size > len(data):
            raise error("a DNS label runs past the end of the message")
        labels.append(data[pos : pos + size])
        pos += size
    return labels, (end if end >= 0 else pos)
