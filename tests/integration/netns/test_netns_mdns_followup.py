"""Namespace mode: a responder that lists its instance without SRV/TXT records is asked for them once, unicast, and
the TXT it then sends types the device.

The device is a profile written here (invented, in the layout of HAP-NodeJS's advertiser,
github:homebridge/HAP-NodeJS src/lib/Advertiser.ts@38733bb9d73c: a ``_hap._tcp`` instance whose TXT carries ``md`` and
``ci=17``, an IP camera): to the multicast query it answers the PTR alone, as RFC 6763 §12 allows; to a query naming
its instance it answers SRV and TXT. Traffic stays on the lab's namespace LAN. Needs root and iproute2 (CI runs as
root); skipped elsewhere with the reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests import mdns_wire as w
from tests.netns_discover import discover_in_lab

pytestmark = [pytest.mark.netns]
INSTANCE = "Porch Camera 5F2A|_hap|_tcp|local"


def _profile() -> dict[str, Any]:
    listed = w.response(w.ptr("_hap|_tcp|local", INSTANCE))
    described = w.response(
        w.srv(INSTANCE, 51826, "Porch-Camera-5F2A|local"), w.txt(INSTANCE, "md=Porch Camera", "ci=17", "sf=1")
    )
    return {
        "name": "hap-ptr-only",
        "description": "A HomeKit camera whose mDNS answer lists its instance without SRV/TXT (invented)",
        "expect": {},
        "mac": "02:00:5e:10:00:46",
        "services": [
            {
                "name": "mdns",
                "protocol": "udp",
                "port": 5353,
                "multicast": {"group": "224.0.0.251", "reply_to": "sender"},
                "raw": {
                    "rules": [
                        {"contains": "Porch Camera", "reply": {"body_hex": described.hex()}},
                        {"contains": "_hap", "reply": {"body_hex": listed.hex()}},
                    ]
                },
            }
        ],
    }


def test_an_instance_listed_alone_is_asked_for_and_its_txt_types_the_camera(tmp_path: Path) -> None:
    reported = discover_in_lab(tmp_path, _profile())["hap-ptr-only"].reported
    assert reported is not None
    identity = reported["identity"]
    assert identity["device_type"] == "camera"
    fields = {e["field"] for e in identity["evidence"]}
    assert "mdns.txt.hap.ci" in fields
