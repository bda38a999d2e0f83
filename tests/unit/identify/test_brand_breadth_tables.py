"""Camera brands added from camera-support tables (Sighthound's), Home Assistant/HACS and Homebridge threads,
OpenIPC's board-maker list and the IEEE registry: each is named from whichever protocol field carries it, a
brand no source ties to a factory is shown as a brand with no guessed manufacturer, a registry block of a
multi-product company names it only next to other video evidence, and look-alike words name nobody."""

from __future__ import annotations

import pytest

from camaudit.identify import identify
from camaudit.knowledge.loader import canonical_vendor
from camaudit.model import Observation


def obs(fields: dict[str, str], port: int = 80, protocol: str = "http") -> Observation:
    return Observation("192.0.2.1", port, "tcp", protocol, "import", "2026-01-01T00:00:00Z", fields)


@pytest.mark.parametrize(
    ("mac", "maker"),
    [
        ("E0:62:90:12:34:56", "jovision"),  # IEEE: Jinan Jovision Science & Technology Co., Ltd.
    ],
)
def test_a_video_makers_registered_block_names_it(mac: str, maker: str) -> None:
    assert identify([obs({"mac": mac})]).manufacturer == maker


@pytest.mark.parametrize(
    ("mac", "maker"),
    [
        ("00:0C:41:12:34:56", "linksys"),  # IEEE: Cisco-Linksys, LLC (routers above all)
        ("CC:47:BD:12:34:56", "rhombus"),  # IEEE: Rhombus Systems (cameras, sensors, door controllers)
        ("00:18:0A:12:34:56", "cisco"),  # IEEE: Cisco Meraki (switches, access points, MV cameras)
    ],
)
def test_a_multi_product_companys_block_needs_other_video_evidence(mac: str, maker: str) -> None:
    alone = identify([obs({"mac": mac})])
    assert alone.manufacturer is None and alone.brand is None
    with_camera = identify([obs({"mac": mac, "http.www_authenticate": 'Basic realm="IP Camera"'})])
    assert with_camera.manufacturer == maker, with_camera.attribution


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("http.title", "Linksys Smart Wi-Fi"),  # the router's own page
        ("http.title", "OpenEye Scientific"),  # a word that names a camera brand only next to a camera
        ("http.server", "Rhombus Systems"),
        ("http.title", "Tennis Club"),
        ("snmp.sysdescr", "Mechatronics controller"),
        ("http.title", "BrickComponent demo"),
        ("http.title", "SriCampus portal"),
        ("http.title", "Digoo"),  # alarm kits and plugs too
        ("http.title", "Airlink AR670W router"),
        ("snmp.sysdescr", "ZyXEL NBG6604"),
        ("http.title", "Hiseeus"),
        ("http.title", "Tubo conico"),  # Spanish and Italian for "conical"
    ],
)
def test_look_alikes_and_multi_product_names_alone_name_no_maker(field: str, text: str) -> None:
    identity = identify([obs({field: text}, 161 if field.startswith("snmp") else 80)])
    assert identity.manufacturer is None and identity.brand is None, identity.attribution
    assert identity.device_type is None or identity.device_type.value != "camera"


def test_a_multi_product_name_counts_next_to_a_camera_sign() -> None:
    identity = identify([obs({"http.title": "OpenEye CM-715", "http.www_authenticate": 'Basic realm="IP Camera"'})])
    assert identity.brand == "openeye", identity.attribution


@pytest.mark.parametrize("name", ["", "???", "Co., Ltd.", "LTD", "—"])
def test_a_name_that_folds_to_nothing_is_no_vendor(name: str) -> None:
    # A YAML flow list splits an unquoted "TECHNOLOGYCO.,LTD" into two aliases; the second, "LTD", folded to
    # nothing and made every empty or suffix-only maker name Dahua.
    assert canonical_vendor(name) is None


def test_dahuas_registered_name_with_its_comma_still_names_dahua() -> None:
    assert canonical_vendor("ZHEJIANG DAHUA TECHNOLOGYCO.,LTD") == "dahua"


# IEEE MA-M (28-bit) and MA-S (36-bit) blocks, which netaddr's bundled registry does not carry.
@pytest.mark.parametrize(
    ("mac", "maker"),
    [
        ("74:F8:DB:51:23:45", "provision-isr"),  # MA-M 74-F8-DB-5 Provision-ISR
        ("BC:34:00:01:23:45", "redvision"),  # MA-M BC-34-00-0 Redvision CCTV
        ("70:B3:D5:FD:51:23", "oceancctv"),  # MA-S 70-B3-D5-FD-5 OCEANCCTV LTD
        ("58:E8:76:01:23:45", "raysharp"),  # MA-M 58-E8-76-0 Zhuhai Raysharp Technology
    ],
)
def test_a_video_makers_small_registry_block_names_it(mac: str, maker: str) -> None:
    identity = identify([obs({"mac": mac})])
    assert identity.manufacturer == maker, identity.attribution


def test_the_next_small_block_under_the_same_parent_is_someone_else() -> None:
    # 70-B3-D5 is the IEEE's parent block for thousands of MA-S owners: only the registered 36 bits name one.
    assert identify([obs({"mac": "70:B3:D5:FE:51:23"})]).manufacturer is None
