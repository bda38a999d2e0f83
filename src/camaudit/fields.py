"""The registry of observation fields: the contract between the sources that fill ``Observation.fields`` and
the rules and assessments that read them.

Each :class:`Field` is one line: its name (or a family prefix ending in ``.``, whose members the device names),
the kind of value, what it means, and which sources fill it — probes by their registered name
(``scan/probes``), importers as ``import:<format>``, discovery as ``discover:<protocol>``, passive analysis as
``passive:<protocol>``, and ``identify`` for what identification derives itself. Rule loading rejects a field
not declared here; ``docs/observation-fields.md`` is generated from it (``python -m camaudit.fields``); tests
check that every field a probe, importer, discovery reply or passive analysis produces is declared with that
source and value kind, and that every field a rule reads is produced by something. Like the model, this
module imports nothing from the package, so every stage can use it.

To declare a new field, add one line to :data:`FIELDS`.
"""

from __future__ import annotations

import fnmatch
import re
import sys
from dataclasses import dataclass
from enum import StrEnum
from functools import cache


class Kind(StrEnum):
    """What a field's value looks like (values are always text)."""

    TEXT = "text"
    #: Several values, one per line (two ``WWW-Authenticate`` headers, many ONVIF scopes).
    LINES = "lines"
    INTEGER = "integer"
    #: ``true`` or ``false``.
    BOOLEAN = "boolean"
    #: Lower-case ``aa:bb:cc:dd:ee:ff``.
    MAC = "mac"
    #: Lower-case hexadecimal.
    HEX = "hex"
    #: ISO 8601 UTC, ``YYYY-MM-DDTHH:MM:SSZ``.
    TIMESTAMP = "timestamp"
    #: A request path (``/``, ``/onvif/device_service``).
    PATH = "path"
    #: A dotted SNMP object identifier.
    OID = "oid"


#: Kept of any one text field other than the body (``http.body``), wherever it is read -- an importer, a
#: wire-format reader, a probe -- so a 5 MB "Server:" header cannot bloat the output.
MAX_FIELD_CHARS = 8 * 1024

_SHAPES = {
    Kind.INTEGER: re.compile(r"-?\d+"),
    Kind.BOOLEAN: re.compile(r"true|false"),
    Kind.MAC: re.compile(r"[0-9a-f]{2}(?::[0-9a-f]{2}){5}"),
    Kind.HEX: re.compile(r"[0-9a-f]+"),
    Kind.TIMESTAMP: re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"),
    Kind.PATH: re.compile(r"/\S*"),
    Kind.OID: re.compile(r"\d+(?:\.\d+)+"),
}


@dataclass(frozen=True, slots=True)
class Field:
    """One observation field (or, with a trailing ``.``, a family of them)."""

    name: str
    kind: Kind
    meaning: str
    #: Who fills it: probe names, ``import:<format>``, ``discover:<protocol>``, ``identify`` (``*`` globs).
    sources: tuple[str, ...]
    #: The closed set of values, when there is one.
    values: tuple[str, ...] = ()

    @property
    def family(self) -> bool:
        return self.name.endswith(".")

    def filled_by(self, source: str) -> bool:
        """Whether ``source`` is declared to fill this field."""
        return any(fnmatch.fnmatchcase(source, pattern) for pattern in self.sources)

    def accepts(self, value: str) -> bool:
        """Whether ``value`` has this field's kind (and is one of its values, when the set is closed)."""
        if self.values and value not in self.values:
            return False
        shape = _SHAPES.get(self.kind)
        return shape is None or shape.fullmatch(value) is not None


def F(name: str, kind: Kind, meaning: str, *sources: str, values: tuple[str, ...] = ()) -> Field:
    """One line of the registry."""
    return Field(name, kind, meaning, sources, values)


T, L, INT, BOOL, MAC, HEX, TIME, PATH, OID = (
    Kind.TEXT, Kind.LINES, Kind.INTEGER, Kind.BOOLEAN, Kind.MAC, Kind.HEX, Kind.TIMESTAMP, Kind.PATH, Kind.OID,
)
#: The importers that read search engines' results (ZoomEye, FOFA, Netlas, BinaryEdge).
_ENGINES = ("import:zoomeye", "import:fofa", "import:netlas", "import:binaryedge")
#: The importers that read other scanners' HTTP, TLS and banner records.
_SCANS = ("import:shodan", "import:censys", "import:zgrab2", "import:masscan", "import:nmap", *_ENGINES)
#: A SIP answer: the live probe's over UDP, TCP and TLS, and every scan file's.
_SIP = ("sip", "sip-tcp", "sip-tls", *_SCANS)
_LOGIN = ("ok", "rejected", "locked", "unsupported", "open", "skipped")

