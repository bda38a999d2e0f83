"""A GetNetworkInterfaces answer reports the device's own network card: its MAC, whose IEEE block names the maker.

importers/api_answers.py keeps the first valid ``tt:Info/tt:HwAddress`` of an ONVIF answer as ``mac``, the MAC a device
reports itself (read then by identify/oui.py as any other source's). The answer is agsh/onvif's recorded one
(../shared/data/onvif-mock-responses/device.GetNetworkInterfaces.xml, a camera whose card is in the IEEE block
28-57-BE registered to Hangzhou Hikvision Digital Technology); its envelope declares Hikvision's own topics, so the
tests put its interface list under a table of ONVIF's namespaces only, where the card is the one maker sign. The other
addresses are invented for the look-alikes.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import SHARED_DATA, require
from tests.unit.importers.settings_answers import as_http

from camaudit.identify import identify
from camaudit.importers import sniff
from camaudit.model import Identity

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" '
    'xmlns:tt="http://www.onvif.org/ver10/schema" xmlns:tds="http://www.onvif.org/ver10/device/wsdl"><env:Body>'
)
TAIL = "</env:Body></env:Envelope>"


def mock() -> str:
    path: Path = SHARED_DATA / "onvif-mock-responses" / "device.GetNetworkInterfaces.xml"
    require(path.is_file(), "../shared/data is not present beside this checkout")
    return path.read_text(encoding="utf-8")


def interfaces_only() -> str:
    """The mock's interface list under ONVIF's own namespaces."""
    found = re.search(r"<tds:GetNetworkInterfacesResponse>.*</tds:GetNetworkInterfacesResponse>", mock(), re.S)
    assert found is not None
    return HEAD + found.group(0) + TAIL


def answer(*addresses: str) -> str:
    cards = "".join(
        f'<tds:NetworkInterfaces token="eth{i}"><tt:Enabled>true</tt:Enabled><tt:Info><tt:Name>eth{i}</tt:Name>'
        f"<tt:HwAddress>{address}</tt:HwAddress><tt:MTU>1500</tt:MTU></tt:Info></tds:NetworkInterfaces>"
        for i, address in enumerate(addresses))
    return f"{HEAD}<tds:GetNetworkInterfacesResponse>{cards}</tds:GetNetworkInterfacesResponse>{TAIL}"


def read(text: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    sniff.sniff(text, fields)
    return fields


def identified(text: str) -> Identity:
    return identify(as_http(text, "application/soap+xml").observations)


def test_the_answers_card_is_the_devices_mac() -> None:
    assert read(mock())["mac"] == "28:57:be:65:7d:d5"


def test_the_cards_block_names_its_maker_when_nothing_else_does() -> None:
    identity = identified(interfaces_only())
    assert identity.manufacturer == "hikvision", identity.attribution
    assert identity.device_type == "video_device", identity.attribution


def test_the_first_valid_card_is_kept_and_no_address_of_nobody() -> None:
    assert read(answer("00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff", "28-57-BE-65-7D-D5"))["mac"] == "28:57:be:65:7d:d5"
    assert "mac" not in read(answer("00:00:00:00:00:00"))
    assert "mac" not in read(answer("not a mac"))


def test_a_locally_administered_card_names_nobody() -> None:
    identity = identified(answer("02:1a:2b:3c:4d:5e"))
    assert identity.manufacturer is None and identity.brand is None, identity.attribution


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80))
def test_any_address_text_is_read_safely(text: str) -> None:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")
    mac = read(answer(escaped)).get("mac")
    assert mac is None or re.fullmatch(r"[0-9a-f]{2}(?::[0-9a-f]{2}){5}", mac)
