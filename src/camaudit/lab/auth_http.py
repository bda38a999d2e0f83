"""Login-protected HTTP APIs of emulated devices, answered in code from the device's :class:`AuthState`.

* Hikvision ISAPI (digest): ``/ISAPI/System/deviceInfo``, ``/capabilities``, ``/Network/EZVIZ``.
* Axis VAPIX (digest): ``/axis-cgi/param.cgi`` (the ``root.Brand`` group).
* ONVIF: the device service's operations with a WS-Security UsernameToken.
* Dahua RPC2: the two-step ``global.login``, the ``magicBox`` getters, ``T2UServer``, ``global.logout``.

Replies keep the device's own style: status-line version, header names, order and case come from the
profile's static route for the same request (its 401 for ISAPI, its challenge for RPC2_Login), so only
what a login changes differs. XML and JSON shapes follow pyhik's ISAPI fixtures (protocols.md §4.1) and
the public Dahua RPC2 clients; element values are the profile's, the rest illustrative.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable, Mapping
from typing import Any
from xml.sax.saxutils import escape

from camaudit.lab import onvif, template, wire
from camaudit.lab.auth import AuthState
from camaudit.lab.profile import HttpSpec, Profile, Reply
from camaudit.lab.responders import DynamicRoute as Dynamic
from camaudit.lab.responders import choose_route

_HIK_NS = "http://www.hikvision.com/ver20/XMLSchema"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
#: Dahua RPC2 error codes (the codes public RPC2 clients map: aiodahua, dahua-rpc Go/Rust clients).
DAHUA_BAD_PASSWORD = 268632085
DAHUA_LOCKED = 268632081
DAHUA_INVALID_SESSION = 287637505
DAHUA_NO_METHOD = 268894210
_HIK_TYPES = {"camera": "IPCamera", "nvr": "NVR", "dvr": "DVR"}
_ALGORITHM = re.compile(r'algorithm="?([\w-]+)"?', re.IGNORECASE)


def _reply(base: Reply, status: int, body: str, content_type: str | None = None,
           challenge: str | None = None) -> Reply:
    """A reply in the style of ``base`` (its version and headers) with a new status, body and challenge."""
    headers: list[tuple[str, str]] = []
    for name, value in base.headers:
        low = name.lower()
        if low == "www-authenticate":
            if challenge is not None:
                headers.append((name, challenge))
            continue
        headers.append((name, content_type if low == "content-type" and content_type else value))
    return Reply.model_validate(
        {"status": status, "version": base.version, "headers": headers, "body": body, "template": False}
    )


def _challenge_algorithm(base: Reply) -> str:
    """The digest algorithm the route's challenge names (RFC 7616: MD5 when it names none)."""
    for name, value in base.headers:
        if name.lower() == "www-authenticate":
            m = _ALGORITHM.search(value)
            if m:
                return m.group(1)
    return "MD5"


def _challenge_header(base: Reply, state: AuthState) -> str | None:
    """The route's own ``WWW-Authenticate`` value with a nonce the device will recognise."""
    for name, value in base.headers:
        if name.lower() == "www-authenticate" and "{{nonce32}}" in value:
            return value.replace("{{nonce32}}", state.issue_nonce())
    return None


def _firmware_parts(firmware: str) -> tuple[str, str]:
    version, _, build = firmware.partition(" build ")
    return version, f"build {build}" if build else ""


def hik_device_info(values: Mapping[str, str]) -> str:
    """ISAPI ``<DeviceInfo>`` for the device (pyhik test fixture shape)."""
    version, released = _firmware_parts(values.get("firmware", ""))
    fields = (
        ("deviceName", "IP CAMERA" if values.get("device_type") == "camera" else "Network Video Recorder"),
        ("deviceID", f"88{values['mac_hex_lower']}"),
        ("model", values.get("model", "")),
        ("serialNumber", values.get("serial", "")),
        ("macAddress", values["mac"]),
        ("firmwareVersion", version),
        ("firmwareReleasedDate", released),
        ("encoderVersion", "V7.3"),
        ("encoderReleasedDate", released),
        ("deviceType", _HIK_TYPES.get(values.get("device_type", ""), "IPCamera")),
        ("telecontrolID", "88"),
    )
    inner = "".join(f"<{k}>{escape(v)}</{k}>\n" for k, v in fields)
    return f'{_XML_HEAD}<DeviceInfo version="2.0" xmlns="{_HIK_NS}">\n{inner}</DeviceInfo>\n'


