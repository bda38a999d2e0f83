"""Camera makers' own mDNS announcements, and the MAC inside an announced IPv6 address (helper-129, 2026-12-04).

The Hikvision answers are the four cameras' `_CGI._tcp` answers github:128keaton/hikvision-mdns keeps in
test/cameras.json@8118850983d8 (instance, TXT, SRV, A and AAAA records as captured), rebuilt byte by byte with
tests/mdns_wire.py. The Arecont service type is the one julienblitte/UniversalScanner's Arecont.cs browses; the other
answers are invented in RFC 6762/6763's layout and say so.
"""

from __future__ import annotations

import ipaddress
import json
import struct
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from tests import mdns_wire as w

from camaudit.identify import identify
from camaudit.importers import shodan
from camaudit.model import Identity, Observation, is_video_device
from camaudit.protocols import mdns

AAAA = 28


def aaaa(owner: str, address: str) -> bytes:
    return w.record(owner, AAAA, ipaddress.IPv6Address(address).packed)


def hikvision_answer(model: str, serial: str, address: str, link_local: str) -> bytes:
    """One camera's answer as hikvision-mdns captured it: PTR, then TXT, SRV, A and two AAAA as additionals."""
    instance = f"HIKVISION {model} - {serial[-9:]}|_CGI|_tcp|local"
    host = f"{serial}|local"
    return w.response(
        w.ptr("_CGI|_tcp|local", instance),
        additionals=(
            w.txt(instance, "path=/"),
            w.srv(instance, 80, host),
            w.a(host, address),
            aaaa(host, "fd0e:2b24:7e05:1:" + link_local.split("::", 1)[1]),
            aaaa(host, link_local),
        ),
    )


CAPTURED = [
    ("DS-2CD2722FWD-IZS", "DS-2CD2722FWD-IZS20170321BBWR733050075", "10.0.1.164", "fe80::1a68:cbff:fe15:b284"),
    ("DS-2CD2722FWD-IZS", "DS-2CD2722FWD-IZS20170321BBWR733050127", "10.0.1.166", "fe80::1a68:cbff:fe15:b2b8"),
    ("DS-2CD2955FWD-IS", "DS-2CD2955FWD-IS20190709AAWR236286152", "10.0.1.215", "fe80::beba:c2ff:fe1f:9c67"),
    ("DS-2CD2722FWD-IZS", "DS-2CD2722FWD-IZS20170321BBWR733050169", "10.0.1.165", "fe80::1a68:cbff:fe15:b2e2"),
]


def heard(reply: bytes) -> tuple[dict[str, str], Identity]:
    fields = mdns.parse_reply(reply)
    assert fields, "the reply must be readable"
    obs = Observation("198.18.0.40", 5353, "udp", "mdns", "discover", "2026-12-04T21:00:00Z", fields)
    return fields, identify([obs])


def test_each_captured_hikvision_answer_names_hikvision_and_its_model() -> None:
    for model, serial, address, link_local in CAPTURED:
        fields, identity = heard(hikvision_answer(model, serial, address, link_local))
        assert fields["mdns.service"] == "_cgi._tcp"
        assert identity.manufacturer == "hikvision", serial
        assert identity.model == model, serial
        assert is_video_device(identity.device_type)
        assert "hikvision.mdns.instance.model-serial" in {e.rule_id for e in identity.evidence}


def test_the_link_local_address_gives_the_cameras_mac() -> None:
    fields, _ = heard(hikvision_answer(*CAPTURED[0]))
    # fe80::1a68:cbff:fe15:b284 -> interface identifier 1a68:cbff:fe15:b284 -> 0x1a ^ 0x02 = 0x18.
    assert fields["mdns.eui64_mac"] == "18:68:cb:15:b2:84"
    _, identity = heard(hikvision_answer(*CAPTURED[2]))
    assert "identifiers.mac.mdns-eui64" in {e.rule_id for e in identity.evidence}


def test_an_eui64_address_beside_a_camera_host_name_names_the_block_owner() -> None:
    # Invented: a camera that announces only its host, named by its owner, on an address formed from an Axis MAC
    # (AC:CC:8E:01:23:45 -> interface identifier aecc:8eff:fe01:2345).
    reply = w.response(w.a("garage-camera|local", "192.0.2.7"), additionals=(aaaa("garage-camera|local",
                                                                                   "fe80::aecc:8eff:fe01:2345"),))
    fields, identity = heard(reply)
    assert fields["mdns.eui64_mac"] == "ac:cc:8e:01:23:45"
    assert identity.device_type == "camera"
    assert identity.manufacturer == "axis"


def test_a_privacy_address_gives_no_mac() -> None:
    # Invented: RFC 4941 temporary and RFC 7217 stable addresses have no ff:fe in the middle.
    reply = w.response(w.a("laptop|local", "192.0.2.8"), additionals=(aaaa("laptop|local", "fe80::8c3a:41d2:9b7e:5f10"),))
    fields, _ = heard(reply)
    assert "mdns.eui64_mac" not in fields


def test_a_printer_announcing_an_eui64_address_stays_a_non_camera() -> None:
    # Invented in a network printer's layout; the MAC is in HP's block (3C:D9:2B), a maker of no cameras here.
    instance = "HP LaserJet Pro M404dn (12AB34)|_ipp|_tcp|local"
    reply = w.response(
        w.ptr("_ipp|_tcp|local", instance),
        additionals=(w.txt(instance, "ty=HP LaserJet Pro M404dn"), w.srv(instance, 631, "NPI12AB34|local"),
                     aaaa("NPI12AB34|local", "fe80::3ed9:2bff:fe12:ab34")),
    )
    fields, identity = heard(reply)
    assert fields["mdns.eui64_mac"] == "3c:d9:2b:12:ab:34"
    assert not is_video_device(identity.device_type)
    assert identity.manufacturer is None


