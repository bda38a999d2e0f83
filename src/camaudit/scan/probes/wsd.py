"""WS-Discovery Probe (UDP 3702) sent unicast to one in-scope host: an ONVIF device answers with a ProbeMatch
whose scopes (maker, model, name, type), types and XAddrs say what it is, often when its device service
refuses GetDeviceInformation. The format is :mod:`camaudit.protocols.wsdiscovery`; addresses in the reply
are recorded, never contacted. The reply's SOAP namespace table is kept as discovery keeps it
(:func:`camaudit.protocols.discovery.wsd_messages`)."""

from __future__ import annotations

from camaudit.protocols.discovery import wsd_messages
from camaudit.protocols.wsdiscovery import WSD_PORT, build_probe
from camaudit.scan.probes.base import Probe, udp_query


def parse_match(reply: bytes) -> dict[str, str] | None:
    """Fields of the first ProbeMatch in a reply (``None`` when the datagram holds none)."""
    matches = wsd_messages(reply)
    return matches[0] if matches else None


probe_wsd = udp_query("wsd", build_probe, parse_match)

PROBES = (Probe("wsd", probe_wsd, udp_port=WSD_PORT, small_scope=True),)
