"""The maker lexicon's breadth: a record that names a video maker or brand in any text field is named,
with the real maker where the OEM table knows it; a name that is also a word, a person or another trade
claims nothing on its own; a multi-product maker's network card names no camera."""

from __future__ import annotations

import pytest

from camaudit.identify import identify
from camaudit.model import DeviceType, Observation


def obs(fields: dict[str, str], port: int = 80, protocol: str = "http") -> Observation:
    return Observation("192.0.2.1", port, "tcp", protocol, "import", "2026-01-01T00:00:00Z", fields)


# (field, protocol, port, text, maker): one brand per field the lexicon reads, written the way the
# field carries it (docs/observation-fields.md).
NAMED = [
    ("http.title", "http", 80, "Night Owl DVR", "night-owl"),
    ("http.server", "http", 80, "http server/everfocus", "everfocus"),
    ("http.www_authenticate", "http", 80, 'Basic realm="Wyze Cam v3"', "wyze"),
    ("rtsp.server", "rtsp", 554, "Dallmeier RTSP Server", "dallmeier"),
    ("rtsp.www_authenticate", "rtsp", 554, 'Digest realm="Blink Sync Module"', "blink"),
    ("rtsp.sdp", "rtsp", 554, "v=0\r\ns=Session streamed by MOBOTIX MxPEG\r\n", "mobotix"),
    ("tls.subject", "https", 443, "CN=VideoEdge NVR,O=American Dynamics", "american-dynamics"),
    ("tls.issuer", "https", 443, "CN=Arlo Technologies Device CA", "arlo"),
    ("ftp.banner", "ftp", 21, "220 Videotec ULISSE FTP server ready", "videotec"),
    ("telnet.banner", "telnet", 23, "ZOSI DVR login:", "zosi"),
    ("ssh.banner", "ssh", 22, "SSH-2.0-Costar Video Systems", "costar"),
    ("banner", "smtp", 25, "220 IDIS Co., Ltd. DirectIP NVR ESMTP", "idis"),
    ("snmp.sysdescr", "snmp", 161, "Infinova V1760 network camera", "infinova"),
    ("upnp.manufacturer", "upnp", 1900, "Shanghai Xiaoyi Technology Co., Ltd.", "yi"),
    ("upnp.model_name", "upnp", 1900, "Uniden Guardian G766", "uniden"),
    ("upnp.friendly_name", "upnp", 1900, "Canary Flex", "canary"),
    ("onvif.scope", "onvif", 80, "onvif://www.onvif.org/name/Ansjer", "ansjer"),
    ("onvif.device_info.manufacturer", "onvif", 80, "Ikegami Tsushinki", "ikegami"),
    ("dhcp.hostname", "dhcp", 67, "Yoosee", "gwell"),
    ("import.product", "http", 80, "Messoa NDZ760 network camera", "messoa"),
]


@pytest.mark.parametrize(("field", "protocol", "port", "text", "maker"), NAMED)
def test_a_brand_named_in_any_text_field_is_named(field: str, protocol: str, port: int, text: str, maker: str) -> None:
    identity = identify([obs({field: text}, port, protocol)])
    assert maker in (identity.brand, identity.manufacturer), identity.attribution
    assert identity.device_type is not None and identity.device_type.value != "not_camera"


@pytest.mark.parametrize(
    ("text", "maker"),
    [
        ("Sarix IBE329-1I", "pelco"),
        ("Sony IPELA SNC-CH110", "sony"),
        ("Honeywell equIP H4W4GR1Y", "honeywell"),
        ("Meraki MV12", "cisco"),
        ("Illustra Flex 3MP", "illustra"),
        ("MEGApix IVA+", "digital-watchdog"),
        ("Turbo HD DVR", "hikvision"),
        ("SmartPSS", "dahua"),
        ("iCSee", "xiongmai"),
        ("浙江宇视科技有限公司", "uniview"),
        ("Ring Video Doorbell Pro", "ring"),
        ("Nest Cam IQ Outdoor", "nest"),
        ("Mi Home Security Camera 360", "xiaomi"),
        ("Aqara Camera Hub G3", "aqara"),
        ("Kasa Cam KC110", "tp-link"),
    ],
)
def test_product_lines_name_their_maker_and_a_video_device(text: str, maker: str) -> None:
    identity = identify([obs({"http.title": text})])
    assert identity.manufacturer == maker, identity.attribution
    assert identity.device_type is not None and identity.device_type.value != "not_camera"


def test_a_ring_doorbell_is_a_doorbell_camera() -> None:
    identity = identify([obs({"upnp.model_name": "Ring Video Doorbell 4"}, 1900, "upnp")])
    assert identity.manufacturer == "ring"
    assert "doorbell" in identity.capabilities


