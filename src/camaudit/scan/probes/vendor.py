"""Second-round, read-only requests that the big makers answer before any login, by design.

They run only when first-round evidence points at that maker (see ``ProbeSpec.follow_up_for``):
* Hikvision: ``GET /ISAPI/Security/sessionLogin/capabilities`` (the web UI's own pre-login step).
* Dahua: ``POST /RPC2_Login`` with an empty password, which returns the login *challenge* (MAC and
  realm) and is never a login attempt: no password is sent, so no lockout counter moves.
* Axis: VAPIX ``getAllUnrestrictedProperties``, which Axis documents as callable without credentials.
"""

from __future__ import annotations

import json
from typing import Any

from camaudit.model import Observation
from camaudit.scan.net import ProbeContext
from camaudit.scan.probes.base import Endpoint, make_observation
from camaudit.scan.probes.http import http_request
from camaudit.scan.probes.sadp import normalise_mac

_RPC2_LOGIN = json.dumps(
    {
        "method": "global.login",
        "params": {"userName": "admin", "password": "", "clientType": "Web3.0", "loginType": "Direct"},
        "id": 1,
    }
).encode()
_AXIS_QUERY = json.dumps({"apiVersion": "1.0", "method": "getAllUnrestrictedProperties"}).encode()


def _json(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8", errors="replace").strip().strip("\x00"))
    except (json.JSONDecodeError, RecursionError):
        return None


async def probe_hikvision(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
    path = "/ISAPI/Security/sessionLogin/capabilities?username=admin"
    resp = await http_request(ctx, ep.ip, ep.port, path, tls=ep.tls)
    if resp.status != 200 or b"SessionLoginCap" not in resp.body:
        return []
    text = resp.body.decode("utf-8", errors="replace")
    return [make_observation(ep.ip, ep.port, "hik-isapi", {"hik.isapi.session_cap": text}, resp.body)]


def parse_rpc2_challenge(body: bytes) -> dict[str, str]:
    """Fields of a Dahua ``/RPC2_Login`` challenge (realm, MAC, error code)."""
    doc = _json(body)
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


def parse_axis_properties(body: bytes) -> dict[str, str]:
    doc = _json(body)
    data = doc.get("data") if isinstance(doc, dict) else None
    props = data.get("propertyList") if isinstance(data, dict) else None
    if not isinstance(props, dict):
        return {}
    fields: dict[str, str] = {}
    for key, name in (
        ("Brand", "axis.brand"),
        ("ProdNbr", "axis.prod_nbr"),
        ("ProdType", "axis.prod_type"),
        ("Version", "axis.version"),
        ("SerialNumber", "axis.serial"),
    ):
        value = props.get(key)
        if isinstance(value, str | int) and str(value):
            fields[name] = str(value)
    # Axis serial numbers are the device's MAC address (ACCC8E5A3B7C).
    mac = normalise_mac(fields.get("axis.serial", ""))
    if mac:
        fields["mac"] = mac
    return fields


async def probe_axis(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
    resp = await http_request(
        ctx, ep.ip, ep.port, "/axis-cgi/basicdeviceinfo.cgi", method="POST", tls=ep.tls,
        body=_AXIS_QUERY, content_type="application/json",
    )
    fields = parse_axis_properties(resp.body) if resp.status == 200 else {}
    if not fields:
        return []
    return [make_observation(ep.ip, ep.port, "axis-vapix", fields, resp.body)]
