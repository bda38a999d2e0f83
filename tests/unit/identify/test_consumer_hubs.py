"""Consumer hubs that record their cameras, told from the hubs that do not, by model (helper-119).

TP-Link gives every Tapo hub one device family, ``SMART.TAPOHUB``: the H100/H110 relay sensors and switches, the H200
and the H500 HomeBase keep the recordings of the battery cameras and doorbells paired with them. Only the model in
the same answer tells them apart (``consumer.tapo.camera-hub-answer*``, ``models.tp-link.tapo-camera-hub``).
Also here: Axis's M71 video encoders, typed encoders rather than cameras.

Fixtures are written from what the cited sources print of those answers (mihai-dinculescu/tapo issue 144's H200,
the Sujeom/tapo-h500-local-recordings test's H500 basic_info); identifiers, names and the H100 answer's values are
invented, none is a capture, and none comes from a held-out source.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.shodan_banner import identify_banner

from camaudit.identify import identify, match_fields
from camaudit.importers.shodan import parse_banner
from camaudit.model import Identity, is_video_device

HUB_RULES = {"consumer.tapo.camera-hub-answer", "consumer.tapo.camera-hub-answer-type-first"}


def discovery_reply(result: dict[str, object]) -> Identity:
    """The identity of a Shodan-style record of TP-Link's UDP 20002 discovery reply carrying ``result``."""
    body = json.dumps({"error_code": 0, "result": result})
    record = parse_banner(
        {"ip_str": "192.0.2.40", "port": 20002, "transport": "udp", "_shodan": {"module": "tplink-tdp"}, "data": body},
        1,
    )
    return identify(list(record.observations))


def rule_ids(identity: Identity) -> set[str]:
    return {e.rule_id for e in identity.evidence}


def is_video(identity: Identity) -> bool:
    return identity.device_type is not None and is_video_device(identity.device_type)


#: The H200 of mihai-dinculescu/tapo issue 144, its fields as the client printed them, in JSON's key order.
H200 = {
    "avatar": "hub_h200",
    "child_num": 2,
    "device_id": "0A1B2C3D",
    "fw_ver": "1.6.1 Build 20251230 rel.64168",
    "hw_ver": "1.0",
    "model": "H200",
    "product_name": "Tapo Smart Hub",
    "region": "EU",
    "type": "SMART.TAPOHUB",
}
#: A sensor hub's reply in the same shape (values invented; the model is TP-Link's sensor hub).
H100 = {
    "device_id": "0A1B2C3D",
    "device_model": "H100(EU)",
    "device_type": "SMART.TAPOHUB",
    "is_support_iot_cloud": True,
    "mac": "3C-52-A1-00-00-00",
    "obd_src": "tplink",
}


def test_a_tapo_camera_hubs_discovery_reply_is_a_tp_link_recorder() -> None:
    identity = discovery_reply(H200)
    assert identity.device_type == "nvr", identity.attribution
    assert identity.manufacturer == "tp-link"
    assert identity.model == "H200"
    assert rule_ids(identity) & HUB_RULES


def test_the_h500_homebases_device_info_in_either_key_order_is_a_tp_link_recorder() -> None:
    # The Sujeom test's basic_info, type before model, and the same answer with the keys sorted.
    basic = {
        "device_type": "SMART.TAPOHUB",
        "device_model": "H500",
        "device_alias": "Front Hall",
        "sw_version": "1.3.20 Build 250714 Rel.60872n",
        "hw_version": "1.0",
        "mac": "AA-BB-CC-DD-EE-FF",
    }
    for ordered in (basic, dict(sorted(basic.items()))):
        body = json.dumps({"device_info": {"basic_info": ordered}})
        identity = identify_banner(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + body, 443, "192.0.2.41"
        )
        assert identity.device_type == "nvr", identity.attribution
        assert identity.manufacturer == "tp-link"
        assert identity.model == "H500"


@pytest.mark.parametrize("model", ["H100(EU)", "H110", "H100"])
def test_a_sensor_hub_of_the_same_family_is_no_video_device_and_names_nobody(model: str) -> None:
    identity = discovery_reply({**H100, "device_model": model})
    assert not is_video(identity), identity.attribution
    assert identity.manufacturer is None and identity.brand is None
    assert not rule_ids(identity) & HUB_RULES


def test_a_camera_hubs_model_in_another_family_or_object_is_no_recorder() -> None:
    for result in ({**H200, "type": "SMART.TAPOPLUG"}, {"children": [{"model": "H200"}], "type": "SMART.TAPOHUB"}):
        identity = discovery_reply(result)
        assert not rule_ids(identity) & HUB_RULES, identity.attribution
        assert not is_video(identity)


@pytest.mark.parametrize("text", ["Tapo H500 HomeBase", "TP-Link Tapo H200", "Tapo_H200"])
def test_a_tapo_camera_hub_named_in_text_is_a_tp_link_recorder(text: str) -> None:
    evidence = match_fields({"upnp.friendly_name": text})
    hub = [e for e in evidence if e.rule_id == "models.tp-link.tapo-camera-hub"]
    assert hub and hub[0].asserts.get("device_type") == "nvr" and hub[0].asserts.get("brand") == "tp-link"


