"""Build mDNS answers byte by byte as RFC 1035 §4.1 and RFC 6763 lay them out (a test's input, written here
independently of ``camaudit.protocols.mdns``): names uncompressed unless a pointer is asked for."""

from __future__ import annotations

import struct

PTR, TXT, SRV, A = 12, 16, 33, 1


def name(text: str) -> bytes:
    """A name as length-prefixed labels; an instance label may hold dots, so labels are split on '|'."""
    out = b""
    for label in text.split("|"):
        encoded = label.encode("utf-8")
        out += bytes([len(encoded)]) + encoded
    return out + b"\x00"


def record(owner: str, rtype: int, rdata: bytes, ttl: int = 120) -> bytes:
    # Class IN with the cache-flush bit, as responders send unique records (RFC 6762 §10.2).
    return name(owner) + struct.pack("!HHIH", rtype, 0x8001, ttl, len(rdata)) + rdata


def ptr(owner: str, target: str) -> bytes:
    return record(owner, PTR, name(target))


def srv(owner: str, port: int, target: str) -> bytes:
    return record(owner, SRV, struct.pack("!HHH", 0, 0, port) + name(target))


def txt(owner: str, *pairs: str) -> bytes:
    return record(owner, TXT, b"".join(bytes([len(p.encode())]) + p.encode() for p in pairs))


def a(owner: str, address: str) -> bytes:
    return record(owner, A, bytes(int(part) for part in address.split(".")))


def response(*answers: bytes, additionals: tuple[bytes, ...] = ()) -> bytes:
    """A response (QR and AA set, ID 0) with no questions."""
    return struct.pack("!HHHHHH", 0, 0x8400, 0, len(answers), 0, len(additionals)) + b"".join(answers + additionals)
