"""What Shodan's protocol modules parsed out of a banner, beyond its raw ``data``.

Shodan's banner schema (https://datapedia.shodan.io/banner.schema.json; its Pydantic rendering is the
``pydantic-shodan`` package) gives several modules a property of their own. The ones that describe a camera
or who made a device are read here into the fields the live probes fill, or into ``import.*`` when the value
is Shodan's own conclusion:

* ``upnp`` (the device description Shodan fetched: ``manufacturer``, ``model_name`` ..., ``sub_devices``) →
  ``upnp.*``, as a description the SSDP probe fetches;
* ``mac`` (``{"<mac>": {"org", "assignment"}}``) → ``mac`` and the OUI's ``org`` as ``import.vendor``;
* ``ip_camera`` (``brand``, ``model``, ``product``, ``ddns_host``, ``mac_address``, versions) → ``import.vendor``,
  ``import.product``, ``import.hostnames``, ``mac``, ``import.version``;
* ``hikvision`` (``device_model``, ``device_name``, ``device_description``, web/plugin versions), ``dahua``
  and ``dahua_dvr_web`` (``plugin``, ``web_version``): Shodan's Hikvision and Dahua parsers read the service,
  so their maker is ``import.vendor`` (as Censys's ``hikvision`` object is), with the model and versions;
* ``http.redirects[]{data}`` (the replies of the redirects Shodan followed) → read by content, giving the
  ``Server``/``WWW-Authenticate``/``Location`` the final page lacks; ``http.components`` (web technologies)
  and ``opts.screenshot.labels`` (what Shodan saw on a screenshot: ``webcam`` ...) → ``import.tags``;
* ``mdns`` (``services{"<port>/<proto>": {name, ptr, port, ipv4, ipv6}}``, ``answers``/``additionals``/
  ``authorities`` as ``{record name: value or [values]}``) → ``mdns.service``/``instance``/``host`` from every
  name written there, and ``mdns.txt.*`` from the TXT strings listed under an instance name, as a live mDNS
  answer gives them (protocols/mdns.py), and ``mdns.eui64_mac`` from the first IPv6 address listed whose interface
  identifier is a modified EUI-64;
* ``ubiquiti`` (Ubiquiti discovery: ``product``, ``version``, ``hostname``, ``mac``), ``tp_link_kasa`` (Kasa
  sysinfo: ``model``, ``dev_name``, ``type``, ``sw_ver``, ``mac_address``), ``lantronix`` (``type``, ``version``,
  ``mac``): the parser of one maker's protocol read the service, so its maker is ``import.vendor``, with the values
  as ``import.*`` and ``mac``; ``netbios`` (``server_name``, ``mac``) → ``import.hostnames``, ``mac``; ``dahua``'s
  ``serial_number`` → ``devinfo.serial`` (helper-205, 2026-12-06, from the schema as pydantic-shodan 1.1.0 renders it);
* top-level ``vendor`` → ``import.vendor`` and ``device`` → ``import.product``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from itertools import islice
from typing import Any

from camaudit.importers.base import as_dict, as_list, put, put_mac, put_maker_object, put_upnp_devices
from camaudit.importers.sniff import sniff
from camaudit.macaddress import normalise_mac
from camaudit.protocols import mdns

#: Entries of each ``mdns`` section read, and values of one entry.
MAX_MDNS_ENTRIES = 64
MAX_MDNS_VALUES = 32
#: Redirect replies read per banner, and the fields a redirect may give the final page.
MAX_REDIRECTS = 8
_FROM_REDIRECT = ("http.server", "http.www_authenticate", "http.location")


def module_fields(banner: dict[str, Any], fields: dict[str, str]) -> None:
    """Fill ``fields`` from the module properties of one Shodan banner (see the module docstring)."""
    # Most banners carry none of the module properties: one C-level look at the banner's keys settles that, instead
    # of a lookup of each (this runs for every banner of a census). What is read, and in which order, is the same.
    modules = not _MODULE_KEYS.isdisjoint(banner)
    if modules:
        for key, reader in _READERS:
            value = banner.get(key)
            if value:
                reader(value, fields)
    http = banner.get("http")
    if isinstance(http, dict):
        redirects = http.get("redirects")
        if redirects:
            _redirects(as_list(redirects), fields)
        components = http.get("components")
        if components:
            put(fields, "import.tags", [name for name in list(as_dict(components))[:32] if isinstance(name, str)])
    opts = banner.get("opts")
    for shot in (as_dict(opts).get("screenshot") if opts else None, banner.get("screenshot") if modules else None):
        if shot:
            put(fields, "import.tags", [t for t in as_list(as_dict(shot).get("labels"))[:32] if isinstance(t, str)])
    if modules:
        if any(key in banner for key in _DAHUA_KEYS):
            _dahua(banner, fields)
        for key, target in _NAMING_KEYS:
            value = banner.get(key)
            if value:
                put(fields, target, value)


def _upnp(value: Any, fields: dict[str, str]) -> None:
    # The root device names the product; embedded devices fill only what it left out.
    upnp = as_dict(value)
    devices = [upnp] + [d for d in as_list(upnp.get("sub_devices"))[:16] if isinstance(d, dict)]
    put_upnp_devices(fields, devices)


def _macs(macs: Any, fields: dict[str, str]) -> None:
    for address, info in list(as_dict(macs).items())[:4]:
        mac = normalise_mac(address)
        if mac and "mac" not in fields:
            fields["mac"] = mac
            put(fields, "import.vendor", as_dict(info).get("org"))


def _ip_camera(value: Any, fields: dict[str, str]) -> None:
    camera = as_dict(value)
    if not camera:
        return
    put(fields, "import.vendor", camera.get("brand"))
    put(fields, "import.product", [camera.get(k) for k in ("model", "product") if isinstance(camera.get(k), str)])
    put(fields, "import.hostnames", camera.get("ddns_host"))
    put(fields, "import.version", camera.get("software_version") or camera.get("system_version"))
    put_mac(fields, camera.get("mac_address"))


#: Module properties that only the parser of one maker's protocol writes, so their presence is Shodan's conclusion
#: about the maker (as ``hikvision`` is): the maker, where each value goes, and the key of the MAC. ``ubiquiti``: the
#: discovery answer (UDP 10001); ``tp_link_kasa``: the Kasa sysinfo (TCP 9999: model ``KC100(US)``, the name the
#: device gives itself, its type ``IOT.IPCAMERA`` / ``IOT.SMARTPLUGSWITCH``); ``lantronix``: a device server's
#: discovery answer.
_MAKER_MODULES: dict[str, tuple[str, dict[str, tuple[str, ...]], str]] = {
    "ubiquiti": ("Ubiquiti", {"import.product": ("product",), "import.version": ("version",),
                              "import.hostnames": ("hostname",)}, "mac"),
    "tp_link_kasa": ("TP-Link", {"import.product": ("model", "dev_name"), "import.devicetype": ("type",),
                                 "import.version": ("sw_ver",)}, "mac_address"),
    "lantronix": ("Lantronix", {"import.product": ("type",), "import.version": ("version",)}, "mac"),
}


def _maker_module(key: str, value: Any, fields: dict[str, str]) -> None:
    maker, targets, mac_key = _MAKER_MODULES[key]
    put_maker_object(fields, maker, value, targets, mac_key)


def _netbios(value: Any, fields: dict[str, str]) -> None:
    netbios = as_dict(value)
    # The NetBIOS name service answer: the host's name and the MAC it reports.
    put(fields, "import.hostnames", netbios.get("server_name"))
    put_mac(fields, netbios.get("mac"))


def _hikvision(hikvision: Any, fields: dict[str, str]) -> None:
    if not isinstance(hikvision, dict):
        return
    # Shodan's Hikvision module read this service: its conclusion, named as such.
    put(fields, "import.vendor", "Hikvision")
    models = [hikvision.get(k) for k in ("device_model", "device_name", "device_description")]
    put(fields, "import.product", [m for m in models if isinstance(m, str) and m.strip()])
    put(fields, "import.version", hikvision.get("device_version") or hikvision.get("web_version"))


def _dahua(banner: dict[str, Any], fields: dict[str, str]) -> None:
    web = banner.get("dahua_dvr_web")
    if isinstance(banner.get("dahua"), dict) or isinstance(web, dict):
        # Shodan's Dahua parsers (the DVRIP service, the DVR web client) read this service.
        put(fields, "import.vendor", "Dahua")
        # The serial number the device's own DVRIP answer gave (helper-205): the maker's serial layout reads it.
        put(fields, "devinfo.serial", as_dict(banner.get("dahua")).get("serial_number"))
    if isinstance(web, dict):
        put(fields, "import.product", as_dict(web.get("plugin")).get("name"))
        put(fields, "import.version", web.get("web_version"))


def _mdns(value: Any, fields: dict[str, str]) -> None:
    names: list[str] = []
    for section in ("services", "answers", "additionals", "authorities"):
        for key, entry in list(as_dict(as_dict(value).get(section)).items())[:MAX_MDNS_ENTRIES]:
            values = _strings(entry)
            names += [key, *values]
            if section != "services":
                for name, txt in mdns.named_txt(key, values).items():
                    fields.setdefault(name, txt)
    for name, text in mdns.text_fields("\n".join(names)).items():
        fields.setdefault(name, text)
    mac = mdns.address_eui64_mac(names)
    if mac:
        fields.setdefault("mdns.eui64_mac", mac)


def _strings(entry: Any) -> list[str]:
    """The text values of one ``mdns`` entry: a string, a list of them, or a service's properties."""
    items = entry.values() if isinstance(entry, dict) else entry if isinstance(entry, list) else [entry]
    return [v for v in islice(items, MAX_MDNS_VALUES) if isinstance(v, str)]


