"""Authenticated deep checks: run only with credentials the user supplied, and only read.

* Hikvision ISAPI (HTTP digest): ``/ISAPI/System/deviceInfo``, ``/ISAPI/System/capabilities`` and the
  Hik-Connect/EZVIZ cloud status ``/ISAPI/System/Network/EZVIZ``.
* ONVIF with a WS-Security UsernameToken: GetDeviceInformation.
* Dahua RPC2: the two-step ``global.login``, then ``magicBox`` getters and the P2P (``T2UServer``)
  setting, then ``global.logout``.

A rejected credential is recorded (``auth.<check>`` = ``rejected``) and never retried: one attempt per
account per device, whichever port or API (``scan/auth/attempts.py``), so no lockout counter moves
twice; a device whose replies show a lock, or a lock one failure away, is not tried again. Passwords
never appear in observations or errors.
"""

from __future__ import annotations

import json
import re
from typing import Any, Literal
from xml.etree.ElementTree import Element, ParseError

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from camaudit.model import Observation
from camaudit.scan.auth.credentials import Credential
from camaudit.scan.auth.schemes import dahua_password_hash, digest_authorization, parse_digest_challenge, wsse_header
from camaudit.scan.net import ProbeContext, ProbeError
from camaudit.scan.probes.base import Endpoint, make_observation
from camaudit.scan.probes.http import HttpResponse, http_request
from camaudit.scan.probes.onvif import DEVICE_SERVICE, is_fault, parse_device_information
from camaudit.scan.probes.sadp import normalise_mac

#: Dahua error 268632081 "user has been locked" (aiodahua, the Go and Rust RPC2 clients). 268632085 is a
#: plain wrong user name or password, not a lock.
DAHUA_LOCKED = frozenset({268632081})
#: A refusal that leaves this many tries or fewer before the device locks is a lockout sign too.
LOCK_MARGIN = 2
#: Words in a reply that mean the device has locked logins or is about to (Hikvision ``userCheck``).
LOCK_SIGNS = re.compile(rb"lockStatus>\s*lock|userLock|locked|retryLoginTime>\s*[0-2]\s*<", re.IGNORECASE)
#: What one login came to. ``open``: the page answered without a password (none was sent);
#: ``unsupported``: no challenge to answer (nothing sent); ``skipped``: this account's one attempt on the
#: device was already spent by another check and failed, or accepted a different password.
Login = Literal["accepted", "rejected", "locked", "open", "unsupported", "skipped"]
_HIK_INFO = {
    "model": "hik.isapi.device_info.model",
    "serialNumber": "hik.isapi.device_info.serial",
    "macAddress": "hik.isapi.device_info.mac",
    "deviceType": "hik.isapi.device_info.device_type",
    "deviceName": "hik.isapi.device_info.device_name",
}


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _xml(body: bytes) -> Element | None:
    try:
        root: Element = SafeET.fromstring(body)
    except (ParseError, DefusedXmlException, ValueError):
        return None
    return root


async def digest_get(ctx: ProbeContext, ep: Endpoint, path: str, cred: Credential) -> HttpResponse:
    """A GET that answers the device's digest challenge once, for a credential already accepted on it."""
    first = await http_request(ctx, ep.ip, ep.port, path, tls=ep.tls)
    challenge = parse_digest_challenge("\n".join(first.header("www-authenticate"))) if first.status == 401 else None
    if challenge is None:
        return first
    auth = digest_authorization(challenge, cred.username, cred.password, "GET", path)
    return await http_request(ctx, ep.ip, ep.port, path, tls=ep.tls, headers=(("Authorization", auth),))


async def digest_login(
    ctx: ProbeContext, ep: Endpoint, path: str, cred: Credential
) -> tuple[Login, HttpResponse | None]:
    """Log in with one credential over HTTP digest: at most one attempt per account on the device.

    The challenge request carries no password; a challenge that already shows a lock is never answered.
    """
    async with ctx.logins.turn(ep.ip, cred.username, cred.password) as turn:
        if not turn.go:
            return "skipped", None
        first = await http_request(ctx, ep.ip, ep.port, path, tls=ep.tls)
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
        resp = await http_request(ctx, ep.ip, ep.port, path, tls=ep.tls, headers=(("Authorization", auth),))
        if resp.status == 200:
            turn.settle("accepted")
            return "accepted", resp
        refused: Literal["locked", "rejected"] = "locked" if LOCK_SIGNS.search(resp.body[:4096]) else "rejected"
        turn.settle(refused)
        return refused, resp


