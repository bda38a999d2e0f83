"""Firmware-version layouts name the maker when the self-reported manufacturer names nobody.

An ONVIF GetDeviceInformation answer often carries a placeholder manufacturer ("", "NONE", "ONVIF", "IPC",
"General") while its firmware string keeps the maker's own layout (layers/identifiers.yaml, each layout with
its source). A user sees the maker named from the firmware, the placeholder never becomes a brand, and a
bare version number names nobody.
"""

from __future__ import annotations

import pytest

from camaudit.identify import identify
from camaudit.identify.selfreport import maker_id
from camaudit.model import Identity, Observation

PLACEHOLDERS = ["NONE", "ONVIF", "IPC", "General"]


def device_info(manufacturer: str, firmware: str) -> Identity:
    fields = {
        "onvif.device_info.manufacturer": manufacturer,
        "onvif.device_info.model": "IPC",
        "onvif.device_info.firmware": firmware,
    }
    return identify([Observation("192.0.2.1", 80, "tcp", "onvif", "import", "2026-01-01T00:00:00Z", fields)])


@pytest.mark.parametrize("manufacturer", PLACEHOLDERS)
@pytest.mark.parametrize(
    ("firmware", "maker"),
    [
        ("CC8160-VVTK-0100d", "vivotek"),
        ("v3.1.0.1782_23021503", "reolink"),
        ("UVC.S5L.v4.36.8.67.6390eea.210317.1039", "ubiquiti"),
        ("1.4.2 Build 250313 Rel. 40499n", "tp-link"),
    ],
)
def test_a_firmware_layout_names_the_maker_behind_a_placeholder_manufacturer(
    manufacturer: str, firmware: str, maker: str
) -> None:
    identity = device_info(manufacturer, firmware)
    assert identity.manufacturer == maker
    assert identity.brand == maker  # the placeholder did not become a brand of its own
    assert identity.device_type is not None and identity.device_type.value in ("camera", "video_device")


@pytest.mark.parametrize("firmware", ["1.4.2", "V1.2.3", "3.1.0.5352", "v3.1.0.1782", "2.10.01"])
def test_a_bare_version_number_names_nobody(firmware: str) -> None:
    identity = device_info("NONE", firmware)
    assert identity.manufacturer is None and identity.brand is None


def test_a_tp_link_firmware_alone_does_not_make_a_router_a_tp_link_camera() -> None:
    # The same layout is on TP-Link's routers: without video evidence it names nobody.
    fields = {
        "upnp.model_number": "1.0.7 Build 230612 Rel.42500n",
        "upnp.device_type": "urn:schemas-upnp-org:device:InternetGatewayDevice:1",
    }
    identity = identify([Observation("192.0.2.1", 1900, "udp", "ssdp", "import", "2026-01-01T00:00:00Z", fields)])
    assert identity.manufacturer is None


@pytest.mark.parametrize("name", ["", "NONE", "ONVIF", "IPC", "General"])
def test_a_placeholder_manufacturer_is_no_brand(name: str) -> None:
    assert maker_id(name) is None
