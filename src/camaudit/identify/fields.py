"""The observation field names a rule may read: the table in docs/observation-fields.md.

A test checks that every name in that table is known here, so the two cannot drift apart.
"""

from __future__ import annotations

#: Exact field names.
FIELDS = frozenset(
    {
        "http.status",
        "http.path",
        "http.headers",
        "http.server",
        "http.www_authenticate",
        "http.location",
        "http.set_cookie",
        "http.title",
        "http.body",
        "http.favicon.mmh3",
        "http.favicon.md5",
        "rtsp.status",
        "rtsp.server",
        "rtsp.www_authenticate",
        "rtsp.public",
        "rtsp.headers",
        "tls.subject",
        "tls.issuer",
        "tls.san",
        "tls.sha256",
        "mac",
        "mac.oui",
        "dahua.login.realm",
        "dahua.login.error_code",
        "dahua.dvrip.realm",
        "hik.isapi.session_cap",
        "hik.sdk.reply",
        "onvif.scope",
        "onvif.xaddrs",
        "onvif.service",
        "onvif.system_time",
        "onvif.device_info.access",
        "onvif.device_info.manufacturer",
        "onvif.device_info.model",
        "onvif.device_info.firmware",
        "onvif.device_info.serial",
        "onvif.device_info.hardware_id",
        "axis.brand",
        "axis.prod_nbr",
        "axis.prod_type",
        "axis.version",
        "axis.serial",
        "snmp.sysdescr",
        "snmp.sysobjectid",
        "ftp.banner",
        "telnet.banner",
        "ssh.banner",
        "banner",
        "upnp.server",
        "upnp.manufacturer",
        "upnp.model_name",
        "upnp.model_number",
        "upnp.friendly_name",
        "upnp.serial",
        "import.product",
        "import.version",
        "import.vendor",
        "import.devicetype",
        "import.os",
        "import.extrainfo",
        "hik.isapi.capabilities",
        "dahua.cloud.p2p_enabled",
        "rtsp.unauthenticated",
    }
)

#: Families whose members the device names (``sadp.<Tag>``, ``dhip.<Key>``) or the port (``banner.<port>``).
FIELD_FAMILIES = (
    "sadp.",
    "dhip.",
    "xmeye.",
    "banner.",
    "wsd.",
    "upnp.",
    "auth.",
    "hik.isapi.device_info.",
    "hik.cloud.",
    "dahua.rpc.",
    "dahua.legacy.",
)


def is_known_field(name: str) -> bool:
    """True when rules may read ``name``."""
    if name in FIELDS:
        return True
    return any(name.startswith(prefix) and len(name) > len(prefix) for prefix in FIELD_FAMILIES)
