"""Dahua (and its OEMs): the DVRIP port, the RPC2 login challenge, and RPC2 with the user's credentials.

* DVRIP (37777): answers the 32-byte realm request with ``Realm:Login to <id>`` before any login; it is the
  first step of the login handshake, and no credentials are sent.
* RPC2 challenge (second round, Dahua devices only): ``POST /RPC2_Login`` with an empty password returns the
  login *challenge* (MAC and realm) and is never a login attempt: no password is sent, no lockout counter moves.
* Authenticated RPC2 (only with credentials the user supplied): the two-step ``global.login``, then the
  ``magicBox`` getters and the P2P (``T2UServer``) setting, then ``global.logout``.

A rejected credential is recorded (``auth.dahua`` = ``rejected``) and never retried: one attempt per account
per device, whichever port or API (``scan/auth/attempts.py``); a device whose replies show a lock, or a lock
one failure away, is not tried again. Passwords never appear in observations or errors.
"""

from __future__ import annotations

import json
import re
from typing import Any, Literal

from camaudit.macaddress import normalise_mac
from camaudit.model import Observation
from camaudit.scan.auth.credentials import Credential
from camaudit.scan.auth.login import Login
from camaudit.scan.auth.schemes import dahua_password_hash
from camaudit.scan.http_client import http_request
from camaudit.scan.net import ProbeContext
from camaudit.scan.probes.base import WEB, Endpoint, Probe, exchange, json_body, make_observation

DVRIP_PORT = 37777
_DVRIP_REALM_REQUEST = b"\xa0\x01\x00\x00" + b"\x00" * 20 + b"\x05\x02\x01\x01\x00\x00\xa1\xaa"
_REALM = re.compile(rb"Realm:([^\r\n\x00]{1,128})")
_RPC2_LOGIN = json.dumps(
    {
        "method": "global.login",
        "params": {"userName": "admin", "password": "", "clientType": "Web3.0", "loginType": "Direct"},
        "id": 1,
    }
).encode()
#: Dahua error 268632081 "user has been locked" (aiodahua, the Go and Rust RPC2 clients). 268632085 is a
#: plain wrong user name or password, not a lock.
DAHUA_LOCKED = frozenset({268632081})
#: A refusal that leaves this many tries or fewer before the device locks is a lockout sign too.
LOCK_MARGIN = 2


def parse_dvrip_realm(reply: bytes) -> dict[str, str]:
    m = _REALM.search(reply)
    if not m or reply[:1] != b"\xb0":
        return {}
    return {"dahua.dvrip.realm": m.group(1).decode("utf-8", errors="replace").strip()}


