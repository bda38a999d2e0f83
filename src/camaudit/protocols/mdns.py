"""Multicast DNS (RFC 6762) with DNS-SD (RFC 6763): the query live discovery sends, and what an answer says.

An answer names the services a device offers (``_axis-video._tcp``, ``_hap._tcp`` ...), the instance it offers
them as (``AXIS P3245-LVE - ACCC8E5A3B7C``), its host name (``axis-accc8e5a3b7c.local``), each service's
TXT ``key=value`` pairs (HomeKit's ``ci=17``: an IP camera) and its addresses: an IPv6 address whose interface
identifier is a modified EUI-64 carries the MAC it was formed from (``mdns.eui64_mac``, RFC 4291 Appendix A).
:func:`parse_reply` turns one datagram into the ``mdns.*`` observation fields (docs/observation-fields.md);
:func:`text_fields` reads the same fields out of a scanner's printed mDNS banner.

A bounded reader, not a DNS library, for the reason ``passive/dns.py`` gives (dnspython is several times
slower per message and no dependency of camaudit). It differs from that reader in what mDNS needs: names keep
their case and are read as UTF-8 (RFC 6762 §16: an instance name is the user's text), labels are kept apart
(an instance label may hold dots), and PTR, SRV and TXT data are read. Every step is capped: at most
:data:`MAX_RECORDS` records, :data:`MAX_POINTERS` compression pointers per name and each pointing backwards
(a loop ends the read), names of at most 255 bytes, :data:`MAX_TXT_PAIRS` TXT pairs per service. Nothing
here raises on hostile bytes: an unreadable message is ``None``.
"""

from __future__ import annotations

import ipaddress
import re
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice

from camaudit.protocols import dns_name

MDNS_GROUP = "224.0.0.251"
MDNS_PORT = 5353
#: The DNS-SD service enumeration name (RFC 6763 §9): answered with every service type a host offers.
SERVICES = "_services._dns-sd._udp.local"
#: Service types asked by name beside the enumeration, whose answers identify a camera or a recorder.
#: Responders that do not answer the enumeration still answer a query for a type they offer.
ASKED = (
    SERVICES,
    "_axis-video._tcp.local",  # Axis devices, DoorBird door stations (rules/mdns.yaml)
    "_hap._tcp.local",  # HomeKit accessories: TXT ci names the category (17 IP camera, 18 video doorbell)
    "_rtsp._tcp.local",  # RFC 6763's registered type for RTSP servers
    "_CGI._tcp.local",  # Hikvision cameras' web interface, "HIKVISION <model> - <serial digits>" (rules/mdns.yaml)
    "_arec._tcp.local",  # Arecont Vision cameras (rules/mdns.yaml)
    "_matterc._udp.local",  # Matter devices open for commissioning: TXT DT, 322 a camera, 323 a video doorbell
)
MAX_RECORDS = 128
#: Instances asked again per host when its answer listed them without their SRV or TXT records, and the size
#: the follow-up query stays under (one datagram within an Ethernet MTU).
MAX_FOLLOWUP = 8
MAX_QUERY_BYTES = 1400
MAX_POINTERS = dns_name.MAX_POINTERS
MAX_NAME = dns_name.MAX_NAME
#: TXT pairs kept per service, and characters kept of one TXT value or name label.
MAX_TXT_PAIRS = 32
MAX_TEXT = 255
#: Distinct values kept per field (instance names, host names, service types).
MAX_VALUES = 32

_PTR, _TXT, _SRV, _A, _AAAA = 12, 16, 33, 1, 28
_HEADER = struct.Struct("!HHHHHH")
_RR = struct.Struct("!HHIH")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
#: A DNS-SD service label (RFC 6335 §5.1: letters, digits, hyphens) and the TXT keys kept as field names.
_SERVICE_LABEL = re.compile(r"_[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?")
_TXT_KEY = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")
_PROTOCOLS = ("_tcp", "_udp")


class MdnsError(ValueError):
    """The message cannot be read."""


@dataclass(frozen=True, slots=True)
class Record:
    """One resource record: its owner's labels, its type, and its data (a name's labels, TXT strings, or ``()``)."""

    owner: tuple[str, ...]
    rtype: int
    data: tuple[str, ...]


