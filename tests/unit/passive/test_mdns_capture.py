"""mDNS in a capture: a device's announcement (UDP 5353 to 224.0.0.251) names what the device is, as live
discovery's reading of the same answer would; a phone's query says nothing about the phone and is no error.

The answers are built byte by byte (``tests/mdns_wire.py``) with the names public announcers use: the DoorBird
announcer (github:florian-h05/doorbird-mdns-announcer app/main.py@9fa78f89e0fa) and HAP-NodeJS's TXT keys
(github:homebridge/HAP-NodeJS src/lib/Advertiser.ts@38733bb9d73c); scapy writes the frames.
"""

from __future__ import annotations

from pathlib import Path

from scapy.layers.inet import IP, UDP
from scapy.layers.l2 import Ether
from scapy.packet import Raw
from scapy.utils import PcapWriter
from tests import mdns_wire as w

from camaudit.model import is_video_device
from camaudit.passive.localnet import LocalNets
from camaudit.passive.run import PassiveOptions, analyse
from camaudit.protocols import mdns

DOORBIRD_IP, CAMERA_IP, PHONE_IP = "192.168.10.41", "192.168.10.42", "192.168.10.43"
#: Locally administered frame addresses: the payload, not the Ethernet header, must name the maker.
MACS = {DOORBIRD_IP: "02:00:00:00:10:41", CAMERA_IP: "02:00:00:00:10:42", PHONE_IP: "02:00:00:00:10:43"}
DOORBIRD = w.response(
    w.ptr("_axis-video|_tcp|local", "Doorstation - 1CCAE3726FE3|_axis-video|_tcp|local"),
    additionals=(w.srv("Doorstation - 1CCAE3726FE3|_axis-video|_tcp|local", 80, "bha-1CCAE3726FE3|local"),
                 w.txt("Doorstation - 1CCAE3726FE3|_axis-video|_tcp|local", "macaddress=1CCAE3726FE3")),
)
HOMEKIT_CAMERA = w.response(w.txt("Porch Camera 5F2A|_hap|_tcp|local", "md=Porch Camera", "pv=1.1", "ci=17"))


def _capture(path: Path) -> Path:
    packets = [(DOORBIRD_IP, DOORBIRD), (CAMERA_IP, HOMEKIT_CAMERA), (PHONE_IP, mdns.build_query())]
    with PcapWriter(str(path), linktype=1, sync=True) as writer:
        for n, (source, payload) in enumerate(packets):
            frame = (Ether(src=MACS[source], dst="01:00:5e:00:00:fb") / IP(src=source, dst=mdns.MDNS_GROUP, ttl=255)
                     / UDP(sport=mdns.MDNS_PORT, dport=mdns.MDNS_PORT) / Raw(payload))
            frame.time = 1_764_590_400 + n
            writer.write(frame)
    return path


def test_announcements_in_a_capture_name_the_devices(tmp_path: Path) -> None:
    result = analyse([_capture(tmp_path / "mdns.pcap")], PassiveOptions(LocalNets.default()))
    devices = {d.addresses[0].ip: d for d in result.devices}
    doorbird = devices[DOORBIRD_IP].identity
    assert doorbird.manufacturer == "doorbird" and is_video_device(doorbird.device_type)
    assert devices[CAMERA_IP].identity.device_type == "camera"
    phone = devices.get(PHONE_IP)
    assert phone is None or not is_video_device(phone.identity.device_type)
    assert result.errors == ()
