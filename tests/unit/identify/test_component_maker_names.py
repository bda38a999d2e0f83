"""A chip, Wi-Fi-module or IoT-platform vendor in a self-description's maker field names nobody (helper-204, 2026-12-06).

White-label firmware leaves the SoC's or the module's maker in ONVIF's Manufacturer, UPnP's manufacturer or a device
API's vendor key. Before, such a name became a self-reported brand ("realtek", "ingenic-semiconductor-co-ltd") on a
camera and, beside any video sign, on a router or a TV box built on the same part. Now the name gives nothing, and what
makes the device a camera is still read from its other fields. The descriptions and answers below are invented in the
layouts the UPnP Device Architecture and ONVIF's GetDeviceInformationResponse prescribe (not captures); the vendor
names are the IEEE registry's spellings (``component_makers`` in layers/lexicon.yaml).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify, regex_check, selfreport
from camaudit.identify.selfreport import is_component_maker, maker_id
from camaudit.knowledge.loader import vendors
from camaudit.model import Identity, Observation, is_video_device
from camaudit.protocols import soap

# The IEEE registry's own spellings of the parts' makers (netaddr's bundled oui.txt), and the short forms firmware uses.
COMPONENT_NAMES = [
    "Realtek", "REALTEK SEMICONDUCTOR CORP.", "Ingenic Semiconductor Co.,Ltd", "HUNAN GOKE MICROELECTRONICS CO.,LTD",
    "GOKE", "HiSilicon", "Hisilicon Technologies Co., Ltd.", "Sigmastar Technology Ltd.", "MSTAR SEMICONDUCTOR",
    "Novatek Microelectronics Corp.", "Ambarella", "Fullhan", "Anyka", "Grain Media", "Allwinner Technology Co., Ltd",
    "Rockchip", "Espressif Inc.", "AzureWave Technology Inc.", "HUNAN FN-LINK TECHNOLOGY LIMITED", "Tuya Smart Inc.",
]


def seen(fields: dict[str, str], protocol: str = "upnp") -> Identity:
    return identify([Observation("192.0.2.91", 49152, "tcp", protocol, "discover", "2026-12-06T05:00:00Z", fields)])


def description(manufacturer: str, friendly: str, model: str, device_type: str = "Basic:1") -> dict[str, str]:
    urn = f"urn:schemas-upnp-org:device:{device_type}"
    fields = soap.upnp_description(
        '<?xml version="1.0"?><root xmlns="urn:schemas-upnp-org:device-1-0"><specVersion><major>1</major>'
        f"<minor>0</minor></specVersion><device><deviceType>{urn}</deviceType>"
        f"<friendlyName>{friendly}</friendlyName><manufacturer>{manufacturer}</manufacturer>"
        f"<modelName>{model}</modelName><UDN>uuid:3f2a9c4e-1d2b-4c5d-8e9f-0a1b2c3d4e5f</UDN></device></root>".encode()
    )
    assert fields.get("upnp.manufacturer") == manufacturer
    return fields


def test_each_part_makers_name_is_no_brand() -> None:
    for name in COMPONENT_NAMES:
        assert is_component_maker(name), name
        assert maker_id(name) is None, name


def test_the_part_makers_pattern_passes_the_backtracking_checks() -> None:
    pattern = selfreport._components()
    assert pattern is not None
    assert regex_check.backtracking_problems(pattern.pattern, pattern.flags) == []


def test_makers_and_unknown_brands_are_still_named() -> None:
    assert maker_id("Hikvision") == "hikvision"
    assert maker_id("ZHEJIANG DAHUA TECHNOLOGY CO.,LTD") == "dahua"
    # A camera maker's name before a part's: the vendor aliases and legal names decide first.
    assert maker_id("Axis Communications AB") == "axis"
    # Names that only start like a part maker's are brands of their own: whole words only.
    assert maker_id("Realtime Vision") == "realtime-vision"
    assert maker_id("Goker Cam") == "goker-cam"
    assert maker_id("Tuyama Security") == "tuyama-security"


def test_a_camera_whose_description_names_its_chip_is_a_camera_of_no_brand() -> None:
    identity = seen(description("Realtek Semiconductor Corp.", "IPCAM", "IPCamera"))
    assert identity.device_type == "camera"
    assert identity.brand is None and identity.manufacturer is None, identity.attribution


def test_an_onvif_answer_naming_its_soc_is_a_video_device_of_no_brand() -> None:
    identity = seen({"onvif.device_info.manufacturer": "Ingenic", "onvif.device_info.model": "T31",
                     "onvif.device_info.firmware": "V2.1.0", "onvif.device_info.serial": "T31ZX0001"}, "onvif")
    assert is_video_device(identity.device_type)
    assert identity.brand is None and identity.manufacturer is None, identity.attribution


def test_a_router_built_on_the_same_chip_stays_no_camera() -> None:
    identity = seen(description("Realtek", "Wireless Router", "RTL8196C", "InternetGatewayDevice:1"))
    assert not is_video_device(identity.device_type)
    assert identity.brand is None


def test_a_known_maker_in_the_same_field_still_names_the_camera() -> None:
    identity = seen(description("Hikvision", "Front door", "DS-2CD2032-I"))
    assert identity.manufacturer == "hikvision" and is_video_device(identity.device_type)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(COMPONENT_NAMES), st.text(max_size=40), st.text(max_size=40))
def test_a_part_makers_name_among_any_words_never_becomes_a_brand(name: str, before: str, after: str) -> None:
    # Random and hostile words around the name: the answer is nobody, or a vendor camaudit knows (the aliases and legal
    # names go first), never a self-reported brand made of the part maker's name.
    found = maker_id(f"{before} {name} {after}")
    assert found is None or found in vendors(), found


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_answered_without_raising(text: str) -> None:
    assert isinstance(is_component_maker(text), bool)
    maker_id(text)
