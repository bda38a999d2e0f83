"""What Censys Platform's protocol parsers made of a service, beyond its banner and HTTP endpoints.

A Platform service (the generated models of censys/censys-sdk-python; the same schema rendered as JSON Schema in
api-evangelist/censys, ``platform-service-schema.json``) keeps one object per parser that read it. The ones that
carry what a device says about itself, or whose presence says whose protocol answered, are read here -- into the
fields the live probes fill where the value is the device's own words, into ``import.*`` where it is Censys's
conclusion:

* ``rtsp{server, www_auth, commands}``, ``ssh.endpoint_id.raw`` -> ``rtsp.*``, ``ssh.banner``;
* ``snmp`` (system group, ENTITY-MIB hardware, the SNMPv3 engine's enterprise) -> ``snmp.*``, ``import.*``;
* ``upnp{devices[], headers, endpoint}``, ``ssdp{headers, upnp_url}`` -> ``upnp.*`` as a description and an SSDP
  answer give them;
* ``onvif{services[].xaddr, hostname.name}`` -> ``onvif.xaddrs``, ``onvif.hostname`` (GetCapabilities' addresses
  and GetHostname's answer);
* ``ws_discovery{addresses, scopes, types}`` (a WS-Discovery ProbeMatch) -> ``onvif.xaddrs``, ``onvif.scope``,
  ``wsd.types``, as the discovery probe reads a ProbeMatch (helper-205, 2026-12-06);
* ``mdns.names`` -> ``mdns.service``/``instance``/``host`` (helper-205);
* ``hikvision{web_version, custom_version}`` -> ``import.vendor`` Hikvision: Censys's Hikvision parser read the web
  client;
* ``dvr_ip{version, serial}`` -> ``import.vendor`` Xiongmai, ``import.version``, ``devinfo.serial``: Censys's
  parser of the DVR-IP (NetSurveillance / Sofia) protocol, Xiongmai's, read the service; its fields are that
  protocol's SystemInfo and ability names (helper-205; which answers fill them is not documented: verify);
* ``rifatron.model`` -> ``import.vendor`` Rifatron, ``import.product``; ``tplink_kasa`` (``model``, ``dev_name``,
  ``mic_type``, ``sw_ver``) -> ``import.vendor`` TP-Link, ``import.product``, ``import.devicetype``, ``import.version``;
  ``hid_vertx`` (``make_model``, ``model``, ``version``, ``mac_address``) -> ``import.vendor`` HID ... (helper-205).

Every value is bounded; an object of the wrong type is ignored.
"""

from __future__ import annotations

from typing import Any

from camaudit.importers.base import MAX_FIELD_CHARS, as_dict, as_list, put, put_maker_object, put_upnp_devices
from camaudit.protocols import mdns
from camaudit.protocols.snmp_text import snmp_value
from camaudit.protocols.soap import MAX_SCOPES, decode_scope

#: Addresses, types and names read of one discovery object (a ProbeMatch lists a handful; more is not a device's).
MAX_ADDRESSES = 8
MAX_NAMES = 64


def module_fields(service: dict[str, Any], extra: dict[str, str]) -> None:
    """Fill ``extra`` from the parser objects of one Censys Platform service (see the module docstring)."""
    rtsp = as_dict(service.get("rtsp"))
    put(extra, "rtsp.server", rtsp.get("server"))
    put(extra, "rtsp.www_authenticate", rtsp.get("www_auth"))
    commands = [c for c in as_list(rtsp.get("commands")) if isinstance(c, str)]
    put(extra, "rtsp.public", ", ".join(commands))
    put(extra, "ssh.banner", as_dict(as_dict(service.get("ssh")).get("endpoint_id")).get("raw"))
    _snmp(as_dict(service.get("snmp")), extra)
    _upnp(service, extra)
    _onvif(service, extra)
    _mdns(service, extra)
    _makers(service, extra)


def _snmp(snmp: dict[str, Any], extra: dict[str, str]) -> None:
    """Censys's parsed SNMP answer: the system group (sysDescr, sysObjectID, sysName), what the agent's
    ENTITY-MIB says the hardware is (``oid_physical``: entPhysicalMfgName, ModelName, firmware/software
    revision) and the IANA enterprise its SNMPv3 engine ID names (``engine.organization``) -- the maker of
    the agent, as nmap's ``snmp-info`` reports it."""
    system = as_dict(snmp.get("oid_system"))
    put(extra, "snmp.sysdescr", text(system.get("desc")))
    snmp_value("oid", system.get("object_id"), extra)
    snmp_value("name", system.get("name"), extra)
    physical = as_dict(snmp.get("oid_physical"))
    vendors = (text(physical.get("mfg_name")), text(as_dict(snmp.get("engine")).get("organization")))
    put(extra, "import.vendor", [v for v in vendors if v])
    put(extra, "import.product", text(physical.get("model_name")))
    put(extra, "import.version", text(physical.get("firmware_rev")) or text(physical.get("software_rev")))


def text(value: Any) -> str | None:
    """A value Censys gave as text, stripped; None for anything else (numbers, lists, objects)."""
    return value.strip() or None if isinstance(value, str) else None