def parse_hik_device_info(body: bytes) -> dict[str, str]:
    """Fields of an ISAPI ``<DeviceInfo>`` (either XML namespace)."""
    root = _xml(body)
    if root is None or _local(root.tag) != "DeviceInfo":
        return {}
    values = {_local(el.tag): (el.text or "").strip() for el in root}
    fields = {key: values[name][:128] for name, key in _HIK_INFO.items() if values.get(name)}
    version = values.get("firmwareVersion", "")
    if version:
        released = values.get("firmwareReleasedDate", "")
        fields["hik.isapi.device_info.firmware"] = f"{version} {released}".strip()[:128]
    mac = normalise_mac(values.get("macAddress", ""))
    if mac:
        fields["mac"] = mac
    return fields


def parse_hik_capabilities(body: bytes) -> str | None:
    """Comma list of the ``isSupport…`` capabilities a device reports as true (analytics, audio, thermal ...)."""
    root = _xml(body)
    if root is None:
        return None
    names = sorted(
        {_local(el.tag)[len("isSupport") :] for el in root.iter() if _local(el.tag).startswith("isSupport")
         and (el.text or "").strip().lower() == "true"}
    )
    return ",".join(names[:64]) or None


def parse_hik_cloud(body: bytes) -> dict[str, str]:
    root = _xml(body)
    if root is None:
        return {}
    values = {_local(el.tag): (el.text or "").strip() for el in root.iter()}
    fields = {}
    if values.get("enabled"):
        fields["hik.cloud.enabled"] = values["enabled"].lower()
    if values.get("registerStatus"):
        fields["hik.cloud.register_status"] = values["registerStatus"].lower()
    return fields


async def probe_hikvision_auth(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
    """ISAPI device info, capabilities and Hik-Connect status with the user's credential (one login)."""
    creds = ctx.credentials.for_target(ep.ip, "hikvision") if ctx.credentials else []
    if not creds or not ctx.logins.first_run(ep.ip, "hikvision", creds[0].username):
        return []
    cred = creds[0]
    outcome, resp = await digest_login(ctx, ep, "/ISAPI/System/deviceInfo", cred)
    if outcome in ("rejected", "locked"):
        return [make_observation(ep.ip, ep.port, "hik-isapi", {"auth.hikvision": outcome})]
    fields = parse_hik_device_info(resp.body) if resp is not None and outcome in ("accepted", "open") else {}
    if resp is None or not fields:
        return []
    fields["auth.hikvision"] = "ok"
    for path, parse in (
        ("/ISAPI/System/capabilities", parse_hik_capabilities),
        ("/ISAPI/System/Network/EZVIZ", parse_hik_cloud),
    ):
        try:
            extra = await digest_get(ctx, ep, path, cred)
        except ProbeError:
            continue
        if extra.status == 200:
            parsed = parse(extra.body)
            if isinstance(parsed, dict):
                fields.update(parsed)
            elif parsed:
                fields["hik.isapi.capabilities"] = parsed
    return [make_observation(ep.ip, ep.port, "hik-isapi", fields, resp.body)]


async def probe_onvif_auth(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
    """ONVIF GetDeviceInformation with a WS-Security UsernameToken (one login per account per device)."""
    creds = ctx.credentials.for_target(ep.ip, "onvif") if ctx.credentials else []
    if not creds or not ctx.logins.first_run(ep.ip, "onvif", creds[0].username):
        return []
    cred = creds[0]
    async with ctx.logins.turn(ep.ip, cred.username, cred.password) as turn:
        if not turn.go:
            return []
        envelope = (
            '<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope">'
            f"<s:Header>{wsse_header(cred.username, cred.password)}</s:Header><s:Body>"
            '<GetDeviceInformation xmlns="http://www.onvif.org/ver10/device/wsdl"/></s:Body></s:Envelope>'
        ).encode()
        resp = await http_request(
            ctx, ep.ip, ep.port, DEVICE_SERVICE, method="POST", tls=ep.tls, body=envelope,
            content_type="application/soap+xml; charset=utf-8",
        )
        info = parse_device_information(resp.body) if resp.status == 200 else {}
        if info:
            turn.settle("accepted")
            info["onvif.device_info.access"] = "authenticated"
            info["auth.onvif"] = "ok"
            return [make_observation(ep.ip, ep.port, "onvif", info, resp.body)]
        if resp.status in (400, 401, 403, 500) and is_fault(resp.body):
            turn.settle("rejected")
            return [make_observation(ep.ip, ep.port, "onvif", {"auth.onvif": "rejected"})]
    return []


async def _rpc(ctx: ProbeContext, ep: Endpoint, path: str, payload: dict[str, Any]) -> Any:
    resp = await http_request(
        ctx, ep.ip, ep.port, path, method="POST", tls=ep.tls, body=json.dumps(payload).encode(),
        content_type="application/json",
    )
    try:
        return json.loads(resp.body.decode("utf-8", errors="replace").strip().strip("\x00"))
    except (json.JSONDecodeError, RecursionError):
        return None


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
    fields: dict[str, str] = {"auth.dahua": "ok" if status == "accepted" else status}
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
