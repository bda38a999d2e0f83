"""A printed SNMP walk read whole (protocols/snmp_text.py): the private subtrees (enterprise number and the arc
below it) and the MIB modules of its objects, each once, from every printed form, within bounds.

Real captures: the Dahua recorder walk is github:librenms/librenms/tests/snmpsim/dahua-nvr.snmprec@8d8c7a449990,
the Hikvision camera walk tests/snmpsim/hikvision-cam.snmprec@8a1f2da217a1, the Brother printer walk
tests/snmpsim/brother.snmprec@34cba3b9f4f0 (lines quoted as stored there; the net-snmp forms of the Hikvision walk
are the same objects printed as ``snmpwalk`` prints them, and say so where used). Texts marked "invented" are
made up for the case they test.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.importers.base import MAX_FIELD_CHARS
from camaudit.importers.sniff import sniff
from camaudit.protocols.snmp_text import MAX_WALK_CHARS, MAX_WALK_NAMES, snmp_fields, walk_fields

DAHUA_NVR = """1.3.6.1.2.1.1.1.0|4|DH-NVR4108HS-8P-4KS2
1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.1004849.3.2.10
1.3.6.1.2.1.1.3.0|67|24641813
1.3.6.1.2.1.2.2.1.2.2|4|eth0
1.3.6.1.2.1.2.2.1.6.2|4x|3cef8c084e1e
1.3.6.1.4.1.1004849.2.1.1.1.0|4|3.212.0000.1
1.3.6.1.4.1.1004849.2.1.2.4.0|4|2M00D2APAZTL62J
1.3.6.1.4.1.1004849.2.1.2.6.0|4|DH-NVR4108HS-8P-4KS2
1.3.6.1.4.1.1004849.2.1.2.8.0|2|1
1.3.6.1.4.1.1004849.2.1.3.0|2|6
1.3.6.1.6.3.10.2.1.3.0|2|246422
"""
HIKVISION_CAM = """1.3.6.1.4.1.39165.1.1.0|4|DS-2CD2185FWD-I
1.3.6.1.4.1.39165.1.3.0|4|V5.5.3 build 171025
1.3.6.1.4.1.39165.1.7.0|4|15 PERCENT
1.3.6.1.4.1.39165.1.21.0|4|H.264
1.3.6.1.4.1.39165.1.22.0|4|MJPEG
"""
BROTHER_PRINTER = """1.3.6.1.2.1.1.1.0|4|Brother NC-8300h, Firmware Ver.1.14  (14.11.06),MID 8C5-F01,FID 2
1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.2435.2.3.9.1
1.3.6.1.2.1.25.3.2.1.3.1|4|Brother MFC-L2710DW series
1.3.6.1.2.1.43.11.1.1.6.1.1|4|Black Toner Cartridge
1.3.6.1.4.1.11.2.3.9.4.2.1.1.3.3.0|4x|011555363439363948394E31393932340a3332
1.3.6.1.4.1.2435.2.3.9.1.1.7.0|4|MFG:Brother;CMD:HBP,PJL,PCL,PCLXL,POSTSCRIPT;MDL:MFC-8440;CLS:PRINTER;
1.3.6.1.4.1.2435.2.4.3.1240.6.5.0|4|Firmware Ver.Q
"""


def test_a_snmprec_walk_gives_its_system_values_and_each_private_subtree_once() -> None:
    fields: dict[str, str] = {}
    assert sniff(DAHUA_NVR, fields, port=161) == "snmp"
    assert fields == {
        "snmp.sysdescr": "DH-NVR4108HS-8P-4KS2",
        "snmp.sysobjectid": "1.3.6.1.4.1.1004849.3.2.10",
        # five objects under 1004849.2, one fact; the value OID of sysObjectID and 1.3.6.1.6.3 are no subtree
        "snmp.enterprises": "1004849.2",
        # eth0's ifPhysAddress (snmprec's hex form): the recorder's card, in Dahua's IEEE block
        "mac": "3c:ef:8c:08:4e:1e",
    }


def test_every_printed_form_of_the_same_walk_gives_the_same_subtree() -> None:
    # The Hikvision camera's objects as snmprec stores them and as net-snmp prints them without MIBs, with -On,
    # with the iso prefix, and as a paste that lost its first characters.
    forms = {
        "snmprec": HIKVISION_CAM,
        "no MIB": 'SNMPv2-SMI::enterprises.39165.1.1.0 = STRING: "DS-2CD2185FWD-I"\n'
                  'SNMPv2-SMI::enterprises.39165.1.3.0 = STRING: "V5.5.3 build 171025"\n',
        "-On": '.1.3.6.1.4.1.39165.1.1.0 = STRING: "DS-2CD2185FWD-I"\n',
        "iso": 'iso.3.6.1.4.1.39165.1.1.0 = STRING: "DS-2CD2185FWD-I"\n',
        "cut paste": 'MPv2-SMI::enterprises.39165.1.1.0 = STRING: "DS-2CD2185FWD-I"\n',
        "cut -On": '3.6.1.4.1.39165.1.1.0 = STRING: "DS-2CD2185FWD-I"\n',
    }
    for name, text in forms.items():
        fields: dict[str, str] = {}
        assert sniff(text, fields, port=161) == "snmp", name
        assert fields["snmp.enterprises"] == "39165.1", name


def test_module_names_are_kept_once_and_the_unloaded_placeholder_is_not_a_module() -> None:
    text = ('HIK-DEVICE-MIB::deviceType.0 = STRING: "DS-2CD2185FWD-I"\n'  # invented in net-snmp's named form
            'HIK-DEVICE-MIB::softwVersion.0 = STRING: "V5.5.3 build 171025"\n'
            'IF-MIB::ifDescr.1 = STRING: eth0\n'
            'SNMPv2-SMI::enterprises.2021.4.5.0 = INTEGER: 1024\n')
    fields: dict[str, str] = {}
    assert walk_fields(text, fields)
    assert fields["snmp.mibs"].split("\n") == ["HIK-DEVICE-MIB", "IF-MIB"]
    assert fields["snmp.enterprises"] == "2021.4"


def test_an_oid_or_digits_inside_a_value_is_no_subtree_of_the_agent() -> None:
    text = ('.1.3.6.1.2.1.1.2.0 = OID: .1.3.6.1.4.1.39165.1.1\n'  # invented: values naming a maker's tree
            '.1.3.6.1.2.1.1.5.0 = STRING: "1.3.6.1.4.1.1004849.2.1"\n'
            '.1.3.6.1.2.1.2.2.1.2.1 = STRING: "enterprises.368.4 link"\n')
    fields: dict[str, str] = {}
    walk_fields(text, fields)
    assert "snmp.enterprises" not in fields


def test_a_printers_walk_gives_its_own_makers_subtrees_only() -> None:
    fields: dict[str, str] = {}
    assert sniff(BROTHER_PRINTER, fields, port=161) == "snmp"
    assert fields["snmp.enterprises"].split("\n") == ["11.2", "2435.2"]


def test_the_enterprises_of_a_long_walk_come_after_its_mib_2_tables() -> None:
    # invented: 4000 interface-table lines (about 150 KB) before the private subtree, as a whole walk orders them
    table = "".join(f".1.3.6.1.2.1.2.2.1.10.{n} = Counter32: {n * 7}\n" for n in range(4000))
    text = table + '.1.3.6.1.4.1.1004849.2.1.2.6.0 = STRING: "DH-NVR4108HS-8P-4KS2"\n'
    assert len(table) < MAX_WALK_CHARS
    fields: dict[str, str] = {}
    walk_fields(text, fields)
    assert fields["snmp.enterprises"] == "1004849.2"


def test_distinct_subtrees_are_capped() -> None:
    text = "".join(f"1.3.6.1.4.1.{pen}.1.0|4|x\n" for pen in range(1000, 1100))  # invented
    fields: dict[str, str] = {}
    walk_fields(text, fields)
    kept = fields["snmp.enterprises"].split("\n")
    assert len(kept) == MAX_WALK_NAMES
    assert kept[:2] == ["1000.1", "1001.1"]


def test_a_text_that_is_no_walk_gives_no_subtree() -> None:
    for text in ("the system is up", "version 3.6.1.4.1 released", "see RFC 1155: enterprises.", "C++::std"):
        fields: dict[str, str] = {}
        walk_fields(text, fields)
        assert "snmp.enterprises" not in fields and "snmp.mibs" not in fields


_WALKISH = st.lists(
    st.one_of(
        st.text(max_size=80),
        st.sampled_from(["SNMPv2-SMI::enterprises.", "iso.3.6.1.4.1.", ".1.3.6.1.4.1.", "1.3.6.1.4.1.", "|4|",
                         " = STRING: ", "::", "-MIB::", "\n", "9" * 40, ".", "enterprises"]),
        st.integers(min_value=0, max_value=10**12).map(str),
    ),
    max_size=60,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_WALKISH)
def test_any_text_reads_without_error_and_every_kept_arc_is_numbers(text: str) -> None:
    fields: dict[str, str] = {}
    snmp_fields(text, fields)
    for line in fields.get("snmp.enterprises", "").split("\n") if "snmp.enterprises" in fields else []:
        pen, _, arc = line.partition(".")
        assert pen.isdigit() and len(pen) <= 10 and (not arc or (arc.isdigit() and len(arc) <= 10))
    for name in ("snmp.enterprises", "snmp.mibs"):
        if name in fields:
            assert len(fields[name].split("\n")) <= MAX_WALK_NAMES
            assert len(fields[name]) <= MAX_FIELD_CHARS


@settings(max_examples=20, deadline=None)
@given(st.sampled_from(["1.3.6.1.4.1.", "SNMPv2-SMI::enterprises.", "A::", "9" * 11, ". = ", "|4|"]))
def test_hostile_repetition_is_bounded(piece: str) -> None:
    fields: dict[str, str] = {}
    snmp_fields(piece * 200_000, fields)  # megabytes of one fragment: read up to the bound, never raises
    assert len(fields.get("snmp.enterprises", "")) <= MAX_FIELD_CHARS


def test_the_walk_fixture_a_scan_file_carries() -> None:
    # tests/data/importers/shodan_snmp_walks.jsonl: line 1 is LibreNMS's Dahua NVR snmprec (dahua-nvr.snmprec,
    # some mib-2 rows left out); line 2 is the Hikvision camera's objects (hikvision-cam.snmprec) printed by name
    # as net-snmp prints them with HIK-DEVICE-MIB loaded (the names from that MIB; the printing is ours).
    from pathlib import Path

    from camaudit.importers import shodan

    path = Path(__file__).resolve().parents[2] / "data" / "importers" / "shodan_snmp_walks.jsonl"
    dahua, hikvision = (record.observations[0] for record in shodan.read(path))
    assert (dahua.protocol, dahua.fields["snmp.enterprises"]) == ("snmp", "1004849.2")
    assert dahua.fields["snmp.sysdescr"] == "DH-NVR4108HS-8P-4KS2"
    assert (hikvision.protocol, hikvision.fields["snmp.mibs"]) == ("snmp", "HIK-DEVICE-MIB")
