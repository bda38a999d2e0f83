"""Hikvision SADP (UDP 37020) sent unicast to one in-scope host; the format is :mod:`camaudit.protocols.sadp`."""

from __future__ import annotations

from camaudit.protocols.sadp import SADP_PORT, build_probe, parse_reply
from camaudit.scan.probes.base import Probe, udp_query

probe_sadp = udp_query("sadp", build_probe, parse_reply)

PROBES = (Probe("sadp", probe_sadp, udp_port=SADP_PORT),)
