"""The host name a device gives itself: DHCP option 12 and its mDNS host (helper-120, 2026-12-04).

Model numbers and makers' names in them are read by the lexicon and the model grammars; here, what is left: an owner's
camera word as the head of the first label (layers/identifiers.yaml hostname.camera-word-*: a camera, no maker), and
the yi-hack firmwares' default DHCP name "yi-hack" (roleoroleo/yi-hack-Allwinner wifidhcp.sh: a YI camera) and
Thingino's "ing-<brand>-<model>-<MAC suffix>" (themactep/thingino-firmware rootfs_script.sh, S04hostname). The
"mijia-camera" name is the one github.com/fliphess/chuangmi-720p-hack/issues/2 quotes; the other names are invented
in the layouts RFC 2132 and RFC 6762 describe.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify, match_fields
from camaudit.model import Identity, Observation, is_video_device


def seen(fields: dict[str, str], protocol: str) -> Identity:
    """The identity of a device seen only by what it said in passive traffic."""
    obs = Observation(
        ip="192.0.2.80",
        port=None,
        transport="udp",
        protocol=protocol,
        source="passive",
        seen_at="2026-12-04T19:00:00Z",
        fields=fields,
    )
    return identify([obs])


def test_a_dhcp_host_name_ending_in_a_camera_word_is_a_camera_of_no_maker() -> None:
    for name in ("garage-camera", "Camera2", "ipcam_01", "front-door-cam"):
        identity = seen({"dhcp.hostname": name}, "dhcp")
        assert identity.device_type == "camera", name
        assert identity.brand is None and identity.manufacturer is None
    # The owner's word alone is a weak sign ("ipcam" is also a device word of its own, 0.65).
    assert seen({"dhcp.hostname": "garage-camera"}, "dhcp").confidence <= 0.5


def test_other_dhcp_host_names_say_nothing() -> None:
    for name in ("frontcam", "cambridge-pc", "camtasia", "Johns-MacBook-Pro", "android-5f2c1e", "camera-hub"):
        assert not is_video_device(seen({"dhcp.hostname": name}, "dhcp").device_type), name


def test_an_mdns_host_ending_in_a_camera_word_is_a_camera() -> None:
    identity = seen({"mdns.host": "fe80--1.local\nfrontdoor-camera.local"}, "mdns")
    assert identity.device_type == "camera"
    assert not is_video_device(seen({"mdns.host": "camera-bridge.local"}, "mdns").device_type)


def test_a_xiaomi_camera_named_by_its_default_host_name() -> None:
    # The camera word types it; the lexicon names the brand beside it.
    identity = seen({"dhcp.hostname": "mijia-camera"}, "dhcp")
    assert identity.device_type == "camera"
    assert identity.brand == "xiaomi"


def test_the_yi_hack_default_host_name_is_a_yi_camera() -> None:
    identity = seen({"dhcp.hostname": "yi-hack"}, "dhcp")
    assert identity.device_type == "camera"
    assert identity.brand == "yi"
    assert not is_video_device(seen({"dhcp.hostname": "yi-hack-server"}, "dhcp").device_type)


def test_thinginos_default_host_name_is_a_camera() -> None:
    # ing-<brand>-<model>-<last four hex digits of the Wi-Fi MAC>: Thingino's rootfs_script.sh and S04hostname.
    assert seen({"dhcp.hostname": "ing-jooan-a6m-0f9e"}, "dhcp").device_type == "camera"
    assert seen({"mdns.host": "ing-jooan-a6m-0f9e.local"}, "mdns").device_type == "camera"
    for name in ("ing-acme-x1", "ing-sync", "ing-1"):  # no MAC suffix (and no maker word)
        assert not is_video_device(seen({"dhcp.hostname": name}, "dhcp").device_type), name


@settings(max_examples=200, deadline=None)
@given(name=st.one_of(st.text(max_size=200), st.from_regex(r"[a-z0-9_.-]{0,60}", fullmatch=True)))
def test_a_host_name_claims_a_camera_at_most_and_never_raises(name: str) -> None:
    for field in ("dhcp.hostname", "mdns.host"):
        for evidence in match_fields({field: name}, protocol="dhcp"):
            if evidence.rule_id.startswith("identifiers.hostname.camera-word"):
                assert evidence.asserts.get("device_type") == "camera"
                assert "brand" not in evidence.asserts and "manufacturer" not in evidence.asserts
