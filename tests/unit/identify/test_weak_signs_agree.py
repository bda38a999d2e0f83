"""An RTSP answer and a camera-selling maker's waiting name, on one device, satisfy each other.

identify/base_rates.py (``agreeing_weak_signs``), identify/resolve.py; docs/identification/resolution.md, "Weak signs
that agree" (helper-262, 2026-12-07). A bare RTSP answer (layers/device_words.yaml ``rtsp-answered``) waits for a second
sign, and a multi-product maker's name (TP-Link, D-Link, Canon ...) waits for video evidence; before, each waited for
the other and a TP-Link device serving RTSP stayed of unknown kind, unnamed. The records are constructed in the shapes
the importers read (an RTSP OPTIONS answer as RFC 2326 writes it, a UPnP description's ``manufacturer``, an HTTP
``Server`` header, an SNMP sysDescr): no development or held-out reply was copied.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify, resolve
from camaudit.identify.base_rates import AGREEING_TYPE_CAP
from camaudit.model import DeviceType, Evidence, Observation

NOTE = "an RTSP server beside a maker that sells cameras"
#: An OPTIONS answer with RFC 2326's five methods and nothing else: the bare answer, which alone types nothing.
BARE_RTSP = {"rtsp.headers": "CSeq: 1\nPublic: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN"}


def obs(fields: dict[str, str], port: int | None, protocol: str) -> Observation:
    return Observation("192.0.2.40", port, "tcp", protocol, "import", "2026-01-01T00:00:00Z", dict(fields))


def rtsp() -> Observation:
    return obs(BARE_RTSP, 554, "rtsp")


def agreed(identity: object) -> bool:
    return any(NOTE in line for line in getattr(identity, "attribution", ()))


@pytest.mark.parametrize(
    ("beside", "maker"),
    [
        # What the device calls its maker in its UPnP description (TP-Link's Tapo and VIGI cameras, its routers too).
        (obs({"upnp.manufacturer": "TP-Link"}, 1900, "ssdp"), "tp-link"),
        # A multi-product maker's name in the device's own web server header (D-Link's DCS cameras, its routers too).
        (obs({"http.server": "D-Link Web Server"}, 80, "http"), "d-link"),
        # An SNMP sysDescr opening with the maker's registered name.
        (obs({"snmp.sysdescr": "D-Link Corporation"}, 161, "snmp"), "d-link"),
    ],
)
def test_a_bare_rtsp_answer_beside_a_camera_selling_makers_name_is_that_makers_video_device(
    beside: Observation, maker: str
) -> None:
    identity = identify([rtsp(), beside])
    assert identity.device_type == DeviceType.VIDEO_DEVICE
    assert identity.manufacturer == maker
    assert 0 < identity.confidence <= 0.55
    assert agreed(identity)


def test_either_sign_alone_still_says_nothing() -> None:
    alone = identify([rtsp()])
    assert alone.device_type is None and alone.manufacturer is None
    name = identify([obs({"upnp.manufacturer": "TP-Link"}, 1900, "ssdp")])
    assert not name.is_video_device and name.manufacturer is None and name.brand is None


@pytest.mark.parametrize(
    "beside",
    [
        # A TP-Link router: its description says what it is, so the RTSP answer names nobody and types nothing.
        obs(
            {
                "upnp.manufacturer": "TP-Link",
                "upnp.device_type": "urn:schemas-upnp-org:device:InternetGatewayDevice:1",
            },
            1900,
            "ssdp",
        ),
        # Panasonic's VIERA televisions serve SAT>IP over RTSP (catalogues.yaml rtsp_look_alikes).
        obs({"upnp.manufacturer": "Panasonic"}, 1900, "ssdp"),
        # Huawei's IPTV platforms and set-top boxes speak RTSP (catalogues.yaml rtsp_look_alikes).
        obs({"upnp.manufacturer": "Huawei Technologies Co., Ltd."}, 1900, "ssdp"),
        # A NAS whose surveillance application serves its cameras' streams: no catalogue row, no pairing.
        obs({"upnp.manufacturer": "Synology Inc."}, 1900, "ssdp"),
        # A TP-Link MAC block: the network card's maker (a PC or a Raspberry Pi with a TP-Link Wi-Fi adapter).
        obs({"mac": "50:c7:bf:12:34:56"}, None, "arp"),
        # A Canon printer's Remote UI (rules/non_camera.yaml canon.http.title.remote-ui) types the device itself.
        obs(
            {"http.title": "Remote UI: Login: MF632C/634C: MF632C/634C", "http.server": "CANON HTTP Server"}, 80, "http"
        ),
    ],
)
def test_look_alikes_beside_a_bare_rtsp_answer_stay_unnamed(beside: Observation) -> None:
    identity = identify([rtsp(), beside])
    assert not agreed(identity)
    assert identity.manufacturer is None
    if "http.title" in beside.fields:
        assert identity.device_type == DeviceType.PRINTER
    else:
        assert not identity.is_video_device
        assert identity.brand is None


def test_a_media_server_naming_itself_on_a_d_link_box_stays_unnamed() -> None:
    # GStreamer's RTSP server names itself: its answer's hints are explained (identify/stream_software.py), so there
    # is no camera sign for D-Link's name to pair with.
    server = obs(
        {"rtsp.headers": "CSeq: 1\nServer: GStreamer RTSP server", "rtsp.server": "GStreamer RTSP server"}, 554, "rtsp"
    )
    identity = identify([server, obs({"upnp.manufacturer": "D-Link"}, 1900, "ssdp")])
    assert not agreed(identity)
    assert not identity.is_video_device
    assert identity.manufacturer is None and identity.brand is None


def test_two_makers_named_beside_the_answer_name_neither() -> None:
    identity = identify(
        [rtsp(), obs({"upnp.manufacturer": "TP-Link"}, 1900, "ssdp"), obs({"http.server": "Sony"}, 80, "http")]
    )
    assert not agreed(identity)
    assert identity.manufacturer is None and identity.brand is None


# --- A property over the pieces: the pairing never outruns what it rests on ---------------------------------------
def piece(
    rule_id: str, field: str, asserts: dict[str, str], certainty: float, port: int, needs: str | None
) -> Evidence:
    protocol = field.split(".", 1)[0]
    return Evidence(rule_id, field, rule_id, asserts, certainty, "test", port, protocol, needs)


VIDEO = {"device_type": "video_device"}
POOL = (
    piece("words.rtsp-answered", "rtsp.headers", VIDEO, 0.35, 554, "video"),
    piece("identifiers.upnp.manufacturer", "upnp.manufacturer", {"brand": "tp-link"}, 0.6, 1900, "video"),
    piece("lexicon.tp-link.1", "upnp.manufacturer", {"manufacturer": "tp-link"}, 0.6, 1900, "video"),
    piece("lexicon.d-link.1", "http.server", {"manufacturer": "d-link"}, 0.6, 80, "video"),
    piece("lexicon.panasonic", "http.server", {"manufacturer": "panasonic"}, 0.6, 8080, "video"),
    piece("oui.registry.vendor", "mac.oui", {"manufacturer": "tp-link"}, 0.45, 0, "video"),
    piece("lexicon.tp-link.1.prose", "http.body", {"manufacturer": "tp-link"}, 0.36, 81, "video"),
    piece("test.router", "upnp.device_type", {"device_type": "router"}, 0.85, 1900, None),
    piece("test.streamer", "rtsp.server", {"device_type": "not_camera"}, 0.5, 8554, None),
    piece("test.web", "http.server", {"device_type": "web_server"}, 0.4, 80, None),
)


def test_the_pool_holds_pairs_that_agree() -> None:
    # The property below checks what an agreement implies; these make sure its pool can agree at all: the answer with
    # TP-Link's self-description, and with D-Link's name beside a web server's type (cameras serve web pages).
    assert agreed(resolve([POOL[0], POOL[1], POOL[2]]))
    assert agreed(resolve([POOL[0], POOL[3], POOL[9]]))
    assert not agreed(resolve([POOL[0], POOL[3], POOL[7]]))  # a router's own type stands


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(POOL), min_size=1, max_size=6))
def test_agreeing_signs_type_a_video_device_of_their_one_maker_and_stay_weak(pieces: list[Evidence]) -> None:
    identity = resolve(pieces)
    if not agreed(identity):
        return
    named = {v for e in pieces for k, v in e.asserts.items() if k in ("brand", "manufacturer")}
    assert len(named) == 1 and identity.manufacturer in named
    assert any(e.rule_id == "words.rtsp-answered" for e in pieces)
    assert any(e.rule_id in ("identifiers.upnp.manufacturer", "lexicon.tp-link.1", "lexicon.d-link.1") for e in pieces)
    assert not any(e.asserts.get("device_type") in ("router", "not_camera") for e in pieces)
    assert "panasonic" not in named
    assert identity.device_type == DeviceType.VIDEO_DEVICE
    assert identity.confidence <= AGREEING_TYPE_CAP
