"""``--check-default-credentials``: the factory account of the device's maker, only when asked.

Never on a device that reports a lock state, and nothing more after the first refusal (``ctx.logins`` allows
one wrong guess per device, whichever check makes it). An account the user gave a credential for is that
credential's to try, unless the user's password is the factory one. One probe per maker in
``default_credentials.yaml``, each a second-round probe for that maker's devices.
"""

from __future__ import annotations

from camaudit.knowledge.credentials import DefaultAccount
from camaudit.knowledge.loader import default_accounts
from camaudit.model import Observation
from camaudit.scan.auth.credentials import CHECKS, Credential
from camaudit.scan.auth.login import Login, digest_login
from camaudit.scan.net import ProbeContext, ProbeError
from camaudit.scan.options import ProbeOption
from camaudit.scan.probes.base import WEB, Endpoint, Probe, ProbeFn, make_observation
from camaudit.scan.probes.dahua import dahua_login

#: Protected, read-only paths a default account is tried on, per login scheme.
_DIGEST_PATHS = {"hikvision": "/ISAPI/System/deviceInfo", "axis": "/axis-cgi/param.cgi?action=list&group=root.Brand"}
CHECK_DEFAULT_CREDENTIALS = ProbeOption(
    "default-credentials", "--check-default-credentials",
    "Try each maker's factory account: one attempt per account, stopping at any sign of a lockout.",
)


async def _try(ctx: ProbeContext, ep: Endpoint, account: DefaultAccount) -> Login:
    """The outcome of (at most) one attempt with a factory account."""
    cred = Credential(account.username, account.password)
    if account.check == "dahua":
        _session, status = await dahua_login(ctx, ep, cred)
        return status
    outcome, _resp = await digest_login(ctx, ep.ip, ep.port, ep.tls, _DIGEST_PATHS[account.check], cred)
    return outcome


def _supplied_elsewhere(ctx: ProbeContext, ip: str, account: DefaultAccount) -> bool:
    """Whether the user gave this account on this device a password other than the factory one."""
    if not ctx.credentials:
        return False
    return any(
        c.username == account.username and c.password != account.password
        for c in ctx.credentials.entries if any(c.applies_to(ip, check) for check in CHECKS)
    )


def _outcome(ep: Endpoint, account: DefaultAccount, outcome: str) -> Observation:
    """One attempted account, one observation: the login scheme, the user name and how it ended."""
    fields = {"auth.default.check": account.check, "auth.default.account": account.username,
              "auth.default.outcome": outcome}
    return make_observation(ep.ip, ep.port, "auth", fields)


def default_credentials_probe(vendor: str) -> ProbeFn:
    """The default-account check for one maker's devices (once per device, whichever port answers first)."""

    async def probe(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
        if not ctx.logins.first_run(ep.ip, f"default-credentials-{vendor}", ""):
            return []
        found: list[Observation] = []
        for account in default_accounts():
            if account.vendor != vendor:
                continue
            if _supplied_elsewhere(ctx, ep.ip, account):
                # The user's own credential is this account's one attempt: never a second one here.
                found.append(_outcome(ep, account, "supplied"))
                continue
            try:
                result = await _try(ctx, ep, account)
            except ProbeError:
                break
            found.append(_outcome(ep, account, result))
            if result not in ("rejected", "skipped"):
                break  # accepted: done; locked: any sign of a lockout ends the check; nothing to answer: stop
        return found

    return probe


PROBES = tuple(
    Probe(
        f"default-credentials-{vendor}", default_credentials_probe(vendor), services=WEB,
        follow_up_for=frozenset({vendor}), enabled_by=CHECK_DEFAULT_CREDENTIALS.name,
        options=(CHECK_DEFAULT_CREDENTIALS,),
    )
    for vendor in sorted({account.vendor for account in default_accounts()})
)
