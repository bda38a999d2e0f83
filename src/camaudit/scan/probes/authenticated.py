"""Authenticated deep checks: run only with credentials the user supplied, and only read.

* Hikvision ISAPI (HTTP digest): ``/ISAPI/System/deviceInfo``, ``/ISAPI/System/capabilities`` and the
  Hik-Connect/EZVIZ cloud status ``/ISAPI/System/Network/EZVIZ``.
* ONVIF with a WS-Security UsernameToken: GetDeviceInformation.
* Dahua RPC2: the two-step ``global.login``, then ``magicBox`` getters and the P2P (``T2UServer``)
  setting, then ``global.logout``.

A rejected credential is recorded (``auth.<check>`` = ``rejected``) and never retried: one attempt per
account, so no lockout counter moves twice. Passwords never appear in observations or errors.
"""

from __future__ import annotations

import json
from typing import Any
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

#: Dahua error codes that mean "stop trying": locked account, too many failures.
DAHUA_LOCKED = frozenset({268632081, 268632085})
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


async def digest_get(
    ctx: ProbeContext, ep: Endpoint, path: str, cred: Credential, *, method: str = "GET", body: bytes | None = None
) -> HttpResponse:
    """A request that answers the device's digest challenge once (never twice: one attempt per account)."""
    first = await http_request(ctx, ep.ip, ep.port, path, method=method, tls=ep.tls, body=body)
    if first.status != 401:
        return first
    challenge = parse_digest_challenge("\n".join(first.header("www-authenticate")))
    if challenge is None:
        return first
    auth = digest_authorization(challenge, cred.username, cred.password, method, path)
    return await http_request(
        ctx, ep.ip, ep.port, path, method=method, tls=ep.tls, body=body, headers=(("Authorization", auth),)
    )


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
    creds = ctx.credentials.for_target(ep.ip, "hikvision") if ctx.credentials else []
    if not creds:
        return []
    cred = creds[0]
    resp = await digest_get(ctx, ep, "/ISAPI/System/deviceInfo", cred)
    if resp.status in (401, 403):
        return [make_observation(ep.ip, ep.port, "hik-isapi", {"auth.hikvision": "rejected"})]
    fields = parse_hik_device_info(resp.body) if resp.status == 200 else {}
    if not fields:
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
    creds = ctx.credentials.for_target(ep.ip, "onvif") if ctx.credentials else []
    if not creds:
        return []
    cred = creds[0]
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
        info["onvif.device_info.access"] = "authenticated"
        info["auth.onvif"] = "ok"
        return [make_observation(ep.ip, ep.port, "onvif", info, resp.body)]
    if resp.status in (400, 401, 403, 500) and is_fault(resp.body):
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


async def dahua_login(ctx: ProbeContext, ep: Endpoint, cred: Credential) -> tuple[str | None, str]:
    """Log in with one credential: ``(session, "ok")``, or ``(None, "rejected" | "locked" | "unsupported")``."""
    first = await _rpc(ctx, ep, "/RPC2_Login", {"method": "global.login", "params": _login_params(cred.username, ""),
                                                "id": 1})
    if not isinstance(first, dict) or not isinstance(first.get("params"), dict):
        return None, "unsupported"
    params, session = first["params"], first.get("session")
    if params.get("encryption") not in (None, "Default") or "realm" not in params or "random" not in params:
        return None, "unsupported"
    hashed = dahua_password_hash(cred.username, cred.password, str(params["realm"]), str(params["random"]))
    second = await _rpc(
        ctx, ep, "/RPC2_Login",
        {"method": "global.login", "params": _login_params(cred.username, hashed, authorityType="Default",
                                                           passwordType="Default"),
         "id": 2, "session": session},
    )
    if isinstance(second, dict) and second.get("result") is True:
        return str(second.get("session", session)), "ok"
    error = second.get("error") if isinstance(second, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    return None, "locked" if code in DAHUA_LOCKED else "rejected"


def _rpc_value(reply: Any, key: str) -> str | None:
    params = reply.get("params") if isinstance(reply, dict) else None
    value = params.get(key) if isinstance(params, dict) else None
    return str(value)[:128] if isinstance(value, str | int) and str(value) else None


async def probe_dahua_auth(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
    creds = ctx.credentials.for_target(ep.ip, "dahua") if ctx.credentials else []
    if not creds:
        return []
    session, status = await dahua_login(ctx, ep, creds[0])
    fields = {"auth.dahua": status}
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
                version = reply.get("params", {}).get("version") if isinstance(reply, dict) else None
                value = version.get("Version") if isinstance(version, dict) else None
            else:
                value = _rpc_value(reply, key)
            if value:
                fields[field] = str(value)[:128]
        config = await _rpc(ctx, ep, "/RPC2", {"method": "configManager.getConfig", "params": {"name": "T2UServer"},
                                               "id": ident, "session": session})
        table = config.get("params", {}).get("table") if isinstance(config, dict) else None
        if isinstance(table, dict) and isinstance(table.get("Enable"), bool):
            fields["dahua.cloud.p2p_enabled"] = str(table["Enable"]).lower()
        await _rpc(ctx, ep, "/RPC2", {"method": "global.logout", "params": None, "id": ident + 1, "session": session})
    return [make_observation(ep.ip, ep.port, "dahua-rpc2", fields)]
