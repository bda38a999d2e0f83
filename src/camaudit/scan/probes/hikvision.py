"""Hikvision (and its OEMs): the SDK port, ISAPI before login, and ISAPI with the user's credentials.

* SDK port (8000): silent until spoken to; answers a junk line with a 16-byte header (length 16, then a
  status code twice), as nmap's service probes record. We send a blank line, nothing that could change state.
* ISAPI pre-login (second round, Hikvision devices only): ``GET /ISAPI/Security/sessionLogin/capabilities``,
  the web UI's own pre-login step.
* Authenticated ISAPI (HTTP digest, only with credentials the user supplied, one login):
  ``/ISAPI/System/deviceInfo``, ``/ISAPI/System/capabilities`` and the Hik-Connect/EZVIZ cloud status
  ``/ISAPI/System/Network/EZVIZ``. Passwords never appear in observations or errors.
"""

from __future__ import annotations

from camaudit.macaddress import normalise_mac
from camaudit.model import Observation
from camaudit.protocols.soap import local_name
from camaudit.scan.auth.login import digest_get, digest_login
from camaudit.scan.http_client import http_request
from camaudit.scan.net import ProbeContext, ProbeError
from camaudit.scan.probes.base import WEB, Endpoint, Probe, exchange, make_observation, xml_root

SDK_PORT = 8000
_HIK_JUNK = b"\r\n\r\n"
_HIK_INFO = {
    "model": "hik.isapi.device_info.model",
    "serialNumber": "hik.isapi.device_info.serial",
    "macAddress": "hik.isapi.device_info.mac",
    "deviceType": "hik.isapi.device_info.device_type",
    "deviceName": "hik.isapi.device_info.device_name",
}


def parse_hik_sdk(reply: bytes) -> dict[str, str]:
    """The Hikvision SDK header: u32 length 16 followed by a repeated status word."""
    if len(reply) >= 16 and reply[:4] == b"\x00\x00\x00\x10" and reply[4:8] == reply[8:12]:
        return {"hik.sdk.reply": reply[:16].hex()}
    return {}


async def probe_hik_sdk(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
    reply = await exchange(ctx, ep, _HIK_JUNK)
    fields = parse_hik_sdk(reply)
    return [make_observation(ep.ip, ep.port, "hik-sdk", fields, reply)] if fields else []


async def probe_hikvision(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
    path = "/ISAPI/Security/sessionLogin/capabilities?username=admin"
    resp = await http_request(ctx, ep.ip, ep.port, path, tls=ep.tls)
    if resp.status != 200 or b"SessionLoginCap" not in resp.body:
        return []
    text = resp.body.decode("utf-8", errors="replace")
    return [make_observation(ep.ip, ep.port, "hik-isapi", {"hik.isapi.session_cap": text}, resp.body)]


def parse_hik_device_info(body: bytes) -> dict[str, str]:
    """Fields of an ISAPI ``<DeviceInfo>`` (either XML namespace)."""
    root = xml_root(body)
    if root is None or local_name(root.tag) != "DeviceInfo":
        return {}
    values = {local_name(el.tag): (el.text or "").strip() for el in root}
    fields = {key: values[name][:128] for name, key in _HIK_INFO.items() if values.get(name)}
    version = values.get("firmwareVersion", "")
    if version:
        released = values.get("firmwareReleasedDate", "")
        fields["hik.isapi.device_info.firmware"] = f"{version} {released}".strip()[:128]
    mac = normalise_mac(values.get("macAddress", ""))
    if mac:
        fields["mac"] = mac
    return fields


def parse_hik_capabilities(body: bytes) -> dict[str, str]:
    """Comma list of the ``isSupport…`` capabilities a device reports as true (analytics, audio, thermal ...)."""
    root = xml_root(body)
    if root is None:
        return {}
    names = sorted(
        {local_name(el.tag)[len("isSupport") :] for el in root.iter() if local_name(el.tag).startswith("isSupport")
         and (el.text or "").strip().lower() == "true"}
    )
    listed = ",".join(names[:64])
    return {"hik.isapi.capabilities": listed} if listed else {}


def parse_hik_cloud(body: bytes) -> dict[str, str]:
    root = xml_root(body)
    if root is None:
        return {}
    values = {local_name(el.tag): (el.text or "").strip() for el in root.iter()}
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
    outcome, resp = await digest_login(ctx, ep.ip, ep.port, ep.tls, "/ISAPI/System/deviceInfo", cred)
    if outcome in ("rejected", "locked"):
        return [make_observation(ep.ip, ep.port, "hik-isapi", cred.refused_fields("hikvision", outcome))]
    fields = parse_hik_device_info(resp.body) if resp is not None and outcome in ("accepted", "open") else {}
    if resp is None or not fields:
        return []
    fields["auth.hikvision"] = "ok"
    for path, parse in (
        ("/ISAPI/System/capabilities", parse_hik_capabilities),
        ("/ISAPI/System/Network/EZVIZ", parse_hik_cloud),
    ):
        try:
            extra = await digest_get(ctx, ep.ip, ep.port, ep.tls, path, cred)
        except ProbeError:
            continue
        if extra.status == 200:
            fields.update(parse(extra.body))
    return [make_observation(ep.ip, ep.port, "hik-isapi", fields, resp.body)]


_HIKVISION = frozenset({"hikvision"})
PROBES = (
    Probe("hikvision-sdk", probe_hik_sdk, services=frozenset({"hik-sdk"}), tcp_ports=(SDK_PORT,)),
    Probe("hikvision-isapi", probe_hikvision, services=WEB, follow_up_for=_HIKVISION),
    Probe("hikvision-isapi-auth", probe_hikvision_auth, services=WEB, follow_up_for=_HIKVISION, needs_credentials=True),
)
