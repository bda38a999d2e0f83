"""Discovery replies replayed as a capture name their makers, exactly as live discovery would.

Each reply travels in a UDP datagram written by scapy: from the protocol's port (as devices answer), to it
(as a relayed or replayed reply may arrive), or between two unrelated ports (the payload alone must say
what it is). The passive result must equal what ``identify`` makes of the same reply read by live
discovery's parser, and name the maker the reply itself states.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest
from scapy.layers.inet import IP, UDP
from scapy.layers.l2 import Ether, Loopback
from scapy.packet import Raw
from scapy.utils import PcapWriter
from tests.conftest import SHARED_DATA, require
from tests.unit.discovery.wsd_answers import DAHUA_LAYOUT_MATCH, DAHUA_LAYOUT_TABLE

from camaudit.identify import identify
from camaudit.model import Observation
from camaudit.passive.localnet import LocalNets
from camaudit.passive.run import PassiveOptions, analyse
from camaudit.protocols import dhip
from camaudit.protocols.discovery import classify

DEVICE_IP = "192.168.1.108"
CLIENT_IP = "192.168.1.20"
#: Locally administered, so the Ethernet address itself names no maker: the payload has to.
FRAME_MAC = "02:00:00:00:01:08"

# Shapes and values from protocols.md §1.1 (a SADP capture quoted in public code), §2.2 and §5.
SADP = (b'<?xml version="1.0" encoding="UTF-8"?>\r\n<ProbeMatch>\r\n<Uuid>11223344-5566-7788-9900-112233445566</Uuid>'
        b"\r\n<Types>inquiry</Types>\r\n<DeviceType>142378</DeviceType>\r\n<DeviceDescription>DS-2CD2320D-I"
        b"</DeviceDescription>\r\n<DeviceSN>DS-2CD2320D-I20180919AACHC52932642</DeviceSN>\r\n<CommandPort>8000"
        b"</CommandPort>\r\n<MAC>44-47-cc-37-ce-81</MAC>\r\n<SoftwareVersion>V5.5.6build 180326</SoftwareVersion>"
        b"\r\n<HCPlatformEnable>flase</HCPlatformEnable>\r\n</ProbeMatch>\r\n")
XMEYE = struct.pack("<BBHIIHHI", 255, 0, 0, 0, 0, 0, 1531, 0) + json.dumps(
    {"NetWork.NetCommon": {"HostIP": "0x6C01A8C0", "MAC": "00:12:31:aa:bb:cc", "SN": "1f3f8c1d6e42a2d9",
                           "TCPPort": 34567}, "Ret": 100}).encode()


def _capture(path: Path, payload: bytes, sport: int, dport: int) -> Path:
    with PcapWriter(str(path), linktype=1, sync=True) as writer:
        packet = (Ether(src=FRAME_MAC, dst="ff:ff:ff:ff:ff:ff") / IP(src=DEVICE_IP, dst=CLIENT_IP)
                  / UDP(sport=sport, dport=dport) / Raw(payload))
        packet.time = 1_764_590_400
        writer.write(packet)
    return path


def _shared_dhip() -> bytes:
    source = SHARED_DATA / "dahua" / "real_announcement_IPC-B54IR-Z4E-S3.json"
    require(source.is_file(), "../shared/data/dahua is not present beside this checkout")
    return dhip.frame(json.dumps(json.loads(source.read_text())).encode())


def _shared_wsd() -> bytes:
    source = SHARED_DATA / "wsdiscovery" / "probe_response.xml"
    require(source.is_file(), "../shared/data/wsdiscovery is not present beside this checkout")
    return source.read_bytes()


# The answer to a Resolve (WS-Discovery 2005/04's ResolveMatches: the ProbeMatch's description), written for this test
# in the specification's shape; the ONVIF types and scope and the documentation address are invented. A relay or a
# replay carries it from or to any port: the payload alone has to say it is discovery.
RESOLVE_MATCH = (
    b'<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
    b'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/'
    b'discovery" xmlns:dn="http://www.onvif.org/ver10/network/wsdl"><s:Header><a:Action>'
    b"http://schemas.xmlsoap.org/ws/2005/04/discovery/ResolveMatches</a:Action></s:Header><s:Body><d:ResolveMatches>"
    b"<d:ResolveMatch><a:EndpointReference><a:Address>urn:uuid:1b2c3d4e-5f60-4172-8394-a5b6c7d8e9f0</a:Address>"
    b"</a:EndpointReference><d:Types>dn:NetworkVideoTransmitter</d:Types><d:Scopes>"
    b"onvif://www.onvif.org/type/video_encoder</d:Scopes><d:XAddrs>http://192.168.1.108/onvif/device_service"
    b"</d:XAddrs><d:MetadataVersion>1</d:MetadataVersion></d:ResolveMatch></d:ResolveMatches></s:Body></s:Envelope>"
)

REPLIES = {
    "dhip-real": (_shared_dhip, 37810, "dahua"),
    # Dahua's ONVIF layout (tests/unit/discovery/wsd_answers.py): scopes that name nobody, only the envelope's
    # namespace table (soap.declarations) names the maker.
    "wsd-dahua-layout": (lambda: DAHUA_LAYOUT_MATCH, 3702, "dahua"),
    "wsd-resolve": (lambda: RESOLVE_MATCH, 3702, None),
    "wsd-real": (_shared_wsd, 3702, None),
    "sadp": (lambda: SADP, 37020, "hikvision"),
    "xmeye": (lambda: XMEYE, 34569, "xiongmai"),
}


@pytest.mark.parametrize("ports", ["from-protocol-port", "to-protocol-port", "unrelated-ports"])
@pytest.mark.parametrize("name", sorted(REPLIES))
def test_a_replayed_reply_is_identified_as_live_discovery_would(name: str, ports: str, tmp_path: Path) -> None:
    build, port, maker = REPLIES[name]
    payload = build()
    sport, dport = {"from-protocol-port": (port, 50000), "to-protocol-port": (50000, port),
                    "unrelated-ports": (40001, 50000)}[ports]
    result = analyse([_capture(tmp_path / f"{name}.pcap", payload, sport, dport)], PassiveOptions(LocalNets.default()))
    [device] = [d for d in result.devices if d.addresses[0].ip == DEVICE_IP]
    protocol, parsed = classify(payload, port)
    live = identify([Observation(DEVICE_IP, port, "udp", protocol, "discover", "2025-12-01T12:00:00Z", fields)
                     for fields in parsed] + [Observation(DEVICE_IP, None, None, "ethernet", "discover",
                                                          "2025-12-01T12:00:00Z", {"mac": FRAME_MAC})])
    assert (device.identity.manufacturer, device.identity.model, device.identity.device_type) == (
        live.manufacturer, live.model, live.device_type)
    assert device.identity.manufacturer == maker
    assert device.identity.device_type is not None  # every reply here says it is a video device
    assert result.errors == ()


def test_the_real_dahua_announcement_names_model_and_serial(tmp_path: Path) -> None:
    result = analyse([_capture(tmp_path / "dhip.pcap", _shared_dhip(), 37810, 37810)],
                     PassiveOptions(LocalNets.default()))
    [device] = [d for d in result.devices if d.addresses[0].ip == DEVICE_IP]
    assert (device.identity.manufacturer, device.identity.model) == ("dahua", "IPC-B54IR-Z4E-S3")
    assert device.identity.serial == "CC10BD8PAGCF779"


@pytest.mark.parametrize(("device", "client", "link"), [
    ("203.0.113.7", "198.51.100.9", "ethernet"),  # both outside the local ranges: nobody's traffic, still read
    ("127.0.0.5", "127.0.0.1", "loopback"),  # a lab replayed on the loopback interface (BSD null link type)
])
def test_replies_between_any_addresses_and_links_are_read(device: str, client: str, link: str, tmp_path: Path) -> None:
    path = tmp_path / "replay.pcap"
    packet = IP(src=device, dst=client) / UDP(sport=37020, dport=50000) / Raw(SADP)
    with PcapWriter(str(path), linktype=1 if link == "ethernet" else 0, sync=True) as writer:
        frame = Ether(src=FRAME_MAC, dst="ff:ff:ff:ff:ff:ff") / packet if link == "ethernet" else Loopback(type=2) / packet
        frame.time = 1_764_590_400
        writer.write(frame)
    result = analyse([path], PassiveOptions(LocalNets.default()))
    [found] = [d for d in result.devices if d.addresses[0].ip == device]
    assert (found.identity.manufacturer, found.identity.model) == ("hikvision", "DS-2CD2320D-I")


@pytest.mark.parametrize("sport", [3702, 40001])
def test_an_overheard_discovery_answer_keeps_its_envelope_table(sport: int, tmp_path: Path) -> None:
    # What the register keeps of a passive device: the observation built from the datagram holds the table of its
    # first envelope, as live discovery's does, from the protocol's port or relayed between others.
    kept: list[Observation] = []
    analyse(
        [_capture(tmp_path / "wsd.pcap", DAHUA_LAYOUT_MATCH, sport, 50000)],
        PassiveOptions(LocalNets.default()),
        on_device=lambda _device, observations: kept.extend(observations),
    )
    [wsd] = [o for o in kept if o.protocol == "wsd"]
    assert (wsd.source, wsd.fields["soap.declarations"]) == ("passive", DAHUA_LAYOUT_TABLE)
