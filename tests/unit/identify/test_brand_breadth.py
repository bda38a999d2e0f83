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
    # brands from camera-support tables and board-maker lists: no source ties them to a factory, so the
    # user sees the brand and no guessed manufacturer (test_brand_breadth_tables.py has the rest)
    ("http.title", "http", 80, "Sricam AP008", "sricam", None),
    ("upnp.friendly_name", "upnp", 1900, "Tenvis JPT3815W", "tenvis", None),
    ("http.www_authenticate", "http", 80, 'Basic realm="Wanscam HW0043"', "wanscam", None),
    ("onvif.scope", "onvif", 80, "onvif://www.onvif.org/name/Brickcom", "brickcom", None),
    ("rtsp.www_authenticate", "rtsp", 554, 'Digest realm="Dericam M801W"', "dericam", None),
    ("ftp.banner", "ftp", 21, "220 Loftek Nexus 543 FTP", "loftek", None),
    ("http.title", "http", 80, "NEO Coolcam NIP-06", "neo-coolcam", None),
    ("http.title", "http", 80, "EyeSpy247 UCam247", "eyespy247", None),
    ("snmp.sysdescr", "snmp", 161, "Sharx SCNC2607", "sharx", None),
    ("http.server", "http", 80, "SURIP SI-E534", "surip", None),
    ("tls.subject", "https", 443, "CN=Anjvision", "anjvision", "anjvision"),
    ("ftp.banner", "ftp", 21, "220 Hichip FTP server", "hichip", "hichip"),
    ("upnp.model_name", "upnp", 1900, "Linksys WVC54GCA", "linksys", "linksys"),
    ("http.title", "http", 80, "Logitech Alert 750e", "logitech", "logitech"),
    ("http.title", "http", 80, "Escam QD300", "escam", None),
    ("onvif.scope", "onvif", 80, "onvif://www.onvif.org/name/Escam", "escam", None),
    ("upnp.model_name", "upnp", 1900, "Digoo DG-M1Q", "digoo", None),
    ("http.title", "http", 80, "Airlink AICN500W", "airlink", None),
    ("upnp.model_name", "upnp", 1900, "Compro IP540P", "compro", None),
    ("http.title", "http", 80, "Toshiba IK-WB11A", "toshiba", None),
    ("snmp.sysdescr", "snmp", 161, "ZyXEL IPC-3605N", "zyxel", None),
    ("ftp.banner", "ftp", 21, "220 Asgari PTG3", "asgari", None),
    ("http.title", "http", 80, "Vimtag VT361", "vimtag", None),
    ("upnp.manufacturer", "upnp", 1900, "Heimvision", "heimvision", None),
    ("http.www_authenticate", "http", 80, 'Basic realm="Victure PC530"', "victure", None),
    ("onvif.scope", "onvif", 80, "onvif://www.onvif.org/name/Blurams", "blurams", None),
    ("http.title", "http", 80, "SUMPPLE S610", "sumpple", None),
]


