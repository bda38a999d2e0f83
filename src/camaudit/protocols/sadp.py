"""Hikvision SADP (UDP 37020): the inquiry probe and the ``<ProbeMatch>`` reply.

Live probes send it unicast, discovery to 239.255.255.250; passive analysis reads replies off the wire. The
reply is a flat ``<ProbeMatch>`` XML document; firmware is lax (``flase``), so a reply that is not
well-formed XML is still read element by element.
"""

from __future__ import annotations

import re
import uuid

from camaudit.macaddress import normalise_mac
from camaudit.protocols.soap import xml_root

SADP_PORT = 37020
_ELEMENT = re.compile(r"<([A-Za-z][\w.-]{0,63})>([^<]{0,512})</\1>")


def build_probe(probe_id: str | None = None) -> bytes:
    pid = probe_id or str(uuid.uuid4()).upper()
    return (
        f'<?xml version="1.0" encoding="utf-8"?><Probe><Uuid>{pid}</Uuid><Types>inquiry</Types></Probe>'
    ).encode("ascii")


def parse_reply(data: bytes) -> dict[str, str] | None:
    """Observation fields of a SADP ProbeMatch, or ``None`` when the datagram is not one."""
    if b"<ProbeMatch" not in data[:4096]:
        return None
    text = data.decode("utf-8", errors="replace")
    values: dict[str, str] = {}
    root = xml_root(data)  # the one safe parser of device XML: no entities, no DTDs fetched, capped
    if root is not None:
        for child in root:
            if len(child) == 0 and isinstance(child.tag, str):
                values[child.tag] = (child.text or "").strip()
    else:
        for m in _ELEMENT.finditer(text):
            values.setdefault(m.group(1), m.group(2).strip())
    fields = {f"sadp.{k}": v for k, v in values.items() if v and k != "Uuid"}
    mac = normalise_mac(values.get("MAC", ""))
    if mac:
        fields["mac"] = mac
    return fields or None