def _redirects(redirects: list[Any], fields: dict[str, str]) -> None:
    redirect_replies((as_dict(redirect).get("data") for redirect in redirects), fields)


def redirect_replies(replies: Iterable[Any], fields: dict[str, str]) -> None:
    """The replies of redirects a scanner followed before the final page (Shodan's ``http.redirects[].data``, httpx's
    ``chain[].response``), each read by content: their ``Server``, ``WWW-Authenticate`` and ``Location`` where the
    final page gave none."""
    for data in islice(replies, MAX_REDIRECTS):
        if not isinstance(data, str) or not data:
            continue
        found: dict[str, str] = {}
        sniff(data, found, hint="http")
        for name in _FROM_REDIRECT:
            if name in found and name not in fields:
                fields[name] = found[name]


#: Module properties read by a function of their own, in this order.
_READERS: tuple[tuple[str, Callable[[Any, dict[str, str]], None]], ...] = (
    ("upnp", _upnp),
    ("mac", _macs),
    ("ip_camera", _ip_camera),
    ("hikvision", _hikvision),
    ("mdns", _mdns),
    ("netbios", _netbios),
    *((key, partial(_maker_module, key)) for key in _MAKER_MODULES),
)
#: Keys of Dahua's module properties, read together (:func:`_dahua`).
_DAHUA_KEYS = ("dahua", "dahua_dvr_web")
#: Top-level keys that name the device, and the field each fills.
_NAMING_KEYS = (("vendor", "import.vendor"), ("device", "import.product"))
#: Every top-level banner key :func:`module_fields` reads but ``http`` and ``opts`` (which nearly every banner has).
_MODULE_KEYS = frozenset(
    {key for key, _reader in _READERS} | {"screenshot", *_DAHUA_KEYS, *(key for key, _field in _NAMING_KEYS)}
)