FIELDS: tuple[Field, ...] = (
    F("http.status", INT, "status code, e.g. `200`", "http", "rtsp", "passive:http", *_SCANS),
    F("http.path", PATH, "the request path this response answers, e.g. `/`, `/doc/page/login.asp`", "http", *_SCANS),
    F("http.headers", L, "the whole header block as received (`Name: value` lines), status line excluded", "http",
      "rtsp", "passive:http", *_SCANS),
    F("http.server", L, "`Server:` header value(s)", "http", "rtsp", "passive:http", *_SCANS),
    F("http.www_authenticate", L, "`WWW-Authenticate:` value(s)", "http", "rtsp", "passive:http", *_SCANS),
    F("http.location", L, "`Location:` header", "http", "rtsp", "passive:http", *_SCANS),
    F("http.set_cookie", L, "`Set-Cookie:` value(s)", "http", "rtsp", "passive:http", *_SCANS),
    F("http.title", T, "text of the first `<title>`, whitespace folded", "http", "passive:http", *_SCANS),
    F("http.body", T, "the start of the body (at most 64 KiB), decoded", "http", "passive:http", *_SCANS),
    F("http.body_request", BOOL, "whether a body holding a SOAP envelope in its first 2 KiB is a client's request "
      "(`true`: a POST kept with its body, a request stored as the answer) rather than the device's answer (`false`); "
      "said by the source that kept the body, once (`protocols/soap_envelope.py` `body_request`), absent beside any "
      "other body; identify leaves a request's body unread", "http", "passive:http", *_SCANS),
    F("http.body_cut", T, "why a reply's body is not all the device sent: a compressed body the inflation bounds "
      "stopped (256 KiB, 100 times its compressed size); its start is kept", "http", *_SCANS),
    F("http.links", L, "the page's own relative link targets (`src`/`href`/`action`, script redirects), at most 64 "
      "from the first 8 KiB", "http", *_SCANS),
    F("http.refused_path", PATH, "the path a 401/403 page of an embedded web server says it refused (Boa, thttpd, "
      "mini_httpd, GoAhead 2, Apache 2.2 sentences), or that Appweb 3's 405 says a GET fell in "
      "(`identify/refused_paths.py`); derived by identify from `http.status` and `http.body`, or from an Appweb "
      "error answer kept without its head (`banner`), never observed", "identify"),
    F("http.favicon.mmh3", INT, "Shodan's favicon hash: signed 32-bit MurmurHash3 of `base64.encodebytes(icon)`",
      "http", "import:shodan", "import:censys", *_ENGINES),
    F("http.favicon.md5", HEX, "lower-case MD5 hex of the icon bytes (Recog, nmap, Censys)", "http", "import:censys",
      "import:zoomeye", "import:netlas", "import:binaryedge", "import:nmap", "import:shodan"),
    F("rtsp.status", INT, "status code of the RTSP reply", "rtsp", "http", "passive:rtsp", *_SCANS),
    F("rtsp.reason", T, "the reason phrase of the RTSP reply's status line as the server wrote it (`Stream Not "
      "Found`, `Unauthorized`), outer white space removed, at most 128 characters: stacks word their answers "
      "differently", "rtsp", "http", "passive:rtsp", *_SCANS),
    F("rtsp.server", T, "`Server:` of the RTSP reply", "rtsp", "http", "passive:rtsp", *_SCANS),
    F("rtsp.www_authenticate", L, "`WWW-Authenticate:` value(s) of the RTSP reply", "rtsp", "http",
      "passive:rtsp", *_SCANS),
    F("rtsp.public", T, "`Public:` method list (an error answer's `Allow:` when there is no `Public:`)", "rtsp",
      "http", "passive:rtsp", *_SCANS),
    F("rtsp.headers", L, "the whole RTSP header block", "rtsp", "http", "passive:rtsp", *_SCANS),
    F("rtsp.content_base", T, "`Content-Base:` of an RTSP reply (a stream URL: the maker's path conventions)", "rtsp",
      "http", *_SCANS),
    F("rtsp.location", T, "`Location:` of an RTSP reply (a redirect to a stream URL)", "rtsp", "http", *_SCANS),
    F("rtsp.path", PATH, "the stream path an RTSP answer was asked on, when not the root: where the device's own "
      "redirect (3xx `Location`) pointed", "rtsp"),
    F("rtsp.sdp", T, "a DESCRIBE body that is SDP (`v=0` ...: session name, origin, attributes, control URLs), at "
      "most 8 KiB", "rtsp", "http", *_SCANS),
    F("rtsp.unauthenticated", PATH, "an RTSP path that answered DESCRIBE with a stream description without "
      "credentials (opt-in `--check-rtsp-auth`)", "rtsp-auth-check"),
    # A SIP answer (RFC 3261: HTTP's head syntax, its WWW-Authenticate and Server headers), asked live (an OPTIONS to
    # 5060 over UDP and TCP, scan/probes/sip.py) or stored by a scan file: door stations and video phones answer SIP
    # beside their web and RTSP services (identification/matching.md, "One sign in every carrier"). One reader for
    # both: protocols/sip.py.
    F("sip.status", INT, "status code of a SIP answer (`SIP/2.0 401 Unauthorized`)", *_SIP),
    F("sip.headers", L, "the whole header block of a SIP answer, status line excluded", *_SIP),
    F("sip.server", T, "`Server:` of a SIP answer (RFC 3261 section 20.35: the answering agent's software)", *_SIP),
    F("sip.user_agent", T, "`User-Agent:` of a SIP answer (RFC 3261 section 20.41; agents put it on answers too)",
      *_SIP),
    F("sip.www_authenticate", L, "`WWW-Authenticate:` value(s) of a SIP answer (HTTP's challenge, RFC 3261 section "
      "22.1)", *_SIP),
    F("tls.subject", T, "certificate subject, RFC 4514 string (`CN=...,O=...`)", "http", "passive:tls", *_SCANS),
    F("tls.issuer", T, "certificate issuer, RFC 4514 string", "http", "passive:tls", *_SCANS),
    F("tls.san", L, "subjectAltName DNS/IP entries; none for a certificate naming more than 8 hosts (a shared one), "
      "read one way live and stored (`protocols/certificate.py`)", "http", "passive:tls", *_SCANS),
    F("tls.sha256", HEX, "certificate SHA-256 fingerprint, lower-case hex", "http", "passive:tls", *_SCANS),
    F("tls.not_before", TIME, "start of the certificate's validity period", "http", "passive:tls", *_SCANS),
    F("tls.not_after", TIME, "end of the certificate's validity period", "http", "passive:tls", *_SCANS),
    F("tls.serial", HEX, "the certificate's serial number, lower-case hex without leading zeros (`0` for zero)",
      "http", "passive:tls", *_SCANS),
    F("tls.key_type", T, "the certificate's public-key algorithm", "http", "passive:tls", *_SCANS,
      values=("rsa", "ec", "dsa", "ed25519", "ed448")),
    F("tls.key_bits", INT, "the certificate's key size in bits (an EC key: its curve's size)", "http", "passive:tls",
      *_SCANS),
    F("tls.signature", T, "the certificate's signature algorithm as `<hash>-<key>` (`sha256-rsa`, `sha1-rsa`, "
      "`md5-rsa`, `sha256-ecdsa`, `sha256-rsa-pss`, `rsa-pss`, `ed25519`)", "http", "passive:tls", *_SCANS),
    F("tls.self_signed", BOOL, "`true` when the certificate's issuer name is its subject name (self-issued, as a "
      "device's own certificate is; the signature is not checked)", "http", "passive:tls", *_SCANS),
    F("mac", MAC, "MAC address, lower-case `aa:bb:cc:dd:ee:ff`, through the one normaliser "
      "(`camaudit.macaddress`): zero (`00:00:00:00:00:00`, what firmware sends when it has none), broadcast and "
      "multicast addresses are never reported: they name no single device", "sadp", "dhip", "xmeye", "dahua-rpc2",
      "axis-vapix", "hikvision-isapi-auth", "discover:*", "passive:*", *_SCANS),
    F("mac.oui", T, "the organisation the IEEE registry (plus camaudit's sourced supplement) names for the first "
      "24 bits of `mac`; derived by identify, never observed", "identify"),
    F("dahua.login.realm", T, "realm of the unauthenticated `/RPC2_Login` challenge (`Login to <id>`)", "dahua-rpc2",
      *_SCANS),
    F("dahua.login.error_code", INT, "error code of that challenge (268632079 = login challenge)", "dahua-rpc2",
      *_SCANS),
    F("dahua.dvrip.realm", T, "realm text from TCP 37777 (`Realm:Login to <id>`)", "dahua-dvrip", *_SCANS),
    F("hik.isapi.session_cap", T, "body of `/ISAPI/Security/sessionLogin/capabilities` (pre-login by design)",
      "hikvision-isapi"),
    F("hik.sdk.reply", HEX, "hex of the first bytes TCP 8000 answers to a junk probe", "hikvision-sdk"),
    F("onvif.scope", L, "WS-Discovery / GetScopes scope URIs, percent-decoded, one per line", "onvif",
      "wsd", "discover:wsd", "passive:wsd", *_SCANS),
    F("onvif.xaddrs", L, "XAddrs of a ProbeMatch, or the service addresses of a GetCapabilities answer", "wsd",
      "onvif", "discover:wsd", "passive:wsd", *_SCANS),
    F("onvif.hostname", T, "the host name a device service reports (GetHostname, answered without credentials)",
      "onvif", *_SCANS),
    F("onvif.namespaces", L, "namespace URIs the device service's answers declare beyond the standards' own "
      "(W3C, ONVIF, OASIS, xmlsoap): a maker's own web services, one per line", "onvif", *_SCANS),
    F("soap.declarations", L, "the namespace declarations on a SOAP envelope's start tag (stored, the device "
      "service's first answer in a live scan, or a WS-Discovery datagram's first envelope), as far as they arrived, "
      "one `prefix=uri` line each in the order written (`xmlns=uri` for a default namespace): the SOAP stack's "
      "namespace table (protocols/soap_envelope.py)", "onvif", "onvif-auth", "wsd", "discover:wsd", "passive:wsd",
      *_SCANS),
    F("onvif.fault", T, "the SOAP fault a device service refused GetDeviceInformation with: subcode and reason, in the "
      "firmware's own words (`ter:NotAuthorized Sender not Authorized`)", "onvif"),
    F("onvif.service", PATH, "the device-service path that answered ONVIF SOAP (`/onvif/device_service`): the "
      "device speaks ONVIF", "onvif"),
    F("onvif.system_time", TIME, "the device clock from GetSystemDateAndTime (UTC, ISO 8601)", "onvif"),
    F("onvif.device_info.access", T, "`open` when GetDeviceInformation answered without credentials, `refused` "
      "otherwise, `authenticated` when it answered the user's credentials", "onvif", "onvif-auth",
      values=("open", "refused", "authenticated")),
    F("onvif.device_info.manufacturer", T, "GetDeviceInformation `Manufacturer`", "onvif", "onvif-auth", *_SCANS),
    F("onvif.device_info.model", T, "GetDeviceInformation `Model`", "onvif", "onvif-auth", *_SCANS),
    F("onvif.device_info.firmware", T, "GetDeviceInformation `FirmwareVersion`", "onvif", "onvif-auth", *_SCANS),
    F("onvif.device_info.serial", T, "GetDeviceInformation `SerialNumber`", "onvif", "onvif-auth", *_SCANS),
    F("onvif.device_info.hardware_id", T, "GetDeviceInformation `HardwareId`", "onvif", "onvif-auth", *_SCANS),
    F("sadp.", T, "each element of a SADP ProbeMatch, tag name as sent (`sadp.DeviceDescription`, `sadp.DeviceSN`, "
      "`sadp.SoftwareVersion`, `sadp.OEMInfo`, `sadp.Activated` ...)", "sadp", "discover:sadp", "passive:sadp",
      *_SCANS),
    F("dhip.", T, "each key of a DHDiscover `deviceInfo` (`dhip.DeviceType`, `dhip.DeviceClass`, `dhip.SerialNo`, "
      "`dhip.Version`, `dhip.Vendor`, `dhip.Manufacturer`, `dhip.Init` ...)", "dhip", "discover:dhip", "passive:dhip",
      *_SCANS),
    F("dahua.legacy.", T, "Dahua's legacy UDP 5050 discovery reply: `DeviceType` (16-byte head field) and its "
      "`Key:Value` lines (`Name`, `Device`, `SerialNo` ...)", "discover:dahua-legacy", "passive:dahua-legacy"),
    F("xmeye.", T, "XMEye discovery keys of `NetWork.NetCommon` (`xmeye.SN`, `xmeye.HostIP` ...), and "
      "`xmeye.reply`, the name of that answer", "xmeye", "discover:xmeye", "passive:xmeye", *_SCANS),
    F("wsd.message", T, "a WS-Discovery message's kind (`ProbeMatch`, `Hello`, `ResolveMatch`)", "wsd",
      "discover:wsd", "passive:wsd", *_SCANS),
    F("wsd.types", T, "its `<Types>`", "wsd", "discover:wsd", "passive:wsd", *_SCANS),
    F("wsd.endpoint", T, "its endpoint address (`urn:uuid:...`)", "wsd", "discover:wsd", "passive:wsd", *_SCANS),
    F("wsd.endpoint_mac", MAC, "the MAC many OEM firmwares put at the end of the endpoint uuid (a hint, not `mac`)",
      "wsd", "discover:wsd", "passive:wsd", *_SCANS),
    F("p2p.uid", T, "the P2P UID a CS2 Network PPPP / iLnkP2P device answers the LAN search (UDP 32108) with: "
      "prefix, serial zero-padded to six digits and check code, `ABCD-012345-XYZUV` (protocols/pppp.py)", "p2p"),
    F("ubnt.firmware", T, "Ubiquiti discovery (UDP 10001): the firmware version record, "
      "`<platform>.<SoC>.v<version>...` (`UVC.S5L.v4.46.18.67.ceacbaa.211202.1017`)", "discover:ubnt", "passive:ubnt"),
    F("ubnt.platform", T, "Ubiquiti discovery: the platform (short model) record (`UVC G4 Pro`, `UFP-UAP-B`)",
      "discover:ubnt", "passive:ubnt"),
    F("ubnt.model", T, "Ubiquiti discovery: the full model record (`Unifi-Protect-UAP-Bridge`)", "discover:ubnt",
      "passive:ubnt"),
    F("ubnt.hostname", T, "Ubiquiti discovery: the host name record, as the owner set it", "discover:ubnt",
      "passive:ubnt"),
    F("ubnt.product", T, "Ubiquiti discovery, version 2 and 0 answers: the product name record", "discover:ubnt",
      "passive:ubnt"),
    F("ubnt.version", T, "Ubiquiti discovery, version 2 and 0 answers: the software version record", "discover:ubnt",
      "passive:ubnt"),
    F("sunapi.reply", T, "Hanwha's IP-installer discovery (UDP 7701, answered to 7711): a scan reply, `scan` (mode 11) "
      "or `scan-extended` (mode 12, which adds the device type)", "passive:sunapi", values=("scan", "scan-extended")),
    F("sunapi.model", T, "Hanwha IP-installer discovery: the model name (the extended reply's new model name when it "
      "gives one, `XNV-6080R`)", "passive:sunapi"),
    F("sunapi.device_type", T, "Hanwha IP-installer discovery, extended reply: the device type", "passive:sunapi",
      values=("camera", "encoder", "decoder", "recorder", "io-box", "network-speaker", "network-microphone", "led-box",
              "emergency-bell", "access-controller")),
    F("mdns.service", L, "DNS-SD service types an mDNS answer names (`_axis-video._tcp`, `_hap._tcp`), lower-case, "
      "one per line", "discover:mdns", "passive:mdns", *_SCANS),
    F("mdns.instance", L, "service instance names of an mDNS answer, the first label as sent (`AXIS P3245-LVE - "
      "ACCC8E5A3B7C`), one per line", "discover:mdns", "passive:mdns", *_SCANS),
    F("mdns.host", L, "host names of an mDNS answer (SRV targets, A/AAAA owners: `axis-accc8e5a3b7c.local`), "
      "lower-case, one per line", "discover:mdns", "passive:mdns", *_SCANS),
    F("mdns.eui64_mac", MAC, "the MAC an IPv6 address of the answer was formed from (modified EUI-64, RFC 4291 "
      "Appendix A: `fe80::1a68:cbff:fe15:b284` -> `18:68:cb:15:b2:84`); a hint, not `mac` (a sleep proxy answers for "
      "other hosts)", "discover:mdns", "passive:mdns", "import:shodan"),
    F("mdns.txt.", T, "each TXT `key=value` of a service instance, as `mdns.txt.<service>.<key>` (service without "
      "its underscore, key lower-case: `mdns.txt.hap.ci`, `mdns.txt.axis-video.macaddress`)", "discover:mdns",
      "passive:mdns", "import:shodan"),
    F("upnp.location", T, "SSDP `LOCATION:`, the device description URL", "ssdp", "discover:ssdp", "passive:ssdp",
      *_SCANS),
    F("upnp.st", T, "SSDP search target", "ssdp", "discover:ssdp", "passive:ssdp", *_SCANS),
    F("upnp.usn", T, "SSDP unique service name", "ssdp", "discover:ssdp", "passive:ssdp", *_SCANS),
    F("upnp.server", T, "SSDP `SERVER:`", "ssdp", "discover:ssdp", "passive:ssdp", *_SCANS),
    F("upnp.manufacturer", T, "UPnP description `manufacturer`", "ssdp", "discover:upnp", *_SCANS),
    F("upnp.model_name", T, "UPnP description `modelName`", "ssdp", "discover:upnp", *_SCANS),
    F("upnp.model_number", T, "UPnP description `modelNumber`", "ssdp", "discover:upnp", *_SCANS),
    F("upnp.model_description", T, "UPnP description `modelDescription` (`4MP Network Camera` ...)", "ssdp",
      "discover:upnp", *_SCANS),
    F("upnp.friendly_name", T, "UPnP description `friendlyName`", "ssdp", "discover:upnp", *_SCANS),
    F("upnp.serial", T, "UPnP description `serialNumber`", "ssdp", "discover:upnp", *_SCANS),
    F("upnp.device_type", T, "UPnP description `deviceType` (`urn:schemas-upnp-org:device:...`)", "ssdp",
      "discover:upnp", *_SCANS),
    F("upnp.manufacturer_url", T, "UPnP description `manufacturerURL` (the maker's web site)", "ssdp",
      "discover:upnp", *_SCANS),
    F("upnp.model_url", T, "UPnP description `modelURL` (the product's web page)", "ssdp", "discover:upnp", *_SCANS),
    F("upnp.presentation_url", T, "UPnP description `presentationURL` (the device's own web interface)", "ssdp",
      "discover:upnp", *_SCANS),
    F("upnp.udn", T, "UPnP description `UDN` (`uuid:...`, often ending in the MAC)", "ssdp", "discover:upnp",
      *_SCANS),
    F("upnp.service_type", L, "the service types a UPnP description's root device lists (`urn:axis-com:service:"
      "BasicService:1`), one per line", "ssdp", "discover:upnp", *_SCANS),
    F("hik.isapi.device_info.model", T, "ISAPI `/ISAPI/System/deviceInfo` `model`, read with the user's "
      "credentials (or from that document in a scan file)", "hikvision-isapi-auth", *_SCANS),
    F("hik.isapi.device_info.firmware", T, "`firmwareVersion` + `firmwareReleasedDate` of that reply",
      "hikvision-isapi-auth", *_SCANS),
    F("hik.isapi.device_info.serial", T, "its `serialNumber`", "hikvision-isapi-auth", *_SCANS),
    F("hik.isapi.device_info.mac", T, "its `macAddress`, as sent", "hikvision-isapi-auth", *_SCANS),
    F("hik.isapi.device_info.device_type", T, "its `deviceType` (`IPCamera`, `NVR`, `DVR` ...)",
      "hikvision-isapi-auth", *_SCANS),
    F("hik.isapi.device_info.device_name", T, "its `deviceName`", "hikvision-isapi-auth", *_SCANS),
    F("hik.isapi.capabilities", T, "comma list of the `isSupport…` capabilities reported true by "
      "`/ISAPI/System/capabilities`", "hikvision-isapi-auth"),
    F("hik.cloud.enabled", BOOL, "Hik-Connect/EZVIZ platform access switched on (`/ISAPI/System/Network/EZVIZ`)",
      "hikvision-isapi-auth"),
    F("hik.cloud.register_status", T, "Hik-Connect/EZVIZ registration status, lower-cased", "hikvision-isapi-auth"),
    F("dahua.rpc.device_type", T, "`magicBox.getDeviceType` after an RPC2 login with the user's credentials, or "
      "`deviceType` of a stored `magicBox.cgi?action=getSystemInfo` page",
      "dahua-rpc2-auth", *_SCANS),
    F("dahua.rpc.software_version", T, "`magicBox.getSoftwareVersion`, or the `version=` line of a stored "
      "`magicBox.cgi?action=getSoftwareVersion` answer (its build date dropped)", "dahua-rpc2-auth", *_SCANS),
    F("dahua.rpc.serial", T, "`magicBox.getSerialNo`", "dahua-rpc2-auth", *_SCANS),
    F("dahua.cloud.p2p_enabled", BOOL, "`T2UServer.Enable` (Easy4IP P2P)", "dahua-rpc2-auth"),
    F("auth.hikvision", T, "outcome of the authenticated ISAPI login: `ok`, `rejected`, `locked`, `unsupported`, "
      "`open` (answered without any password), `skipped` (not tried: another check already made this account's one "
      "attempt and it failed, or the device already refused a password in this run)", "hikvision-isapi-auth",
      values=_LOGIN),
    F("auth.onvif", T, "outcome of the WS-Security login, as `auth.hikvision`", "onvif-auth", values=_LOGIN),
    F("auth.dahua", T, "outcome of the RPC2 login, as `auth.hikvision`", "dahua-rpc2-auth", values=_LOGIN),
    F("auth.hikvision.entry", T, "with a `rejected`/`locked` outcome: which entry of your credentials file was "
      "refused (`creds.yaml entry 2 (user admin, for 192.0.2.7, checks hikvision)`), never its password",
      "hikvision-isapi-auth"),
    F("auth.onvif.entry", T, "as `auth.hikvision.entry`, for the WS-Security login", "onvif-auth"),
    F("auth.dahua.entry", T, "as `auth.hikvision.entry`, for the RPC2 login", "dahua-rpc2-auth"),
    F("auth.default.check", T, "opt-in default-credential check, one observation per factory account tried: the "
      "login scheme", "default-credentials-*", values=("hikvision", "dahua", "axis")),
    F("auth.default.account", T, "the user name of that account", "default-credentials-*"),
    F("auth.default.outcome", T, "how that attempt ended (`supplied`: you gave this account's password, so your "
      "credential was its one attempt)", "default-credentials-*",
      values=("accepted", "rejected", "locked", "open", "unsupported", "skipped", "supplied")),
    F("snmp.sysdescr", T, "SNMP `sysDescr.0`", "snmp", *_SCANS),
    F("snmp.sysobjectid", OID, "SNMP `sysObjectID.0`, dotted", "snmp", *_SCANS),
    F("snmp.sysname", T, "SNMP `sysName.0`: the name the agent gives its host, often the firmware's default "
      "(`dvrdvs`, `axis-<MAC>`); read as a host name", *_SCANS),
    F("snmp.enterprises", L, "the private subtrees a printed SNMP walk's objects lie in: `<PEN>.<arc>` (or `<PEN>`) "
      "under 1.3.6.1.4.1, each once, in the order first seen (protocols/snmp_text.py; the probe's GetNext hops name "
      "the first object of each)", "snmp", *_SCANS),
    F("snmp.mibs", L, "the MIB modules a printed SNMP walk names its objects by (`HIK-DEVICE-MIB`), each once",
      *_SCANS),
    F("snmp.hik.device_type", T, "a printed walk's Hikvision HIK-DEVICE-MIB `deviceType.0` (1.3.6.1.4.1.39165.1.1.0): "
      "the model (`DS-2CD2185FWD-I`)", *_SCANS),
    F("snmp.hik.software_version", T, "a printed walk's Hikvision HIK-DEVICE-MIB `softwVersion.0` "
      "(1.3.6.1.4.1.39165.1.3.0): the firmware (`V5.5.3 build 171025`)", *_SCANS),
    F("ftp.banner", T, "the first line(s) an FTP service sends", "banner", *_SCANS),
    F("telnet.banner", T, "the first text a Telnet service sends (option negotiation removed)", "banner", *_SCANS),
    F("ssh.banner", T, "the SSH identification line", "banner", *_SCANS),
    F("banner", T, "the first bytes of any other TCP service, as text", "banner", *_SCANS),
    F("axis.brand", T, "Axis VAPIX `basicdeviceinfo.cgi` (`getAllUnrestrictedProperties`, pre-login) `Brand`, "
      "or `root.Brand.Brand` of a stored `param.cgi` listing",
      "axis-vapix", *_SCANS),
    F("axis.prod_nbr", T, "its `ProdNbr` (model)", "axis-vapix", *_SCANS),
    F("axis.prod_type", T, "its `ProdType` (`Network Camera`, `PTZ Network Camera`, `Network Video Encoder` ...)",
      "axis-vapix", *_SCANS),
    F("axis.version", T, "its `Version` (firmware)", "axis-vapix", *_SCANS),
    F("axis.serial", T, "its `SerialNumber` (= MAC)", "axis-vapix", *_SCANS),
    F("devinfo.api", T, "which maker's device-information document a stored HTTP body is, read by its structure "
      "(importers/device_documents.py)", *_SCANS,
      values=("foscam-cgi", "reolink-api", "2n-http-api", "hanwha-sunapi", "uniview-lapi", "vivotek-cgi",
              "avtech-cgi")),
    F("devinfo.answer", T, "which maker's web or device API a stored answer that is not its device-information "
      "document came from, read by its shape (importers/api_answers.py): any ISAPI XML, Foscam `CGI_Result`, "
      "Reolink `cmd`/`code` list, Dahua `table.` lines or RPC2 JSON, Xiongmai DVRIP JSON, Axis `root.` parameter "
      "lines, a Hanwha SUNAPI `NG` error; `onvif-soap` for any ONVIF SOAP envelope; `onvif-device-information` for "
      "a GetDeviceInformation answer a client printed (importers/self_description.py); `hikvision-isapi-video` for "
      "an ISAPI answer in Hikvision's namespaces whose root is a video resource (streaming or image channels, PTZ, a "
      "recorder's disks and IP channels)", *_SCANS,
      values=("hikvision-isapi", "hikvision-isapi-video", "foscam-cgi", "reolink-api", "dahua-cgi", "dahua-rpc2",
              "xiongmai-dvrip", "axis-vapix", "hanwha-sunapi", "onvif-soap", "onvif-device-information")),
    # --- helper-83: a structured answer's key names (importers/settings_keys.py) ---
    F("devinfo.settings", L, "the camera and recorder setting concepts a structured answer's key names express "
      "(`day_night`, `wdr`, `ptz`, `recorder_disk` ...; importers/settings_vocabulary.py), when they make it a video "
      "device's settings or a maker's API vocabulary", *_SCANS),
    F("devinfo.settings_device", T, "what those concepts make the device: a recorder's disks and analogue (`dvr`) or "
      "IP (`nvr`) channels, an illuminator or iris (`camera`), else `video_device`; an Axis list declaring a security "
      "radar and no video feature (`radar`)", *_SCANS,
      values=("camera", "nvr", "dvr", "video_device", "radar")),
    F("devinfo.settings_api", T, "a maker's API whose own spellings of setting keys the answer uses (three or more "
      "agreeing: ISAPI `IrcutFilterType`, Xiongmai `AeSensitivity`, Foscam `isEnableOSDMask`, Reolink `dayNight`)",
      *_SCANS,
      values=("hikvision-isapi", "xiongmai-sofia", "foscam-cgi", "reolink-api")),
    F("devinfo.model", T, "the model that document gives (Foscam `productName`, Reolink `model`, 2N `variant`, "
      "SUNAPI `Model`, LAPI `DeviceModel`, Vivotek `system_info_modelname`)", *_SCANS),
    F("devinfo.firmware", T, "its firmware version (`firmwareVer`, `firmVer`, `swVersion`, `FirmwareVersion`, "
      "`Firmware.Version` ...)", *_SCANS),
    F("devinfo.serial", T, "its serial number (`serialNo`, `serial`, `serialNumber`, `SerialNo` ...), or the one a "
      "search engine's parser read of the device's own answer (Shodan `dahua.serial_number`, `snmp.serial_number`; "
      "Censys `dvr_ip.serial`)", *_SCANS),
    F("devinfo.name", T, "the name the owner gave the device (`devName`, `name`, `deviceName`, `DeviceName`)", *_SCANS),
    F("devinfo.device_type", T, "the kind of device it says it is (Reolink `type`: `IPC`; SUNAPI `DeviceType`: `NWC`, "
      "`NVR`; AVTECH `Product.Type`: `DVR` ...)", *_SCANS),
    F("devinfo.manufacturer", T, "the maker an API answer names for the device, from a key whose name says so "
      "(`manufacturer`, `vendor`, `brand`, Axis `Brand`; importers/self_description.py)", *_SCANS),
    F("devinfo.description", T, "what an API answer says the device is, from `sysDescr` (an SNMP agent's own "
      "description, as a settings page shows it) or `deviceDescription`", *_SCANS),
    F("devinfo.hardware", T, "its hardware version (`hardwareVer`, `hardVer`, `hwVersion`, AVTECH `Product.ID`)",
      *_SCANS),
    F("import.product", T, "what an upstream scanner claimed the product is (Shodan `product`, nmap "
      "`service/@product`) — weak evidence, kept for explanation", "import:*"),
    F("import.version", T, "the version an upstream scanner claimed", "import:*"),
    F("import.vendor", T, "the vendor an upstream scanner claimed", "import:*"),
    F("import.devicetype", T, "the device type an upstream scanner claimed", "import:*"),
    F("import.os", T, "the operating system an upstream scanner claimed", "import:*"),
    F("import.extrainfo", T, "nmap's `service/@extrainfo` (ZoomEye's `portinfo.extrainfo`, BinaryEdge's "
      "`service.extrainfo`: nmap's words)",
      "import:nmap", "import:zoomeye", "import:binaryedge"),
    F("import.info", T, "Shodan's `info` about the service — weak evidence (identify caps `import.*` at 0.45)",
      "import:shodan"),
    F("import.cpe", L, "Shodan's `cpe23`/`cpe` entries, nmap's `service/cpe` and `osclass/cpe`, Censys's "
      "`uniform_resource_identifier`, BinaryEdge's service and web-app CPEs — weak evidence", "import:shodan",
      "import:nmap", "import:censys", "import:binaryedge"),
    F("import.cpe_name", L, "each hardware or OS CPE of `import.cpe` as the words it stands for "
      "(`cpe:2.3:h:axis:m3045-v` -> `axis m3045-v`; `_firmware` dropped), read like `import.product` "
      "(`identify/cpe_names.py`); derived by identify, never observed", "identify"),
    F("import.tags", L, "the scanner's own labels (Shodan `tags`, Censys `labels`: `webcam`, `camera` ...; FOFA "
      "`product_category`, Netlas `tag[].name`) — weak evidence", "import:shodan", "import:censys", "import:fofa",
      "import:netlas"),
    F("import.hostnames", L, "host names for the address (Shodan `hostnames`, Censys `dns` names: reverse DNS, "
      "makers' DDNS names; nmap `hostnames` and `service@hostname`; the search engines' host, domain and PTR names)",
      "import:shodan", "import:censys", "import:nmap", *_ENGINES),
    F("dhcp.vendor_class", T, "a DHCP client's vendor class (option 60), as sent", "passive:dhcp"),
    F("dhcp.hostname", T, "the host name a DHCP client gives (option 12)", "passive:dhcp"),
    F("dhcp.parameter_list", T, "the options a DHCP client asks for (option 55), comma list of codes",
      "passive:dhcp"),
    F("dns.query", L, "names a device asked DNS for, most asked first", "passive:dns"),
    F("flow.peer", T, "one destination a device reached: the peer's address", "passive:flow"),
    F("flow.port", INT, "the destination's service port (the lower of the two ports)", "passive:flow"),
    F("flow.transport", T, "`tcp`, `udp`, or `ip-<protocol number>`", "passive:flow"),
    F("flow.role", T, "whether the device used the service port as `client` or offered it as `server`",
      "passive:flow", values=("client", "server")),
    F("flow.names", L, "names the destination was reached under: DNS answers, TLS and QUIC SNI, HTTP Host",
      "passive:flow"),
    F("flow.packets_out", INT, "packets the device sent there", "passive:flow"),
    F("flow.packets_in", INT, "packets it received from there", "passive:flow"),
    F("flow.bytes_out", INT, "IP bytes the device sent there", "passive:flow"),
    F("flow.bytes_in", INT, "IP bytes it received from there", "passive:flow"),
    F("flow.first_seen", TIME, "first packet either way", "passive:flow"),
    F("flow.last_seen", TIME, "last packet either way", "passive:flow"),
    F("flow.active_minutes", INT, "minutes with traffic either way", "passive:flow"),
    F("flow.external", BOOL, "`true` when the peer is outside the local networks (`--local-net`)", "passive:flow"),
    F("flow.country", T, "ISO country code of the peer, from the user's `--geoip` database", "passive:flow"),
    F("flow.country_name", T, "its English name", "passive:flow"),
    F("flow.asn", INT, "the peer network's AS number, from the user's `--asn` database", "passive:flow"),
    F("flow.as_org", T, "the organisation owning that network", "passive:flow"),
)

