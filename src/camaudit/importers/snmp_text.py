"""SNMP system values as tools print them, read into ``snmp.sysdescr`` / ``snmp.sysobjectid``.

Two printed forms reach the importers:

* net-snmp's ``snmpget``/``snmpwalk`` output, which collectors keep as a reply text:
  ``SNMPv2-MIB::sysDescr.0 = STRING: Linux ...``, ``iso.3.6.1.2.1.1.1.0 = STRING: "..."``,
  ``.1.3.6.1.2.1.1.2.0 = OID: .1.3.6.1.4.1.39165.1.1`` (numeric with ``-On``);
* masscan's ``snmp`` banner (``src/proto-snmp.c``, ``snmp_banner``): one ``<name>:<value>`` line per varbind,
  the name from its MIB table (``sysDescr:...``, ``sysObjectID:...``).

sysObjectID is kept only when it is a dotted number (net-snmp's symbolic ``SNMPv2-SMI::enterprises.39165``
is turned into ``1.3.6.1.4.1.39165``; masscan's own short names are not guessed at).
"""

from __future__ import annotations

import re

from camaudit.importers.base import MAX_FIELD_CHARS

#: The start of sysDescr.0 / sysObjectID.0 as each printed form names them.
_NETSNMP = re.compile(
    r"^(?:SNMPv2-MIB::|RFC1213-MIB::)?(?:iso|\.?1)?\.?(?:3\.6\.1\.2\.1\.1\.([12])\.0|sys(Descr|ObjectID)\.0)"
    r"[ \t]*=[ \t]*(?:STRING|OID|Hex-STRING)?:?[ \t]*(.{0,4096})$",
    re.MULTILINE,
)
_MASSCAN = re.compile(r"^sys(Descr|ObjectID):(.{0,4096})$", re.MULTILINE)
_ENTERPRISES = re.compile(r"^(?:SNMPv2-SMI::enterprises|iso\.3\.6\.1\.4\.1|\.?1\.3\.6\.1\.4\.1)\.([0-9.]{1,200})$")
_DOTTED = re.compile(r"^\.?([0-9]{1,10}(?:\.[0-9]{1,10}){1,60})$")
#: How much of a text is looked at.
MAX_SNMP_CHARS = 16 * 1024


def snmp_fields(text: str, fields: dict[str, str]) -> bool:
    """Fill ``snmp.sysdescr``/``snmp.sysobjectid`` from printed SNMP output in ``text``; True if any was found."""
    head = text[:MAX_SNMP_CHARS]
    found = False
    for match in _NETSNMP.finditer(head):
        kind = "descr" if (match.group(1) == "1" or match.group(2) == "Descr") else "oid"
        found |= _put(kind, match.group(3), fields)
    for match in _MASSCAN.finditer(head):
        found |= _put("descr" if match.group(1) == "Descr" else "oid", match.group(2), fields)
    return found


def snmp_value(kind: str, value: object, fields: dict[str, str]) -> bool:
    """One system value a tool parsed already (Shodan's ``snmp`` module): ``kind`` ``"descr"`` fills
    ``snmp.sysdescr``, ``"oid"`` fills ``snmp.sysobjectid`` when the value is (or names) a dotted OID.
    Anything but text is ignored; a field already set is kept. True if a field was filled."""
    if not isinstance(value, str):
        return False
    return _put(kind, value[:MAX_SNMP_CHARS], fields)


def _put(kind: str, value: str, fields: dict[str, str]) -> bool:
    value = value.strip()
    if kind == "descr":
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        if value and "snmp.sysdescr" not in fields:
            fields["snmp.sysdescr"] = value[:MAX_FIELD_CHARS]
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