def build_query(names: tuple[str, ...] = ASKED) -> bytes:
    """One mDNS query asking PTR for each of ``names`` (ID 0 and no flags, as RFC 6762 §18 asks of a query)."""
    out = bytearray(_HEADER.pack(0, 0, len(names), 0, 0, 0))
    for name in names:
        for label in name.split("."):
            encoded = label.encode("utf-8")
            out += bytes([len(encoded)]) + encoded
        out += b"\x00" + struct.pack("!HH", _PTR, 1)
    return bytes(out)


def _encoded_name(labels: tuple[str, ...]) -> bytes | None:
    """``labels`` as a DNS name on the wire, or ``None`` when a label cannot be written back as it was read (a byte
    the reader replaced) or breaks RFC 1035's limits (63 bytes a label, 255 a name)."""
    out = bytearray()
    for label in labels:
        encoded = label.encode("utf-8")
        if not encoded or len(encoded) > 63 or "\ufffd" in label:
            return None
        out += bytes([len(encoded)]) + encoded
    out += b"\x00"
    return bytes(out) if len(out) <= MAX_NAME else None


def build_instance_query(instances: Iterable[tuple[str, ...]]) -> bytes:
    """One query asking the SRV and TXT records of each instance name (its labels, as :func:`unresolved_instances`
    gives them), sent unicast to the host that listed them (RFC 6762 §5.5): at most :data:`MAX_FOLLOWUP` instances
    and :data:`MAX_QUERY_BYTES` bytes; empty when no name can be asked."""
    questions = bytearray()
    count = 0
    for labels in islice(instances, MAX_FOLLOWUP):
        encoded = _encoded_name(labels)
        if encoded is None:
            continue
        asked = encoded + struct.pack("!HH", _SRV, 1) + encoded + struct.pack("!HH", _TXT, 1)
        if _HEADER.size + len(questions) + len(asked) > MAX_QUERY_BYTES:
            break
        questions += asked
        count += 2
    return _HEADER.pack(0, 0, count, 0, 0, 0) + bytes(questions) if count else b""


def _label(raw: bytes) -> str:
    return _CONTROL.sub(" ", raw.decode("utf-8", errors="replace"))[:MAX_TEXT]


def _read_name(data: bytes, pos: int) -> tuple[tuple[str, ...], int]:
    """The labels of the name at ``pos`` and the position just after it (RFC 1035 §4.1.4 compression)."""
    labels, end = dns_name.read_labels(data, pos, MdnsError)
    return tuple(_label(raw) for raw in labels), end


def _txt_strings(rdata: bytes) -> tuple[str, ...]:
    strings: list[str] = []
    pos = 0
    while pos < len(rdata) and len(strings) < MAX_TXT_PAIRS:
        size = rdata[pos]
        strings.append(rdata[pos + 1 : pos + 1 + size].decode("utf-8", errors="replace"))
        pos += 1 + size
    return tuple(strings)


def read_records(data: bytes) -> list[Record]:
    """The answer, authority and additional records of a response (raises :class:`MdnsError`)."""
    if len(data) < 12:
        raise MdnsError("shorter than a DNS header")
    _id, flags, qdcount, ancount, nscount, arcount = _HEADER.unpack_from(data)
    if not flags & 0x8000:
        raise MdnsError("a query, not a response")
    pos = 12
    for _ in range(min(qdcount, MAX_RECORDS)):
        _name, pos = _read_name(data, pos)
        pos += 4
    records: list[Record] = []
    for _ in range(min(ancount + nscount + arcount, MAX_RECORDS)):
        owner, pos = _read_name(data, pos)
        if pos + 10 > len(data):
            raise MdnsError("a record is cut off")
        rtype, _class, _ttl, rdlength = _RR.unpack_from(data, pos)
        pos += 10
        if pos + rdlength > len(data):
            raise MdnsError("a record's data runs past the end of the message")
        found: tuple[str, ...] = ()
        if rtype == _PTR:
            found, _ = _read_name(data[: pos + rdlength], pos)
        elif rtype == _SRV and rdlength > 6:
            found, _ = _read_name(data[: pos + rdlength], pos + 6)
        elif rtype == _TXT:
            found = _txt_strings(data[pos : pos + rdlength])
        elif rtype == _AAAA and rdlength == 16:
            found = (data[pos : pos + 16].hex(),)
        records.append(Record(owner, rtype, found))
        pos += rdlength
    return records


