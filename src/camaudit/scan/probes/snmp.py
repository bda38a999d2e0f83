"""SNMP v2c GET of sysDescr.0 and sysObjectID.0, then a few GetNext hops through the private enterprises —
only with ``--snmp-community`` (a community string is a password: camaudit never guesses one).

The hops ask for the object after ``1.3.6.1.4.1`` and then after the end of each enterprise found
(``1.3.6.1.4.1.<PEN+1>``), so :data:`MAX_HOPS` requests name up to that many distinct private subtrees the
agent serves -- what a walk would show, without walking it. They are printed as net-snmp's numeric walk
lines and read by the importers' reader (``protocols/snmp_text.walk_fields``): one reader, whether the walk
came from a scan file, a paste or this probe.

The BER encoding of the requests and the decoding of their Responses are small enough to write here, with a
hard cap on every length, rather than pull in a full SNMP stack for a handful of OIDs.
"""

from __future__ import annotations

import os

from camaudit.model import Observation
from camaudit.protocols import asn1
from camaudit.protocols.snmp_text import walk_fields
from camaudit.scan.net import ProbeContext, udp_exchange
from camaudit.scan.options import ProbeOption
from camaudit.scan.probes.base import Endpoint, Probe, make_observation

SNMP_PORT = 161
SYS_DESCR = "1.3.6.1.2.1.1.1.0"
SYS_OBJECT_ID = "1.3.6.1.2.1.1.2.0"
_FIELDS = {SYS_DESCR: "snmp.sysdescr", SYS_OBJECT_ID: "snmp.sysobjectid"}
ENTERPRISES = "1.3.6.1.4.1"
#: GetNext requests after the GET: each names one more private subtree, or ends the hops.
MAX_HOPS = 4
_GET, _GET_NEXT, _RESPONSE = 0xA0, 0xA1, 0xA2
#: A varbind value that is no object: noSuchObject, noSuchInstance, endOfMibView (RFC 3416).
_EXCEPTIONS = frozenset({0x80, 0x81, 0x82})
COMMUNITY = ProbeOption(
    "snmp-community", "--snmp-community",
    "Read sysDescr over SNMP v2c with this community (or CAMAUDIT_SNMP_COMMUNITY); none is guessed.",
    takes_value=True, envvar="CAMAUDIT_SNMP_COMMUNITY", secret=True,
)


class BerError(ValueError):
    """A reply that is not the BER we asked for."""


def _length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def _tlv(tag: int, value: bytes) -> bytes:
    return bytes([tag]) + _length(len(value)) + value


