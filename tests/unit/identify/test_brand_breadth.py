"""Makers and brands added from the IEEE registry and OpenIPC's board-maker list: each is named in a field
that carries it, a relabelled brand is taken to the maker its source shows inside, a MAC block the registry
gives a maker names it (a multi-product maker's only next to other video evidence), and look-alike words
name nobody."""

from __future__ import annotations

import pytest

from camaudit.identify import identify
from camaudit.model import Observation


def obs(fields: dict[str, str], port: int = 80, protocol: str = "http") -> Observation:
    return Observation("192.0.2.1", port, "tcp", protocol, "import", "2026-01-01T00:00:00Z", fields)


# (field, protocol, port, text, brand, manufacturer)
NAMED = [
    ("http.title", "http", 80, "VStarcam C8892WIP", "vstarcam", "vstarcam"),
    ("http.www_authenticate", "http", 80, 'Basic realm="WANSVIEW"', "wansview", "wansview"),
    ("onvif.scope", "onvif", 80, "onvif://www.onvif.org/name/SV3C", "sv3c", "sv3c"),
    ("snmp.sysdescr", "snmp", 161, "TOPSEE IPC", "topsee", "topsee"),
    ("tls.subject", "https", 443, "CN=IPCAM,O=Hunt Electronic Co., Ltd.", "hunt", "hunt"),
    # relabelled: the OEM table names the maker inside
    ("upnp.friendly_name", "upnp", 1900, "Besder 6024PB-XMA501", "besder", "xiongmai"),
    ("upnp.manufacturer", "upnp", 1900, "Jooan", "jooan", "juan"),
    ("http.title", "http", 80, "JUANVISION kp2p", "juan", "juan"),
]


@pytest.mark.parametrize(("field", "protocol", "port", "text", "brand", "maker"), NAMED)
def test_a_new_brand_is_named_with_its_maker(
    field: str, protocol: str, port: int, text: str, brand: str, maker: str
) -> None:
    identity = identify([obs({field: text}, port, protocol)])
    assert (identity.brand, identity.manufacturer) == (brand, maker), identity.attribution
    assert identity.device_type is not None and identity.device_type.value != "not_camera"


def test_a_relabelled_brand_says_which_table_row_named_its_maker() -> None:
    identity = identify([obs({"upnp.friendly_name": "Besder 6024PB-XMA501"}, 1900, "upnp")])
    assert any(step.startswith("oem-table: besder→xiongmai") for step in identity.attribution)
    # one camera's write-up is not proof for every Besder: the maker stays well below the firm band
    assert identity.confidence < 0.5


# MAC blocks the IEEE registry gives these makers (netaddr's bundled oui.txt).
@pytest.mark.parametrize(
    ("mac", "maker"),
    [
        ("00:0F:0D:12:34:56", "hunt"),  # Hunt Electronic Co., Ltd.
        ("00:AD:63:12:34:56", "dedicated-micros"),  # Dedicated Micros Malta LTD
        ("E4:30:22:12:34:56", "hanwha"),  # Hanwha Techwin Security Vietnam
    ],
)
def test_a_video_makers_mac_block_names_it(mac: str, maker: str) -> None:
    identity = identify([obs({"mac": mac})])
    assert identity.manufacturer == maker, identity.attribution


# Makers that also sell plugs, thermostats, watches: their blocks name them only beside video evidence.
@pytest.mark.parametrize(
    ("mac", "maker"),
    [
        ("D0:3F:27:12:34:56", "wyze"),  # Wyze Labs Inc
        ("30:8C:FB:12:34:56", "nest"),  # Dropcam
        ("60:7E:A4:12:34:56", "imilab"),  # Shanghai Imilab Technology Co.Ltd
    ],
)
def test_a_multi_product_makers_mac_block_needs_video_evidence(mac: str, maker: str) -> None:
    alone = identify([obs({"mac": mac})])
    assert alone.manufacturer is None and alone.brand is None, alone.attribution
    plug = identify([obs({"mac": mac, "http.title": "Smart Plug"})])
    assert plug.manufacturer is None and plug.brand is None, plug.attribution
    camera = identify([obs({"mac": mac, "http.title": "IP Camera"})])
    assert camera.manufacturer == maker, camera.attribution


@pytest.mark.parametrize(
    "text",
    [
        "Hunt",
        "Hunter Electronic Ltd",
        "Huntsville Electronics",
        "Topseed Technology",
        "top see",
        "Joan",
        "jooany",
        "VStar camera",
        "wans view",
        "Besides",
        "SV3 camera",
        "Juan vision care",
    ],
)
def test_a_look_alike_word_names_no_maker(text: str) -> None:
    identity = identify([obs({"http.title": text})])
    assert identity.manufacturer is None and identity.brand is None, identity.attribution