def _texts(value: Any, limit: int) -> list[str]:
    """The non-empty strings of a JSON list, stripped, at most ``limit``."""
    return [item.strip() for item in as_list(value)[:limit] if isinstance(item, str) and item.strip()]


_SSDP_HEADERS = {"server": "upnp.server", "location": "upnp.location", "st": "upnp.st", "usn": "upnp.usn"}


def header_values(value: Any) -> list[Any]:
    """A header's values: legacy ``["x"]``, Platform ``{"headers": ["x"]}``, or a bare value."""
    if isinstance(value, dict):
        return as_list(value.get("headers"))
    return as_list(value) if isinstance(value, list) else [value]


def _upnp(service: dict[str, Any], extra: dict[str, str]) -> None:
    """``upnp`` (its device tree and SSDP headers) and ``ssdp`` (headers, ``upnp_url``): what the device's UPnP
    description and SSDP answer say of it."""
    upnp = as_dict(service.get("upnp"))
    devices = [d for d in as_list(upnp.get("devices"))[:16] if isinstance(d, dict)]
    # The root device (no parent) names the product; embedded ones follow only where it is silent.
    devices.sort(key=lambda device: device.get("parent_id") is not None)
    put_upnp_devices(extra, devices)
    ssdp = as_dict(service.get("ssdp"))
    for headers in (as_dict(ssdp.get("headers")), as_dict(upnp.get("headers"))):
        for key, value in headers.items():
            header = _SSDP_HEADERS.get(str(key).lower())
            texts = [v for v in header_values(value) if isinstance(v, str)]
            if header and texts and header not in extra:
                extra[header] = texts[0][:MAX_FIELD_CHARS]
    for url in (ssdp.get("upnp_url"), upnp.get("endpoint")):
        if isinstance(url, str) and url.startswith("http") and "upnp.location" not in extra:
            extra["upnp.location"] = url[:MAX_FIELD_CHARS]


def _onvif(service: dict[str, Any], extra: dict[str, str]) -> None:
    """``onvif`` (the device service's addresses and host name) and ``ws_discovery`` (a ProbeMatch: scopes,
    addresses, types), written as the ONVIF and WS-Discovery probes write them: one address or scope a line,
    scopes percent-decoded."""
    onvif = as_dict(service.get("onvif"))
    xaddrs = [text(as_dict(s).get("xaddr")) for s in as_list(onvif.get("services"))[:32]]
    put(extra, "onvif.xaddrs", [x for x in xaddrs if x])
    put(extra, "onvif.hostname", text(as_dict(onvif.get("hostname")).get("name")))
    discovery = as_dict(service.get("ws_discovery"))
    if not discovery:
        return
    scopes = [decode_scope(scope) for scope in _texts(discovery.get("scopes"), MAX_SCOPES)]
    put(extra, "onvif.scope", scopes)
    if "onvif.xaddrs" not in extra:
        put(extra, "onvif.xaddrs", _texts(discovery.get("addresses"), MAX_ADDRESSES))
    put(extra, "wsd.types", " ".join(_texts(discovery.get("types"), MAX_ADDRESSES)))


def _mdns(service: dict[str, Any], extra: dict[str, str]) -> None:
    """``mdns.names``: the service types, instance and host names the answer listed, read as a printed listing."""
    names = _texts(as_dict(service.get("mdns")).get("names"), MAX_NAMES)
    if names:
        for name, value in mdns.text_fields("\n".join(names)).items():
            extra.setdefault(name, value)


#: Parser objects only one maker's protocol fills: the maker, where each text value goes, and the key of the MAC.
#: ``dvr_ip``: DVR-IP (NetSurveillance, Sofia), Xiongmai's protocol; its fields are that protocol's SystemInfo and
#: ability names. ``rifatron``: a Korean DVR maker's. ``tplink_kasa``: the Kasa sysinfo (``mic_type`` is its device
#: type, ``IOT.SMARTPLUGSWITCH``, ``IOT.IPCAMERA``). ``hid_vertx``: HID's VertX access controllers' discovery answer.
_MAKER_OBJECTS: dict[str, tuple[str, dict[str, tuple[str, ...]], str | None]] = {
    "dvr_ip": ("Xiongmai", {"import.version": ("version",), "devinfo.serial": ("serial",)}, None),
    "rifatron": ("Rifatron", {"import.product": ("model",)}, None),
    "tplink_kasa": ("TP-Link", {"import.product": ("model", "dev_name"), "import.devicetype": ("mic_type",),
                                "import.version": ("sw_ver",)}, None),
    "hid_vertx": ("HID", {"import.product": ("make_model", "model"), "import.version": ("version",)}, "mac_address"),
}


def _makers(service: dict[str, Any], extra: dict[str, str]) -> None:
    """The parsers that read only one maker's protocol: their presence is Censys's conclusion, named as such."""
    hikvision = service.get("hikvision")
    if isinstance(hikvision, dict):
        # Censys's own Hikvision parser read this service's web client.
        put(extra, "import.vendor", "Hikvision")
        put(extra, "import.version", text(hikvision.get("web_version")) or text(hikvision.get("custom_version")))
    for key, (maker, targets, mac_key) in _MAKER_OBJECTS.items():
        put_maker_object(extra, maker, service.get(key), targets, mac_key)
