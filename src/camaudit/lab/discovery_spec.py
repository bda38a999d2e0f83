"""Profile parts for discovery: ONVIF identity (device service + WS-Discovery) and multicast replies.

Kept apart from ``profile.py`` because they describe *protocols the lab implements in code* (ONVIF SOAP,
WS-Discovery) rather than bytes written out in the profile.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

#: WS-Discovery's IPv4 group and port (protocols.md §3.1).
WSD_GROUP = "239.255.255.250"
WSD_PORT = 3702


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MulticastSpec(_Strict):
    """How a UDP discovery service listens and answers on a real LAN (namespace mode only).

    On a LAN the service takes every datagram to its port (unicast, broadcast, and the group when one
    is given). On loopback there is no multicast: it answers unicast to the sender whatever this says.
    """

    #: The group the device joins on its interface (SADP 239.255.255.250, DHIP 239.255.255.251);
    #: None for broadcast-only protocols (XMEye 34569).
    group: str | None = None
    #: ``sender``: unicast to the prober; ``group``: to the group and this port (Hikvision SADP);
    #: ``both``: each (some Dahua firmware).
    reply_to: Literal["sender", "group", "both"] = "sender"

    @model_validator(mode="after")
    def _check(self) -> MulticastSpec:
        if self.group is None:
            if self.reply_to != "sender":
                raise ValueError("reply_to group needs a group")
            return self
        try:
            if not ipaddress.IPv4Address(self.group).is_multicast:
                raise ValueError(f"group {self.group} is not an IPv4 multicast address")
        except ipaddress.AddressValueError as exc:
            raise ValueError(f"group {self.group!r} is not an IPv4 address") from exc
        return self


OnvifAccess = Literal["open", "auth"]

#: The namespaces the lab's replies use as element prefixes: its SOAP 1.2 envelope, ONVIF's schema and device service.
ONVIF_REPLY_NAMESPACES = {
    "SOAP-ENV": "http://www.w3.org/2003/05/soap-envelope",
    "tt": "http://www.onvif.org/ver10/schema",
    "tds": "http://www.onvif.org/ver10/device/wsdl",
}
#: The default table: those three and ONVIF's error namespace (a fault's subcode, ``ter:NotAuthorized``, is a QName).
_DEFAULT_TABLE = (*(f"{k}={v}" for k, v in ONVIF_REPLY_NAMESPACES.items()), "ter=http://www.onvif.org/ver10/error")
#: One declaration of a namespace table: ``prefix=uri`` (no quotes, markup, spaces or placeholders in the URI).
_DECLARATION = r"^[A-Za-z_][\w.-]{0,39}=[^\s\"'<>{}&]{1,256}$"


class OnvifSpec(_Strict):
    """The ONVIF identity a camera gives on ``POST /onvif/device_service`` and in WS-Discovery.

    GetSystemDateAndTime always answers (the ONVIF Core pre-auth class); GetDeviceInformation and
    GetScopes answer when ``access`` is ``open`` and return a SOAP ``NotAuthorized`` fault with HTTP 401
    when it is ``auth``, as devices that enforce WS-UsernameToken do.
    """

    #: The HTTP service(s) that carry the device service (an HTTPS ``same_as`` service inherits it).
    service: str = "http"
    #: Exactly as the firmware spells it (``HIKVISION``, ``Dahua``, ``UNIVIEW`` ...).
    manufacturer: str
    #: Default: the profile's ``expect`` values.
    model: str | None = None
    firmware: str | None = None
    serial: str | None = None
    hardware_id: str = "1.0"
    access: OnvifAccess = "open"
    #: Scope URIs (placeholders allowed), e.g. ``onvif://www.onvif.org/hardware/{{model}}``.
    scopes: list[str] = Field(default_factory=list)
    types: str = "dn:NetworkVideoTransmitter tds:Device"
    #: Answer WS-Discovery Probes on UDP 3702 (and announce with Hello on a real LAN).
    discovery: bool = True
    #: ``Server`` header on the SOAP replies, when the firmware sends one.
    server: str | None = None
    #: Path of the device service, as the firmware serves it and advertises it in its WS-Discovery XAddrs
    #: (the ONVIF Core specification's default is ``/onvif/device_service``; firmware may choose another).
    path: str = Field(default="/onvif/device_service", pattern=r"^/[\w./-]{0,100}$")
    #: WS-Addressing endpoint; default ``urn:uuid:`` + a uuid whose last 12 digits are the MAC, as
    #: many firmwares do (protocols.md §3.2).
    endpoint: str | None = None
    #: The SOAP stack's namespace table, declared on every device-service answer's ``Envelope`` start tag in this
    #: order (``prefix=uri`` each, as ``soap.declarations`` reads it). Default: ``SOAP-ENV``, ``tt``, ``tds`` and
    #: ``ter``. A table given here must bind the first three as the replies use them.
    namespaces: list[str] = Field(default_factory=lambda: list(_DEFAULT_TABLE), max_length=64)

    @model_validator(mode="after")
    def _check_namespaces(self) -> OnvifSpec:
        bound: dict[str, str] = {}
        for line in self.namespaces:
            if re.fullmatch(_DECLARATION, line) is None:
                raise ValueError(f"namespace declaration {line!r} is not prefix=uri")
            prefix, uri = line.split("=", 1)
            if bound.setdefault(prefix, uri) != uri:
                raise ValueError(f"prefix {prefix!r} declared twice")
        missing = [k for k, v in ONVIF_REPLY_NAMESPACES.items() if bound.get(k) != v]
        if missing:
            raise ValueError(f"the namespace table must bind {', '.join(missing)} as the replies use them")
        return self

    def texts(self) -> list[str]:
        """Text that may hold placeholders."""
        return [*self.scopes, self.manufacturer, self.hardware_id, self.endpoint or ""] + [
            v for v in (self.model, self.firmware, self.serial, self.server) if v
        ]
