"""What a walk's private subtrees and MIB modules say (rules/snmp.yaml, ``snmp.enterprises``/``snmp.mibs``): a
video maker's own MIB names the maker and types a video device; a multi-product maker's enterprise names it beside
other video evidence only; generic agents', printers' and network makers' subtrees say nothing.

Walks are real where they can be: LibreNMS's snmpsim captures of a Dahua recorder (dahua-nvr.snmprec@8d8c7a449990),
a Hikvision camera (hikvision-cam.snmprec@8a1f2da217a1) and a Brother printer (brother.snmprec@34cba3b9f4f0),
read through the Shodan importer as a scan file would carry them; the others are the subtrees as the importer
writes them (invented walks, said so)."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.importers import shodan
from camaudit.model import Identity, Observation

VIDEO_TYPES = {"camera", "video_device", "nvr", "dvr", "video_encoder", "intercom", "thermal_camera"}


def _obs(fields: dict[str, str], protocol: str = "snmp", port: int = 161) -> Observation:
    transport = "udp" if protocol == "snmp" else "tcp"
    return Observation("127.0.0.1", port, transport, protocol, "import", "2026-01-01T00:00:00Z", fields)


def walk_identity(data: str) -> Identity:
    """A walk as a Shodan record's ``data`` (port 161, module snmp), read by the importer and identified."""
    line = json.dumps({"ip_str": "192.0.2.5", "port": 161, "transport": "udp", "data": data,
                       "_shodan": {"module": "snmp"}})
    (record,) = shodan.read(io.BytesIO(line.encode()))
    return identify(record.observations)


# Dahua's recorder: the private objects only (the system group removed), so the subtree alone must tell.
DAHUA_PRIVATE = """1.3.6.1.4.1.1004849.2.1.1.1.0|4|3.212.0000.1
1.3.6.1.4.1.1004849.2.1.2.4.0|4|2M00D2APAZTL62J
1.3.6.1.4.1.1004849.2.1.2.8.0|2|1
1.3.6.1.6.3.10.2.1.3.0|2|246422
"""
HIKVISION_CAM = """1.3.6.1.4.1.39165.1.7.0|4|15 PERCENT
1.3.6.1.4.1.39165.1.21.0|4|H.264
1.3.6.1.4.1.39165.1.22.0|4|MJPEG
"""
BROTHER_PRINTER = """1.3.6.1.2.1.25.3.2.1.3.1|4|Brother MFC-L2710DW series
1.3.6.1.2.1.43.11.1.1.6.1.1|4|Black Toner Cartridge
1.3.6.1.4.1.11.2.3.9.4.2.1.1.3.3.0|4x|011555363439363948394E31393932340a3332
1.3.6.1.4.1.2435.2.4.3.1240.6.5.0|4|Firmware Ver.Q
"""


def test_a_recorders_walk_under_dahuas_mib_names_dahua_and_a_video_device() -> None:
    identity = walk_identity(DAHUA_PRIVATE)
    assert identity.manufacturer == "dahua"
    assert identity.device_type in VIDEO_TYPES
    assert [e.rule_id for e in identity.evidence] == ["dahua.snmp.enterprise.1004849"]


def test_the_same_walk_pasted_without_its_first_characters_still_names_dahua() -> None:
    # invented in net-snmp's unloaded-MIB form, eighteen channel rows of one table
    rows = "".join(f'SNMPv2-SMI::enterprises.1004849.2.10.1.2.1.2.{n} = STRING: "Connected"\n' for n in range(18))
    identity = walk_identity(rows[1:])
    assert (identity.manufacturer, identity.device_type) == ("dahua", "video_device")
    assert len(identity.evidence) == 1  # eighteen rows, one fact


def test_a_hikvision_cameras_walk_names_hikvision() -> None:
    identity = walk_identity(HIKVISION_CAM)
    assert (identity.manufacturer, identity.device_type) == ("hikvision", "video_device")