def _service_of(labels: tuple[str, ...]) -> str | None:
    """``_axis-video._tcp`` for a service type's labels (``_axis-video``, ``_tcp``, ``local``), else ``None``."""
    if len(labels) >= 2 and labels[1].lower() in _PROTOCOLS and _SERVICE_LABEL.fullmatch(labels[0]):
        return f"{labels[0].lower()}.{labels[1].lower()}"
    return None


def _instance_of(labels: tuple[str, ...]) -> tuple[str, str] | None:
    """``(instance label, service type)`` for a service instance name, else ``None``."""
    if len(labels) >= 3 and labels[0] and not labels[0].startswith("_"):
        service = _service_of(labels[1:])
        if service:
            return labels[0], service
    return None


class _Fields:
    """The ``mdns.*`` fields of one reply, each bounded."""

    def __init__(self) -> None:
        self.values: dict[str, dict[str, None]] = {"mdns.service": {}, "mdns.instance": {}, "mdns.host": {}}
        self.txt: dict[str, str] = {}
        self.eui64_mac = ""

    def add(self, name: str, value: str) -> None:
        value = value.strip()
        kept = self.values[name]
        if value and len(kept) < MAX_VALUES:
            kept.setdefault(value[:MAX_TEXT], None)

    def name(self, labels: tuple[str, ...]) -> None:
        """Whatever a name says: an instance and its service, a service type, or nothing."""
        instance = _instance_of(labels)
        if instance:
            self.add("mdns.instance", instance[0])
            self.add("mdns.service", instance[1])
            return
        service = _service_of(labels)
        if service and service != "_services._dns-sd":
            self.add("mdns.service", service)

    def pairs(self, service: str, strings: tuple[str, ...]) -> None:
        slug = service.split(".", 1)[0][1:]
        for text in strings:
            key, sep, value = text.partition("=")
            key = key.strip().lower()
            name = f"mdns.txt.{slug}.{key}"
            if sep and _TXT_KEY.fullmatch(key) and name not in self.txt and len(self.txt) < MAX_TXT_PAIRS * 4:
                clean = _CONTROL.sub(" ", value).strip()[:MAX_TEXT]
                if clean:
                    self.txt[name] = clean

    def result(self) -> dict[str, str]:
        out = {name: "\n".join(kept) for name, kept in self.values.items() if kept}
        out.update(self.txt)
        if self.eui64_mac:
            out["mdns.eui64_mac"] = self.eui64_mac
        return out


def eui64_mac(address: bytes) -> str:
    """The MAC an IPv6 address's interface identifier was formed from (RFC 4291 Appendix A: the modified EUI-64,
    ``ff:fe`` in the middle and the universal/local bit flipped), as ``aa:bb:cc:dd:ee:ff``; empty when the identifier
    is not one (a privacy or stable-random address, RFC 4941/7217) or would give a group or all-zero address."""
    iid = address[8:16]
    if len(address) != 16 or iid[3:5] != b"\xff\xfe":
        return ""
    mac = bytes([iid[0] ^ 0x02]) + iid[1:3] + iid[5:8]
    if mac[0] & 0x01 or not any(mac):
        return ""
    return ":".join(f"{octet:02x}" for octet in mac)


def _host(labels: tuple[str, ...]) -> str:
    return ".".join(labels).lower()


def record_fields(records: list[Record]) -> dict[str, str]:
    """The ``mdns.*`` fields the records give (see the module docstring)."""
    out = _Fields()
    for record in records:
        out.name(record.owner)
        if record.rtype == _PTR:
            out.name(record.data)
        elif record.rtype == _SRV and record.data:
            out.add("mdns.host", _host(record.data))
        elif record.rtype in (_A, _AAAA) and record.owner:
            out.add("mdns.host", _host(record.owner))
            if record.rtype == _AAAA and record.data and not out.eui64_mac:
                out.eui64_mac = eui64_mac(bytes.fromhex(record.data[0]))
        elif record.rtype == _TXT:
            instance = _instance_of(record.owner)
            if instance:
                out.pairs(instance[1], record.data)
    return out.result()


