"""SNMP output as tools print it, read into ``snmp.sysdescr`` / ``snmp.sysobjectid`` / ``snmp.sysname`` and, for a
walk, the enterprises and MIB modules its objects belong to (``snmp.enterprises``, ``snmp.mibs``).

sysName.0 is the name the agent gives its own host (RFC 3418: "by convention, this is the node's fully-qualified
domain name"): a firmware's default host name until someone sets another, so it is read as a host name
(``@hostname``), never as page text: an owner's "CCTV-Core-Switch" names a switch.

The printed forms that reach the importers:

* net-snmp's ``snmpget``/``snmpwalk`` output, which collectors keep as a reply text:
  ``SNMPv2-MIB::sysDescr.0 = STRING: Linux ...``, ``iso.3.6.1.2.1.1.1.0 = STRING: "..."``,
  ``.1.3.6.1.2.1.1.2.0 = OID: .1.3.6.1.4.1.39165.1.1`` (numeric with ``-On``), and a walk's private objects
  as ``SNMPv2-SMI::enterprises.1004849.2.1.2.6.0 = STRING: ...`` (no MIB loaded), ``iso.3.6.1.4.1.…``,
  ``.1.3.6.1.4.1.…`` or by name, ``HIK-DEVICE-MIB::deviceType.0 = STRING: ...`` (the maker's MIB loaded);
* snmpsim's ``.snmprec`` lines, ``1.3.6.1.4.1.39165.1.1.0|4|DS-2CD2185FWD-I`` (what LibreNMS keeps of real
  devices), and the same with the value hex-encoded, ``1.3.6.1.2.1.1.1.0|4x|53414d53554e47...``: snmpsim's
  recorder writes any OCTET STRING that is not plain printable text that way (the ``x`` after the type tag;
  snmpsim's snmprec grammar), which is how a sysDescr with a trailing NUL or a non-ASCII byte is stored;
* masscan's ``snmp`` banner (``src/proto-snmp.c``, ``snmp_banner``): one ``<name>:<value>`` line per varbind,
  the name from its MIB table (``sysDescr:...``, ``sysObjectID:...``).

net-snmp prints such a value as ``Hex-STRING: 53 41 4D ...`` (sixteen bytes to a line, the rest on the lines that
follow): a system value printed so is decoded too, NULs and other control bytes dropped.

A walk's ``ifPhysAddress`` rows (1.3.6.1.2.1.2.2.1.6, the interfaces' hardware addresses) give ``mac``: the first
that names one device (not zero, not a group address: :func:`camaudit.macaddress.normalise_mac`), in any printed
form. The address says who registered the network card's block, which identify reads as it reads any MAC
(a multi-product maker's block counts only beside video evidence).

sysObjectID is kept only when it is a dotted number (net-snmp's symbolic ``SNMPv2-SMI::enterprises.39165``
is turned into ``1.3.6.1.4.1.39165``; masscan's own short names are not guessed at).

A few objects of a maker's private MIB say what the device is: Hikvision's HIK-DEVICE-MIB ``deviceType.0``
(1.3.6.1.4.1.39165.1.1.0, the model: ``DS-2CD2185FWD-I``) and ``softwVersion.0`` (39165.1.3.0, the firmware: ``V5.5.3
build 171025``), which GLPI's agent and LibreNMS read for a Hikvision camera's model and version. Their values are read
into ``snmp.hik.device_type`` and ``snmp.hik.software_version`` (:data:`MAKER_OBJECTS`), in every printed form (numeric,
``SNMPv2-SMI::enterprises.``, ``HIK-DEVICE-MIB::deviceType.0``, snmprec); no other value of a walk is.

A walk is read whole, within bounds (:data:`MAX_WALK_CHARS`): every line whose object name (the text before
`` = `` or ``|``, never the value) lies under ``1.3.6.1.4.1`` gives its enterprise number (IANA's Private
Enterprise Number, PEN) and the arc below it, ``1004849.2`` -- each distinct arc once, so a table of
eighteen channels is one fact, not eighteen; every ``MODULE::name`` line gives its module name once. A
pasted walk that lost its first characters (``NMPv2-SMI::enterprises.…``) still reads. What the numbers
and names mean is knowledge, not code: ``rules/snmp.yaml`` says which enterprise names a maker and which
types a video device.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from camaudit.fields import MAX_FIELD_CHARS
from camaudit.macaddress import normalise_mac

#: The start of sysDescr.0 / sysObjectID.0 as each printed form names them (the module as printed, or what
#: is left of it when a paste lost its first characters: ``NMPv2-MIB::sysDescr.0``).
_NETSNMP = re.compile(
    r"^(?:[A-Za-z0-9-]{1,40}::)?(?:iso|\.?1)?\.?(?:3\.6\.1\.2\.1\.1\.([125])\.0|sys(Descr|ObjectID|Name)\.0)"
    r"[ \t]*=[ \t]*(STRING|OID|Hex-STRING)?:?[ \t]*(.{0,4096})$",
    re.MULTILINE,
)
#: The lines net-snmp continues a long ``Hex-STRING`` on: hex pairs only.
_HEX_CONTINUATION = re.compile(r"\r?\n((?:[0-9A-Fa-f]{2}[ \t]){0,63}[0-9A-Fa-f]{2})[ \t]*(?=\r?\n|$)")
#: What separates a printed hardware address's octets.
_MAC_SEPARATORS = re.compile(r"[:. -]")
#: A hex-encoded value as snmprec (``4x``) or net-snmp (``Hex-STRING``) writes it.
_HEX_VALUE = re.compile(r"[0-9A-Fa-f]{2}(?:[ \t]?[0-9A-Fa-f]{2}){0,4095}")
_MASSCAN = re.compile(r"^sys(Descr|ObjectID|Name):(.{0,4096})$", re.MULTILINE)
#: snmpsim's ``.snmprec`` line of sysDescr.0 / sysName.0 (type 4, text) or sysObjectID.0 (type 6, an OID).
_SNMPREC = re.compile(r"^\.?1\.3\.6\.1\.2\.1\.1\.([125])\.0\|([46])(x?)\|(.{0,8192})$", re.MULTILINE)
#: ifPhysAddress.<ifIndex> in each printed form, and its value: snmprec's hex (``4x``), net-snmp's ``STRING:
#: 0:13:e2:f:29:4e`` (leading zeros dropped) or ``Hex-STRING: 00 13 E2 0F 29 4E``.
_IF_PHYS = re.compile(
    r"^[ \t]{0,8}(?:IF-MIB::ifPhysAddress|(?:[a-z]{0,3}\.|\.?1\.)?3\.6\.1\.2\.1\.2\.2\.1\.6)\.[0-9]{1,10}"
    r"(?:\|4x?\||[ \t]*=[ \t]*(?:STRING|Hex-STRING)?:?[ \t]*)\"?"
    r"([0-9A-Fa-f]{12}|[0-9A-Fa-f]{1,2}(?:[:. -][0-9A-Fa-f]{1,2}){5})\"?[ \t]*\r?$",
    re.MULTILINE,
)
#: Which value a system-group line holds, by its arc (1, 2, 5) or its name (Descr, ObjectID, Name).
_KINDS = {"1": "descr", "Descr": "descr", "2": "oid", "ObjectID": "oid", "5": "name", "Name": "name"}
#: Longest sysName kept: a host name (RFC 1035: 255 octets), which is what the agent's own name is meant to be.
MAX_SYSNAME_CHARS = 255
#: The text objects: their field, the most kept, and whether only the first line is the value (a sysName is one host
#: name; a sysDescr often spans lines).
_TEXTS = {"name": ("snmp.sysname", MAX_SYSNAME_CHARS, True), "descr": ("snmp.sysdescr", MAX_FIELD_CHARS, False)}
_ENTERPRISES = re.compile(r"^(?:SNMPv2-SMI::enterprises|iso\.3\.6\.1\.4\.1|\.?1\.3\.6\.1\.4\.1)\.([0-9.]{1,200})$")
_DOTTED = re.compile(r"^\.?([0-9]{1,10}(?:\.[0-9]{1,10}){1,60})$")
#: How much of a text is looked at for the system values.
MAX_SNMP_CHARS = 16 * 1024
#: How much of a walk is read for its enterprises and modules (a walk lists mib-2 before the private
#: subtrees, so the enterprises of a long one come late), and how many distinct arcs / modules are kept.
MAX_WALK_CHARS = 256 * 1024
MAX_WALK_NAMES = 32
#: The object name at the start of a walk line under ``enterprises`` (1.3.6.1.4.1), in each printed form:
#: ``SNMPv2-SMI::enterprises.``, ``iso.3.6.1.4.1.``, ``.1.3.6.1.4.1.``, ``1.3.6.1.4.1.`` (and the same with
#: the first characters of a paste lost), then the PEN and, when there is one, the arc below it. The name ends
#: where the value starts (`` =``, ``|``) or at a further arc.
_WALK_ENTERPRISE = re.compile(
    r"^[ \t]{0,8}(?:[A-Za-z0-9-]{0,64}::enterprises|(?:[a-z]{0,3}\.|\.?1\.)?3\.6\.1\.4\.1)"
    r"\.([0-9]{1,10})(?:\.([0-9]{1,10}))?(?=[.|]|[ \t]{0,8}=)",
    re.MULTILINE,
)
#: ``MODULE::object`` at the start of a walk line: the MIB module net-snmp named the object by (not
#: ``SNMPv2-SMI::enterprises``, which is how it prints an object of a module it has not loaded).
#: The modules of the system group and the SMI, which every printout of sysDescr/sysObjectID carries: no sign.
_SYSTEM_MODULES = frozenset({"SNMPv2-MIB", "RFC1213-MIB", "SNMPv2-SMI"})
_WALK_MODULE = re.compile(r"^[ \t]{0,8}([A-Za-z][A-Za-z0-9-]{1,63})::([A-Za-z][A-Za-z0-9-]{0,63})", re.MULTILINE)


#: The maker objects whose value is read (their number under ``enterprises``, and the name the maker's MIB module gives
#: them) and the field each fills. Sources: glpi-project/glpi-agent ``MibSupport/Hikvision.pm`` (the model at
#: ``.1.3.6.1.4.1.39165.1.1.0``) and LibreNMS's HIK-DEVICE-MIB and its DS-2CD2185FWD-I snmprec (deviceType,
#: softwVersion).
MAKER_OBJECTS: dict[str, str] = {
    "39165.1.1.0": "snmp.hik.device_type",
    "HIK-DEVICE-MIB::deviceType.0": "snmp.hik.device_type",
    "39165.1.3.0": "snmp.hik.software_version",
    "HIK-DEVICE-MIB::softwVersion.0": "snmp.hik.software_version",
}
#: What a walk must hold for any maker object to be looked for (one substring test before the line scan).
_MAKER_MARKS = ("39165.1.", "HIK-DEVICE-MIB::")
#: A walk line naming one scalar object under ``enterprises`` (numeric, ``SNMPv2-SMI::enterprises.``, ``iso.``) or by
#: ``MODULE::name.0``, and its text value: snmprec's ``|4|`` or ``|4x|`` (hex), net-snmp's ``= STRING:`` or
#: ``= Hex-STRING:``. Longest value read: :data:`MAX_MAKER_VALUE_CHARS`.
_MAKER_LINE = re.compile(
    r"^[ \t]{0,8}(?:(?:[A-Za-z0-9-]{0,64}::enterprises|(?:[a-z]{0,3}\.|\.?1\.)?3\.6\.1\.4\.1)"
    r"\.([0-9]{1,10}(?:\.[0-9]{1,10}){1,6})"
    r"|([A-Za-z][A-Za-z0-9-]{1,63}::[A-Za-z][A-Za-z0-9]{0,63}\.0))"
    r"(?:\|4(x?)\||[ \t]*=[ \t]*(STRING|Hex-STRING):[ \t]*)([^\r\n]{0,512})$",
    re.MULTILINE,
)
MAX_MAKER_VALUE_CHARS = 128


def snmp_fields(text: str, fields: dict[str, str]) -> bool:
    """Fill the ``snmp.*`` fields from printed SNMP output in ``text`` (system values, and a walk's enterprises
    and MIB modules); True if any was found."""
    head = text[:MAX_SNMP_CHARS]
    found = False
    for match in _NETSNMP.finditer(head):
        value = match.group(4)
        if match.group(3) == "Hex-STRING":
            continued = _HEX_CONTINUATION.match(head, match.end())
            while continued is not None and len(value) < 3 * 4096:
                value = f"{value} {continued.group(1)}"
                continued = _HEX_CONTINUATION.match(head, continued.end())
            value = _hex_text(value)
        found |= _put(_KINDS[match.group(1) or match.group(2)], value, fields)
    for match in _MASSCAN.finditer(head):
        found |= _put(_KINDS[match.group(1)], match.group(2), fields)
    for match in _SNMPREC.finditer(head):
        value = match.group(4)
        if match.group(3):
            value = _hex_text(value, otherwise="") if match.group(2) == "4" else ""
        found |= _put(_KINDS[match.group(1)], value, fields)
    return walk_fields(text, fields) or found


def _hex_text(value: str, *, otherwise: str | None = None) -> str:
    """The text a hex-encoded OCTET STRING holds (``53 41 4D`` or ``53414d``), control bytes dropped. A value that is
    no hex gives ``otherwise``, or itself when that is None (net-snmp also prints ``Hex-STRING`` for what it could
    not show as text)."""
    digits = " ".join(value.split())
    if _HEX_VALUE.fullmatch(digits) is None:
        return value if otherwise is None else otherwise
    raw = bytes.fromhex(digits.replace(" ", ""))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:  # an 8-bit code page (a Latin-1 sysName): each byte one character
        text = raw.decode("latin-1")
    return "".join(ch for ch in text if ch.isprintable() or ch == "\n").strip()


def walk_fields(text: str, fields: dict[str, str]) -> bool:
    """``snmp.enterprises`` (``<PEN>.<arc>`` or ``<PEN>``) and ``snmp.mibs`` (module names) of the objects a
    printed walk in ``text`` names, each once, in the order first seen; True if either was filled. Values are
    never read: an OID or a number inside a value is no object of this agent."""
    walk = text[:MAX_WALK_CHARS]
    found = False
    if "mac" not in fields and ("3.6.1.2.1.2.2.1.6." in walk or "ifPhysAddress." in walk):
        for match in _IF_PHYS.finditer(walk):
            mac = normalise_mac(_mac_digits(match.group(1)))
            if mac is not None:
                fields["mac"] = mac
                found = True
                break
    if any(mark in walk for mark in _MAKER_MARKS):
        found |= _maker_values(walk, fields)
    if "3.6.1.4.1." in walk or "enterprises." in walk:
        arcs = _distinct(
            m.group(1) if m.group(2) is None else f"{m.group(1)}.{m.group(2)}"
            for m in _WALK_ENTERPRISE.finditer(walk)
        )
        found |= _put_lines("snmp.enterprises", arcs, fields)
    if "::" in walk:
        found |= _put_lines("snmp.mibs", _distinct(
            m.group(1) for m in _WALK_MODULE.finditer(walk)
            if m.group(2) != "enterprises" and m.group(1) not in _SYSTEM_MODULES
        ), fields)
    return found


def _maker_values(walk: str, fields: dict[str, str]) -> bool:
    """The values of :data:`MAKER_OBJECTS` a walk prints, each into its field (the first line naming the object wins;
    a field already set is kept); True if one was filled."""
    found = False
    for match in _MAKER_LINE.finditer(walk):
        name = MAKER_OBJECTS.get(match.group(1) or match.group(2) or "")
        if name is None or name in fields:
            continue
        value = match.group(5).strip()
        if match.group(3) or match.group(4) == "Hex-STRING":
            value = _hex_text(value, otherwise="")
        value = value.strip().removeprefix('"').removesuffix('"').strip()
        if value and len(value) <= MAX_MAKER_VALUE_CHARS and value.isprintable():
            fields[name] = value
            found = True
    return found


def _mac_digits(value: str) -> str:
    """Twelve hex digits from a printed hardware address: net-snmp's ``0:13:e2:f:29:4e`` drops each octet's leading
    zero, so octets are padded back before the separators go."""
    parts = [part for part in _MAC_SEPARATORS.split(value.strip()) if part]
    if len(parts) == 6 and all(1 <= len(part) <= 2 for part in parts):
        return "".join(part.rjust(2, "0") for part in parts)
    return "".join(parts)


def _distinct(names: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for name in names:
        seen.setdefault(name)
        if len(seen) >= MAX_WALK_NAMES:
            break
    return list(seen)


def _put_lines(name: str, values: list[str], fields: dict[str, str]) -> bool:
    if not values or name in fields:
        return False
    fields[name] = "\n".join(values)[:MAX_FIELD_CHARS]
    return True


def snmp_value(kind: str, value: object, fields: dict[str, str]) -> bool:
    """One system value a tool parsed already (Shodan's ``snmp`` module): ``kind`` ``"descr"`` fills
    ``snmp.sysdescr``, ``"name"`` fills ``snmp.sysname``, ``"oid"`` fills ``snmp.sysobjectid`` when the value is
    (or names) a dotted OID.
    Anything but text is ignored; a field already set is kept. True if a field was filled."""
    if not isinstance(value, str):
        return False
    return _put(kind, value[:MAX_SNMP_CHARS], fields)


def _put(kind: str, value: str, fields: dict[str, str]) -> bool:
    value = value.strip()
    text = _TEXTS.get(kind)
    if text is not None:
        name, most, first_line = text
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]  # a printed OCTET STRING's quotes
        if first_line:
            value = value.strip().split("\n", 1)[0]
        value = value[:most]
        if value and name not in fields:
            fields[name] = value
            return True
        return False
    enterprise = _ENTERPRISES.match(value)
    dotted = f"1.3.6.1.4.1.{enterprise.group(1)}" if enterprise else None
    if dotted is None and (plain := _DOTTED.match(value)):
        dotted = plain.group(1)
    if dotted and "snmp.sysobjectid" not in fields:
        fields["snmp.sysobjectid"] = dotted
        return True
    return False
