"""Namespace mode: ``camaudit discover`` broadcasts Ubiquiti's discovery request (UDP 10001) and a UniFi camera's answer
names it.

The device is a profile written here whose answer is the captured reply of a UVC G4 Pro kept by
github:uilibs/unifi-discovery tests/test_init.py@0cc3c63f23d6 (byte for byte, as in tests/unit/protocols/test_ubnt.py);
it answers the four-byte request only. Traffic stays on the lab's namespace LAN. Needs root and iproute2 (CI runs as
root); skipped elsewhere with the reason.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.netns_discover import discover_in_lab
from tests.unit.protocols.test_ubnt import G4_PRO

pytestmark = [pytest.mark.netns]
PROFILE = {
    "name": "unifi-g4-ubnt",
    "description": "A UniFi G4 Pro answering Ubiquiti's discovery (a public capture, see the module docstring)",
    "expect": {},
    "mac": "02:00:5e:10:00:47",
    "services": [
        {
            "name": "ubnt",
            "protocol": "udp",
            "port": 10001,
            "multicast": {"reply_to": "sender"},
            "raw": {"rules": [{"prefix_hex": "01000000", "reply": {"body_hex": G4_PRO.hex()}}]},
        }
    ],
}


def test_a_unifi_camera_answering_ubnt_discovery_is_named(tmp_path: Path) -> None:
    reported = discover_in_lab(tmp_path, PROFILE)["unifi-g4-ubnt"].reported
    assert reported is not None
    identity = reported["identity"]
    assert (identity["manufacturer"], identity["device_type"], identity["model"]) == ("ubiquiti", "camera", "UVC G4 Pro")
    assert any(e["field"] == "ubnt.firmware" for e in identity["evidence"])