@pytest.mark.parametrize("text", ["Tapo H100", "Tapo H110", "NVIDIA H200 Tensor Core GPU", "Tapo H2000"])
def test_sensor_hubs_and_other_h200s_are_not_read_as_tapo_camera_hubs(text: str) -> None:
    assert all(e.rule_id != "models.tp-link.tapo-camera-hub" for e in match_fields({"upnp.friendly_name": text}))


@settings(max_examples=80, deadline=None)
@given(
    model=st.text(alphabet="H0123456789()EUSA-", min_size=1, max_size=10),
    noise=st.text(alphabet="{}[]\":, '\\abcdefgh_SMART.TAPOHUB", max_size=120),
)
def test_hostile_answers_never_raise_and_a_recorder_needs_a_camera_hubs_model(model: str, noise: str) -> None:
    # What the rules claim, and only that: the family with an H200 or H500 (a region suffix allowed) is a recorder;
    # any other model beside the family is not, whatever follows in the answer.
    identity = discovery_reply({"device_model": model, "device_type": "SMART.TAPOHUB", "note": noise})
    camera_hub = re.fullmatch(r"H[25]00(?:\([A-Z]{2,3}\))?", model) is not None
    assert bool(rule_ids(identity) & HUB_RULES) == camera_hub, (model, noise)


def test_axis_m71_video_encoders_are_encoders_not_cameras() -> None:
    # An FTP banner in the layout of Axis's own ('220 AXIS <model> <kind> <firmware> (<date>) ready.'), invented.
    identity = identify_banner("220 AXIS M7104 Video Encoder 10.12.220 (2023) ready.\r\n", 21, "192.0.2.42")
    assert identity.device_type == "video_encoder", identity.attribution
    assert identity.manufacturer == "axis"
    assert identity.model == "M7104"
    assert not [c for c in identity.conflicts if c.attribute == "device_type"], identity.conflicts


# --- Base stations of battery-camera systems: video devices, not cameras -----------------------------------------


def titled(title: str) -> Identity:
    """The identity of a host whose only answer is a page titled ``title`` (an invented page)."""
    page = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><head><title>{title}</title></head></html>"
    return identify_banner(page, 80, "192.0.2.43")


@pytest.mark.parametrize(
    ("title", "maker", "model"),
    [
        ("eufy HomeBase 3 T8030", "eufy", "T8030"),
        ("HomeBase S280", "eufy", None),
        ("Arlo Base Station VMB4000r3", "arlo", "VMB4000"),
        ("Arlo SmartHub VMB5000", "arlo", "VMB5000"),
        ("Blink Sync Module 2", "blink", None),
    ],
)
def test_a_camera_systems_base_station_is_a_video_device_of_its_maker_not_a_camera(
    title: str, maker: str, model: str | None
) -> None:
    identity = titled(title)
    assert identity.device_type == "video_device", identity.attribution
    assert maker in (identity.brand, identity.manufacturer)
    if model:
        assert identity.model == model
    assert not [c for c in identity.conflicts if c.attribute == "device_type"], identity.conflicts


@pytest.mark.parametrize(
    "title",
    ["eufyCam 2C", "Arlo Pro 4", "Blink Outdoor 4"],
)
def test_the_same_makers_cameras_stay_cameras(title: str) -> None:
    assert titled(title).device_type == "camera"


@pytest.mark.parametrize("text", ["VMB4RYLD", "VMB8PBU", "Velbus VMB1BL blind module", "VMB40000"])
def test_velbus_modules_and_longer_numbers_are_no_arlo_base_station(text: str) -> None:
    assert all(e.rule_id != "models.arlo.base-station" for e in match_fields({"upnp.model_name": text}))


@pytest.mark.parametrize("code", ["T8021", "T8023", "T8000"])
def test_eufys_lock_bridge_and_chime_codes_are_no_homebase(code: str) -> None:
    evidence = match_fields({"upnp.model_name": code})
    assert all(e.rule_id != "models.eufy.homebase" for e in evidence)


@settings(max_examples=100, deadline=None)
@given(digits=st.text(alphabet="0123456789", min_size=1, max_size=6), tail=st.sampled_from(["", "r3", "X", "-", " "]))
def test_an_arlo_base_station_number_is_vmb_and_four_digits_ending_in_zero(digits: str, tail: str) -> None:
    value = f"VMB{digits}{tail}"
    fired = any(e.rule_id == "models.arlo.base-station" for e in match_fields({"upnp.model_name": value}))
    assert fired == bool(re.fullmatch(r"VMB[345][0-9]{2}0(?:r3| |-)?", value)), value


# --- Wyze: a camera product id the grammar did not read ------------------------------------------------------------


def test_wyzes_gw_gc1_product_model_names_wyze_and_a_camera() -> None:
    # wyze-sdk's DeviceModels lists GW_GC1 among the cameras (CAMERA_OUTDOOR_V2); its lock gateway, thermostat and
    # vacuum ids are other products.
    evidence = [e for e in match_fields({"devinfo.model": "GW_GC1"}) if e.rule_id == "models.wyze.camera"]
    assert evidence and evidence[0].asserts.get("brand") == "wyze" and evidence[0].asserts.get("model") == "GW_GC1"
    for other in ("YD.GW1", "CO_EA1", "JA_RO2", "GW_GC10"):
        assert all(e.rule_id != "models.wyze.camera" for e in match_fields({"devinfo.model": other})), other