def _folded(labels: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(label.lower() for label in labels)  # DNS compares names case-insensitively (RFC 4343)


def unresolved_instances(records: Iterable[Record]) -> list[tuple[str, ...]]:
    """The service instances a PTR record lists whose SRV or TXT record is not among ``records`` (a responder that
    answers the service enumeration or a browse with PTRs alone): their labels, first listed first, at most
    :data:`MAX_FOLLOWUP`."""
    listed: dict[tuple[str, ...], tuple[str, ...]] = {}
    described: dict[tuple[str, ...], set[int]] = {}
    for record in records:
        if record.rtype == _PTR and _instance_of(record.data):
            listed.setdefault(_folded(record.data), record.data)
        elif record.rtype in (_SRV, _TXT) and _instance_of(record.owner):
            described.setdefault(_folded(record.owner), set()).add(record.rtype)
    missing = (labels for key, labels in listed.items() if described.get(key, set()) != {_SRV, _TXT})
    return list(islice(missing, MAX_FOLLOWUP))


def datagrams_unresolved(datagrams: Iterable[bytes]) -> list[tuple[str, ...]]:
    """:func:`unresolved_instances` over the datagrams one host sent (an instance listed in one and described in
    another is resolved); unreadable datagrams give nothing, and at most :data:`MAX_RECORDS` datagrams are read."""
    records: list[Record] = []
    for data in islice(datagrams, MAX_RECORDS):
        try:
            records += read_records(data)
        except (MdnsError, struct.error, IndexError):
            continue
    return unresolved_instances(records)


def parse_reply(data: bytes) -> dict[str, str] | None:
    """The ``mdns.*`` fields of one mDNS response; ``None`` when it is a query, unreadable, or says nothing."""
    try:
        fields = record_fields(read_records(data))
    except (MdnsError, struct.error, IndexError):
        return None
    return fields or None


#: A service instance or service type written out in a scanner's text (``Name._axis-video._tcp.local``).
_SERVICE_IN_TEXT = re.compile(r"(?:([^\r\n\t]{1,63}?)\.)?(_[A-Za-z0-9][A-Za-z0-9-]{0,30})\.(_tcp|_udp)\.local\b")
_HOST_IN_TEXT = re.compile(r"(?:^|[\s\"'=:,(\[])([A-Za-z0-9][A-Za-z0-9-]{0,62})\.local\.?(?=$|[\s\"',)\]])")
MAX_TEXT_SCAN = 16 * 1024


def text_fields(text: str) -> dict[str, str]:
    """The ``mdns.*`` fields a printed mDNS answer shows (a scanner's banner listing services and instances):
    service types, instance names and ``.local`` host names. TXT pairs need the structure of a reply and are
    not guessed from text."""
    out = _Fields()
    head = text[:MAX_TEXT_SCAN]
    for match in _SERVICE_IN_TEXT.finditer(head):
        instance, service, protocol = match.groups()
        named = instance is not None and not instance.lstrip().startswith("_")
        out.name((instance.strip(), service, protocol, "local") if named else (service, protocol, "local"))
    for match in _HOST_IN_TEXT.finditer(head):
        out.add("mdns.host", f"{match.group(1).lower()}.local")
    return out.result()


def address_eui64_mac(texts: Iterable[str]) -> str:
    """The MAC of the first IPv6 address among ``texts`` (a scanner's printed AAAA values) whose interface identifier
    was formed from one (:func:`eui64_mac`); empty when none was."""
    for text in islice(texts, MAX_RECORDS):
        candidate = text.strip().split("%", 1)[0]
        if ":" not in candidate or len(candidate) > 45:
            continue
        try:
            mac = eui64_mac(ipaddress.IPv6Address(candidate).packed)
        except ValueError:
            continue
        if mac:
            return mac
    return ""


_INSTANCE_NAME = re.compile(r"([^\r\n]{1,63})\.(_[A-Za-z0-9][A-Za-z0-9-]{0,30})\.(_tcp|_udp)\.local\.?")


def named_txt(name: str, strings: Iterable[str]) -> dict[str, str]:
    """The ``mdns.txt.*`` fields of TXT ``strings`` a scanner printed under the instance ``name``
    (``Doorstation - 1CCAE3726FE3._axis-video._tcp.local``); empty when ``name`` is no instance name."""
    match = _INSTANCE_NAME.fullmatch(name.strip()[:MAX_NAME])
    if match is None or match.group(1).startswith("_"):
        return {}
    out = _Fields()
    texts = tuple(islice((s for s in strings if isinstance(s, str)), MAX_TXT_PAIRS))
    out.pairs(f"{match.group(2).lower()}.{match.group(3)}", texts)
    return out.result()