def _int(value: int) -> bytes:
    return _tlv(0x02, value.to_bytes(max(1, (value.bit_length() + 8) // 8), "big", signed=True))


def _oid(dotted: str) -> bytes:
    parts = [int(p) for p in dotted.split(".")]
    out = bytearray([40 * parts[0] + parts[1]])
    for part in parts[2:]:
        chunk = [part & 0x7F]
        part >>= 7
        while part:
            chunk.append(0x80 | (part & 0x7F))
            part >>= 7
        out += bytes(reversed(chunk))
    return _tlv(0x06, bytes(out))


def build_get(community: str, request_id: int, oids: tuple[str, ...] = (SYS_DESCR, SYS_OBJECT_ID),
              *, pdu_tag: int = _GET) -> bytes:
    """An SNMP v2c GetRequest (or, with ``pdu_tag=0xA1``, GetNextRequest) for ``oids`` (values NULL)."""
    varbinds = b"".join(_tlv(0x30, _oid(o) + b"\x05\x00") for o in oids)
    pdu = _tlv(pdu_tag, _int(request_id) + _int(0) + _int(0) + _tlv(0x30, varbinds))
    return _tlv(0x30, _int(1) + _tlv(0x04, community.encode()) + pdu)


def _children(value: bytes) -> list[tuple[int, bytes]]:
    out: list[tuple[int, bytes]] = []
    for item in asn1.elements(value):
        out.append((item.tag, value[item.start : item.end]))
        if len(out) > 64:
            raise BerError("too many elements")
    return out


def _decode_oid(value: bytes) -> str:
    if not value:
        raise BerError("empty OID")
    parts = [value[0] // 40, value[0] % 40]
    n = 0
    for byte in value[1:]:
        n = (n << 7) | (byte & 0x7F)
        if not byte & 0x80:
            parts.append(n)
            n = 0
    return ".".join(map(str, parts))


def _varbinds(data: bytes, request_id: int | None) -> list[tuple[str, int, bytes]]:
    """(OID, value tag, value) of each varbind of a noError GetResponse to ``request_id``; [] when unusable."""
    try:
        outer = asn1.read(data)
        if outer.tag != 0x30:
            return []
        parts = _children(data[outer.start : outer.end])
        if len(parts) != 3 or parts[2][0] != _RESPONSE:
            return []
        pdu = _children(parts[2][1])
        if len(pdu) != 4 or pdu[1][1] != b"\x00":  # error-status must be noError
            return []
        if request_id is not None and int.from_bytes(pdu[0][1], "big", signed=True) != request_id:
            return []
        found = []
        for vtag, varbind in _children(pdu[3][1]):
            items = _children(varbind) if vtag == 0x30 else []
            if len(items) == 2 and items[0][0] == 0x06:
                found.append((_decode_oid(items[0][1]), items[1][0], items[1][1]))
        return found
    except (BerError, IndexError, ValueError):
        return []


def parse_response(data: bytes, request_id: int | None = None) -> dict[str, str]:
    """Observation fields from a GetResponse (sysDescr as text, sysObjectID dotted); {} when unusable."""
    fields: dict[str, str] = {}
    for oid, value_tag, value in _varbinds(data, request_id):
        key = _FIELDS.get(oid)
        if key is None:
            continue
        try:
            if value_tag == 0x04:
                fields[key] = value.decode("utf-8", errors="replace").strip("\x00").strip()[:512]
            elif value_tag == 0x06:
                fields[key] = _decode_oid(value)
        except BerError:
            continue
    return {k: v for k, v in fields.items() if v}


def parse_next(data: bytes, request_id: int | None = None) -> str | None:
    """The OID a GetNext answer names, when it names an object (not an exception such as endOfMibView)."""
    found = _varbinds(data, request_id)
    if len(found) != 1 or found[0][1] in _EXCEPTIONS:
        return None
    return found[0][0]


def next_hop(oid: str) -> str | None:
    """Where the hop after ``oid`` starts: past the end of its enterprise; None once ``oid`` left enterprises."""
    prefix = ENTERPRISES + "."
    if not oid.startswith(prefix):
        return None
    pen = oid[len(prefix):].split(".", 1)[0]
    return f"{prefix}{int(pen) + 1}" if pen.isdigit() and len(pen) <= 10 else None


async def probe_snmp(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
    community = ctx.probe_options.text(COMMUNITY.name)
    if community is None:
        return []
    request_id = int.from_bytes(os.urandom(3), "big")
    reply = await udp_exchange(ctx, ep.ip, ep.port, build_get(community, request_id))
    fields = parse_response(reply, request_id) if reply else {}
    if not fields or not reply:
        return []
    walk_fields("".join(f".{oid} = \n" for oid in await _enterprise_hops(ctx, ep, community)), fields)
    return [make_observation(ep.ip, ep.port, "snmp", fields, reply, transport="udp")]


async def _enterprise_hops(ctx: ProbeContext, ep: Endpoint, community: str) -> list[str]:
    """The first object of each private enterprise the agent serves, up to :data:`MAX_HOPS`, in OID order."""
    found: list[str] = []
    start: str | None = ENTERPRISES
    while start is not None and len(found) < MAX_HOPS:
        request_id = int.from_bytes(os.urandom(3), "big")
        reply = await udp_exchange(ctx, ep.ip, ep.port, build_get(community, request_id, (start,), pdu_tag=_GET_NEXT))
        oid = parse_next(reply, request_id) if reply else None
        start = next_hop(oid) if oid else None
        if start is not None and oid is not None:
            found.append(oid)
    return found


PROBES = (Probe("snmp", probe_snmp, udp_port=SNMP_PORT, enabled_by=COMMUNITY.name, options=(COMMUNITY,)),)
