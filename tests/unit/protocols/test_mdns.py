"""mDNS answers as RFC 6762/6763 lay them out, with the names real announcers use, read into ``mdns.*`` fields;
and the reader's caps on hostile bytes.

The replies are built byte by byte in ``tests/mdns_wire.py`` (no real capture is stored here); the names and TXT
keys are those of public sources: the DoorBird announcer (github:florian-h05/doorbird-mdns-announcer
app/main.py@9fa78f89e0fa), HAP-NodeJS's advertiser (github:homebridge/HAP-NodeJS src/lib/Advertiser.ts@38733bb9d73c)
and the Axis "<model> - <serial>" instance layout (github:julienblitte/UniversalScanner Axis.cs@1be6e8be67d7).
"""

from __future__ import annotations

import struct

from hypothesis import given, settings
from hypothesis import strategies as st
from tests import mdns_wire as w

from camaudit.identify import identify
from camaudit.model import Observation
from camaudit.protocols import mdns
from camaudit.protocols.discovery import classify

DOORBIRD = w.response(
    w.ptr("_axis-video|_tcp|local", "Doorstation - 1CCAE3726FE3|_axis-video|_tcp|local"),
    additionals=(
        w.srv("Doorstation - 1CCAE3726FE3|_axis-video|_tcp|local", 80, "bha-1CCAE3726FE3|local"),
        w.txt("Doorstation - 1CCAE3726FE3|_axis-video|_tcp|local", "macaddress=1CCAE3726FE3"),
        w.a("bha-1CCAE3726FE3|local", "198.18.0.20"),
    ),
)
HAP_CAMERA = w.response(
    w.ptr("_hap|_tcp|local", "Porch Camera 5F2A|_hap|_tcp|local"),
    additionals=(
        w.srv("Porch Camera 5F2A|_hap|_tcp|local", 51826, "Porch-Camera-5F2A|local"),
        w.txt("Porch Camera 5F2A|_hap|_tcp|local", "c#=2", "ff=0", "id=5F:2A:11:22:33:44", "md=Porch Camera",
              "pv=1.1", "s#=1", "sf=1", "ci=17", "sh=qMSTxw=="),
    ),
)
ENUMERATION = w.response(
    w.ptr("_services|_dns-sd|_udp|local", "_http|_tcp|local"),
    w.ptr("_services|_dns-sd|_udp|local", "_axis-video|_tcp|local"),
)


def _observe(fields: dict[str, str]) -> Observation:
    return Observation("198.18.0.20", 5353, "udp", "mdns", "discover", "2026-12-03T00:00:00Z", fields)


def test_a_doorbird_announcement_gives_service_instance_host_and_txt() -> None:
    fields = mdns.parse_reply(DOORBIRD)
    assert fields == {
        "mdns.service": "_axis-video._tcp",
        "mdns.instance": "Doorstation - 1CCAE3726FE3",
        "mdns.host": "bha-1ccae3726fe3.local",
        "mdns.txt.axis-video.macaddress": "1CCAE3726FE3",
    }


def test_a_doorbird_is_a_video_device_made_by_doorbird() -> None:
    identity = identify([_observe(mdns.parse_reply(DOORBIRD) or {})])
    assert identity.device_type is not None and identity.device_type != "not_camera"
    assert identity.manufacturer == "doorbird"


def test_a_homekit_camera_is_a_camera_and_its_txt_keys_are_read() -> None:
    fields = mdns.parse_reply(HAP_CAMERA) or {}
    assert fields["mdns.txt.hap.ci"] == "17"
    assert fields["mdns.txt.hap.md"] == "Porch Camera"
    assert not any("#" in name for name in fields)  # "c#", "s#" are no field names
    assert identify([_observe(fields)]).device_type == "camera"


def test_a_homekit_light_is_no_camera() -> None:
    light = w.response(w.txt("Hall Light|_hap|_tcp|local", "md=Hall Light", "ci=5"))
    fields = mdns.parse_reply(light) or {}
    assert fields["mdns.txt.hap.ci"] == "5"
    identity = identify([_observe(fields)])
    assert identity.device_type in (None, "not_camera") and identity.manufacturer is None


def test_an_axis_instance_names_model_and_maker() -> None:
    axis = w.response(w.ptr("_axis-video|_tcp|local", "AXIS P3245-LVE - ACCC8E5A3B7C|_axis-video|_tcp|local"))
    identity = identify([_observe(mdns.parse_reply(axis) or {})])
    assert (identity.manufacturer, identity.model) == ("axis", "P3245-LVE")


def test_the_service_enumeration_lists_types_not_itself() -> None:
    assert mdns.parse_reply(ENUMERATION) == {"mdns.service": "_http._tcp\n_axis-video._tcp"}