def hik_capabilities(state: AuthState) -> str:
    """ISAPI ``<DeviceCap>`` with the profile's ``isSupport…`` capabilities true (and a few false)."""
    on = state.account.capabilities
    off = [c for c in ("Thermal", "Fisheye", "VehicleDetection") if c not in on]
    items = [f"<isSupport{c}>true</isSupport{c}>" for c in on] + [f"<isSupport{c}>false</isSupport{c}>" for c in off]
    body = "\n".join(items)
    return f'{_XML_HEAD}<DeviceCap version="2.0" xmlns="{_HIK_NS}">\n<SysCap>\n{body}\n</SysCap>\n</DeviceCap>\n'


def hik_ezviz(state: AuthState) -> str:
    """ISAPI ``<EZVIZ>``: whether Hik-Connect is on and registered with the cloud."""
    on = "true" if state.account.cloud else "false"
    return (
        f'{_XML_HEAD}<EZVIZ version="2.0" xmlns="{_HIK_NS}">\n<enabled>{on}</enabled>\n'
        f"<registerStatus>{on}</registerStatus>\n<redirect>true</redirect>\n<serverAddress>\n"
        "<addressingFormatType>hostname</addressingFormatType>\n<hostName>dev.ezvizlife.com</hostName>\n"
        "</serverAddress>\n</EZVIZ>\n"
    )


def hik_user_check(state: AuthState) -> str:
    """The ``<userCheck>`` body of a refused ISAPI login: the lock state and the tries left."""
    lock = "lock" if state.locked() else "unlock"
    tries = state.tries_left()
    retry = f"<retryLoginTime>{tries}</retryLoginTime>\n" if tries is not None else ""
    return (
        f"{_XML_HEAD}<userCheck>\n<statusValue>401</statusValue>\n<statusString>Unauthorized</statusString>\n"
        f"<lockStatus>{lock}</lockStatus>\n<unlockTime>{state.lock_remaining()}</unlockTime>\n{retry}</userCheck>\n"
    )


def axis_brand(values: Mapping[str, str]) -> str:
    """VAPIX ``param.cgi?action=list&group=root.Brand`` text."""
    model = values.get("model", "")
    return (
        f"root.Brand.Brand=AXIS\nroot.Brand.ProdFullName=AXIS {model} Network Camera\nroot.Brand.ProdNbr={model}\n"
        f"root.Brand.ProdShortName=AXIS {model}\nroot.Brand.ProdType=Network Camera\nroot.Brand.ProdVariant=\n"
        "root.Brand.WebURL=http://www.axis.com\n"
    )


def _digest_api(state: AuthState, http: HttpSpec, api: str, pages: Mapping[str, Callable[[], tuple[str, str]]],
                refusal: Callable[[Reply], tuple[str, str]]) -> Dynamic:
    """A digest-protected set of pages: challenge, verify, count, lock; ``pages`` path -> (body, type)."""

    def answer(request: wire.Request, values: Mapping[str, str]) -> Reply | None:
        page = pages.get(request.path)
        if page is None:
            return None
        base = choose_route(http, request)
        challenge = _challenge_header(base, state)
        header = request.headers.get("authorization")
        verified = state.verify_digest(
            header, request.method.upper(), request.target, values["realm"], _challenge_algorithm(base)
        ) if header else None
        if verified is None:
            if state.locked():
                # A locked device says so even to a client that has not logged in yet.
                return _reply(base, 401, *refusal(base), challenge=challenge)
            return _reply(base, 401, base.data.decode("utf-8", "replace"), challenge=challenge)
        if state.judge(api, *verified) == "accepted":
            return _reply(base, 200, *page())
        return _reply(base, 401, *refusal(base), challenge=challenge)

    return answer


