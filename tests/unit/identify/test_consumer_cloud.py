"""Consumer and cloud camera families read by what they put on the wire (``layers/consumer_cloud.yaml``).

TP-Link's cameras serve their stream on port 8800 behind a Digest challenge carrying TP-Link's own ``encrypt_type``;
their app-login challenge is answered by TP-Link's Wi-Fi lock, hubs and vacuums too, so it names TP-Link and types
nothing, and TP-Link's plugs and routers answer the family's API otherwise. Xiaomi's Mi Home devices announce their model id, whose kind says
"camera" or not, and Wyze's cameras carry Wyze's own product model ids.

Fixtures are written from what the public clients cited in the layer read (go2rtc's Tapo client and control,
a Tapo onboarding script, PyP100, python-miio, go2rtc's Xiaomi client,
homebridge-wyze-smart-home); none is a capture, and none comes from a held-out source.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests import mdns_wire as w
from tests.unit.identify.shodan_banner import identify_banner

from camaudit.identify import identify
from camaudit.model import Identity, Observation, is_video_device
from camaudit.protocols import mdns

_JSON_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n"

#: The first answer of the encrypt_type 3 login, with the fields go2rtc's pkg/tapo/control.go reads
#: (result.data.nonce, result.data.device_confirm) and the error code the login answers before a digest.
TAPO_CHALLENGE = (
    '{"error_code":-40413,"result":{"data":{"code":-40401,"encrypt_type":["3"],"key":"c29tZWtleQ==",'
    '"nonce":"91EF05CB287811E1","device_confirm":"2CF24DBA5FB0A30E26E83B2AC5B9E29E91EF05CB287811E1"}}}'
)
#: A Tapo plug's handshake answer on HTTP /app, and its encrypted passthrough answer (PyP100's handshake()
#: reads result.key, login() result.response: fishbigger/TapoP100 PyP100/PyP100.py@c78f53afea4b).
PLUG_HANDSHAKE = '{"error_code":0,"result":{"key":"bXlrZXk="}}'
PLUG_PASSTHROUGH = '{"error_code":0,"result":{"response":"c2VjcmV0"}}'
#: A TP-Link router's get_encrypt_info answer: its nonce at the top level, no device_confirm.
ROUTER_ENCRYPT_INFO = '{"error_code":0,"nonce":"abc","key":"-----BEGIN PUBLIC KEY-----","encrypt_type":["3"]}'


def is_video(identity: Identity) -> bool:
    return identity.device_type is not None and is_video_device(identity.device_type)


def rule_ids(identity: Identity) -> set[str]:
    return {e.rule_id for e in identity.evidence}


#: The same challenge with the data object beside the error code, device_confirm first: the wrapper kennedn's
#: tapo-onboarding README describes ("the device replies with { data: { nonce, device_confirm } }"), with the confirm
#: laid out as go2rtc checks it: SHA-256 of cnonce + hash + nonce in upper-case hex, the nonce, the cnonce.
TAPO_CHALLENGE_BARE_DATA = (
    '{"data":{"code":-40401,"encrypt_type":["3"],"key":"c29tZWtleQ==","device_confirm":'
    '"9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A0891EF05CB287811E1FEDCBA0987654321",'
    '"nonce":"91EF05CB287811E1"},"error_code":-40413}'
)


def test_the_tapo_login_challenge_names_tp_link_and_types_nothing() -> None:
    # TP-Link's Wi-Fi door lock (SMART.TAPOLOCK), its hubs and robot vacuums answer the same login as its cameras:
    # the maker is certain, the type is not, so it names TP-Link and leaves the type unknown.
    for body in (TAPO_CHALLENGE, TAPO_CHALLENGE_BARE_DATA):
        for stored in (_JSON_HEAD + body, body):
            identity = identify_banner(stored, 443, "192.0.2.80")
            assert not is_video(identity), identity.attribution
            assert identity.manufacturer == "tp-link", identity.attribution
            assert "consumer.tapo.secure-login-maker" in rule_ids(identity)


@settings(max_examples=60, deadline=None)
@given(
    before=st.text(alphabet='{}":, -40123abcdefghijklmnopqrstuvwxyz_[]', max_size=80),
    value=st.text(alphabet='0123456789ABCDEF<>"{}', max_size=40),
)
def test_a_nonce_and_a_confirm_outside_one_data_object_name_nobody(before: str, value: str) -> None:
    # Hostile near-misses: the two keys split across objects, or no data object at all, never name TP-Link.
    for body in (
        '{"result":{"data":{"nonce":"' + value + '"}},' + before + '"device_confirm":"x"}',
        before + '{"nonce":"' + value + '","device_confirm":"y"}',
    ):
        if '"data"' in before:
            continue
        identity = identify_banner(_JSON_HEAD + body, 443, "192.0.2.81")
        assert identity.manufacturer is None and identity.brand is None, (body, identity.attribution)


def test_tp_links_plugs_and_routers_answering_the_same_family_of_api_are_not_video_devices() -> None:
    for body in (PLUG_HANDSHAKE, PLUG_PASSTHROUGH, ROUTER_ENCRYPT_INFO):
        identity = identify_banner(_JSON_HEAD + body, 80, "192.0.2.82")
        assert not is_video(identity), (body, identity.attribution)
        assert identity.manufacturer is None and identity.brand is None, (body, identity.attribution)


def stream_port(headers: str) -> Identity:
    return identify_banner(headers + "\r\n", 8800, "192.0.2.83")


def test_the_stream_ports_digest_challenge_with_tp_links_encrypt_type_names_tp_link() -> None:
    # The header go2rtc's pkg/tapo/client.go parses for realm, nonce, qop and encrypt_type="3".
    identity = stream_port(
        'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm="TP-Link", nonce="0a1b2c3d4e5f", '
        'qop="auth", encrypt_type="3"\r\n'
    )
    assert identity.manufacturer == "tp-link" and is_video(identity), identity.attribution


def test_an_ordinary_digest_challenge_on_the_same_port_names_nobody() -> None:
    identity = stream_port(
        'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm="Login", nonce="0a1b2c3d4e5f", qop="auth"\r\n'
    )
    assert identity.manufacturer is None and identity.brand is None, identity.attribution


def test_the_stream_answers_key_exchange_header_names_tp_link() -> None:
    identity = stream_port(
        "HTTP/1.1 200 OK\r\nContent-Type: multipart/mixed;boundary=--device-stream-boundary--\r\n"
        'Key-Exchange: username="admin" nonce="6c3e2f1a"\r\n'
    )
    assert identity.manufacturer == "tp-link" and is_video(identity), identity.attribution
    assert "consumer.tapo.stream-key-exchange" in rule_ids(identity)


#: Pieces of the shapes above and JSON/JavaScript punctuation, to build hostile near-misses from.
FRAGMENTS = st.sampled_from(
    [
        '"result":{',
        '"data":{',
        '"device_confirm":"',
        '"nonce":"',
        "encrypt_type=",
        '"3"',
        "Digest ",
        "{",
        "}",
        '"',
        " ",
        "\n",
        "\x00",
        "tp-link",
        "Hikvision",
    ]
)


@settings(max_examples=80, deadline=None)
@given(st.lists(FRAGMENTS, max_size=40), st.text(max_size=60))
def test_hostile_near_misses_never_raise_and_fire_only_on_the_whole_shape(parts: list[str], noise: str) -> None:
    text = "".join(parts) + noise
    for stored in (text, _JSON_HEAD + text, f"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: {text[:200]}\r\n\r\n"):
        identity = identify_banner(stored, 8800, "192.0.2.85")
        fired = {r for r in rule_ids(identity) if r.startswith("consumer.")}
        if 'encrypt_type="' not in text:
            assert "consumer.tapo.stream-port-challenge" not in fired


# --- Xiaomi's Mi Home ecosystem and Wyze (piece 2) -------------------------------------------------------------


def announced_on_mdns(instance: str) -> Identity:
    """A _miio._udp announcement built byte by byte and read by the live mDNS reader."""
    full = f"{instance}|_miio|_udp|local"
    reply = w.response(w.ptr("_miio|_udp|local", full), additionals=(w.srv(full, 54321, f"{instance}|local"),))
    fields = mdns.parse_reply(reply)
    assert fields, "the reply must be readable"
    return identify([Observation("192.0.2.90", 5353, "udp", "mdns", "discover", "2026-12-04T00:00:00Z", fields)])


def dhcp_host(name: str) -> Identity:
    return identify(
        [Observation("192.0.2.91", 67, "udp", "dhcp", "passive", "2026-12-04T00:00:00Z", {"dhcp.hostname": name})]
    )


# The model ids python-miio's chuangmi camera module and go2rtc's Xiaomi legacy client list, in the announced form
# python-miio's discovery reads (the id with '-' for '.', '_miio', the device id).
@pytest.mark.parametrize(
    ("instance", "maker"),
    [
        ("chuangmi-camera-ipc019_miio123456789", "xiaomi"),
        ("isa-camera-isc5_miio98765432", "xiaomi"),
        ("lumi-camera-gwagl01_miio87654321", "aqara"),
    ],
)
def test_a_mi_home_camera_announced_on_mdns_is_a_camera_of_its_vendor(instance: str, maker: str) -> None:
    for identity in (announced_on_mdns(instance), dhcp_host(instance)):
        assert identity.device_type is not None and identity.device_type.value == "camera", identity.attribution
        assert maker in (identity.brand, identity.manufacturer), identity.attribution


def test_an_odms_mi_home_camera_or_door_viewer_is_a_camera_of_no_named_maker() -> None:
    for instance in ("loock-cateye-v01_miio12345678", "mxiang-camera-mwc10_miio12345678"):
        identity = announced_on_mdns(instance)
        assert identity.device_type is not None and identity.device_type.value == "camera", identity.attribution
        assert identity.brand is None and identity.manufacturer is None


@pytest.mark.parametrize(
    "instance",
    [
        # The same vendors' other kinds (python-miio discovery.py's DEVICE_MAP).
        "chuangmi-plug-m1_miio12345678",
        "chuangmi-ir-v2_miio12345678",
        "lumi-gateway-v3_miio12345678",
        "zhimi-airpurifier-m1_miio12345678",
        "roborock-vacuum-s5_miio260426251",
    ],
)
def test_the_same_vendors_plugs_gateways_and_vacuums_are_not_cameras(instance: str) -> None:
    identity = announced_on_mdns(instance)
    assert not is_video(identity), identity.attribution


def test_a_stream_or_file_named_like_a_camera_is_not_a_mi_home_camera() -> None:
    for name in ("rtc-camera-stream-001", "tapo-camera-mcp"):
        assert not any(r.startswith("consumer.miio") for r in rule_ids(dhcp_host(name)))


@pytest.mark.parametrize("model", ["HL_CAM3P", "HL_PAN2", "HL_PAN3", "HL_PANP", "HL_WCO2"])
def test_a_wyze_cameras_product_model_names_wyze_and_a_camera(model: str) -> None:
    # homebridge-wyze-smart-home's CameraModels (src/enums.js@9c376b7783a6).
    identity = dhcp_host(model)
    assert identity.brand == "wyze" and identity.model == model, identity.attribution
    assert identity.device_type is not None and identity.device_type.value == "camera"


@pytest.mark.parametrize("model", ["WLPP1", "WLPA19", "HL_HWB2", "HL_LSL", "DWS3U", "YD.LO1", "GW3U"])
def test_wyzes_plugs_bulbs_sensors_gateway_and_lock_are_not_cameras(model: str) -> None:
    identity = dhcp_host(model)
    assert not is_video(identity) and identity.brand is None, identity.attribution


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcxyz019-_.:camertiolumiWYZE_CAKP2JFUS ")), max_size=60))
def test_hostile_host_names_never_raise_and_name_only_ecosystem_makers(name: str) -> None:
    # Only this layer's entries are held to the three ecosystems: the alphabet can also spell another maker's
    # name ("lorEx"), which the lexicon rightly reads in a host name.
    identity = dhcp_host(name)
    for ev in identity.evidence:
        if ev.rule_id.startswith("consumer."):
            assert ev.asserts.get("brand") in (None, "xiaomi", "wyze", "aqara"), ev
            assert ev.asserts.get("manufacturer") in (None, "xiaomi", "wyze", "aqara"), ev


def test_another_makers_name_in_a_host_name_is_the_lexicons_not_this_layers() -> None:
    # The example Hypothesis found: the lexicon names Lorex; no consumer-family entry fires.
    identity = dhcp_host("lorEx")
    assert not [r for r in rule_ids(identity) if r.startswith("consumer.")], identity.attribution


# --- Tenvis's DDNS domains (the Tenvis app's WAN_HOST suffixes, docee/tenvisty_ios MjpegCamera.h@4239a49f1964) -----


def named_host(field: str, value: str) -> Identity:
    return identify([Observation("192.0.2.92", 443, "tcp", "tls", "scan", "2026-12-04T00:00:00Z", {field: value})])


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("tls.subject", "CN=usa12345.mytenvis.com"),
        ("import.hostnames", "frontdoor.tenvis.info"),
        ("dhcp.hostname", "garden.mytenvis.com"),
    ],
)
def test_a_host_under_tenviss_ddns_domains_is_a_tenvis_camera(field: str, value: str) -> None:
    identity = named_host(field, value)
    assert identity.brand == "tenvis", identity.attribution
    assert identity.device_type is not None and identity.device_type.value == "camera"


@pytest.mark.parametrize("value", ["CN=mytenvis.com", "CN=cam.mytenvis.com.example.org", "CN=x.mytenvis.community"])
def test_tenviss_own_domains_and_look_alikes_are_no_camera_host(value: str) -> None:
    # (The name "Tenvis" itself is the lexicon's to read; these carry the domain only.)
    identity = named_host("tls.subject", value)
    assert "consumer.tenvis.ddns-host" not in rule_ids(identity), identity.attribution
