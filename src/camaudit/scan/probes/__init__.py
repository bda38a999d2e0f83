"""The probe registry: adding a protocol is one module here plus one line in :data:`PROBES`."""

from __future__ import annotations

from camaudit.scan.probes.authenticated import probe_dahua_auth, probe_hikvision_auth, probe_onvif_auth
from camaudit.scan.probes.banner import probe_banner
from camaudit.scan.probes.base import Endpoint, ProbeFn, ProbeSpec
from camaudit.scan.probes.dhip import DHIP_PORT, probe_dhip
from camaudit.scan.probes.http import probe_http
from camaudit.scan.probes.onvif import probe_onvif
from camaudit.scan.probes.opt_in import default_accounts, default_credentials_probe, probe_rtsp_open
from camaudit.scan.probes.private_ports import probe_dvrip, probe_hik_sdk
from camaudit.scan.probes.rtsp import probe_rtsp
from camaudit.scan.probes.sadp import SADP_PORT, probe_sadp
from camaudit.scan.probes.snmp import SNMP_PORT, probe_snmp
from camaudit.scan.probes.vendor import probe_axis, probe_dahua, probe_hikvision
from camaudit.scan.probes.xmeye_udp import XMEYE_PORT, probe_xmeye

_WEB = frozenset({"http", "https"})

PROBES: tuple[ProbeSpec, ...] = (
    ProbeSpec("http", probe_http, services=_WEB),
    ProbeSpec("onvif", probe_onvif, services=_WEB),
    ProbeSpec("rtsp", probe_rtsp, services=frozenset({"rtsp"})),
    ProbeSpec("hikvision-sdk", probe_hik_sdk, services=frozenset({"hik-sdk"})),
    ProbeSpec("dahua-dvrip", probe_dvrip, services=frozenset({"dahua-dvrip"})),
    ProbeSpec("banner", probe_banner, services=frozenset({"banner"})),
    ProbeSpec("sadp", probe_sadp, udp_port=SADP_PORT),
    ProbeSpec("dhip", probe_dhip, udp_port=DHIP_PORT),
    ProbeSpec("xmeye", probe_xmeye, udp_port=XMEYE_PORT),
    ProbeSpec("snmp", probe_snmp, udp_port=SNMP_PORT, opt_in="snmp"),
    ProbeSpec("hikvision-isapi", probe_hikvision, services=_WEB, follow_up_for=frozenset({"hikvision"})),
    ProbeSpec("dahua-rpc2", probe_dahua, services=_WEB, follow_up_for=frozenset({"dahua"})),
    ProbeSpec("axis-vapix", probe_axis, services=_WEB, follow_up_for=frozenset({"axis"})),
    ProbeSpec(
        "hikvision-isapi-auth", probe_hikvision_auth, services=_WEB, follow_up_for=frozenset({"hikvision"}),
        needs_credentials=True,
    ),
    ProbeSpec(
        "dahua-rpc2-auth", probe_dahua_auth, services=_WEB, follow_up_for=frozenset({"dahua"}), needs_credentials=True
    ),
    ProbeSpec("onvif-auth", probe_onvif_auth, services=_WEB, when_field="onvif.service", needs_credentials=True),
    ProbeSpec("rtsp-auth-check", probe_rtsp_open, services=frozenset({"rtsp"}), when_field="rtsp.status",
              opt_in="rtsp-auth"),
    *(
        ProbeSpec(f"default-credentials-{vendor}", default_credentials_probe(vendor), services=_WEB,
                  follow_up_for=frozenset({vendor}), opt_in="default-credentials")
        for vendor in sorted({account.vendor for account in default_accounts()})
    ),
)

__all__ = ["PROBES", "Endpoint", "ProbeFn", "ProbeSpec"]
