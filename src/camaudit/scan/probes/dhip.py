"""Dahua DHDiscover (UDP 37810) sent unicast to one in-scope host; the format is :mod:`camaudit.protocols.dhip`."""

from __future__ import annotations

from camaudit.protocols.dhip import DHIP_PORT, build_probe, parse_reply
from camaudit.scan import anomalies
from camaudit.scan.probes.base import Probe, udp_query

probe_dhip = udp_query("dhip", build_probe, lambda reply: parse_reply(reply, anomalies.note))

PROBES = (Probe("dhip", probe_dhip, udp_port=DHIP_PORT),)
