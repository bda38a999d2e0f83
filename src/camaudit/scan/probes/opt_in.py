"""Active checks that run only when the user asks for them by name.

* ``--check-default-credentials``: the factory account of the device's maker, one attempt per account,
  never on a device that reports a lock state, and no further attempt after any sign of a lockout. An
  account the user gave a credential for is that credential's to try (the one attempt per account per
  device is shared through ``ctx.logins``), unless the user's password is the factory one.
* ``--check-rtsp-auth``: ``DESCRIBE`` on the maker's usual stream paths; a stream description returned
  without credentials means anyone on the network can watch. No media is requested.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from camaudit.knowledge.loader import DATA_DIR
from camaudit.model import Observation
from camaudit.scan.auth.credentials import CHECKS, Credential
from camaudit.scan.net import Deadline, ProbeContext, ProbeError, connect, read_at_most, read_until
from camaudit.scan.probes.authenticated import Login, dahua_login, digest_login
from camaudit.scan.probes.base import Endpoint, ProbeFn, make_observation
from camaudit.scan.probes.http import USER_AGENT, parse_head

DEFAULTS_FILE = DATA_DIR / "default_credentials.yaml"
#: Protected, read-only paths a default account is tried on, per login scheme.
_DIGEST_PATHS = {"hikvision": "/ISAPI/System/deviceInfo", "axis": "/axis-cgi/param.cgi?action=list&group=root.Brand"}
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


async def _try(ctx: ProbeContext, ep: Endpoint, account: DefaultAccount) -> Login:
    """The outcome of (at most) one attempt with a factory account."""
    cred = Credential(account.username, account.password)
    if account.check == "dahua":
        _session, status = await dahua_login(ctx, ep, cred)
        return status
    outcome, _resp = await digest_login(ctx, ep, _DIGEST_PATHS[account.check], cred)
    return outcome


def _supplied_elsewhere(ctx: ProbeContext, ip: str, account: DefaultAccount) -> bool:
    """Whether the user gave this account on this device a password other than the factory one."""
    if not ctx.credentials:
        return False
    return any(
        c.username == account.username and c.password != account.password
        for c in ctx.credentials.entries if any(c.applies_to(ip, check) for check in CHECKS)
    )


def default_credentials_probe(vendor: str) -> ProbeFn:
    """The default-account check for one maker's devices (once per device, whichever port answers first)."""

    async def probe(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
        if not ctx.logins.first_run(ep.ip, f"default-credentials-{vendor}", ""):
            return []
        outcomes: list[str] = []
        for account in default_accounts():
            if account.vendor != vendor:
                continue
            if _supplied_elsewhere(ctx, ep.ip, account):
                # The user's own credential is this account's one attempt: never a second one here.
                outcomes.append(f"supplied:{account.check}:{account.username}")
                continue
            try:
                result = await _try(ctx, ep, account)
            except ProbeError:
                break
            outcomes.append(f"{result}:{account.check}:{account.username}")
            if result not in ("rejected", "skipped"):
                break  # accepted: done; locked: any sign of a lockout ends the check; nothing to answer: stop
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
