"""Counter-evidence: what stops a maker's name, an SDK string or a DVR word from making a camera claim."""

from __future__ import annotations

import pytest

from camaudit.identify import identify
from camaudit.model import Observation, is_video_device


def ident(fields: dict[str, str], port: int = 80, protocol: str = "http"):
    return identify([Observation("192.0.2.1", port, "tcp", protocol, "import", "2026-01-01T00:00:00Z", fields)])


@pytest.mark.parametrize(
    "title", ["Hikvision Partner Portal", "Axis Academy - Training", "Dahua Dealer Locator"]
)
def test_a_makers_web_site_is_neither_a_camera_nor_that_makers_device(title: str) -> None:
    identity = ident({"http.title": title})
    assert not is_video_device(identity.device_type)
    # The maker named in a title whose "video device" half lost is not claimed either.
    assert identity.manufacturer is None and identity.brand is None


def test_a_makers_name_still_names_the_maker_of_a_device_page() -> None:
    identity = ident({"http.title": "HIKVISION DS-2CD2143G2-I"})
    assert identity.manufacturer == "hikvision"


@pytest.mark.parametrize("title", ["Channels DVR", "Tvheadend", "NextPVR", "Tablo DVR"])
def test_television_recorders_are_not_security_dvrs(title: str) -> None:
    assert not is_video_device(ident({"http.title": title}).device_type)


def test_the_upnp_security_camera_device_type_says_camera() -> None:
    identity = ident({"upnp.device_type": "urn:schemas-upnp-org:device:DigitalSecurityCamera:1"}, 1900, "ssdp")
    assert identity.device_type is not None and identity.device_type.value == "camera"
    assert identity.manufacturer is None


def test_hisilicon_reference_firmware_says_camera_and_names_no_maker() -> None:
    # Recog files this server under Foscam; it is HiSilicon's reference firmware on many brands.
    identity = ident({"rtsp.server": "HiIpcam/V100R003 VodServer/1.0.0"}, 554, "rtsp")
    assert identity.device_type is not None and identity.device_type.value == "camera"
    assert identity.brand is None and identity.manufacturer is None


def test_cross_web_server_is_a_tvt_dvr() -> None:
    identity = ident({"http.server": "Cross Web Server"})
    assert identity.manufacturer == "tvt"
    assert identity.device_type is not None and identity.device_type.value == "dvr"
