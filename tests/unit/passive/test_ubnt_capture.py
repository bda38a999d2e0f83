"""Ubiquiti's discovery in a capture: a UniFi camera's answer (from UDP 10001) names it as live discovery's reading of
the same answer would; the controller's four-byte request says nothing and is no error.

The answer is the UVC G4 Pro capture kept by github:uilibs/unifi-discovery tests/test_init.py@0cc3c63f23d6
(tests/unit/protocols/test_ubnt.py); scapy writes the frames, with locally administered frame addresses so that the
payload, not the Ethernet header, names the maker.
"""

from __future__ import annotations

from pathlib import Path

from scapy.layers.inet import IP, UDP
from scapy.layers.l2 import Ether
from scapy.packet import Raw
from scapy.utils import PcapWriter
from tests.unit.protocols.test_ubnt import G4_PRO

from camaudit.passive.localnet import LocalNets
from camaudit.passive.run import PassiveOptions, analyse
from camaudit.protocols import ubnt

CAMERA_IP, CONTROLLER_IP = "192.168.212.1", "192.168.212.5"


def test_a_unifi_camera_answer_in_a_capture_names_the_camera(tmp_path: Path) -> None:
    path = tmp_path / "ubnt.pcap"
    with PcapWriter(str(path), linktype=1, sync=True) as writer:
        request = (
            Ether(src="02:00:00:00:12:05", dst="ff:ff:ff:ff:ff:ff")
            / IP(src=CONTROLLER_IP, dst="255.255.255.255")
            / UDP(sport=41117, dport=ubnt.UBNT_PORT)
            / Raw(ubnt.build_probe())
        )
        answer = (
            Ether(src="02:00:00:00:12:01", dst="02:00:00:00:12:05")
            / IP(src=CAMERA_IP, dst=CONTROLLER_IP)
            / UDP(sport=ubnt.UBNT_PORT, dport=41117)
            / Raw(G4_PRO)
        )
        for n, frame in enumerate((request, answer)):
            frame.time = 1_764_590_400 + n
            writer.write(frame)
    result = analyse([path], PassiveOptions(LocalNets.default()))
    devices = {d.addresses[0].ip: d for d in result.devices}
    camera = devices[CAMERA_IP].identity
    assert (camera.manufacturer, camera.device_type, camera.model) == ("ubiquiti", "camera", "UVC G4 Pro")
    controller = devices.get(CONTROLLER_IP)
    assert controller is None or controller.identity.manufacturer is None
    assert result.errors == ()
