"""SNMP values printed hex-encoded, and the interfaces' hardware addresses of a walk (protocols/snmp_text.py).

snmpsim's recorder stores an OCTET STRING that is not plain printable text as hex (``|4x|``), and net-snmp prints
such a value as ``Hex-STRING: 53 41 4D ...``, sixteen bytes to a line; a camera's sysDescr with a trailing NUL or a
Latin-1 byte is stored so. The system values are decoded from both forms; a walk's ``ifPhysAddress`` rows give
``mac``.

Real captures (lines quoted as stored): a Samsung iPolis camera's walk, github:etingof/snmpsim-data/data/cameras/
samsung-ipolis.snmprec@f2f7f86782496e49b1de8b12ea52d8cc0cc84dc9; a CTS media converter's,
data/net/switch/cts-media-converter.snmprec@f2f7f86782496e49b1de8b12ea52d8cc0cc84dc9; a D-Link switch's,
data/net/switch/dlink-des3200.snmprec@f2f7f86782496e49b1de8b12ea52d8cc0cc84dc9 (rows of the same files as
tests/data/devreplies_fixtures.jsonl keeps). The net-snmp printouts are the same bytes printed the way ``snmpwalk``
prints a Hex-STRING (sixteen bytes a line), and say so.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.importers.sniff import sniff
from camaudit.model import Observation
from camaudit.protocols.snmp_text import snmp_fields

SAMSUNG_IPOLIS = """1.3.6.1.2.1.1.1.0|4x|53414d53554e472069506f6c697320482e323634205072656d69756d204c6576656c2049502043616d657261
1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.36849.1.2.64
1.3.6.1.2.1.1.3.0|67|17809953
1.3.6.1.2.1.1.4.0|4x|4d65203c6d6540736f6d6577686572652e6f72673e
1.3.6.1.2.1.1.5.0|4x|534e4f2d3730383452
1.3.6.1.2.1.1.6.0|4x|526967687420686572652c207269676874206e6f772e
1.3.6.1.2.1.1.8.0|67|1
1.3.6.1.2.1.2.2.1.2.1|4|lo
1.3.6.1.2.1.2.2.1.2.2|4|eth0
1.3.6.1.2.1.2.2.1.6.1|4|
1.3.6.1.2.1.2.2.1.6.2|4x|00166c9107b1
"""
# The CTS converter's sysName holds the Latin-1 byte 0xED: snmpsim stored it as hex.
CTS_CONVERTER = """1.3.6.1.2.1.1.1.0|4x|31302f313030204d6564696120436f6e766572746572
1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.9304
1.3.6.1.2.1.1.5.0|4x|4d43204b32202d20736b26233334353bed26233332383b
1.3.6.1.2.1.2.2.1.6.1|4|
1.3.6.1.2.1.2.2.1.6.2|4|
1.3.6.1.2.1.2.2.1.6.3|4x|7ccb0d040619
"""
# The same sysDescr bytes as net-snmp prints a Hex-STRING (sixteen a line, a space after each), sysName likewise,
# and the hardware address as net-snmp prints a PhysAddress (octets without their leading zero).
SAMSUNG_NETSNMP = "\n".join(
    [
        "SNMPv2-MIB::sysDescr.0 = Hex-STRING: 53 41 4D 53 55 4E 47 20 69 50 6F 6C 69 73 20 48 ",
        "2E 32 36 34 20 50 72 65 6D 69 75 6D 20 4C 65 76 ",
        "65 6C 20 49 50 20 43 61 6D 65 72 61 ",
        "SNMPv2-MIB::sysObjectID.0 = OID: SNMPv2-SMI::enterprises.36849.1.2.64",
        "SNMPv2-MIB::sysName.0 = STRING: SNO-7084R",
        "IF-MIB::ifPhysAddress.1 = STRING: ",
        "IF-MIB::ifPhysAddress.2 = STRING: 0:16:6c:91:7:b1",
        "",
    ]
)


def test_a_snmprec_walks_hex_values_are_read_as_the_text_they_hold() -> None:
    fields: dict[str, str] = {}
    assert sniff(SAMSUNG_IPOLIS, fields, port=161) == "snmp"
    assert fields["snmp.sysdescr"] == "SAMSUNG iPolis H.264 Premium Level IP Camera"
    assert fields["snmp.sysname"] == "SNO-7084R"
    assert fields["snmp.sysobjectid"] == "1.3.6.1.4.1.36849.1.2.64"


def test_net_snmps_hex_string_over_several_lines_gives_the_same_text() -> None:
    fields: dict[str, str] = {}
    snmp_fields(SAMSUNG_NETSNMP, fields)
    assert fields["snmp.sysdescr"] == "SAMSUNG iPolis H.264 Premium Level IP Camera"
    assert fields["snmp.sysname"] == "SNO-7084R"


def test_a_value_that_is_no_utf8_is_read_byte_for_byte() -> None:
    fields: dict[str, str] = {}
    snmp_fields(CTS_CONVERTER, fields)
    assert fields["snmp.sysdescr"] == "10/100 Media Converter"
    assert fields["snmp.sysname"] == "MC K2 - sk&#345;\u00ed&#328;"


def test_a_nul_and_other_control_bytes_are_dropped_from_a_hex_value() -> None:
    # invented: "IPC\0" and "Cam\x07era" as a recorder would store them
    fields: dict[str, str] = {}
    snmp_fields("1.3.6.1.2.1.1.1.0|4x|49504300\n1.3.6.1.2.1.1.5.0|4x|43616d07657261\n", fields)
    assert fields == {"snmp.sysdescr": "IPC", "snmp.sysname": "Camera"}


def test_a_hex_string_that_is_no_hex_is_kept_as_printed() -> None:
    fields: dict[str, str] = {}
    snmp_fields("SNMPv2-MIB::sysDescr.0 = Hex-STRING: Camera firmware 2.1\n", fields)
    assert fields["snmp.sysdescr"] == "Camera firmware 2.1"


def test_the_first_hardware_address_that_names_a_card_is_the_walks_mac() -> None:
    for text, mac in ((SAMSUNG_IPOLIS, "00:16:6c:91:07:b1"), (SAMSUNG_NETSNMP, "00:16:6c:91:07:b1"),
                      (CTS_CONVERTER, "7c:cb:0d:04:06:19")):
        fields: dict[str, str] = {}
        snmp_fields(text, fields)
        assert fields["mac"] == mac


def test_zero_group_and_unprintable_addresses_give_no_mac() -> None:
    # invented rows: all zeros (a VLAN interface), a multicast address, and raw bytes a walk printed as text
    walk = ("1.3.6.1.2.1.1.1.0|4|Switch\n1.3.6.1.2.1.2.2.1.6.1024|4x|000000000000\n"
            "1.3.6.1.2.1.2.2.1.6.5|4x|01005e000001\n1.3.6.1.2.1.2.2.1.6.1|4|\u00ac\u00b7O\\\n")
    fields: dict[str, str] = {}
    snmp_fields(walk, fields)
    assert "mac" not in fields


def test_the_camera_is_recognised_from_its_decoded_walk() -> None:
    # End to end: the walk names the camera and its maker only once its hex values are read (the label of
    # tests/data/devreplies_fixtures.jsonl line 3 says Samsung Techwin, now Hanwha Vision).
    fields: dict[str, str] = {}
    sniff(SAMSUNG_IPOLIS, fields, port=161)
    identity = identify([Observation(ip="198.18.210.3", port=161, transport="udp", protocol="snmp", source="import",
                                     seen_at="2026-12-05T00:00:00Z", fields=fields)])
    assert identity.device_type in {"camera", "video_device"}
    assert identity.manufacturer == "hanwha"


_HEXISH = st.text(alphabet="0123456789abcdefABCDEF \t", max_size=300)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=2000), _HEXISH, st.sampled_from(["4x", "4", "6", "6x", "Hex-STRING", "STRING"]))
def test_hostile_walk_text_never_raises_and_any_mac_is_normalised(noise: str, hexish: str, kind: str) -> None:
    if kind.endswith("STRING"):
        text = f"SNMPv2-MIB::sysDescr.0 = {kind}: {hexish}\n{noise}\nIF-MIB::ifPhysAddress.2 = {kind}: {hexish}\n"
    else:
        text = f"1.3.6.1.2.1.1.1.0|{kind}|{hexish}\n{noise}\n1.3.6.1.2.1.2.2.1.6.2|{kind}|{hexish}\n"
    fields: dict[str, str] = {}
    snmp_fields(text, fields)
    mac = fields.get("mac")
    assert mac is None or (len(mac) == 17 and mac == mac.lower() and mac.count(":") == 5)
    if kind == "4x":  # a snmprec hex value is hex or nothing; a Hex-STRING that is no hex is kept as printed
        assert all(ch.isprintable() or ch == "\n" for ch in fields.get("snmp.sysdescr", ""))
