"""Raw replies in JSON lines as collectors other than camaudit write them: an address, a port, the reply.

``camaudit identify --format jsonl`` reads camaudit's own observations (``importers/jsonl.py``); a line
without ``fields`` is read here instead, when it carries a reply under one of the keys such files use
(``banner``, ``data``, ``response``, ``reply``, ``payload``, ``raw``), as text or encoded (``banner_b64``,
``data_hex``, or ``"encoding": "base64"``), or SNMP system values (``sysDescr``, ``sysObjectID``). The
reply is read by its content (``importers/sniff.py``), so
an RTSP answer, an SSDP reply or an ONVIF document fills the same fields as a live probe's; a reply that
is none of those is kept as ``banner``. A reply that is one unbroken run of base64 (Rapid7 Sonar's
``{"data": "<base64>", "host", "ip", "port", "path"}``) and decodes to text is read decoded.
"""

from __future__ import annotations

import re
from typing import Any

from camaudit.importers.base import RecordError, as_port, as_transport, iso_utc, put, valid_ip, valid_port
from camaudit.importers.sniff import sniff
from camaudit.importers.text import decoded, unmarked_encoding
from camaudit.model import RAW_KEEP_BYTES, Observation
from camaudit.protocols.snmp_text import snmp_fields

_ADDRESS_KEYS = ("ip", "ip_str", "host", "address", "addr", "saddr", "ip_address", "target")
_PORT_KEYS = ("port", "dport", "dst_port")
_REPLY_KEYS = (
    "banner",
    "data",
    "response",
    "reply",
    "payload",
    "raw",
    "text",
    "content",
    "output",
    "responses",
    "replies",
)
#: Replies read of one line that holds several.
MAX_REPLIES = 16
#: ``192.0.2.7:554``, ``[2001:db8::7]:554``, ``rtsp://192.0.2.7:554/path``: an address written with its port.
_WITH_PORT = re.compile(
    r"(?:[a-z][a-z0-9+.-]{0,15}://)?(?:\[([0-9A-Fa-f:.]{2,45})\]|([0-9.]{7,15}))(?::(\d{1,5}))?(?:/.*)?", re.DOTALL
)
#: Keys SNMP collectors give the system values (``sysDescr.0``, ``sysObjectID.0``) under.
_SNMP_KEYS = {
    "sysDescr": "snmp.sysdescr",
    "sysdescr": "snmp.sysdescr",
    "sys_descr": "snmp.sysdescr",
    "sysObjectID": "snmp.sysobjectid",
    "sysobjectid": "snmp.sysobjectid",
    "sys_object_id": "snmp.sysobjectid",
}
_HINT_KEYS = ("service", "service_name", "module", "protocol", "proto")
_ENCODINGS = {"b64": "base64", "base64": "base64", "hex": "hex"}


def reply_line(line: dict[str, Any]) -> tuple[Observation, str | None] | None:
    """``(Observation, country)`` of a raw-reply line; ``None`` when the line carries no reply;
    :class:`RecordError` when it has one but no usable address or port."""
    replies = _replies(line)
    snmp = {target: line[key] for key, target in _SNMP_KEYS.items() if isinstance(line.get(key), str) and line[key]}
    if not replies and not snmp:
        return None
    address = next((line[k] for k in _ADDRESS_KEYS if isinstance(line.get(k), str)), None)
    if address is None:
        raise RecordError("a reply without an address (ip, host, address ...)")
    ip, port_in_address = address_and_port(address)
    port = valid_port(next((line[k] for k in _PORT_KEYS if as_port(line.get(k)) is not None), port_in_address))
    transport = (
        as_transport(line.get("transport")) or as_transport(line.get("proto")) or as_transport(line.get("protocol"))
    )
    hint = next((line[k] for k in _HINT_KEYS if isinstance(line.get(k), str) and as_transport(line[k]) is None), "")
    fields: dict[str, str] = {}
    protocols = [_read(text, fields, port, hint) for text in replies]
    if snmp:  # an SNMP collector's sysDescr / sysObjectID values, as values rather than a printed reply
        snmp_fields("\n".join(f"sys{'Descr' if k.endswith('descr') else 'ObjectID'}:{v}" for k, v in snmp.items()),
                    fields)
        protocols.append("snmp")
    protocol = next((p for p in protocols if p), None) or hint.lower()[:32] or "banner"
    reply = replies[0] if replies else ""
    stamp = next((line[k] for k in ("timestamp", "seen_at", "time") if line.get(k) is not None), None)
    country = line.get("country")
    observation = Observation(
        ip=ip,
        port=port,
        transport=transport,
        protocol=protocol,
        source="import",
        seen_at=iso_utc(stamp),
        fields=fields,
        raw=reply[:RAW_KEEP_BYTES].encode("utf-8", "replace"),
    )
    return observation, country if isinstance(country, str) and country else None


def address_and_port(text: str) -> tuple[str, str | None]:
    """The address (and a port written with it) of ``192.0.2.7``, ``192.0.2.7:554``, ``[2001:db8::7]:554``
    or ``rtsp://192.0.2.7:554/live``; :class:`RecordError` for anything else."""
    try:
        return valid_ip(text), None
    except RecordError:
        match = _WITH_PORT.fullmatch(text[:512])
        if match is None:
            raise
        return valid_ip(match.group(1) or match.group(2)), match.group(3)


def _read(reply: str, fields: dict[str, str], port: int | None, hint: str) -> str | None:
    """Read one reply into ``fields`` by its content; its protocol, or None (then it is kept as ``banner``)."""
    protocol = sniff(reply, fields, port=port, hint=hint)
    plain = unmarked_encoding(reply) if protocol is None else None
    if plain:
        # Rapid7 Sonar and similar collections keep every reply base64-encoded under "data", unmarked.
        reply = plain
        protocol = sniff(reply, fields, port=port, hint=hint)
    if protocol is None:
        put(fields, "banner", reply.strip())
    return protocol


def _replies(line: dict[str, Any]) -> list[str]:
    """The replies of the first reply key the line has: one text, or several (a list of them, or a mapping
    of probe name to answer, as collectors that send more than one probe keep them)."""
    encoding = _ENCODINGS.get(str(line.get("encoding", "")).lower())
    for key in _REPLY_KEYS:
        value = line.get(key)
        texts = [value] if isinstance(value, str) else _strings(value)
        texts = [(decoded(t, encoding) if encoding else None) or t for t in texts if t.strip()]
        if texts:
            return texts
        for suffix, kind in _ENCODINGS.items():
            found = [
                t for t in (decoded(v, kind) for v in _strings(line.get(f"{key}_{suffix}"), True)) if t and t.strip()
            ]
            if found:
                return found
    return []


def _strings(value: Any, single: bool = False) -> list[str]:
    """The text values of a list or mapping (the first :data:`MAX_REPLIES`); a plain text too when ``single``."""
    if isinstance(value, str):
        return [value] if single else []
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return [item for item in items if isinstance(item, str)][:MAX_REPLIES]