def test_a_printers_walk_names_no_maker_and_no_video_device() -> None:
    identity = walk_identity(BROTHER_PRINTER)
    assert identity.manufacturer is None and identity.brand is None
    assert identity.device_type not in VIDEO_TYPES


@pytest.mark.parametrize(
    "subtrees",
    [
        "8072.3\n2021.4",  # net-snmp's own agent and UCD: any Linux box
        "311.1",  # Microsoft's agent
        "14988.1",  # MikroTik RouterOS
        "6574.1\n6574.2",  # Synology DSM
        "318.1",  # APC UPS
        "9.9\n9.2",  # Cisco
        "20916.1",  # AVTECH Software's Room Alert, not the camera maker AVTECH
    ],
)
def test_generic_agents_and_other_trades_subtrees_claim_no_video_maker(subtrees: str) -> None:
    identity = identify([_obs({"snmp.enterprises": subtrees})])
    assert identity.manufacturer is None and identity.brand is None
    assert identity.device_type not in VIDEO_TYPES


def test_axis_enterprise_alone_waits_for_video_its_video_subtree_does_not() -> None:
    # Axis's print servers share enterprise 368; its video MIB is 368.4.
    alone = identify([_obs({"snmp.enterprises": "368.2"})])
    assert alone.manufacturer is None
    beside_video = identify([_obs({"snmp.enterprises": "368.2"}), _obs({"http.title": "Network Camera"}, "http", 80)])
    assert beside_video.manufacturer == "axis"
    video = identify([_obs({"snmp.enterprises": "368.4"})])
    assert (video.manufacturer, video.device_type) == ("axis", "video_device")


def test_sonys_enterprise_names_sony_beside_video_only() -> None:
    assert identify([_obs({"snmp.enterprises": "122.8501"})]).manufacturer is None
    beside = identify([_obs({"snmp.enterprises": "122.8501"}), _obs({"http.title": "Network Camera"}, "http", 80)])
    assert beside.manufacturer == "sony"


@pytest.mark.parametrize(
    ("modules", "maker"),
    [("HIK-DEVICE-MIB", "hikvision"), ("IF-MIB\nDAHUA-SNMP-MIB", "dahua"), ("AXIS-VIDEO-MIB", "axis"),
     ("BSS-RCP-MIB", "bosch")],
)
def test_a_makers_video_mib_module_names_it(modules: str, maker: str) -> None:
    identity = identify([_obs({"snmp.mibs": modules})])
    assert (identity.manufacturer, identity.device_type) == (maker, "video_device")


def test_standard_modules_say_nothing() -> None:
    identity = identify([_obs({"snmp.mibs": "IF-MIB\nHOST-RESOURCES-MIB\nUCD-SNMP-MIB\nPrinter-MIB\nAXIS-ROOT-MIB"})])
    assert identity.manufacturer is None and identity.device_type not in VIDEO_TYPES


def test_the_subtree_and_the_system_values_of_one_walk_are_one_witness() -> None:
    # sysObjectID under 1004849 and objects under 1004849.2 come from one agent's answer: one source, not two.
    both = identify([_obs({"snmp.sysobjectid": "1.3.6.1.4.1.1004849.3.2.10", "snmp.enterprises": "1004849.2"})])
    alone = identify([_obs({"snmp.sysobjectid": "1.3.6.1.4.1.1004849.3.2.10"})])
    assert both.manufacturer == alone.manufacturer == "dahua"
    assert both.confidence == alone.confidence


# Video makers' IANA numbers, as wireshark's copy of the registry lists them (helper-126): each names its maker and
# a video device by itself.
VIDEO_ONLY_ENTERPRISES = [
    ("21701", "mobotix"), ("25066", "pelco"), ("57501", "i-pro"), ("28106", "geutebrueck"), ("52116", "geutebrueck"),
    ("27344", "dallmeier"), ("34799", "acti"), ("36493", "idis"), ("36113", "iqinvision"), ("37614", "siqura"),
    ("51439", "videotec"), ("60913", "tiandy"), ("31758", "infinova"), ("30541", "exacq"),
]
# Makers with other trades: named beside other video evidence only.
MIXED_ENTERPRISES = [("39747", "uniview"), ("54999", "uniview"), ("54302", "everfocus"), ("20998", "honeywell"),
                     ("34674", "flir"), ("46861", "jvc")]


