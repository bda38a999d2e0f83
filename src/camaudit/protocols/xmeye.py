"""Xiongmai / XMEye discovery on UDP 34569 (message 1530, reply 1531 with ``NetWork.NetCommon``)."""

from __future__ import annotations

import json
import struct

from camaudit.macaddress import normalise_mac

XMEYE_PORT = 34569
REQUEST_MSG = 1530
REPLY_MSG = 1531


def build_probe() -> bytes:
    # The 20-byte header python-dvr's SearchXM sends: head 0xff, version 0, msg 1530, no body.
    return struct.pack("BBHIIHHI", 255, 0, 0, 0, 0, 0, REQUEST_MSG, 0)


def _ip_from_hex(value: str) -> str | None:
    try:
        n = int(value, 16)
    except ValueError:
        return None
    if not 0 <= n < 1 << 32:  # more than four bytes is not an address (to_bytes would raise: found by fuzzing)
        return None
    return ".".join(str(b) for b in n.to_bytes(4, "little"))


def parse_reply(data: bytes) -> dict[str, str] | None:
    if len(data) < 20 or data[0] != 0xFF:
        return None
    msg = struct.unpack_from("<H", data, 14)[0]
    if msg != REPLY_MSG:
        return None
    try:
        doc = json.loads(data[20:].rstrip(b"\x00\n ").decode("utf-8", errors="replace"))
    except (json.JSONDecodeError, RecursionError):
        return None
    return netcommon_fields(doc)


def netcommon_fields(doc: object) -> dict[str, str] | None:
    """Observation fields of a decoded ``{"NetWork.NetCommon": {...}}`` document (the reply's JSON body, as scan
    files keep it), or ``None`` when it is not one."""
    common = doc.get("NetWork.NetCommon") if isinstance(doc, dict) else None
    if not isinstance(common, dict):
        return None
    fields = {
        f"xmeye.{k}": str(v)
        for k, v in list(common.items())[:128]
        if isinstance(k, str) and isinstance(v, str | int) and str(v) and len(str(v)) < 256
    }
    # The reply's shape itself is the fingerprint: only Xiongmai "Sofia" firmware answers message 1530.
    fields["xmeye.reply"] = "NetWork.NetCommon"
    mac = normalise_mac(str(common.get("MAC", ""))[:64])
    if mac:
        fields["mac"] = mac
    host = common.get("HostIP")
    if isinstance(host, str) and host.startswith("0x") and len(host) <= 10:
        ip = _ip_from_hex(host)
        if ip:
            fields["xmeye.HostIP"] = ip
    return fields
