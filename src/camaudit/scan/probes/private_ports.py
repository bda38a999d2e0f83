"""The makers' private TCP ports, which stay silent until spoken to.

* Hikvision SDK port (8000): answers a junk line with a 16-byte header (length 16, then a status code
  twice), as nmap's service probes record. We send a blank line, nothing that could change state.
* Dahua DVRIP port (37777): answers the 32-byte realm request with ``Realm:Login to <id>`` before any
  login; it is the first step of the login handshake, and no credentials are sent.
"""

from __future__ import annotations

import re

from camaudit.model import Observation
from camaudit.scan.net import Deadline, ProbeContext, ProbeError, connect, read_at_most
from camaudit.scan.probes.base import Endpoint, make_observation

_HIK_JUNK = b"\r\n\r\n"
_DVRIP_REALM_REQUEST = b"\xa0\x01\x00\x00" + b"\x00" * 20 + b"\x05\x02\x01\x01\x00\x00\xa1\xaa"
_REALM = re.compile(rb"Realm:([^\r\n\x00]{1,128})")
REPLY_CAP = 512


async def _exchange(ctx: ProbeContext, ep: Endpoint, payload: bytes) -> bytes:
    async with connect(ctx, ep.ip, ep.port) as (reader, writer):
        writer.write(payload)
        try:
            await writer.drain()
        except OSError as exc:
            raise ProbeError("reset", f"{ep.ip}:{ep.port} dropped the request") from exc
        return await read_at_most(reader, REPLY_CAP, Deadline(min(2.0, ctx.limits.probe_timeout)))


def parse_hik_sdk(reply: bytes) -> dict[str, str]:
    """The Hikvision SDK header: u32 length 16 followed by a repeated status word."""
    if len(reply) >= 16 and reply[:4] == b"\x00\x00\x00\x10" and reply[4:8] == reply[8:12]:
        return {"hik.sdk.reply": reply[:16].hex()}
    return {}


def parse_dvrip_realm(reply: bytes) -> dict[str, str]:
    m = _REALM.search(reply)
    if not m or reply[:1] != b"\xb0":
        return {}
    return {"dahua.dvrip.realm": m.group(1).decode("utf-8", errors="replace").strip()}


async def probe_hik_sdk(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
    reply = await _exchange(ctx, ep, _HIK_JUNK)
    fields = parse_hik_sdk(reply)
    return [make_observation(ep.ip, ep.port, "hik-sdk", fields, reply)] if fields else []


async def probe_dvrip(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
    reply = await _exchange(ctx, ep, _DVRIP_REALM_REQUEST)
    fields = parse_dvrip_realm(reply)
    return [make_observation(ep.ip, ep.port, "dahua-dvrip", fields, reply)] if fields else []
