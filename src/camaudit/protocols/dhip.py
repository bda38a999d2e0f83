"""Dahua DHDiscover over UDP 37810 (DHIP framing): the search probe and the ``client.notifyDevInfo`` reply.

Frame: a 32-byte header (``0x20``, ``DHIP``, session, request id, body length repeated) and a JSON body.
Bare JSON without the header gets no reply from real devices, so the header is always sent.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Callable

from camaudit.macaddress import normalise_mac

DHIP_PORT = 37810
_MAGIC = b"DHIP"
_SEARCH = b'{"method":"DHDiscover.search","params":{"mac":"","uni":1}}\n'


def frame(body: bytes) -> bytes:
    n = len(body)
    return struct.pack("<I4sIIIIII", 0x20, _MAGIC, 0, 0, n, 0, n, 0) + body


def build_probe() -> bytes:
    return frame(_SEARCH)


#: Told what was wrong with a reply that was read anyway or given up on: ``(kind, message)``.
ProblemFn = Callable[[str, str], None]


def parse_reply(data: bytes, on_problem: ProblemFn | None = None) -> dict[str, str] | None:
    """Observation fields of a ``client.notifyDevInfo`` reply, or ``None`` when it is not one.

    ``on_problem`` hears of a reply that looked like DHIP but could not be read (a live probe records it as
    data: ``scan/anomalies.py``)."""
    if len(data) < 32 or data[4:8] != _MAGIC:
        return None
    (length,) = struct.unpack_from("<I", data, 16)
    body = data[32 : 32 + length] if 0 < length <= len(data) - 32 else data[32:]
    try:
        doc = json.loads(body.rstrip(b"\x00\r\n ").decode("utf-8", errors="replace"))
    except RecursionError:
        if on_problem is not None:
            on_problem("protocol", "DHIP reply JSON nested too deeply to read")
        return None
    except json.JSONDecodeError:
        return None
    return device_fields(doc)


def device_fields(doc: object) -> dict[str, str] | None:
    """Observation fields of a decoded ``client.notifyDevInfo`` JSON document (without the DHIP header), or
    ``None`` when it is not one. Scan files often keep only this JSON body of the reply."""
    if not isinstance(doc, dict):
        return None
    params = doc.get("params")
    info = params.get("deviceInfo") if isinstance(params, dict) else None
    if not isinstance(info, dict):
        return None
    fields = {
        f"dhip.{key}": str(value)[:256]
        for key, value in list(info.items())[:128]
        if isinstance(key, str) and isinstance(value, str | int | float | bool) and str(value) != ""
    }
    ipv4 = info.get("IPv4Address")
    if isinstance(ipv4, dict) and isinstance(ipv4.get("IPAddress"), str):
        fields["dhip.IPv4Address"] = ipv4["IPAddress"][:64]
    mac = normalise_mac(str(doc.get("mac", ""))[:64])
    if mac:
        fields["mac"] = mac
    return fields or None
