"""Xiongmai/XMEye discovery (UDP 34569, message 1530) sent unicast to one in-scope host.

XMEye DVRs stay silent on their DVRIP port (34567) until a client logs in, and a login is not something a
non-intrusive scan sends; their discovery reply, though, names the device (MAC, serial, ports) to anyone.
"""

from __future__ import annotations

from camaudit.protocols import xmeye as xmeye_discovery
from camaudit.scan.probes.base import Probe, udp_query

XMEYE_PORT = xmeye_discovery.XMEYE_PORT

probe_xmeye = udp_query("xmeye", xmeye_discovery.build_probe, xmeye_discovery.parse_reply)

PROBES = (Probe("xmeye", probe_xmeye, udp_port=XMEYE_PORT),)
