"""MAC → organisation → vendor, from netaddr's IEEE registry plus the sourced supplement."""

from __future__ import annotations

from collections.abc import Callable

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
