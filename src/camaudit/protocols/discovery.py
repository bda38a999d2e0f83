"""Which vendor discovery protocol a datagram speaks, and its observation fields.

One function for every path a discovery reply can take: live discovery (``scan/discovery/runner.py``) and
passive analysis (``passive/payloads.py``) both call :func:`classify`, so a reply names the same maker
whether camaudit asked for it or only overheard it. A WS-Discovery message also keeps the namespace table of
the datagram's first envelope (``soap.declarations``, through :func:`camaudit.protocols.soap_envelope.read_bytes`,
the reader imported and live ONVIF answers go through): discovery answers carry the same SOAP stack's table.
"""

from __future__ import annotations

from camaudit.protocols import (
    dahua_legacy,
    dhip,
    mdns,
    sadp,
    soap_envelope,
    ssdp,
    sunapi_discovery,
    ubnt,
    wsdiscovery,
    xmeye,
)


def classify(data: bytes, src_port: int) -> tuple[str, list[dict[str, str]]]:
    """Which protocol a datagram speaks, and its observation fields (empty when unreadable)."""
    if src_port == mdns.MDNS_PORT:
        # Responders answer from 5353 whether they multicast or answer a one-shot query unicast (RFC 6762 §6.7).
        fields = mdns.parse_reply(data)
        return "mdns", [fields] if fields else []
    if src_port == ubnt.UBNT_PORT:
        # Ubiquiti devices answer from 10001 (a request heard on the port, ours or another scanner's, reads as nothing).
        fields = ubnt.parse_reply(data)
        return "ubnt", [fields] if fields else []
    if src_port == sunapi_discovery.SUNAPI_PORT:
        # Hanwha devices answer the IP installer from 7701 (a request, sent to 7701, comes from another port).
        fields = sunapi_discovery.parse_reply(data)
        return "sunapi", [fields] if fields else []
    if data[4:8] == b"DHIP":
        fields = dhip.parse_reply(data)
        return "dhip", [fields] if fields else []
    if data[:1] == b"\xb3":
        fields = dahua_legacy.parse_reply(data)
        return "dahua-legacy", [fields] if fields else []
    if data[:1] == b"\xff":
        fields = xmeye.parse_reply(data)
        return "xmeye", [fields] if fields else []
    head = data[:512]
    if head.startswith((b"HTTP/1.1", b"NOTIFY", b"notify")):
        fields = ssdp.parse_reply(data)
        return "ssdp", [fields] if fields else []
    if b"Envelope" in head or src_port == wsdiscovery.WSD_PORT:
        return "wsd", wsd_messages(data)
    if b"<ProbeMatch" in data[:4096]:
        fields = sadp.parse_reply(data)
        return "sadp", [fields] if fields else []
    return "unknown", []


def wsd_messages(data: bytes) -> list[dict[str, str]]:
    """The fields of each WS-Discovery message in a datagram, each with the table of the datagram's first envelope
    (its messages share that envelope; a datagram that is no SOAP envelope adds nothing)."""
    messages = wsdiscovery.parse_message(data)
    if messages:
        table: dict[str, str] = {}
        soap_envelope.read_bytes(data, table)
        for fields in messages:
            fields.update(table)
    return messages