def test_arecont_service_type_names_arecont() -> None:
    # Invented instance in the "<model>-<serial>" layout Arecont.cs reads; the service type is what it browses.
    instance = "AV2115DN-AV334455|_arec|_tcp|local"
    fields, identity = heard(w.response(w.ptr("_arec|_tcp|local", instance)))
    assert fields["mdns.service"] == "_arec._tcp"
    assert identity.manufacturer == "arecont"
    assert identity.device_type == "camera"


def test_the_discovery_query_asks_for_the_camera_types() -> None:
    query = mdns.build_query()
    for name in ("_CGI._tcp.local", "_arec._tcp.local", "_axis-video._tcp.local"):
        assert w.name(name.replace(".", "|"))[:-1] in query


def test_shodans_printed_addresses_give_the_same_mac(tmp_path: Path) -> None:
    # Shodan's mdns module lists each record as {name: value}; the values are the first captured camera's.
    banner = {
        "ip_str": "192.0.2.92", "port": 5353, "transport": "udp", "data": "",
        "mdns": {"answers": {"_CGI._tcp.local": "HIKVISION DS-2CD2722FWD-IZS - 733050075._CGI._tcp.local"},
                 "additionals": {"DS-2CD2722FWD-IZS20170321BBWR733050075.local": ["10.0.1.164",
                                                                                 "fe80::1a68:cbff:fe15:b284"]}},
    }
    path = tmp_path / "mdns.json"
    path.write_text(json.dumps(banner) + "\n", encoding="utf-8")
    (record,) = list(shodan.read(path))
    (obs,) = record.observations
    assert obs.fields["mdns.eui64_mac"] == "18:68:cb:15:b2:84"
    assert identify(record.observations).manufacturer == "hikvision"


@given(st.binary(min_size=6, max_size=6))
def test_every_unicast_mac_comes_back_from_its_modified_eui64(mac: bytes) -> None:
    # Built here as RFC 4291 Appendix A describes: flip the universal/local bit, put ff:fe in the middle.
    iid = bytes([mac[0] ^ 0x02]) + mac[1:3] + b"\xff\xfe" + mac[3:6]
    address = bytes.fromhex("fe80000000000000") + iid
    expected = "" if mac[0] & 0x01 or not any(mac) else ":".join(f"{b:02x}" for b in mac)
    assert mdns.eui64_mac(address) == expected


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=20))
def test_any_address_bytes_give_a_mac_or_nothing(address: bytes) -> None:
    mac = mdns.eui64_mac(address)
    assert mac == "" or (len(address) == 16 and address[11:13] == b"\xff\xfe" and len(mac) == 17)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=50) | st.sampled_from(["fe80::1a68:cbff:fe15:b284", "::ffff:1.2.3.4", "fe80::%eth0",
                                                          "2001:db8::ff:fe00:1", ":" * 40, "::"]), max_size=20))
def test_printed_values_never_raise(texts: list[str]) -> None:
    mac = mdns.address_eui64_mac(texts)
    assert mac == "" or len(mac) == 17


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=40), st.integers(min_value=0, max_value=40))
def test_an_aaaa_record_of_any_length_never_breaks_the_reader(rdata: bytes, length: int) -> None:
    # The record's stated length may disagree with its data: the reader reads 16 bytes or none, or refuses the reply.
    record = w.name("cam|local") + struct.pack("!HHIH", AAAA, 0x8001, 120, length) + rdata
    fields = mdns.parse_reply(w.response(w.a("cam|local", "192.0.2.9"), additionals=(record,)))
    assert fields is None or len(fields.get("mdns.eui64_mac", "x" * 17)) == 17


def matter_commissionable(device_type: int, name: str) -> bytes:
    """Invented: a Matter node open for commissioning, its TXT keys as connectedhomeip's advertiser writes them."""
    instance = "8F3A1C2B9D4E5F60|_matterc|_udp|local"
    return w.response(
        w.ptr("_matterc|_udp|local", instance),
        additionals=(w.txt(instance, "VP=65521+32769", f"DT={device_type}", f"DN={name}", "CM=1", "D=3840"),),
    )


def test_matter_camera_device_types_are_cameras_and_a_video_doorbell_an_intercom() -> None:
    for device_type in (322, 324, 325):  # Camera 0x0142, Floodlight Camera 0x0144, Snapshot Camera 0x0145
        fields, identity = heard(matter_commissionable(device_type, "Porch"))
        assert fields["mdns.txt.matterc.dt"] == str(device_type)
        assert identity.device_type == "camera", device_type
        assert identity.manufacturer is None and identity.brand is None
    _, doorbell = heard(matter_commissionable(323, "Front door"))  # Video Doorbell 0x0143
    assert doorbell.device_type == "intercom"
    assert "doorbell" in doorbell.capabilities


def test_matter_devices_without_video_are_not_typed_video() -> None:
    # Camera Controller 0x0147 (a screen showing cameras), Audio Doorbell 0x0141, Chime 0x0146, Doorbell 0x0148,
    # On/Off Light 0x0100 -- even named "Camera" by their owner.
    for device_type in (327, 321, 326, 328, 256):
        _, identity = heard(matter_commissionable(device_type, "Garage Camera"))
        assert not is_video_device(identity.device_type), device_type
