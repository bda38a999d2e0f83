"""Field groups: a rule may name ``@group`` instead of one field and then reads every member.

A member is an exact field name, a family prefix ending in ``.`` (``upnp.``, ``banner.``) or a name with ``*``
standing for one part (``mdns.txt.*.md``: that TXT key of any service), all declared in the field registry
(:mod:`camaudit.fields`). A realm rule written for HTTP holds for RTSP, which carries the same header; a
maker's name means the same in an FTP banner as in a certificate. docs/rules.md lists the groups.
"""

from __future__ import annotations

from camaudit.fields import is_known_field as _registered

#: Field groups: a rule may name ``@group`` instead of one field and then reads every member (an exact
#: field name, or a family prefix ending in ``.``). A realm rule written for HTTP holds for RTSP, which
#: carries the same header; a maker's name means the same in an FTP banner as in a certificate.
FIELD_GROUPS: dict[str, tuple[str, ...]] = {
    # WWW-Authenticate challenges, whichever protocol carried them.
    "realm": ("http.www_authenticate", "rtsp.www_authenticate", "sip.www_authenticate", "dahua.login.realm",
              "dahua.dvrip.realm"),
    # Server / product strings a device's software puts in a header (a SIP agent names itself in Server or User-Agent).
    "server": ("http.server", "rtsp.server", "upnp.server", "sip.server", "sip.user_agent"),
    # Short device-written text: banners, headers, names, certificate names, discovery replies, self-reports.
    "text": (
        "http.server",
        "http.www_authenticate",
        "http.title",
        "rtsp.server",
        "rtsp.www_authenticate",
        "rtsp.sdp",
        "sip.server",
        "sip.user_agent",
        "sip.www_authenticate",
        "tls.subject",
        "tls.issuer",
        "tls.san",
        "snmp.sysdescr",
        "ftp.banner",
        "telnet.banner",
        "ssh.banner",
        "banner",
        "upnp.server",
        "upnp.manufacturer",
        "upnp.model_name",
        "upnp.model_number",
        "upnp.model_description",
        "upnp.friendly_name",
        "upnp.serial",
        "upnp.usn",
        "upnp.device_type",
        # The rest of a UPnP description (helper-129): its UDN (often ending in the MAC: identifiers.yaml mac.udn), the
        # maker's and the product's web addresses, and the service types its root device lists.
        "upnp.udn",
        "upnp.manufacturer_url",
        "upnp.model_url",
        "upnp.service_type",
        "onvif.scope",
        "onvif.device_info.manufacturer",
        "onvif.device_info.model",
        "onvif.device_info.hardware_id",
        "onvif.hostname",
        # Device-information documents a scan file stored (importers/device_documents.py).
        "devinfo.model",
        "devinfo.name",
        "devinfo.device_type",
        "devinfo.manufacturer",
        "devinfo.description",
        "hik.isapi.device_info.model",
        "dahua.rpc.device_type",
        "sadp.DeviceDescription",
        "sadp.OEMInfo",
        "dhip.DeviceType",
        "dhip.Vendor",
        "dhip.Manufacturer",
        "dhip.MachineName",
        "xmeye.",
        "wsd.types",
        "dahua.login.realm",
        "dahua.dvrip.realm",
        "import.product",
        "import.vendor",
        "import.devicetype",
        "import.os",
        "import.extrainfo",
        "import.info",
        "import.cpe",
        # A scanner's hardware/OS CPE written as words (identify/cpe_names.py): "axis m3045-v".
        "import.cpe_name",
        "import.tags",
        # What a device calls itself when it asks for an address (passive capture): default host names
        # ("axis-accc8e123456", a model number) and DHCP vendor classes.
        "dhcp.hostname",
        "dhcp.vendor_class",
        # What a device calls itself in mDNS: its service instance name ("AXIS P3245-LVE - ACCC8E5A3B7C", often
        # the default one) and host name.
        "mdns.instance",
        "mdns.host",
        # What a Ubiquiti device says in its discovery answer (UDP 10001): its platform ("UVC G4 Pro"), full model,
        # product name (version 2 answers) and host name.
        "ubnt.platform",
        "ubnt.model",
        "ubnt.product",
        "ubnt.hostname",
        # The model a Hanwha device gives in its IP-installer discovery reply (UDP 7701).
        "sunapi.model",
        # The model a Hikvision agent gives in its own MIB (HIK-DEVICE-MIB deviceType.0) in a printed walk.
        "snmp.hik.device_type",
    ),
    # Page text: a maker named here may be a shop or a manual, so what it says counts only next to
    # other video evidence (the layers mark such rules ``needs: video``).
    "prose": ("http.body",),
    # The body of an answer from a device's web API: an HTTP body, or a reply a collector kept without its head
    # (the importers keep such text as ``banner``). Read by the API-answer grammars (layers/api_bodies.yaml).
    "answer": ("http.body", "banner"),
    # Where URLs and paths appear: stream and API paths, redirects, ONVIF service addresses (page text is
    # read by the layers' prose variants, which need other video evidence).
    "url": (
        "http.location",
        "http.links",
        # A path a 401/403 page says it guards (identify/refused_paths.py): the device serves it.
        "http.refused_path",
        "rtsp.content_base",
        "rtsp.location",
        "rtsp.headers",
        "rtsp.sdp",
        "onvif.xaddrs",
        "onvif.namespaces",
        "upnp.location",
        # The web interface a UPnP description points to: the device serves it.
        "upnp.presentation_url",
        "import.info",
    ),
    # The stream addresses an RTSP answer writes itself: Content-Base, Location, the head's other URLs (Rtp-Info)
    # and the description's control URLs. A convention that names a device from its own stream address (a
    # recorder's restream layout) reads these, not ``@url``: a page that links such an address does not serve it.
    "rtsp_url": ("rtsp.content_base", "rtsp.location", "rtsp.headers", "rtsp.sdp"),
    # Host names a device or a scanner reported for the address (DDNS names, certificate names).
    "hostname": ("tls.subject", "tls.san", "import.hostnames", "upnp.friendly_name", "dhcp.hostname", "onvif.hostname",
                 "mdns.host", "snmp.sysname", "ubnt.hostname"),
    # Device-set names: every field in which a device writes the name its firmware gave it (helper-164). A host name
    # a DHCP client, an mDNS responder, an SNMP agent (sysName), a Ubiquiti discovery answer, ONVIF GetHostname, XMEye
    # and DHIP discovery (HostName, MachineName) give; a UPnP friendlyName and an API answer's device name; the host
    # name in a login prompt, a uname line (sysDescr, a shell banner) or an FTP/SMTP greeting; a self-signed
    # certificate's names; the names a scanner kept for the address (a device registers its own name in DNS).
    # Read by the layers' ``hostname`` entries (layers/identifiers_hostnames.yaml), whose pattern places the name in
    # each of those layouts (identify/layers.py host_name_pattern), so one entry holds in every field.
    "devname": (
        "dhcp.hostname",
        "mdns.host",
        "snmp.sysname",
        "ubnt.hostname",
        "onvif.hostname",
        "xmeye.HostName",
        "dhip.MachineName",
        "upnp.friendly_name",
        "devinfo.name",
        "telnet.banner",
        "ftp.banner",
        "banner",
        "snmp.sysdescr",
        "tls.subject",
        "tls.san",
        "import.hostnames",
    ),
    # Where a firmware writes the platform it runs on (helper-213): the kernel build in a server string
    # ("Linux/3.10.0_hi3536, UPnP/1.0 ..."), a uname line (sysDescr, a login banner), its host name, an ONVIF hardware
    # scope, the model, hardware and description fields of UPnP, ONVIF and device documents, what another scanner kept
    # of those. Read by the camera-class chip parts (layers/chip_parts.yaml). Not a page's title or body: a forum
    # thread or a datasheet names a part without being one.
    "platform": (
        "http.server",
        "rtsp.server",
        "upnp.server",
        "sip.server",
        "sip.user_agent",
        "snmp.sysdescr",
        "snmp.sysname",
        "telnet.banner",
        "ftp.banner",
        "ssh.banner",
        "banner",
        "upnp.model_name",
        "upnp.model_number",
        "upnp.model_description",
        "upnp.friendly_name",
        "onvif.scope",
        "onvif.hostname",
        "onvif.device_info.model",
        "onvif.device_info.hardware_id",
        "onvif.device_info.firmware",
        "devinfo.model",
        "devinfo.name",
        "devinfo.description",
        "devinfo.hardware",
        "devinfo.firmware",
        "dhcp.hostname",
        "dhcp.vendor_class",
        "mdns.host",
        "tls.subject",
        "import.product",
        "import.os",
        "import.extrainfo",
        "import.info",
        "import.hostnames",
    ),
    # What a device says its firmware and serial number are.
    "firmware": (
        "hik.isapi.device_info.firmware",
        "snmp.hik.software_version",
        "dahua.rpc.software_version",
        "onvif.device_info.firmware",
        "upnp.model_number",
        "sadp.SoftwareVersion",
        "dhip.Version",
        "devinfo.firmware",
        "axis.version",
        "import.version",
        "ubnt.firmware",
    ),
    # The web addresses a UPnP description gives for its maker and its product (helper-129): a maker's own domain.
    "maker_url": ("upnp.manufacturer_url", "upnp.model_url"),
    "serial": (
        "onvif.device_info.serial",
        "upnp.serial",
        "sadp.DeviceSN",
        "dhip.SerialNo",
        "xmeye.SN",
        # The UID a P2P platform's LAN search answer gives (scan/probes/p2p.py): the device's own ID, whole.
        "p2p.uid",
        "hik.isapi.device_info.serial",
        "dahua.rpc.serial",
        "devinfo.serial",
    ),
    # What a device calls itself when asked, in its own self-description: the name it or its owner gave it, what kind
    # of device and which product it says it is (device documents and API answers, UPnP descriptions, ONVIF
    # GetDeviceInformation). Read by the device words whose value is the whole name ("Smart Home Camera").
    # mDNS: the service instance name (a HomeKit accessory's or a printer's name as its owner set it) and the TXT keys
    # DNS-SD conventions use for the device's own model, in whichever service carries them: md (HomeKit, Google
    # Cast), model (AirPlay, _device-info), ty (printers' make and model). Google Cast's fn is the owner's label
    # for a TV or speaker, never a camera's, and host names are DNS labels read through @hostname and @text.
    "selfname": ("devinfo.name", "devinfo.description", "devinfo.device_type", "devinfo.model", "upnp.friendly_name",
                 "upnp.model_description", "upnp.model_name", "upnp.device_type", "onvif.device_info.model",
                 "mdns.instance", "mdns.txt.*.md", "mdns.txt.*.model", "mdns.txt.*.ty"),
    # The name a device gives its maker when asked (ONVIF GetDeviceInformation, UPnP, DHIP).
    "manufacturer": ("onvif.device_info.manufacturer", "upnp.manufacturer", "dhip.Vendor", "dhip.Manufacturer",
                     "devinfo.manufacturer"),
}


def group_members(name: str) -> tuple[str, ...]:
    """The fields (and family prefixes) a rule naming ``name`` reads: a group's members, else ``name``."""
    if name.startswith("@"):
        return FIELD_GROUPS.get(name[1:], ())
    return (name,)


def member_covers(member: str, field: str) -> bool:
    """True when group member ``member`` (a field, a family prefix ending in ``.``, or a name with ``*`` for any
    one dot-free part, ``mdns.txt.*.md``) includes ``field``."""
    if member.endswith("."):
        return field.startswith(member) and len(field) > len(member)
    if "*" in member:
        parts, names = member.split("."), field.split(".")
        return len(parts) == len(names) and all(p in ("*", n) for p, n in zip(parts, names, strict=True))
    return field == member


def is_known_field(name: str) -> bool:
    """True when rules may read ``name``: a registered field or family member, or ``@group``."""
    if name.startswith("@"):
        return name[1:] in FIELD_GROUPS
    return _registered(name)