def test_uniarch_is_uniview_made_through_the_oem_table() -> None:
    identity = identify([obs({"http.title": "Uniarch NVR"})])
    assert identity.brand == "uniarch"
    assert identity.manufacturer == "uniview"


@pytest.mark.parametrize(
    "text",
    [
        "Arlo Guthrie fan club",
        "Ring Alarm Base Station",
        "Nest Thermostat E",
        "Blink rendering engine",
        "Wyze Plug",
        "eufy RoboVac 11S",
        "Xiaomi Mi Router 4A",
        "Aqara Hub M2",
        "Uniden Bearcat scanner",
        "Night Owl Cafe",
        "Spectra Logic T950",
        "Hanwha Aerospace",
        "Cisco Meraki MX68",
        "Tapo P100 smart plug",
        "ABUS padlock shop",
        "Canary Wharf Group",
        "Lumens per watt",
        # shops, places and people sharing a camera name
        "Homebase | DIY, Garden and Homeware",
        "Megavideo",
        "Xiaoyi's blog",
        "Ikegami Line timetable",
        "萤石矿业有限公司",
        "IDIS Foundation",
        "MegaPix Photo Studio",
    ],
)
def test_a_name_that_is_also_a_word_or_another_trade_claims_nothing_alone(text: str) -> None:
    identity = identify([obs({"http.title": text})])
    assert identity.manufacturer is None and identity.brand is None, identity.attribution
    assert identity.device_type is None or identity.device_type not in {DeviceType.CAMERA, DeviceType.VIDEO_DEVICE}


def test_a_shop_page_listing_consumer_brands_names_no_maker() -> None:
    page = "Buy Ring, Arlo, Wyze, eufy, Blink and Night Owl cameras at the best prices. Free delivery."
    identity = identify([obs({"http.title": "Home security shop", "http.body": page})])
    assert identity.manufacturer is None and identity.brand is None


@pytest.mark.parametrize(
    "mac",
    [
        "64:16:66:00:00:01",  # Nest Labs Inc.
        "34:3e:a4:00:00:01",  # Ring LLC
    ],
)
def test_a_multi_product_makers_network_card_alone_names_no_camera(mac: str) -> None:
    # A thermostat or an alarm hub carries the same IEEE block as the maker's cameras.
    identity = identify([obs({"mac": mac, "http.title": "Welcome"})])
    assert identity.manufacturer is None and identity.brand is None, identity.attribution


# Replies as nmap's service fingerprints quote them (github:nmap/nmap/nmap-service-probes@f1a9fdd1659f).
@pytest.mark.parametrize(
    ("field", "protocol", "port", "text", "maker"),
    [
        (
            "ftp.banner",
            "ftp",
            21,
            "220 IPCamera FtpServer(www.maygion.com),do NOT change firmware unless you know",
            "maygion",
        ),
        ("telnet.banner", "telnet", 23, "                    Product of HUACAM\r\n  \r\n\r\nUsername: ", "huacam"),
        ("http.server", "http", 80, "Sentry360 ", "sentry360"),
        ("rtsp.server", "rtsp", 554, "Optelecom-NKF RTSPServer/1.0", "optelecom-nkf"),
        ("http.server", "http", 80, "Devline Linia Server", "devline"),
        ("http.server", "http", 80, "Aimetis-InfoService/1.2", "aimetis"),
        ("http.server", "http", 80, "Vistabox", "convision"),
        ("telnet.banner", "telnet", 23, "Welcome to QualityView Ipcam \r\n\r\nUsername: ", "qualityview"),
        ("http.server", "http", 80, "ISS-HttpMod/1.0", "iss"),
        ("ftp.banner", "ftp", 21, "220-eDVR FTP Server v1.0 (c)Copyright WebGate Inc. DS-2008", "webgate"),
    ],
)
def test_makers_named_in_real_banners_are_named(field: str, protocol: str, port: int, text: str, maker: str) -> None:
    identity = identify([obs({field: text}, port, protocol)])
    assert identity.manufacturer == maker, identity.attribution
    assert identity.device_type is not None and identity.device_type.value != "not_camera"


@pytest.mark.parametrize("text", ["Oracle WebGate 12c", "JVC KENWOOD car stereo", "quality view report"])
def test_other_trades_sharing_a_video_makers_name_claim_nothing(text: str) -> None:
    identity = identify([obs({"http.title": text})])
    assert identity.manufacturer is None and identity.brand is None, identity.attribution


def test_a_2n_intercoms_hip_server_names_maker_and_firmware() -> None:
    # nmap's match lines for 2N Helios IP: "Server: HIP<version>" over HTTP and RTSP.
    identity = identify([obs({"rtsp.server": "HIP2.21.2.30.5"}, 554, "rtsp")])
    assert identity.manufacturer == "2n"
    assert identity.device_type == DeviceType.INTERCOM
    assert identity.firmware == "2.21.2.30.5"