def test_an_instance_label_keeps_its_dots_and_case() -> None:
    reply = w.response(w.ptr("_http|_tcp|local", "Cam v2.1 (Garage)|_http|_tcp|local"))
    assert (mdns.parse_reply(reply) or {})["mdns.instance"] == "Cam v2.1 (Garage)"


def test_compressed_names_are_followed() -> None:
    head = struct.pack("!HHHHHH", 0, 0x8400, 0, 2, 0, 0)
    first = w.ptr("_axis-video|_tcp|local", "Front|_axis-video|_tcp|local")
    # The second record's owner is a pointer to the first owner (offset 12).
    second = b"\xc0\x0c" + struct.pack("!HHIH", 12, 1, 120, 7) + b"\x04Back\xc0\x0c"
    fields = mdns.parse_reply(head + first + second) or {}
    assert fields["mdns.instance"] == "Front\nBack"


def test_queries_and_garbage_give_nothing() -> None:
    assert mdns.parse_reply(mdns.build_query()) is None
    assert mdns.parse_reply(b"") is None
    assert mdns.parse_reply(b"\x00\x00\x84\x00" + b"\xff" * 40) is None


def test_a_pointer_loop_ends_the_read() -> None:
    head = struct.pack("!HHHHHH", 0, 0x8400, 0, 1, 0, 0)
    assert mdns.parse_reply(head + b"\xc0\x0c" + b"\x00" * 10) is None  # points at itself
    assert mdns.parse_reply(head + b"\xc0\x20" + b"\x00" * 40) is None  # points forwards


def test_a_flood_of_records_is_capped() -> None:
    records = [w.ptr("_http|_tcp|local", f"Host {i}|_http|_tcp|local") for i in range(400)]
    head = struct.pack("!HHHHHH", 0, 0x8400, 0, 65535, 0, 0)
    fields = mdns.parse_reply(head + b"".join(records)) or {}
    assert len(fields["mdns.instance"].split("\n")) == mdns.MAX_VALUES


def test_control_characters_cannot_forge_lines() -> None:
    reply = w.response(w.ptr("_http|_tcp|local", "Cam\nmdns.service: _axis-video._tcp|_http|_tcp|local"))
    fields = mdns.parse_reply(reply) or {}
    assert fields["mdns.service"] == "_http._tcp"
    assert "\n" not in fields["mdns.instance"]


def test_the_query_asks_the_enumeration_and_the_camera_types() -> None:
    query = mdns.build_query()
    assert query[:12] == struct.pack("!HHHHHH", 0, 0, len(mdns.ASKED), 0, 0, 0)
    assert b"\x09_services\x07_dns-sd\x04_udp\x05local\x00\x00\x0c\x00\x01" in query
    assert b"\x0b_axis-video\x04_tcp\x05local\x00" in query and b"\x04_hap\x04_tcp\x05local\x00" in query


def test_classify_reads_mdns_from_port_5353_only() -> None:
    assert classify(DOORBIRD, 5353)[0] == "mdns"
    assert classify(DOORBIRD, 5353)[1][0]["mdns.instance"] == "Doorstation - 1CCAE3726FE3"
    assert classify(DOORBIRD, 40000) == ("unknown", [])


def test_printed_listing_gives_services_instances_and_hosts() -> None:
    text = "Services:\n  _http._tcp.local\n  Doorstation - 1CCAE3726FE3._axis-video._tcp.local.\nbha-1ccae3726fe3.local\n"
    assert mdns.text_fields(text) == {
        "mdns.service": "_http._tcp\n_axis-video._tcp",
        "mdns.instance": "Doorstation - 1CCAE3726FE3",
        "mdns.host": "bha-1ccae3726fe3.local",
    }


def test_named_txt_reads_pairs_under_an_instance_name_only() -> None:
    assert mdns.named_txt("Porch._hap._tcp.local", ["ci=17", "md=Porch", 5]) == {
        "mdns.txt.hap.ci": "17", "mdns.txt.hap.md": "Porch"}
    assert mdns.named_txt("_hap._tcp.local", ["ci=17"]) == {}
    assert mdns.named_txt("_services._dns-sd._udp.local", ["_hap._tcp.local"]) == {}


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=600))
def test_random_bytes_never_raise(data: bytes) -> None:
    fields = mdns.parse_reply(data)
    assert fields is None or all(isinstance(v, str) and len(v) <= 64 * 1024 for v in fields.values())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.binary(max_size=80), max_size=12), st.integers(0, 0xFFFF))
def test_response_headers_over_random_records_never_raise(chunks: list[bytes], count: int) -> None:
    head = struct.pack("!HHHHHH", 0, 0x8400, count % 5, count, count, count)
    assert mdns.parse_reply(head + b"".join(chunks)) is None or True


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_text_readers_never_raise(text: str) -> None:
    mdns.text_fields(text)
    mdns.named_txt(text, [text, "k=" + text])
