"""What a device calls itself in mDNS is read as a self-description (field group ``@selfname``).

A HomeKit accessory's service instance name is its name as its owner set it, and DNS-SD conventions put the device's
own model in a TXT key of whichever service it announces: ``md`` (HAP-NodeJS's advertiser, github:homebridge/
HAP-NodeJS src/lib/Advertiser.ts@38733bb9d73c; Google Cast, github:yoep/rust-cast README.md), ``model`` (AirPlay,
``_device-info``), ``ty`` (a printer's make and model). The device-word layer reads them as it reads a UPnP
friendlyName; a HomeKit category that is no camera (HAP-NodeJS src/lib/Accessory.ts@32b3d86af92f: 7 an outlet,
5 a light ...) outweighs the name, and printers, Cast receivers, AirPlay and Sonos speakers stay non-cameras.
The replies are built byte by byte (tests/mdns_wire.py) and read by the live reader.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests import mdns_wire as w

from camaudit.identify import identify
from camaudit.identify.field_groups import group_members, member_covers
from camaudit.model import Observation, is_video_device
from camaudit.protocols import mdns


def _hap(name: str, *txt: str) -> bytes:
    instance = f"{name}|_hap|_tcp|local"
    return w.response(
        w.ptr("_hap|_tcp|local", instance),
        additionals=(w.srv(instance, 51826, "hap-host|local"), w.txt(instance, "c#=2", "id=5F:2A:11:22:33:44", *txt)),
    )


def _service(service: str, name: str, *txt: str) -> bytes:
    instance = f"{name}|{service}|_tcp|local"
    return w.response(w.ptr(f"{service}|_tcp|local", instance), additionals=(w.txt(instance, *txt),))


def _identify(reply: bytes, *more: Observation) -> tuple[str | None, list[str]]:
    fields = mdns.parse_reply(reply)
    assert fields, "the reply must be readable"
    seen = Observation("198.18.0.30", 5353, "udp", "mdns", "discover", "2026-12-03T00:00:00Z", fields)
    identity = identify([seen, *more])
    return identity.device_type, [e.rule_id for e in identity.evidence]


@pytest.mark.parametrize("reply", [
    _hap("Garage Camera"),                         # an accessory that gives no category
    _hap("Hallway", "md=Front Door Cam 2"),        # its model says it
    _service("_http", "Lobby", "model=IP Camera"),  # a web UI's announcement with a model key
])
def test_a_device_whose_mdns_name_or_model_is_a_camera_word_is_a_camera(reply: bytes) -> None:
    device_type, rules = _identify(reply)
    assert device_type == "camera", rules
    assert "words.camera-word.self-named" in rules or "words.ipc-self-type" in rules


def test_a_homekit_outlet_named_for_the_camera_it_powers_is_not_a_camera() -> None:
    device_type, rules = _identify(_hap("Garage Camera", "md=Eve Energy", "ci=7"))
    assert device_type == "not_camera", rules
    assert not is_video_device(device_type)


def test_a_camera_sign_beside_a_non_camera_category_still_wins() -> None:
    rtsp = Observation("198.18.0.30", 554, "tcp", "rtsp", "scan", "2026-12-03T00:00:00Z",
                       {"rtsp.server": "Hikvision-Webs", "rtsp.www_authenticate": 'Digest realm="IP Camera(12345)"'})
    device_type, rules = _identify(_hap("Garage Camera", "ci=7"), rtsp)
    assert is_video_device(device_type), rules


@pytest.mark.parametrize("category", ["1", "2", "17"])
def test_other_bridge_and_camera_categories_are_not_called_non_cameras(category: str) -> None:
    device_type, rules = _identify(_hap("Porch Camera", f"ci={category}"))
    assert device_type == "camera", rules


@pytest.mark.parametrize("reply", [
    _service("_ipp", "HP LaserJet Pro M404dn (12AB34)", "ty=HP LaserJet Pro M404dn", "product=(HP LaserJet Pro)"),
    _service("_ipp", "Canon MF740C/640C", "ty=Canon MF740C/640C Series"),
    _service("_googlecast", "Chromecast-0a1b2c", "md=Chromecast", "fn=Baby Camera"),
    _service("_airplay", "Living Room", "model=AppleTV6,2"),
    _service("_sonos", "Sonos-5CAAFD123456", "model=Sonos One"),
    _hap("Kitchen Lamp", "md=Hue bulb", "ci=5"),
])
def test_printers_cast_airplay_sonos_and_lamps_are_not_video_devices(reply: bytes) -> None:
    device_type, rules = _identify(reply)
    assert not is_video_device(device_type), rules


def test_selfname_reads_the_mdns_instance_and_model_keys_of_any_service() -> None:
    members = group_members("@selfname")
    assert any(member_covers(m, "mdns.instance") for m in members)
    for field in ("mdns.txt.hap.md", "mdns.txt.googlecast.md", "mdns.txt.airplay.model", "mdns.txt.ipp.ty"):
        assert any(member_covers(m, field) for m in members), field
    for field in ("mdns.txt.googlecast.fn", "mdns.txt.hap.ci", "mdns.host", "mdns.txt.hap.mdx", "mdns.txt.md"):
        assert not any(member_covers(m, field) for m in members), field


_PART = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=12)


@given(st.lists(_PART, min_size=1, max_size=5), st.lists(_PART, min_size=1, max_size=5), st.data())
def test_a_starred_member_covers_exactly_the_names_that_agree_part_by_part(
    member_parts: list[str], field_parts: list[str], data: st.DataObject
) -> None:
    starred = [data.draw(st.sampled_from([p, "*"])) for p in member_parts]
    member, field = ".".join(starred), ".".join(field_parts)
    expected = len(starred) == len(field_parts) and all(s in ("*", f) for s, f in zip(starred, field_parts, strict=False))
    assert member_covers(member, field) is expected
    # The member always covers the name it was made from.
    assert member_covers(member, ".".join(member_parts))
