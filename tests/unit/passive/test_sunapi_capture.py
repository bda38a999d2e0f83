"""Hanwha's IP-installer discovery in a capture: a device's scan reply (from UDP 7701 to 7711) names Hanwha and, in an
extended reply, types the device as live identification of the same reply would; the installer's request says nothing
and is no error.

The replies are built for the test in the layout tests/unit/protocols/test_sunapi_discovery.py cites (invented
values); scapy writes the frames, with locally administered frame addresses so that the payload, not the Ethernet
header, names the maker.
"""

from __future__ import annotations

from pathlib import Path

from scapy.layers.inet import IP, UDP
from scapy.layers.l2 import Ether
from scapy.packet import Raw
from scapy.utils import PcapWriter
from tests.unit.protocols.test_sunapi_discovery import reply

from camaudit.passive.localnet import LocalNets
from camaudit.passive.run import PassiveOptions, analyse
from camaudit.protocols import sunapi_discovery

INSTALLER, CAMERA, SPEAKER = "192.168.213.5", "192.168.213.20", "192.168.213.21"


def test_a_hanwha_reply_in_a_capture_names_the_device(tmp_path: Path) -> None:
    path = tmp_path / "sunapi.pcap"
    request = bytes([6]) + bytes(333)
    frames = [
        Ether(src="02:00:00:00:13:05", dst="ff:ff:ff:ff:ff:ff") / IP(src=INSTALLER, dst="255.255.255.255")
        / UDP(sport=sunapi_discovery.INSTALLER_PORT, dport=sunapi_discovery.SUNAPI_PORT) / Raw(request),
        Ether(src="02:00:00:00:13:20", dst="ff:ff:ff:ff:ff:ff") / IP(src=CAMERA, dst="255.255.255.255")
        / UDP(sport=sunapi_discovery.SUNAPI_PORT, dport=sunapi_discovery.INSTALLER_PORT)
        / Raw(reply(12, mac=b"02:00:00:00:13:20", ip=CAMERA.encode(), model=b"QNV-6012R", device_type=0)),
        Ether(src="02:00:00:00:13:21", dst="ff:ff:ff:ff:ff:ff") / IP(src=SPEAKER, dst="255.255.255.255")
        / UDP(sport=sunapi_discovery.SUNAPI_PORT, dport=sunapi_discovery.INSTALLER_PORT)
        / Raw(reply(12, mac=b"02:00:00:00:13:21", ip=SPEAKER.encode(), model=b"SPA-C100", device_type=5)),
    ]
    with PcapWriter(str(path), linktype=1, sync=True) as writer:
        for n, frame in enumerate(frames):
            frame.time = 1_764_590_400 + n
            writer.write(frame)
    result = analyse([path], PassiveOptions(LocalNets.default()))
    devices = {d.addresses[0].ip: d for d in result.devices}
    camera, speaker = devices[CAMERA].identity, devices[SPEAKER].identity
    assert (camera.manufacturer, camera.device_type, camera.model) == ("hanwha", "camera", "QNV-6012R")
    assert (speaker.manufacturer, speaker.device_type) == ("hanwha", "not_camera")
    installer = devices.get(INSTALLER)
    assert installer is None or installer.identity.manufacturer is None
    assert result.errors == ()
