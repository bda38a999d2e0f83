"""Active checks that run only when the user asks for them by name.

* ``--check-default-credentials``: the factory account of the device's maker, one attempt per account,
  never on a device that reports a lock state, and no further attempt after any sign of a lockout.
* ``--check-rtsp-auth``: ``DESCRIBE`` on the maker's usual stream paths; a stream description returned
  without credentials means anyone on the network can watch. No media is requested.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from camaudit.knowledge.loader import DATA_DIR
from camaudit.model import Observation
from camaudit.scan.auth.credentials import Credential
from camaudit.scan.net import Deadline, ProbeContext, ProbeError, connect, read_at_most, read_until
from camaudit.scan.probes.authenticated import dahua_login, digest_get
from camaudit.scan.probes.base import Endpoint, ProbeFn, make_observation
from camaudit.scan.probes.http import USER_AGENT, parse_head

DEFAULTS_FILE = DATA_DIR / "default_credentials.yaml"
#: Protected, read-only paths a default account is tried on, per login scheme.
_DIGEST_PATHS = {"hikvision": "/ISAPI/System/deviceInfo", "axis": "/axis-cgi/param.cgi?action=list&group=root.Brand"}
#: Words in a refusal that mean the device counts failures towards a lock.
_LOCK_SIGNS = re.compile(rb"lockStatus>\s*lock|userLock|locked|retryLoginTime>\s*[0-2]\s*<", re.IGNORECASE)
#: Stream paths tried with --check-rtsp-auth (a few per maker, from nmap's rtsp-urls.txt).
RTSP_PATHS = (
    "/",
    "/Streaming/Channels/101",
    "/cam/realmonitor?channel=1&subtype=0",
    "/axis-media/media.amp",
    "/live",
    "/h264",
    "/stream1",
    "/11",
)


@dataclass(frozen=True, slots=True)
class DefaultAccount:
    vendor: str
    check: str
    username: str
    password: str
    source: str


@cache
def default_accounts(path: Path = DEFAULTS_FILE) -> tuple[DefaultAccount, ...]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    accounts = tuple(
        DefaultAccount(str(d["vendor"]), str(d["check"]), str(d["username"]), str(d["password"]), str(d["source"]))
        for d in doc["defaults"]
    )
    seen: set[tuple[str, str]] = set()
    for account in accounts:
        key = (account.vendor, account.username)
        if key in seen:
            raise ValueError(f"{path.name}: two passwords for {key}: one attempt per account only")
        seen.add(key)
    return accounts


async def _try(ctx: ProbeContext, ep: Endpoint, account: DefaultAccount) -> str:
    """``accepted``, ``rejected`` or ``locked`` for one attempt."""
    cred = Credential(account.username, account.password)
    if account.check == "dahua":
        _session, status = await dahua_login(ctx, ep, cred)
        return {"ok": "accepted"}.get(status, status)
    path = _DIGEST_PATHS[account.check]
    resp = await digest_get(ctx, ep, path, cred)
    if resp.status == 200:
        return "accepted"
    return "locked" if _LOCK_SIGNS.search(resp.body[:4096]) else "rejected"


def default_credentials_probe(vendor: str) -> ProbeFn:
    """The default-account check for one maker's devices."""

    async def probe(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
        outcomes: list[str] = []
        for account in default_accounts():
            if account.vendor != vendor:
                continue
            try:
                result = await _try(ctx, ep, account)
            except ProbeError:
                break
            outcomes.append(f"{result}:{account.check}:{account.username}")
            if result != "rejected":
                break  # accepted: done; locked or unsupported: any sign of a lockout ends the check
        if not outcomes:
            return []
        return [make_observation(ep.ip, ep.port, "auth", {"auth.default_credentials": "\n".join(outcomes)})]

    return probe


async def _describe(ctx: ProbeContext, ep: Endpoint, path: str) -> tuple[int, bytes]:
    host = f"[{ep.ip}]" if ":" in ep.ip else ep.ip
    request = (
        f"DESCRIBE rtsp://{host}:{ep.port}{path} RTSP/1.0\r\nCSeq: 2\r\nUser-Agent: {USER_AGENT}\r\n"
        "Accept: application/sdp\r\n\r\n"
    ).encode("ascii")
    deadline = Deadline(ctx.limits.probe_timeout)
    async with connect(ctx, ep.ip, ep.port) as (reader, writer):
        writer.write(request)
        await writer.drain()
        head = await read_until(reader, b"\r\n\r\n", deadline)
        status, _reason, headers, _block = parse_head(head)
        body = b""
        if status == 200:
            length = next((v for k, v in headers if k.lower() == "content-length"), "0")
            body = await read_at_most(reader, min(int(length) if length.isdigit() else 0, 8192), deadline)
    return status, body


async def probe_rtsp_open(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
    """The first stream path that describes itself without credentials, if any."""
    for path in RTSP_PATHS:
        try:
            status, body = await _describe(ctx, ep, path)
        except (ProbeError, OSError):
            return []
        if status == 200 and b"v=0" in body:
            return [make_observation(ep.ip, ep.port, "rtsp", {"rtsp.unauthenticated": path}, body)]
        if status not in (401, 403, 404, 454):
            break
    return []
