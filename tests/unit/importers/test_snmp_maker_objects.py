"""A printed walk's Hikvision HIK-DEVICE-MIB values (protocols/snmp_text.py ``MAKER_OBJECTS``): the model
(``deviceType.0``, 1.3.6.1.4.1.39165.1.1.0) and the firmware (``softwVersion.0``, 39165.1.3.0) a camera reports.

Real capture: github:librenms/librenms/tests/snmpsim/hikvision-cam.snmprec@8a1f2da217a1 (lines quoted as stored).
The net-snmp forms are the same objects as ``snmpwalk`` prints them with and without Hikvision's MIB loaded
(constructed from that walk; the DS-2CD2332-I and V5.2.0 values are those an Observium poller's comment quotes).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.importers.sniff import sniff
from camaudit.model import Identity, Observation
from camaudit.protocols.snmp_text import MAX_MAKER_VALUE_CHARS, MAX_WALK_CHARS, snmp_fields

LIBRENMS_HIKVISION_CAM = """1.3.6.1.4.1.39165.1.1.0|4|DS-2CD2185FWD-I
1.3.6.1.4.1.39165.1.3.0|4|V5.5.3 build 171025
1.3.6.1.4.1.39165.1.7.0|4|15 PERCENT
1.3.6.1.4.1.39165.1.8.0|4|0.0 GB
1.3.6.1.4.1.39165.1.9.0|4|0 PERCENT
1.3.6.1.4.1.39165.1.10.0|4|512 MB
1.3.6.1.4.1.39165.1.11.0|4|83 PERCENT
1.3.6.1.4.1.39165.1.21.0|4|H.264
1.3.6.1.4.1.39165.1.22.0|4|MJPEG
"""
# Constructed: the objects printed by snmpwalk with HIK-DEVICE-MIB loaded.
NAMED = """HIK-DEVICE-MIB::deviceType.0 = STRING: "DS-2CD2332-I"
HIK-DEVICE-MIB::hardwVersion.0 = STRING: "0"
HIK-DEVICE-MIB::softwVersion.0 = STRING: "V5.2.0 build 140721"
HIK-DEVICE-MIB::macAddr.0 = STRING: "aa-bb-cc-11-22-33"
"""
# Constructed: the same objects printed without the MIB (net-snmp's default) and numerically (-On).
UNLOADED = """SNMPv2-SMI::enterprises.39165.1.1.0 = STRING: "DS-2CD2185FWD-I"
SNMPv2-SMI::enterprises.39165.1.3.0 = STRING: "V5.5.3 build 171025"
"""
NUMERIC = """.1.3.6.1.4.1.39165.1.1.0 = STRING: "DS-2CD2185FWD-I"
.1.3.6.1.4.1.39165.1.3.0 = Hex-STRING: 56 35 2E 35 2E 33 20 62 75 69 6C 64 20 31 37 31 30 32 35
"""


def _identify(fields: dict[str, str]) -> Identity:
    return identify([Observation("192.0.2.1", 161, "udp", "snmp", "import", "2026-01-01T00:00:00Z", fields)])


@pytest.mark.parametrize(
    ("walk", "model", "firmware"),
    [
        (LIBRENMS_HIKVISION_CAM, "DS-2CD2185FWD-I", "V5.5.3 build 171025"),
        (NAMED, "DS-2CD2332-I", "V5.2.0 build 140721"),
        (UNLOADED, "DS-2CD2185FWD-I", "V5.5.3 build 171025"),
        (NUMERIC, "DS-2CD2185FWD-I", "V5.5.3 build 171025"),
    ],
    ids=["snmprec", "mib-loaded", "mib-unloaded", "numeric-hex"],
)
def test_a_hikvision_walk_gives_the_model_and_firmware_it_reports(walk: str, model: str, firmware: str) -> None:
    fields: dict[str, str] = {}
    assert sniff(walk, fields, port=161) == "snmp"
    assert fields["snmp.hik.device_type"] == model
    assert fields["snmp.hik.software_version"] == firmware
    identity = _identify(fields)
    assert identity.manufacturer == "hikvision"
    assert identity.model == model
    assert identity.firmware == firmware
    assert identity.device_type is not None and identity.device_type.value == "camera"


def test_other_objects_of_the_walk_give_no_value() -> None:
    fields: dict[str, str] = {}
    snmp_fields(LIBRENMS_HIKVISION_CAM + NAMED, fields)
    assert "15 PERCENT" not in fields.values() and "aa-bb-cc-11-22-33" not in fields.values()
    # The first line naming the object wins.
    assert fields["snmp.hik.device_type"] == "DS-2CD2185FWD-I"


def test_an_object_named_inside_a_value_is_not_read() -> None:
    fields: dict[str, str] = {}
    snmp_fields('SNMPv2-MIB::sysContact.0 = STRING: see 1.3.6.1.4.1.39165.1.1.0 = STRING: DS-2CD2185FWD-I\n', fields)
    assert "snmp.hik.device_type" not in fields


def test_another_makers_object_at_the_same_arcs_is_not_read() -> None:
    fields: dict[str, str] = {}
    snmp_fields("1.3.6.1.4.1.3916.1.1.0|4|DS-2CD2185FWD-I\n1.3.6.1.4.1.391650.1.1.0|4|X\n", fields)
    assert "snmp.hik.device_type" not in fields


def test_a_value_past_the_bound_is_dropped() -> None:
    fields: dict[str, str] = {}
    snmp_fields("1.3.6.1.4.1.39165.1.1.0|4|" + "A" * (MAX_MAKER_VALUE_CHARS + 1) + "\n", fields)
    assert "snmp.hik.device_type" not in fields


def test_an_empty_value_names_no_model_but_the_enterprise_still_names_hikvision() -> None:
    fields: dict[str, str] = {}
    snmp_fields('SNMPv2-SMI::enterprises.39165.1.1.0 = STRING: ""\n', fields)
    assert "snmp.hik.device_type" not in fields
    identity = _identify(fields)
    assert identity.manufacturer == "hikvision" and identity.model is None


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400), st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_hostile_values_never_raise_and_stay_bounded(noise: str, value: str) -> None:
    fields: dict[str, str] = {}
    text = f"{noise}\n1.3.6.1.4.1.39165.1.1.0|4|{value}\nHIK-DEVICE-MIB::softwVersion.0 = STRING: {value}\n{noise}"
    snmp_fields(text[:MAX_WALK_CHARS], fields)
    for name in ("snmp.hik.device_type", "snmp.hik.software_version"):
        if name in fields:
            assert 0 < len(fields[name]) <= MAX_MAKER_VALUE_CHARS
            assert "\n" not in fields[name] and fields[name].isprintable()
