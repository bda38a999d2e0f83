"""Namespace mode: ``camaudit discover`` asks mDNS on a real (virtual) LAN and the lab's Axis camera answers.

The query goes to 224.0.0.251:5353 from the scanner's namespace only (198.18.0.0/16 inside); the lab's
responder answers the one-shot query unicast, as RFC 6762 §6.7 asks. Needs root and iproute2 (CI runs as root);
skipped elsewhere with the reason.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.netns_discover import discover_in_lab

pytestmark = [pytest.mark.netns]


def test_an_axis_camera_answering_mdns_is_named_with_model_and_mac(tmp_path: Path) -> None:
    seen = discover_in_lab(tmp_path, "axis-ipc", "nginx-web")
    device = seen["axis-ipc"].reported
    assert device is not None
    identity = device["identity"]
    assert (identity["manufacturer"], identity["model"]) == ("axis", "P3245-LVE")
    fields = {e["field"] for e in identity["evidence"]}
    assert {"mdns.instance", "mdns.service"} <= fields
    assert device["addresses"][0]["mac"] == seen["axis-ipc"].device.mac
    assert seen["nginx-web"].reported is None  # a host that answers no discovery protocol stays unannounced
