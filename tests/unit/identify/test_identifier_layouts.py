"""Firmware-version layouts name the maker when the self-reported manufacturer names nobody.

An ONVIF GetDeviceInformation answer often carries a placeholder manufacturer ("", "NONE", "ONVIF", "IPC",
"General") while its firmware string keeps the maker's own layout (layers/identifiers.yaml, each layout with
its source). A user sees the maker named from the firmware, the placeholder never becomes a brand, and a
bare version number names nobody.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify, match_fields
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


@pytest.mark.parametrize(
    ("serial", "model"),
    [
        # A recorder's serial pasted as a model (eduard256/Strix) and a PTZ camera's from the same list; the second
        # recorder serial and the first camera serial are written in the same layouts.
        ("DS-7732NI-I4/16P1620161216CCRR694453862WCVU", "DS-7732NI-I4/16P"),
        ("DS-7608NI-I2/8P0820210527CCRRG12345678WCVU", "DS-7608NI-I2/8P"),
        ("DS-2CD2143G2-IS20210712AAWRG35257015", "DS-2CD2143G2-IS"),
        ("DS-2DE2A404IW-DE320200822CCWRE72456274W", "DS-2DE2A404IW-DE3"),
    ],
)
def test_a_hikvision_serial_gives_the_model_without_a_recorders_two_digit_field(serial: str, model: str) -> None:
    # Recorders put two digits between model and date; read as a camera's layout they were glued to the model
    # ("DS-7608NI-I2/8P08"). Behind a placeholder manufacturer the serial alone names Hikvision and the model.
    fields = {"onvif.device_info.manufacturer": "NONE", "onvif.device_info.serial": serial}
    identity = identify([Observation("192.0.2.1", 80, "tcp", "onvif", "import", "2026-01-01T00:00:00Z", fields)])
    assert identity.manufacturer == "hikvision"
    assert identity.model == model
    assert not [c for c in identity.conflicts if c.attribute == "model"]


_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2039, 12, 31)).map(lambda d: d.strftime("%Y%m%d"))


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["DS-7", "DS-9"]),
    st.text(alphabet=_UPPER + "0123456789/-", min_size=2, max_size=16),
    st.sampled_from(_UPPER + "/"),
    st.integers(min_value=1, max_value=64).map(lambda n: f"{n:02d}"),
    _DATES,
    st.text(alphabet=_UPPER, min_size=4, max_size=4),
    st.text(alphabet="0123456789", min_size=7, max_size=14),
)
def test_a_recorders_serial_gives_its_model_and_date_whatever_the_model(
    head: str, middle: str, last: str, field: str, made: str, batch: str, number: str
) -> None:
    # Any recorder model that ends in a letter or '/' (as DS-7608NI-I2/8P and DS-7208HUHI-F2/N/A do), the two-digit
    # field, a date, the batch letters and the number: the model and the date come back as written.
    model = head + middle + last
    evidence = match_fields({"onvif.device_info.serial": model + field + made + batch + number})
    found = {
        (e.asserts.get("model"), e.asserts.get("made"))
        for e in evidence
        if e.rule_id.startswith("identifiers.hikvision.serial")
    }
    assert found == {(model, made)}
