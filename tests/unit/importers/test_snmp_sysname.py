"""SNMP sysName.0 read as the device's own host name (helper-129, 2026-12-04).

sysName is what the agent calls its host (RFC 3418), a firmware's default until someone sets another: Hikvision's
recorders answer "dvrdvs" (their boot script's host name, layers/identifiers_hostnames.yaml hostname.hikvision-recorder),
AXIS OS "axis-<serial = MAC>" (VAPIX Network.HostName). It used to reach identify only as ``import.hostnames`` from
Shodan and Censys (another scanner's conclusion, capped); now every printed form gives ``snmp.sysname``, which the
host-name conventions read (``@hostname``) and the page-text layers do not: an owner's "CCTV-NVR-Core-Switch" names a
switch. The printed lines below are written in net-snmp's, snmpsim's and masscan's layouts, not captured.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.model import Identity, Observation, is_video_device
from camaudit.protocols.snmp_text import MAX_SYSNAME_CHARS, snmp_fields


def read(text: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    snmp_fields(text, fields)
    return fields


def seen(fields: dict[str, str]) -> Identity:
    return identify([Observation("192.0.2.95", 161, "udp", "snmp", "import", "2026-12-04T21:00:00Z", fields)])


def test_every_printed_form_of_sysname_is_read() -> None:
    for text in (
        'SNMPv2-MIB::sysName.0 = STRING: dvrdvs',
        'iso.3.6.1.2.1.1.5.0 = STRING: "dvrdvs"',
        ".1.3.6.1.2.1.1.5.0 = STRING: dvrdvs",
        "1.3.6.1.2.1.1.5.0|4|dvrdvs",
        "sysName:dvrdvs",
        "NMPv2-MIB::sysName.0 = STRING: dvrdvs",
    ):
        assert read(text).get("snmp.sysname") == "dvrdvs", text


def test_sysname_beside_sysdescr_keeps_each_value_in_its_field() -> None:
    fields = read(
        "SNMPv2-MIB::sysDescr.0 = STRING: Linux dvrdvs 3.0.8 #1 armv7l\n"
        "SNMPv2-MIB::sysObjectID.0 = OID: SNMPv2-SMI::enterprises.39165.1.1\n"
        "SNMPv2-MIB::sysName.0 = STRING: dvrdvs\n"
    )
    assert fields["snmp.sysname"] == "dvrdvs"
    assert fields["snmp.sysdescr"].startswith("Linux dvrdvs")
    assert fields["snmp.sysobjectid"] == "1.3.6.1.4.1.39165.1.1"


def test_a_hikvision_recorders_default_sysname_names_hikvision() -> None:
    identity = seen({"snmp.sysname": "dvrdvs", "snmp.sysdescr": "Linux 3.0.8 #1 armv7l"})
    assert identity.manufacturer == "hikvision"
    assert is_video_device(identity.device_type)


def test_an_axis_default_sysname_names_axis() -> None:
    identity = seen({"snmp.sysname": "axis-00408c18a2b7"})
    assert identity.manufacturer == "axis"
    assert is_video_device(identity.device_type)


def test_an_owners_switch_name_with_camera_words_types_nothing() -> None:
    sysdescr = "Cisco IOS Software, C2960 Software (C2960-LANBASEK9-M), Version 12.2(50)SE5, RELEASE SOFTWARE (fc1)"
    for name in ("CCTV-NVR-Core-Switch", "ip-camera-vlan-sw2", "Hikvision-cameras-floor3"):
        identity = seen({"snmp.sysname": name, "snmp.sysdescr": sysdescr})
        assert not is_video_device(identity.device_type), name
        assert identity.manufacturer is None, name


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_sysname_is_read_only_by_host_name_conventions(name: str) -> None:
    fields = read(f"SNMPv2-MIB::sysName.0 = STRING: {name}")
    value = fields.get("snmp.sysname", "")
    assert len(value) <= MAX_SYSNAME_CHARS and "\n" not in value
    identity = seen({"snmp.sysname": name[:MAX_SYSNAME_CHARS]}) if name.strip() else None
    if identity is not None:
        readers = {e.rule_id.split(".", 1)[0] for e in identity.evidence if e.field == "snmp.sysname"}
        assert not readers & {"words", "lexicon", "models"}, readers