@pytest.mark.parametrize(("field", "protocol", "port", "text", "brand", "maker"), NAMED)
def test_a_new_brand_is_named_with_its_maker(
    field: str, protocol: str, port: int, text: str, brand: str, maker: str | None
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


@pytest.mark.parametrize(
    ("field", "text", "brand", "maker"),
    [
        ("http.title", "JFTech", "xiongmai", "xiongmai"),
        ("http.title", "Laview NVR", "laview", None),
        ("upnp.manufacturer", "Montavue", "montavue", None),
        ("tls.subject", "CN=DVR,O=Watchnet DVR Inc", "watchnet", "watchnet"),
        ("tls.issuer", "CN=Vitek Industrial Video Products, Inc.", "vitek", "vitek"),
    ],
)
def test_a_registered_or_listed_name_is_named(field: str, text: str, brand: str, maker: str | None) -> None:
    protocol, port = {"upnp": ("upnp", 1900), "tls": ("https", 443)}.get(field.split(".")[0], ("http", 80))
    identity = identify([obs({field: text}, port, protocol)])
    assert (identity.brand, identity.manufacturer) == (brand, maker), identity.attribution


@pytest.mark.parametrize(
    ("mac", "brand", "maker"),
    [
        ("88:23:64:12:34:56", "watchnet", "watchnet"),  # Watchnet DVR Inc
        ("00:14:0C:12:34:56", "gkb", "gkb"),  # GKB CCTV CO., LTD.
        ("1C:7C:45:12:34:56", "vitek", "vitek"),  # Vitek Industrial Video Products, Inc.
        ("00:0F:FC:12:34:56", "lilin", "lilin"),  # Merit Li-Lin Ent.
        ("04:5C:06:12:34:56", "zmodo", "zmodo"),  # Zmodo Technology Corporation
        ("00:04:7E:12:34:56", "siqura", "siqura"),  # Siqura B.V.
    ],
)
def test_more_registered_blocks_name_their_maker(mac: str, brand: str, maker: str) -> None:
    identity = identify([obs({"mac": mac})])
    assert (identity.brand, identity.manufacturer) == (brand, maker), identity.attribution


def test_a_router_makers_other_registered_names_need_video_evidence() -> None:
    mac = "00:05:5D:12:34:56"  # D-LINK SYSTEMS, INC.
    assert identify([obs({"mac": mac})]).manufacturer is None
    assert identify([obs({"mac": mac, "http.title": "IP Camera"})]).manufacturer == "d-link"


def test_a_mesh_router_maker_sharing_a_camera_brands_name_is_not_that_brand() -> None:
    # "Luma Home" (5C-A9-33) made Wi-Fi routers; Luma the camera brand is another firm.
    identity = identify([obs({"mac": "5C:A9:33:12:34:56", "http.title": "IP Camera"})])
    assert identity.brand is None and identity.manufacturer is None, identity.attribution


@pytest.mark.parametrize(
    "text", ["Laview programming", "com.jftech.babylonia", "JF Technology (UK) Ltd", "Multivision TV"]
)
def test_more_look_alikes_name_no_maker(text: str) -> None:
    identity = identify([obs({"http.title": text})])
    assert identity.manufacturer is None and identity.brand is None, identity.attribution


@pytest.mark.parametrize(
    ("field", "text", "maker"),
    [
        ("upnp.friendly_name", "Swann DVR4-4580", "raysharp"),  # Raysharp's SDK carries Swann's settings
        ("http.title", "Luma Surveillance NVR", "hikvision"),  # Hikvision's stream scheme and API
    ],
)
def test_a_relabelled_brand_takes_its_most_confident_maker(field: str, text: str, maker: str) -> None:
    protocol, port = ("upnp", 1900) if field.startswith("upnp") else ("http", 80)
    identity = identify([obs({field: text}, port, protocol)])
    assert identity.manufacturer == maker, identity.attribution
    assert any("most confident row" in step for step in identity.attribution), identity.attribution


@pytest.mark.parametrize(
    ("field", "text", "maker"),
    [
        ("onvif.device_info.manufacturer", "Brovotech", "brovotech"),
        ("upnp.manufacturer", "Ruision", "ruision"),
        ("http.title", "Haicam", "haicam"),
        ("http.title", "Filsion/Camasmart", "camasmart"),
        ("tls.subject", "O=Santachi Video Technology (Shenzhen) Co., Ltd.", "santachi"),
    ],
)
def test_a_board_maker_named_anywhere_is_the_manufacturer(field: str, text: str, maker: str) -> None:
    protocol, port = {"onvif": ("onvif", 80), "upnp": ("upnp", 1900), "tls": ("https", 443)}.get(
        field.split(".")[0], ("http", 80)
    )
    identity = identify([obs({field: text}, port, protocol)])
    assert identity.manufacturer == maker, identity.attribution


def test_a_body_camera_makers_block_is_not_the_firewall_makers() -> None:
    # WatchGuard Video (00-1D-96) made police cameras; WatchGuard Technologies (00-90-7F) makes firewalls.
    assert identify([obs({"mac": "00:1D:96:12:34:56"})]).manufacturer == "watchguard-video"
    firewall = identify([obs({"mac": "00:90:7F:12:34:56", "http.title": "IP Camera"})])
    assert firewall.manufacturer is None and firewall.brand is None, firewall.attribution


def test_ganz_is_a_camera_brand_only_next_to_video_evidence() -> None:
    assert identify([obs({"http.title": "Ganz network camera"})]).brand == "ganz"
    for text in ("Ganz", "ganz einfach", "Ganz Works Budapest"):
        identity = identify([obs({"http.title": text})])
        assert identity.brand is None and identity.manufacturer is None, (text, identity.attribution)