def isapi(state: AuthState, http: HttpSpec, values: Mapping[str, str]) -> Dynamic:
    """Hikvision ISAPI: the three read-only pages the scanner's authenticated check reads."""
    xml = "application/xml"
    pages: dict[str, Callable[[], tuple[str, str]]] = {
        "/ISAPI/System/deviceInfo": lambda: (hik_device_info(values), xml),
        "/ISAPI/System/capabilities": lambda: (hik_capabilities(state), xml),
        "/ISAPI/System/Network/EZVIZ": lambda: (hik_ezviz(state), xml),
    }
    return _digest_api(state, http, "isapi", pages, lambda _base: (hik_user_check(state), xml))


def vapix(state: AuthState, http: HttpSpec, values: Mapping[str, str]) -> Dynamic:
    """Axis VAPIX ``param.cgi`` behind digest."""
    pages: dict[str, Callable[[], tuple[str, str]]] = {
        "/axis-cgi/param.cgi": lambda: (axis_brand(values), "text/plain"),
    }
    return _digest_api(state, http, "vapix", pages, lambda base: (base.data.decode("utf-8", "replace"), ""))


def onvif_api(state: AuthState, profile: Profile) -> Dynamic:
    """ONVIF device service with a UsernameToken: the open answers for a verified token, else the fault."""
    spec = profile.onvif
    assert spec is not None
    routes = onvif.onvif_routes(spec.model_copy(update={"access": "open"}))
    # The last open route takes every other /onvif/ operation, so not_found is never reached.
    opened = HttpSpec(routes=routes, not_found=routes[-1])

    def answer(request: wire.Request, values: Mapping[str, str]) -> Reply | None:
        if request.method.upper() != "POST" or request.path != onvif.DEVICE_SERVICE:
            return None
        verified = state.verify_wsse(request.body)
        if verified is None:
            return None
        if state.judge("onvif", *verified) != "accepted":
            return None  # the profile's own NotAuthorized fault (HTTP 401)
        return choose_route(opened, request)

    return answer


def _json(data: bytes) -> dict[str, Any] | None:
    try:
        doc = json.loads(data.decode("utf-8", "replace").strip().strip("\x00"))
    except (json.JSONDecodeError, RecursionError):
        return None
    return doc if isinstance(doc, dict) else None


def rpc2(state: AuthState, http: HttpSpec) -> Dynamic:
    """Dahua RPC2: login challenge with a remembered (session, realm, random), verified second step, getters."""

    def answer(request: wire.Request, values: Mapping[str, str]) -> Reply | None:
        if request.method.upper() != "POST" or request.path not in ("/RPC2_Login", "/RPC2"):
            return None
        doc = _json(request.body)
        if doc is None:
            return None
        base = choose_route(http, request)
        if base is http.not_found:
            base = choose_route(http, wire.Request("POST", "/RPC2_Login", "HTTP/1.1", {}, b"global.login"))
        if request.path == "/RPC2_Login":
            # Anything but a login call gets the device's static answer (its 404), as before.
            return _login(state, base, doc, values) if doc.get("method") == "global.login" else None
        return _call(state, base, doc, values)

    return answer


def _json_reply(base: Reply, doc: Mapping[str, Any]) -> Reply:
    return _reply(base, 200, json.dumps(doc, separators=(",", ":")), "application/json")


