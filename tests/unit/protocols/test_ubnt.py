"""Ubiquiti's discovery protocol (UDP 10001): a UniFi camera's answer names Ubiquiti, the camera and its model and
firmware; a UniFi Protect accessory that is no camera stays no camera; hostile datagrams give nothing and raise
nothing.

The two answers are captures kept by github:uilibs/unifi-discovery tests/test_init.py@0cc3c63f23d6 (a UVC G4 Pro named
"Gate", and the UniFi Protect UAP bridge), copied byte for byte as public test vectors.
"""

from __future__ import annotations

import struct

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.model import Observation
from camaudit.protocols import ubnt
from camaudit.protocols.discovery import classify
from camaudit.scan.discovery import runner

G4_PRO = (
    b"\x01\x00\x00\x8e\x02\x00\n\xe0c\xda\x00^\x08\xc0\xa8\xd4\x01\x01\x00\x06\xe0c\xda\x00^\x08\n\x00\x04\x00\x13\xe60"
    b"\x0b\x00\x04Gate\x0c\x00\nUVC G4 Pro\x17\x00\x04\x00\x00\x00\x00\x03\x00'UVC.S5L.v4.46.18.67.ceacbaa.211202.1017"
    b"\x10\x00\x02c\xa5 \x00$32f695ba-835b-5822-bc54-e290e1789ff1"
)
PROTECT_BRIDGE = (
    b"\x01\x00\x00\xa5\x01\x00\x06$ZLu\xba\xe6\x02\x00\n$ZLu\xba\xe6\xc0\xa8\xd5/\x03\x001UFP-UAP-B.MT7622_SOC.v0.4.0.4"
    b".340d302.220106.0349\x04\x00\x04\xc0\xa8\xd5/\x05\x00\x06$ZLu\xba\xe6\n\x00\x04\x00\x0c\xda/\x0b\x00\x11Alexander"
    b"TechRoom\x0c\x00\tUFP-UAP-B\x10\x00\x02\xa6 \x14\x00\x18Unifi-Protect-UAP-Bridge\x17\x00\x01\x00"
)


def _observe(fields: dict[str, str]) -> Observation:
    return Observation("198.18.0.30", ubnt.UBNT_PORT, "udp", "ubnt", "discover", "2026-12-05T00:00:00Z", fields)


def test_a_unifi_camera_answer_gives_its_platform_firmware_host_and_mac() -> None:
    assert ubnt.parse_reply(G4_PRO) == {
        "mac": "e0:63:da:00:5e:08",
        "ubnt.hostname": "Gate",
        "ubnt.platform": "UVC G4 Pro",
        "ubnt.firmware": "UVC.S5L.v4.46.18.67.ceacbaa.211202.1017",
    }


def test_a_unifi_camera_is_a_ubiquiti_camera_with_its_model_and_firmware() -> None:
    identity = identify([_observe(ubnt.parse_reply(G4_PRO) or {})])
    assert (identity.manufacturer, identity.device_type) == ("ubiquiti", "camera")
    assert identity.model == "UVC G4 Pro"
    assert identity.firmware == "UVC.S5L.v4.46.18.67.ceacbaa.211202.1017"


def test_the_protect_bridge_is_no_video_device_though_its_model_says_unifi_protect() -> None:
    fields = ubnt.parse_reply(PROTECT_BRIDGE) or {}
    assert fields["ubnt.model"] == "Unifi-Protect-UAP-Bridge"
    assert fields["ubnt.platform"] == "UFP-UAP-B"
    identity = identify([_observe(fields)])
    assert identity.device_type == "not_camera"


def test_discovery_asks_and_reads_the_protocol() -> None:
    assert ubnt.build_probe() == b"\x01\x00\x00\x00"
    assert ("ubnt", "255.255.255.255", 10001) in runner.PROBES
    protocol, parsed = classify(G4_PRO, 10001)
    assert protocol == "ubnt" and parsed and parsed[0]["ubnt.platform"] == "UVC G4 Pro"
    # Our own request (or another scanner's) heard on the port is no answer.
    assert classify(ubnt.build_probe(), 10001) == ("ubnt", [])


def test_other_versions_commands_and_cut_records() -> None:
    assert ubnt.parse_reply(b"\x01\x06\x00\x05\x0c\x00\x02ab") is None  # version 1 answers with command 0
    assert ubnt.parse_reply(b"\x03\x00\x00\x05\x0c\x00\x02ab") is None
    # A version 2 answer numbers its records otherwise: 0x15 the product name, 0x16 the version.
    v2 = b"\x02\x06\x00\x13\x15\x00\x04UNVR\x16\x00\x065.1.80" + b"\x0c\x00\x00"
    assert ubnt.parse_reply(v2) == {"ubnt.product": "UNVR", "ubnt.version": "5.1.80"}
    # A record whose length runs past the datagram ends the read; what came before is kept.
    cut = b"\x01\x00\x00\x20\x0c\x00\x04Gate\x14\x00\xff" + b"x" * 10
    assert ubnt.parse_reply(cut) == {"ubnt.platform": "Gate"}
    # A group or all-zero hardware address is no MAC; a reply with nothing but a MAC says nothing.
    assert ubnt.parse_reply(b"\x01\x00\x00\x09\x01\x00\x06\x01\x00\x5e\x00\x00\x01") is None
    assert ubnt.parse_reply(b"\x01\x00\x00\x09\x01\x00\x06\xe0c\xda\x00^\x08") is None


def test_values_are_cut_and_control_characters_blanked() -> None:
    value = b"UVC\x00G4\r\nPro" + b"x" * 600
    reply = b"\x01\x00" + struct.pack("!H", 3 + len(value)) + b"\x0c" + struct.pack("!H", len(value)) + value
    fields = ubnt.parse_reply(reply) or {}
    assert fields["ubnt.platform"].startswith("UVC G4 Pro")
    assert len(fields["ubnt.platform"]) == ubnt.MAX_TEXT


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2048))
def test_random_datagrams_never_raise(data: bytes) -> None:
    fields = ubnt.parse_reply(data)
    assert fields is None or all(len(v) <= ubnt.MAX_TEXT for v in fields.values())


_RECORD = st.tuples(st.integers(0, 255), st.binary(max_size=300)).map(
    lambda kv: bytes([kv[0]]) + struct.pack("!H", len(kv[1])) + kv[1]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_RECORD, max_size=100), st.integers(0, 0xFFFF))
def test_any_well_framed_answer_reads_boundedly(records: list[bytes], claimed: int) -> None:
    payload = b"".join(records)
    fields = ubnt.parse_reply(b"\x01\x00" + struct.pack("!H", claimed) + payload) or {}
    assert set(fields) <= {"mac", "ubnt.firmware", "ubnt.hostname", "ubnt.platform", "ubnt.model"}
    assert all(len(v) <= ubnt.MAX_TEXT and not any(ord(c) < 32 for c in v) for v in fields.values())
