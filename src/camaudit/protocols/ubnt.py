"""Ubiquiti's discovery protocol (UDP 10001), answered by UniFi cameras and doorbells, recorders, consoles, access
points and switches alike.

The request is four bytes, version 1, command 0, no payload (``01 00 00 00``), sent to the broadcast address. A
reply repeats the version and a command (``01 00``; newer firmware answers version 2 with command 6 or 9, and the
UNVR version 0), gives the payload length (16 bits, big-endian), then type-length-value records: one type byte, a
16-bit length, the value. Read here (github:uilibs/unifi-discovery unifi_discovery/__init__.py, the reader Home
Assistant's UniFi integrations use): 0x01 the hardware address, 0x03 the firmware version, 0x0B the host name, 0x0C
the platform, 0x14 the model; in version 2 and 0 replies 0x15 the product name and 0x16 the version. A UniFi
camera writes its firmware (``UVC.S5L.v4.46.18.67.ceacbaa.211202.1017``) and its platform (``UVC G4 Pro``); what
names or types the device is the knowledge base's (rules/ubnt.yaml and the layers reading ``@firmware``/``@text``).

Bounded and total: at most :data:`MAX_RECORDS` records, values cut at :data:`MAX_TEXT` characters with control
characters blanked, a record running past the datagram ends the read; nothing raises on hostile bytes.
"""

from __future__ import annotations

import re
import struct

UBNT_PORT = 10001
MAX_RECORDS = 64
MAX_TEXT = 255

_HEAD = struct.Struct("!BBH")
_RECORD = struct.Struct("!BH")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
#: Text records by protocol version: version 1 replies and version 2/0 replies number their records differently.
_TEXT_V1 = {0x03: "ubnt.firmware", 0x0B: "ubnt.hostname", 0x0C: "ubnt.platform", 0x14: "ubnt.model"}
_TEXT_V2 = {0x03: "ubnt.firmware", 0x15: "ubnt.product", 0x16: "ubnt.version"}
_HWADDR = 0x01


def build_probe() -> bytes:
    """The version 1 discovery request: ``01 00 00 00``."""
    return _HEAD.pack(1, 0, 0)


def _records(payload: bytes) -> list[tuple[int, bytes]]:
    out: list[tuple[int, bytes]] = []
    pos = 0
    while pos + _RECORD.size <= len(payload) and len(out) < MAX_RECORDS:
        kind, size = _RECORD.unpack_from(payload, pos)
        pos += _RECORD.size
        if pos + size > len(payload):
            break
        out.append((kind, payload[pos : pos + size]))
        pos += size
    return out


def _text(value: bytes) -> str:
    return _CONTROL.sub(" ", value.decode("utf-8", errors="replace")).strip()[:MAX_TEXT]


def parse_reply(data: bytes) -> dict[str, str] | None:
    """The ``ubnt.*`` fields (and ``mac``) of one discovery reply; ``None`` for a request (ours, or another
    scanner's), a datagram of another protocol, or a reply that says nothing."""
    if len(data) <= _HEAD.size:
        return None
    version, command, length = _HEAD.unpack_from(data)
    if version == 1 and command == 0:
        names = _TEXT_V1
    elif (version == 2 and command in (6, 9)) or (version == 0 and length > 0):
        names = _TEXT_V2
    else:
        return None
    fields: dict[str, str] = {}
    for kind, value in _records(data[_HEAD.size : _HEAD.size + length]):
        name = names.get(kind)
        if name is not None:
            text = _text(value)
            if text:
                fields.setdefault(name, text)
        elif kind == _HWADDR and len(value) == 6 and "mac" not in fields and any(value) and not value[0] & 0x01:
            fields["mac"] = ":".join(f"{octet:02x}" for octet in value)
    return fields if set(fields) - {"mac"} else None