@pytest.mark.parametrize(("pen", "maker"), VIDEO_ONLY_ENTERPRISES)
def test_a_video_makers_registered_enterprise_names_it_in_a_walk_and_as_sysobjectid(pen: str, maker: str) -> None:
    walk = identify([_obs({"snmp.enterprises": f"8072.3\n{pen}.1"})])  # invented subtrees beside net-snmp's own
    assert walk.manufacturer == maker
    assert walk.device_type in VIDEO_TYPES
    sysobject = identify([_obs({"snmp.sysobjectid": f"1.3.6.1.4.1.{pen}.1.2"})])
    assert sysobject.manufacturer == maker
    assert sysobject.device_type in VIDEO_TYPES


def test_indigovisions_enterprise_names_the_brand_and_leaves_the_maker_to_the_oem_table() -> None:
    identity = identify([_obs({"snmp.enterprises": "29908.1"})])
    assert identity.brand == "indigovision"
    assert identity.device_type in VIDEO_TYPES


@pytest.mark.parametrize(("pen", "maker"), MIXED_ENTERPRISES)
def test_a_mixed_makers_enterprise_names_it_beside_video_only(pen: str, maker: str) -> None:
    alone = identify([_obs({"snmp.enterprises": f"{pen}.1"})])
    assert alone.brand is None and alone.manufacturer is None
    assert alone.device_type not in VIDEO_TYPES
    beside = identify([_obs({"snmp.enterprises": f"{pen}.1"}), _obs({"http.title": "Network Camera"}, "http", 80)])
    assert beside.brand == maker


@pytest.mark.parametrize(
    "pen",
    ["23408",  # 'Rhombus Systems Ltd.', registered long before the camera maker Rhombus existed
     "2101", "46894", "60733",  # other Hanwha companies (telecom, S&C, Solutions)
     "20092",  # 'Servicios de i-pro para competitividad', not i-PRO
     "45789",  # 'Vicon': Vicon Industries or Vicon Motion Systems, the registry does not say
     "396"],  # Panasonic's electrical-works company
)
def test_look_alike_registrations_name_no_maker(pen: str) -> None:
    identity = identify([_obs({"snmp.enterprises": f"{pen}.1"})])
    assert identity.brand is None and identity.manufacturer is None
    assert identity.device_type not in VIDEO_TYPES


_ARC = st.integers(min_value=0, max_value=99_999_999).map(str)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_ARC, st.one_of(st.none(), _ARC)), min_size=1, max_size=8))
def test_only_a_listed_enterprise_types_a_video_device(arcs: list[tuple[str, str | None]]) -> None:
    listed = {"39165", "50001", "1004849", "37496", "23465", "36849", "46202", "49984", "50565", "6530"} | {
        pen for pen, _ in VIDEO_ONLY_ENTERPRISES} | {"29908"}
    value = "\n".join(pen if arc is None else f"{pen}.{arc}" for pen, arc in arcs)
    identity = identify([_obs({"snmp.enterprises": value})])
    video_subtree = any(pen in listed or (pen == "368" and arc == "4") or (pen == "3967" and arc == "1")
                        for pen, arc in arcs)
    if not video_subtree:
        assert identity.device_type not in VIDEO_TYPES


def test_a_cohuhd_costar_subtree_names_costar() -> None:
    identity = identify([_obs({"snmp.enterprises": "8072.3\n50565.1"})])  # invented walk subtrees
    assert (identity.manufacturer, identity.device_type) == ("costar", "video_device")