async def probe_dvrip(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
    reply = await exchange(ctx, ep, _DVRIP_REALM_REQUEST)
    fields = parse_dvrip_realm(reply)
    return [make_observation(ep.ip, ep.port, "dahua-dvrip", fields, reply)] if fields else []


def parse_rpc2_challenge(body: bytes) -> dict[str, str]:
    """Fields of a Dahua ``/RPC2_Login`` challenge (realm, MAC, error code)."""
    doc = json_body(body)
    if not isinstance(doc, dict):
        return {}
    fields: dict[str, str] = {}
    params = doc.get("params")
    if isinstance(params, dict):
        if isinstance(params.get("realm"), str):
            fields["dahua.login.realm"] = params["realm"]
        mac = normalise_mac(str(params.get("mac", "")))
        if mac:
            fields["mac"] = mac
    error = doc.get("error")
    if isinstance(error, dict) and isinstance(error.get("code"), int):
        fields["dahua.login.error_code"] = str(error["code"])
    return fields


async def probe_dahua(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
    resp = await http_request(
        ctx, ep.ip, ep.port, "/RPC2_Login", method="POST", tls=ep.tls, body=_RPC2_LOGIN,
        content_type="application/json",
    )
    fields = parse_rpc2_challenge(resp.body)
    if not fields:
        return []
    return [make_observation(ep.ip, ep.port, "dahua-rpc2", fields, resp.body)]


async def _rpc(ctx: ProbeContext, ep: Endpoint, path: str, payload: dict[str, Any]) -> Any:
    resp = await http_request(
        ctx, ep.ip, ep.port, path, method="POST", tls=ep.tls, body=json.dumps(payload).encode(),
        content_type="application/json",
    )
    return json_body(resp.body)


def _login_params(user: str, password: str, **extra: str) -> dict[str, Any]:
    return {"userName": user, "password": password, "clientType": "Web3.0", "loginType": "Direct", **extra}


def _params(reply: Any) -> dict[str, Any]:
    # Devices send "params": null on errors and on calls without a result.
    params = reply.get("params") if isinstance(reply, dict) else None
    return params if isinstance(params, dict) else {}


def _error_code(reply: Any) -> Any:
    error = reply.get("error") if isinstance(reply, dict) else None
    return error.get("code") if isinstance(error, dict) else None


async def dahua_login(ctx: ProbeContext, ep: Endpoint, cred: Credential) -> tuple[str | None, Login]:
    """Log in over RPC2 with one credential (at most once per account per device): ``(session, outcome)``.

    Step 1 sends an empty password and gets the challenge (no attempt); a locked account answers it with
    the lock error, and step 2 is then never sent.
    """
    async with ctx.logins.turn(ep.ip, cred.username, cred.password) as turn:
        if not turn.go:
            return None, "skipped"
        first = await _rpc(ctx, ep, "/RPC2_Login",
                           {"method": "global.login", "params": _login_params(cred.username, ""), "id": 1})
        params, session = _params(first), first.get("session") if isinstance(first, dict) else None
        if _error_code(first) in DAHUA_LOCKED:
            turn.settle("locked")
            return None, "locked"
        if params.get("encryption") not in (None, "Default") or "realm" not in params or "random" not in params:
            turn.settle("untried")
            return None, "unsupported"
        hashed = dahua_password_hash(cred.username, cred.password, str(params["realm"]), str(params["random"]))
        second = await _rpc(
            ctx, ep, "/RPC2_Login",
            {"method": "global.login", "params": _login_params(cred.username, hashed, authorityType="Default",
                                                               passwordType="Default"),
             "id": 2, "session": session},
        )
        if isinstance(second, dict) and second.get("result") is True:
            turn.settle("accepted")
            return str(second.get("session", session)), "accepted"
        left = _params(second).get("remainLockTimes")
        near_lock = isinstance(left, int) and not isinstance(left, bool) and left <= LOCK_MARGIN
        refused: Literal["locked", "rejected"] = (
            "locked" if _error_code(second) in DAHUA_LOCKED or near_lock else "rejected")
        turn.settle(refused)
        return None, refused


def _rpc_value(reply: Any, key: str) -> str | None:
    value = _params(reply).get(key)
    return str(value)[:128] if isinstance(value, str | int) and str(value) else None
async def probe_dahua_auth(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
    """RPC2 device type, software version, serial and P2P setting with the user's credential (one login)."""
    creds = ctx.credentials.for_target(ep.ip, "dahua") if ctx.credentials else []
    if not creds or not ctx.logins.first_run(ep.ip, "dahua", creds[0].username):
        return []
    session, status = await dahua_login(ctx, ep, creds[0])
    if status == "skipped":
        return []
    if status in ("rejected", "locked"):
        fields = creds[0].refused_fields("dahua", status)
    else:
        fields = {"auth.dahua": "ok" if status == "accepted" else status}
    if session is not None:
        ident = 3
        for method, key, field in (
            ("magicBox.getDeviceType", "type", "dahua.rpc.device_type"),
            ("magicBox.getSoftwareVersion", "version", "dahua.rpc.software_version"),
            ("magicBox.getSerialNo", "sn", "dahua.rpc.serial"),
        ):
            reply = await _rpc(ctx, ep, "/RPC2", {"method": method, "params": None, "id": ident, "session": session})
            ident += 1
            if method == "magicBox.getSoftwareVersion":
                version = _params(reply).get("version")
                value = version.get("Version") if isinstance(version, dict) else None
            else:
                value = _rpc_value(reply, key)
            if value:
                fields[field] = str(value)[:128]
        config = await _rpc(ctx, ep, "/RPC2", {"method": "configManager.getConfig", "params": {"name": "T2UServer"},
                                               "id": ident, "session": session})
        table = _params(config).get("table")
        if isinstance(table, dict) and isinstance(table.get("Enable"), bool):
            fields["dahua.cloud.p2p_enabled"] = str(table["Enable"]).lower()
        await _rpc(ctx, ep, "/RPC2", {"method": "global.logout", "params": None, "id": ident + 1, "session": session})
    return [make_observation(ep.ip, ep.port, "dahua-rpc2", fields)]


_DAHUA = frozenset({"dahua"})
PROBES = (
    Probe("dahua-dvrip", probe_dvrip, services=frozenset({"dahua-dvrip"}), tcp_ports=(DVRIP_PORT,)),
    Probe("dahua-rpc2", probe_dahua, services=WEB, follow_up_for=_DAHUA),
    Probe("dahua-rpc2-auth", probe_dahua_auth, services=WEB, follow_up_for=_DAHUA, needs_credentials=True),
)
