"""One login over HTTP digest, the way every check that logs in must make it.

At most one attempt per account per device, whichever check, port or API asks (``attempts.py``); the
request that fetches the challenge carries no password, and a challenge that already shows a lock is
never answered. Used by the authenticated Hikvision check and the default-credential check.
"""

from __future__ import annotations

import re
from typing import Literal

from camaudit.scan.auth.credentials import Credential
from camaudit.scan.auth.schemes import digest_authorization, parse_digest_challenge
from camaudit.scan.http_client import HttpResponse, http_request
from camaudit.scan.net import ProbeContext

#: Words in a reply that mean the device has locked logins or is about to (Hikvision ``userCheck``).
LOCK_SIGNS = re.compile(rb"lockStatus>\s*lock|userLock|locked|retryLoginTime>\s*[0-2]\s*<", re.IGNORECASE)
#: What one login came to. ``open``: the page answered without a password (none was sent);
#: ``unsupported``: no challenge to answer (nothing sent); ``skipped``: this account's one attempt on the
#: device was already spent by another check and failed, or accepted a different password.
Login = Literal["accepted", "rejected", "locked", "open", "unsupported", "skipped"]


async def digest_get(ctx: ProbeContext, ip: str, port: int, tls: bool, path: str, cred: Credential) -> HttpResponse:
    """A GET that answers the device's digest challenge once, for a credential already accepted on it."""
    first = await http_request(ctx, ip, port, path, tls=tls)
    challenge = parse_digest_challenge("\n".join(first.header("www-authenticate"))) if first.status == 401 else None
    if challenge is None:
        return first
    auth = digest_authorization(challenge, cred.username, cred.password, "GET", path)
    return await http_request(ctx, ip, port, path, tls=tls, headers=(("Authorization", auth),))


async def digest_login(
    ctx: ProbeContext, ip: str, port: int, tls: bool, path: str, cred: Credential
) -> tuple[Login, HttpResponse | None]:
    """Log in with one credential over HTTP digest: at most one attempt per account on the device."""
    async with ctx.logins.turn(ip, cred.username, cred.password) as turn:
        if not turn.go:
            return "skipped", None
        first = await http_request(ctx, ip, port, path, tls=tls)
        if first.status != 401:
            turn.settle("untried")
            return ("open" if first.status == 200 else "unsupported"), first
        if LOCK_SIGNS.search(first.body[:4096]):
            turn.settle("locked")
            return "locked", first
        challenge = parse_digest_challenge("\n".join(first.header("www-authenticate")))
        if challenge is None:
            turn.settle("untried")
            return "unsupported", first
        auth = digest_authorization(challenge, cred.username, cred.password, "GET", path)
        resp = await http_request(ctx, ip, port, path, tls=tls, headers=(("Authorization", auth),))
        if resp.status == 200:
            turn.settle("accepted")
            return "accepted", resp
        refused: Literal["locked", "rejected"] = "locked" if LOCK_SIGNS.search(resp.body[:4096]) else "rejected"
        turn.settle(refused)
        return refused, resp