#: Families whose fields all come out of one reply: evidence from several of them is still one source.
ONE_REPLY_FAMILIES = (
    "sadp.", "dhip.", "xmeye.", "onvif.device_info.", "axis.", "dahua.login.", "upnp.", "dahua.rpc.",
    "mdns.", "ubnt.", "sunapi.",
)


@cache
def _index() -> tuple[dict[str, Field], tuple[Field, ...]]:
    exact = {f.name: f for f in FIELDS if not f.family}
    families = tuple(sorted((f for f in FIELDS if f.family), key=lambda f: -len(f.name)))
    return exact, families


def field(name: str) -> Field | None:
    """The declaration of ``name`` (exact, else the longest family it belongs to), or ``None``."""
    exact, families = _index()
    if name in exact:
        return exact[name]
    return next((f for f in families if name.startswith(f.name) and len(name) > len(f.name)), None)


def is_known_field(name: str) -> bool:
    """True when ``name`` is declared (rules may read it, sources may fill it)."""
    return field(name) is not None


def _filled_by(f: Field) -> str:
    groups: dict[str, list[str]] = {}
    for source in f.sources:
        kind, sep, name = source.partition(":")
        label = {"import": "importers", "discover": "discovery", "passive": "passive analysis"}.get(kind, "probes") \
            if sep else "probes"
        groups.setdefault("identify" if source == "identify" else label, []).append(name if sep else source)
    return "; ".join(
        key if key == "identify" else f"{key}: " + ", ".join(f"`{n}`" for n in names) for key, names in groups.items()
    )


def markdown_table() -> str:
    """The field table of ``docs/observation-fields.md``."""
    rows = ["| field | kind | meaning | filled by |", "|---|---|---|---|"]
    for f in FIELDS:
        name = f"`{f.name}<Name>`" if f.family else f"`{f.name}`"
        meaning = f.meaning + (f" (one of {', '.join(f'`{v}`' for v in f.values)})" if f.values else "")
        rows.append(f"| {name} | {f.kind.value} | {meaning} | {_filled_by(f)} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    sys.stdout.write(markdown_table())
