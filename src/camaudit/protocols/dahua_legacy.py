"""Dahua's legacy binary discovery (UDP 5050), still answered by older DVRs and OEM recorders.

Request (UniversalScanner Dahua1.cs; mcw0 DHDiscover('dvrip')): 32 bytes, ``a3 01 00 01``, twelve zero bytes,
``02``, fifteen zero bytes. Reply: first byte ``b3``; a 0x78-byte binary head (device type as 16 bytes of text
at 0x28), then the MAC as text (``00:11:22:33:44:55``, sometimes followed by the model) and ``Key:Value``
lines (``Name:``, ``Device:``, ``SerialNo:`` ...). The parser reads the text parts by shape rather than trusting
the head's length fields, which vary between firmware.
"""

from __future__ import annotations

import re

from camaudit.macaddress import normalise_mac

DAHUA_LEGACY_PORT = 5050
HEAD = 0x78
_MAC = re.compile(rb"([0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5})")
_PAIR = re.compile(rb"([A-Za-z][A-Za-z0-9]{1,31}):([^\r\n\x00]{0,128})\r?\n")


def build_probe() -> bytes:
    return b"\xa3\x01\x00\x01" + b"\x00" * 12 + b"\x02" + b"\x00" * 15


def parse_reply(data: bytes) -> dict[str, str] | None:
    """Observation fields of a 5050 reply, or ``None`` when the datagram is not one."""
    if len(data) < HEAD or data[0] != 0xB3:
        return None
    fields: dict[str, str] = {}
    device = data[0x28:0x38].split(b"\x00", 1)[0].decode("ascii", errors="replace").strip()
    if device.isprintable() and device:
        fields["dahua.legacy.DeviceType"] = device
    tail = data[HEAD : HEAD + 2048]
    mac = _MAC.search(tail[:64])
    if mac:
        normal = normalise_mac(mac.group(1).decode())
        if normal:
            fields["mac"] = normal
    for key, value in _PAIR.findall(tail):
        text = value.decode("utf-8", errors="replace").strip()
        name = key.decode()
        if text and len(fields) < 32 and not (len(name) == 2 and all(c in "0123456789abcdefABCDEF" for c in name)):
            fields.setdefault(f"dahua.legacy.{name}", text)
    return fields if len(fields) > ("mac" in fields) else None