def _login(state: AuthState, base: Reply, doc: dict[str, Any], values: Mapping[str, str]) -> Reply | None:
    params = doc.get("params") if isinstance(doc.get("params"), dict) else {}
    assert isinstance(params, dict)
    ident, username, password = doc.get("id"), str(params.get("userName", "")), params.get("password")
    if not password:
        if state.locked():
            # A locked account answers the first step with the error and no challenge.
            return _json_reply(base, {"error": {"code": DAHUA_LOCKED, "message": "User has been locked!"},
                                      "id": ident, "params": {"remainLockSecond": state.lock_remaining()},
                                      "result": False, "session": 0})
        return _challenge(state, base, values)
    session = str(doc.get("session", ""))
    outcome = state.judge("rpc2", username, state.verify_dahua(session, username, str(password)))
    wire_session: Any = int(session) if session.isdigit() else session
    if outcome == "accepted":
        state.sessions.add(session)
        return _json_reply(base, {"id": ident, "params": {"keepAliveInterval": 60}, "result": True,
                                  "session": wire_session})
    if outcome == "locked":
        error, extra = {"code": DAHUA_LOCKED, "message": "User has been locked!"}, {
            "remainLockSecond": state.lock_remaining()}
    else:
        tries = state.tries_left()
        error = {"code": DAHUA_BAD_PASSWORD, "message": "Component error: password not valid!"}
        extra = {"remainLockTimes": tries} if tries is not None else {}
    return _json_reply(base, {"error": error, "id": ident, "params": extra or None, "result": False,
                              "session": wire_session})


def _challenge(state: AuthState, base: Reply, values: Mapping[str, str]) -> Reply | None:
    """The profile's own challenge bytes, with a session and random the device remembers."""
    session, random = str(secrets.randbelow(2_000_000_000) + 100_000_000), str(secrets.randbelow(9 * 10**9) + 10**9)
    body = template.render_bytes(base.data, {**values, "session": session, "random_digits": random})
    reply = _json(body)
    params = reply.get("params") if reply else None
    if not isinstance(params, dict) or "realm" not in params:
        return None
    state.remember_challenge(session, str(params["realm"]), random)
    return _reply(base, base.status, body.decode("utf-8", "replace"))


def _call(state: AuthState, base: Reply, doc: dict[str, Any], values: Mapping[str, str]) -> Reply:
    session, method, ident = str(doc.get("session", "")), str(doc.get("method", "")), doc.get("id")
    head = {"id": ident, "session": int(session) if session.isdigit() else session}
    if session not in state.sessions:
        error = {"code": DAHUA_INVALID_SESSION, "message": "Invalid session in request data!"}
        return _json_reply(base, {"error": error, **head, "result": False})
    params = doc.get("params")
    result: Any
    if method == "magicBox.getDeviceType":
        result = {"type": values.get("model", "")}
    elif method == "magicBox.getSoftwareVersion":
        version = {"Version": values.get("firmware", ""), "BuildDate": state.account.build_date, "WebVersion": "3.2.1"}
        result = {"version": version}
    elif method == "magicBox.getSerialNo":
        result = {"sn": values.get("serial", "")}
    elif method == "configManager.getConfig" and isinstance(params, dict) and params.get("name") == "T2UServer":
        result = {"table": {"Enable": state.account.cloud, "Type": "Easy4IP"}}
    elif method == "global.logout":
        state.sessions.discard(session)
        result = None
    else:
        error = {"code": DAHUA_NO_METHOD, "message": "Method not found!"}
        return _json_reply(base, {"error": error, **head, "result": False})
    return _json_reply(base, {**head, "params": result, "result": True})


def dynamic_for(profile: Profile, service: str, http: HttpSpec, state: AuthState | None,
                values: Mapping[str, str]) -> Dynamic | None:
    """The login-protected APIs ``service`` answers in code (None: only the profile's static routes)."""
    account = profile.credentials
    if state is None or account is None:
        return None
    handlers: list[Dynamic] = []
    if "isapi" in account.apis:
        handlers.append(isapi(state, http, values))
    if "vapix" in account.apis:
        handlers.append(vapix(state, http, values))
    if "rpc2" in account.apis:
        handlers.append(rpc2(state, http))
    spec = profile.onvif
    carriers = {spec.service} | {s.name for s in profile.services if s.same_as == spec.service} if spec else set()
    if "onvif" in account.apis and service in carriers:
        handlers.append(onvif_api(state, profile))
    if not handlers:
        return None

    def answer(request: wire.Request, filled: Mapping[str, str]) -> Reply | None:
        for handler in handlers:
            reply = handler(request, filled)
            if reply is not None:
                return reply
        return None

    return answer
