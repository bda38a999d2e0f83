"""MAC → organisation → vendor, from netaddr's IEEE registry plus the sourced supplement."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import pytest

from camaudit.assess import assess
from camaudit.identify import identify, oui
from camaudit.model import Observation


def test_hikvision_mac_from_ieee_registry() -> None:
    entry = oui.lookup("44:47:CC:37:CE:81")
    assert entry is not None
    assert entry.organisation == "Hangzhou Hikvision Digital Technology Co.,Ltd."
    assert entry.vendor == "hikvision"


def test_dahua_mac_from_ieee_registry() -> None:
    entry = oui.lookup("98-f9-cc-af-59-0d")
    assert entry is not None and entry.vendor == "dahua"


def test_prefix_missing_from_netaddr_comes_from_supplement() -> None:
    entry = oui.lookup("00bc.9912.3456")
    assert entry is not None
    assert entry.vendor == "hikvision"
    assert "nmap-mac-prefixes" in entry.source


def test_ma_m_block_from_supplement() -> None:
    entry = oui.lookup("b0:b3:53:60:00:01")
    assert entry is not None and entry.vendor == "hikrobot"


def test_false_friend_is_not_dahua() -> None:
    entry = oui.lookup("40:2c:76:1a:bc:de")
    assert entry is not None
    assert entry.organisation == "Shanghai Dahua Scale Factory"
    assert entry.vendor is None


def test_unusable_macs() -> None:
    assert oui.lookup("not a mac") is None
    assert oui.lookup("02:00:00:00:00:01") is None  # locally administered (randomised)
    assert oui.organisation("44:47:cc:37:ce:81") == "Hangzhou Hikvision Digital Technology Co.,Ltd."


def test_mac_alone_is_weak_video_evidence(obs: Callable[..., Observation]) -> None:
    identity = identify([obs({"mac": "44:47:cc:37:ce:81"}, port=None, protocol="mac")])
    assert identity.manufacturer == "hikvision"
    assert identity.device_type == "video_device"
    # An OUI names the network card's vendor, never enough for a confident answer on its own.
    assert identity.confidence < 0.8


def test_captured_mac_feeds_oui(obs: Callable[..., Observation]) -> None:
    identity = identify([obs({"http.www_authenticate": 'Digest realm="AXIS_ACCC8E3A0A8F"'})])
    assert identity.brand == "axis"
    assert "oui.registry.vendor" in {e.rule_id for e in identity.evidence} or identity.manufacturer == "axis"


# --- blocks IEEE registered after netaddr 1.3.0's copy, and IAB/MA-M blocks (h23, 2026-12-03) -------------
# A camera's RTSP answer that says "camera" and names nobody: the video evidence a router-making vendor's
# NIC block needs before it may name the maker.
NAMELESS_RTSP = {"rtsp.www_authenticate": 'Digest realm="IP Camera", nonce="1"', "rtsp.status": "401"}


def test_newer_hikvision_block_names_hikvision() -> None:
    # 40:B5:70 is in the IEEE registry since after May 2024 (aiooui 0.1.11's copy), not in netaddr 1.3.0's.
    entry = oui.lookup("40:b5:70:12:34:56")
    assert entry is not None and entry.vendor == "hikvision"
    assert "aiooui" in entry.source


def test_tp_link_systems_block_names_tp_link_only_beside_video_evidence(obs: Callable[..., Observation]) -> None:
    # TP-Link Systems Inc (the registry's name for TP-Link's US company) holds blocks of routers and cameras.
    entry = oui.lookup("30:68:93:11:22:33")
    assert entry is not None and entry.organisation == "TP-Link Systems Inc." and entry.vendor == "tp-link"
    alone = identify([obs({"mac": "30:68:93:11:22:33"}, port=None, protocol="mac")])
    assert alone.manufacturer is None and alone.brand is None
    assert alone.device_type != "video_device"
    camera = identify(
        [obs(NAMELESS_RTSP, port=554, protocol="rtsp"), obs({"mac": "30:68:93:11:22:33"}, port=None, protocol="mac")]
    )
    assert "tp-link" in (camera.manufacturer, camera.brand)


def test_hanwha_vision_vietnam_block_names_hanwha() -> None:
    entry = oui.lookup("44-B4-23-01-02-03")
    assert entry is not None and entry.vendor == "hanwha"


def test_iab_blocks_of_arecont_and_2n() -> None:
    # netaddr 1.3.0 answers "IEEE Registration Authority" for 00:50:C2; the 36-bit IAB blocks name the owner.
    arecont = oui.lookup("00:50:c2:3b:6f:01")
    assert arecont is not None and arecont.organisation == "Arecont Vision" and arecont.vendor == "arecont"
    intercom = oui.lookup("00:50:c2:62:2a:bc")
    assert intercom is not None and intercom.vendor == "2n"
    # The neighbouring IAB blocks belong to others.
    for mac in ("00:50:c2:3b:7f:01", "00:50:c2:62:3a:bc"):
        entry = oui.lookup(mac)
        assert entry is None or entry.vendor not in ("arecont", "2n")


def test_false_friends_and_chip_vendors_name_no_camera_maker(obs: Callable[..., Observation]) -> None:
    for mac, organisation in (
        ("50:62:55:71:22:33", "AVTECH Software, Inc."),  # not AVTECH Corporation, the camera maker
        ("98:62:97:01:02:03", "Shenzhen Techwinsemi Technology Co., Ltd."),  # not Hanwha/Samsung Techwin
        ("00:52:45:01:02:03", "GANATECHWIN"),
        ("00:9d:85:01:02:03", "Sigmastar Technology Ltd."),  # a camera SoC in many brands' cameras
    ):
        entry = oui.lookup(mac)
        assert entry is not None and entry.organisation == organisation and entry.vendor is None
        identity = identify(
            [obs(NAMELESS_RTSP, port=554, protocol="rtsp"), obs({"mac": mac}, port=None, protocol="mac")]
        )
        assert identity.manufacturer is None and identity.brand is None


def test_avtech_corporation_keeps_its_own_block() -> None:
    entry = oui.lookup("00:0e:53:01:02:03")
    assert entry is not None and entry.vendor == "avtech"


def test_foscam_s_unregistered_prefix_names_foscam(obs: Callable[..., Observation]) -> None:
    # 00:62:6E is in no IEEE registry; Foscam cameras carry it (their device IDs, a camera's wired MAC).
    entry = oui.lookup("00:62:6e:44:c8:31")
    assert entry is not None and entry.vendor == "foscam"
    identity = identify(
        [obs(NAMELESS_RTSP, port=554, protocol="rtsp"), obs({"mac": "00:62:6e:44:c8:31"}, port=None, protocol="mac")]
    )
    assert identity.manufacturer == "foscam"
    # A MAC prefix is the weakest maker sign: a Hikvision firmware marker on the same host wins.
    hikvision = identify(
        [
            obs({"http.server": "App-webs/"}),
            obs(NAMELESS_RTSP, port=554, protocol="rtsp"),
            obs({"mac": "00:62:6e:44:c8:31"}, port=None, protocol="mac"),
        ]
    )
    assert hikvision.manufacturer == "hikvision"


def test_xiaomi_electronics_block_names_xiaomi_only_beside_video_and_phones_never(
    obs: Callable[..., Observation],
) -> None:
    camera_mac = "34:ce:00:12:34:56"  # XIAOMI Electronics,CO.,LTD: a Xiaofang camera's label MAC
    entry = oui.lookup(camera_mac)
    assert entry is not None and entry.vendor == "xiaomi"
    alone = identify([obs({"mac": camera_mac}, port=None, protocol="mac")])
    assert alone.manufacturer is None and alone.device_type != "video_device"
    camera = identify(
        [obs(NAMELESS_RTSP, port=554, protocol="rtsp"), obs({"mac": camera_mac}, port=None, protocol="mac")]
    )
    assert camera.manufacturer == "xiaomi"
    # Xiaomi's phone blocks stay unmapped: a phone running a camera app is not a Xiaomi camera.
    for phone_mac in ("5c:e5:0c:12:34:56", "9c:9d:7e:12:34:56"):
        phone = oui.lookup(phone_mac)
        assert phone is not None and phone.vendor is None


def test_newer_blocks_of_camera_makers_named_in_vendors(obs: Callable[..., Observation]) -> None:
    # Registered after netaddr 1.3.0's copy: Bosch's security company, Juan (the kp2p DVR maker), Vatilon.
    for mac, vendor in (
        ("30:f0:28:00:00:01", "bosch"),
        ("84:d0:db:00:00:01", "juan"),
        ("e8:b7:23:00:00:01", "vatilon"),
    ):
        entry = oui.lookup(mac)
        assert entry is not None and entry.vendor == vendor and "aiooui" in entry.source
    camera = identify(
        [obs(NAMELESS_RTSP, port=554, protocol="rtsp"), obs({"mac": "84:d0:db:00:00:01"}, port=None, protocol="mac")]
    )
    assert camera.manufacturer == "juan"


@pytest.mark.parametrize(
    "mac",
    [
        "10:06:1c:12:34:56",  # Espressif Inc. (Wi-Fi modules)
        "00:e0:4c:12:34:56",  # REALTEK SEMICONDUCTOR CORP.
        "58:10:31:12:34:56",  # Hon Hai Precision (contract manufacturer)
        "ac:6e:1a:12:34:56",  # SHENZHEN GONGJIN ELECTRONICS (contract manufacturer)
        "20:32:33:12:34:56",  # SHENZHEN BILIAN ELECTRONIC (Wi-Fi modules)
        "88:e6:28:12:34:56",  # Shenzhen Kezhonglong Optoelectronic (a Xiaofang camera's Wi-Fi, fang-hacks#307)
        "50:fe:0c:12:34:56",  # AzureWave Technology (Wi-Fi modules)
        "d4:8a:3b:12:34:56",  # HUNAN FN-LINK TECHNOLOGY (Wi-Fi modules)
        "1c:90:ff:12:34:56",  # Tuya Smart Inc. (an IoT platform many brands build on)
        "3c:b5:3d:12:34:56",  # HUNAN GOKE MICROELECTRONICS (a camera SoC)
        "d0:31:10:12:34:56",  # Ingenic Semiconductor (a camera SoC)
    ],
)
def test_module_chip_and_contract_makers_name_no_camera_maker(mac: str, obs: Callable[..., Observation]) -> None:
    # Their blocks sit in many brands' cameras: beside a camera's answer they still name nobody.
    identity = identify([obs(NAMELESS_RTSP, port=554, protocol="rtsp"), obs({"mac": mac}, port=None, protocol="mac")])
    assert identity.manufacturer is None and identity.brand is None, identity.attribution


# --- a relabelling brand's own block (h25, 2026-12-03) ------------------------------------------------------
# A distributor or relabelling brand that registered a block of its own: KBVISION GROUP (B4-36-E3), Lorex
# Technology (00-1F-54), Swann communications (BC-51-FE), Amcrest Technologies (00-65-1E), all in the IEEE
# MA-L registry netaddr bundles. The block says who registered the network card, not that the device is a
# camera: it names the brand (and through oems.yaml a manufacturer) only beside video evidence.
RELABELLER_BLOCKS = [
    ("B4:36:E3:12:34:56", "kbvision", "dahua"),
    ("00:1F:54:12:34:56", "lorex", None),
    ("BC:51:FE:12:34:56", "swann", "raysharp"),
    ("00:65:1E:12:34:56", "amcrest", "dahua"),
]


@pytest.mark.parametrize(("mac", "brand", "maker"), RELABELLER_BLOCKS)
def test_a_relabellers_block_on_a_non_camera_names_nobody(
    mac: str, brand: str, maker: str | None, obs: Callable[..., Observation]
) -> None:
    for extra in ({}, {"http.server": "nginx", "http.title": "Login"}):
        identity = identify([obs({"mac": mac, **extra})])
        assert identity.brand is None and identity.manufacturer is None, identity.attribution
        assert not identity.is_video_device
        # So no restriction, sure or possible, lands on a PC or a router from the distributor's stock.
        assert not [f for f in assess(identity) if f.kind.startswith("restricted")]


@pytest.mark.parametrize(("mac", "brand", "maker"), RELABELLER_BLOCKS)
def test_a_relabellers_block_beside_video_evidence_names_the_brand(
    mac: str, brand: str, maker: str | None, obs: Callable[..., Observation]
) -> None:
    identity = identify([obs({"mac": mac}), obs(NAMELESS_RTSP, port=554, protocol="rtsp")])
    assert identity.is_video_device
    assert (identity.brand, identity.manufacturer) == (brand, maker), identity.attribution



def test_honeywells_video_systems_block_names_honeywell_only_beside_video_evidence(
    obs: Callable[..., Observation]
) -> None:
    # 00-0A-13 is "Honeywell Video Systems" in the IEEE MA-L registry netaddr bundles; Honeywell also makes
    # building, industrial and access-control products (vendors.yaml makes: access_control, not_camera).
    mac = "00:0A:13:12:34:56"
    for extra in ({}, {"http.server": "nginx", "http.title": "Login"}):
        alone = identify([obs({"mac": mac, **extra})])
        assert alone.brand is None and not alone.is_video_device, alone.attribution
    beside = identify([obs({"mac": mac}), obs(NAMELESS_RTSP, port=554, protocol="rtsp")])
    assert beside.is_video_device and beside.brand == "honeywell", beside.attribution


def test_the_rule_file_itself_says_a_relabellers_block_names_the_brand_only_beside_video() -> None:
    # identify/oui.py makes such evidence conditional whatever the file says; the file must say the same, so
    # that a reader of rules/mac.yaml (or `camaudit rules test`) is not told a Lorex block makes a camera.
    from camaudit.identify.rules import load_rules
    from camaudit.knowledge.loader import vendors

    known = vendors()
    relabellers = [
        r for r in load_rules() if r.field == "mac.oui" and "manufacturer" not in r.asserts
        and r.asserts.get("brand") in known and not known[r.asserts["brand"]].is_maker
    ]
    assert {r.asserts["brand"] for r in relabellers} >= {"amcrest", "lorex", "swann"}
    for rule in relabellers:
        assert rule.needs == "video" and "device_type" not in rule.asserts, rule.id


def test_every_prefix_of_netaddrs_registry_reads_as_netaddr_reads_it() -> None:
    """The registry is read through an index of camaudit's own (0.4 MB, where netaddr's takes 11 MB): every prefix
    netaddr's copy registers gives the organisation netaddr's own lookup gives, and an unregistered one none."""
    import netaddr

    index = oui._ieee_index()
    assert index is not None, "netaddr's registry was not found"
    _, prefixes, _, _ = index
    registered = sorted({int.from_bytes(prefixes[at : at + 3], "big") for at in range(0, len(prefixes), 3)})
    assert len(registered) > 30_000
    for key in registered:
        prefix = f"{key:06x}"
        theirs = str(netaddr.EUI(prefix + "000000").oui.registration().org).strip()
        assert oui._ieee_organisation(prefix) == theirs, prefix
    known = set(registered)
    unregistered = next(f"{k:06x}" for k in range(1 << 24) if k not in known)
    with pytest.raises(netaddr.NotRegisteredError):
        netaddr.EUI(unregistered + "000000").oui.registration()
    assert oui._ieee_organisation(unregistered) == ""


def test_a_mac_lookup_costs_the_process_little_memory() -> None:
    """A scan that meets one MAC address holds the registry's index to its end: netaddr's own grew the process by
    11 MB (Python 3.11, netaddr 1.3); it now grows by kilobytes."""
    code = (
        "import gc\n"
        "from camaudit.identify import oui\n"
        "from camaudit.knowledge.loader import canonical_vendor\n"
        "oui.lookup('00bc.9912.3456')\n"  # the supplement and the vendors loaded: only the registry is measured
        "canonical_vendor('Axis Communications AB')\n"
        "def resident():\n"
        "    return int(open('/proc/self/status').read().split('VmRSS:')[1].split()[0])\n"
        "before = resident()\n"
        "entry = oui.lookup('44:47:CC:37:CE:81')\n"
        "gc.collect()\n"
        "print(entry.vendor if entry else None, resident() - before)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    vendor, grown_kib = done.stdout.split()
    assert vendor == "hikvision"
    assert int(grown_kib) < 2 * 1024, f"the first lookup grew the process by {int(grown_kib) / 1024:.1f} MB"
