"""The LAN search of the CS2 Network PPPP and Shenzhen Yunni iLnkP2P ("cloud") platforms on UDP 32108.

Cheap white-label cameras, baby monitors, doorbells and recorders built on these P2P platforms often serve
nothing a scan reads but the platform itself, which answers a LAN search with the device's P2P UID
(``ABCD-012345-XYZUV``): the ID its owner's app reaches it by through the vendor's servers.

A message is the magic byte 0xF1, a type byte, the payload length (16 bits, big-endian) and the payload. The
search (``MSG_LAN_SEARCH``, type 0x30) has no payload; a device answers with ``MSG_PUNCH_PKT`` (type 0x41),
whose payload starts with the UID's 20 bytes: the prefix (8 bytes, NUL-terminated ASCII), the serial (an
unsigned 32-bit big-endian integer) and the check code (8 bytes, NUL-terminated ASCII). The UID is printed
prefix, serial zero-padded to six digits and check code, joined by dashes. Sources:
github:pmarrapese/iot/p2p/lansearch/lansearch.py@6b81ec94de7e (the search, the type numbers, the header and the
reply's prefix/serial/check offsets, the printed form) and github:magicus/pppp-dissector/pppp_dissect.lua@257127f4ac83
(the header, the 20-byte UID of MSG_PUNCH_PKT with an 8-byte check field; the UID's letters and lengths:
PPPP.md@540c302f3e31). Some prefixes' firmware obfuscates its local messages with a keyed XOR (the dissector's
``pppp_decrypt``); those answers are not read: they are refused like any other datagram that is not a plain
PUNCH_PKT.
"""

from __future__ import annotations

import re
import struct

P2P_PORT = 32108
MAGIC = 0xF1
MSG_LAN_SEARCH = 0x30
MSG_PUNCH_PKT = 0x41
#: Prefix (8), serial (4), check code (8): the UID at the start of a PUNCH_PKT's payload.
UID_BYTES = 20
#: The longest PUNCH_PKT payload read: the UID and room for padding a firmware may add. A longer one is not the
#: answer the sources describe.
MAX_PAYLOAD = 64
#: The letters the sources document: a prefix of 3 to 7 capital letters, a check code of 5 (PPPP.md).
_PREFIX = re.compile(rb"[A-Z]{3,7}")
_CHECK = re.compile(rb"[A-Z]{5}")


def build_probe() -> bytes:
    """The LAN search: magic, ``MSG_LAN_SEARCH``, an empty payload (``F1 30 00 00``)."""
    return struct.pack(">BBH", MAGIC, MSG_LAN_SEARCH, 0)


def _c_string(field: bytes) -> bytes:
    """The text of a NUL-terminated fixed-size field (what comes after its NUL is padding)."""
    return field.split(b"\x00", 1)[0]


def parse_reply(data: bytes) -> dict[str, str] | None:
    """``{"p2p.uid": "ABCD-012345-XYZUV"}`` from a well-formed PUNCH_PKT, else ``None`` (never raises)."""
    if len(data) < 4 + UID_BYTES or len(data) > 4 + MAX_PAYLOAD:
        return None
    magic, kind, length = struct.unpack_from(">BBH", data, 0)
    if magic != MAGIC or kind != MSG_PUNCH_PKT or length != len(data) - 4:
        return None
    prefix = _c_string(data[4:12])
    (serial,) = struct.unpack_from(">I", data, 12)
    check = _c_string(data[16:24])
    if _PREFIX.fullmatch(prefix) is None or _CHECK.fullmatch(check) is None:
        return None
    return {"p2p.uid": f"{prefix.decode('ascii')}-{serial:06d}-{check.decode('ascii')}"}
