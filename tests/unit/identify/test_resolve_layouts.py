"""A maker's own layout outranks an identifier embedded in it (identify/resolve.py ``inside_layout``).

A realm, host name or session name written in one maker's convention may carry a MAC whose registry block belongs
to another maker: a documentation placeholder, a cloned MAC, test firmware. The layout's maker names the device;
the block's maker is kept as a conflict. The layouts are the makers' documented ones (rules/http.yaml,
layers/sdp.yaml); the MAC blocks are real IEEE registrations (netaddr's registry): 44-19-B6 and BC-AD-28 Hangzhou
Hikvision, 3C-EF-8C Zhejiang Dahua, 00-40-8C Axis, 00-09-18 Samsung Techwin (Hanwha), F4-E2-C6 Ubiquiti.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from camaudit.identify import identify, oui
from camaudit.identify.resolve import inside_layout
from camaudit.model import Evidence, Observation

AXIS_REALM = 'Digest realm="AXIS_{mac}", nonce="x", algorithm=MD5, qop="auth"'
IPOLIS_REALM = 'Digest realm="iPolis_{mac}", qop=auth'
PROTECT_SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns={mac}_1\r\nu=www.ui.com\r\ne=info@ui.com\r\nt=0 0\r\n"


def _others(identity: object) -> set[tuple[str, str]]:
    return {(c.attribute, c.other) for c in identity.conflicts}  # type: ignore[attr-defined]


def test_the_registry_blocks_used_here_are_the_makers_named() -> None:
    # The premise of every test below, checked against the registry rather than assumed.
    assert oui.lookup("44:19:b6:12:34:56").vendor == "hikvision"  # type: ignore[union-attr]
    assert oui.lookup("bc:ad:28:12:34:56").vendor == "hikvision"  # type: ignore[union-attr]
    assert oui.lookup("3c:ef:8c:12:34:56").vendor == "dahua"  # type: ignore[union-attr]
    assert oui.lookup("00:40:8c:12:34:56").vendor == "axis"  # type: ignore[union-attr]


def test_an_axis_realm_carrying_a_hikvision_block_is_an_axis_device(obs: Callable[..., Observation]) -> None:
    # Axis's realm "AXIS_<MAC>" (the serial number is the MAC). A Hikvision block inside it named Hikvision the
    # manufacturer before (the block's rule asserts the manufacturer directly, the realm only the brand).
    identity = identify([obs({"http.www_authenticate": AXIS_REALM.format(mac="4419B6123456")})])
    assert identity.brand == "axis"
    assert identity.manufacturer == "axis"
    assert ("brand", "hikvision") in _others(identity)


def test_an_axis_realm_carrying_an_axis_block_is_only_strengthened(obs: Callable[..., Observation]) -> None:
    alone = identify([obs({"http.www_authenticate": AXIS_REALM.format(mac="4419B6123456")})])
    own = identify([obs({"http.www_authenticate": AXIS_REALM.format(mac="00408C123456")})])
    assert own.manufacturer == "axis" and not own.conflicts
    assert own.confidence > alone.confidence


def test_a_hanwha_ipolis_realm_carrying_a_dahua_block_is_a_hanwha_device(obs: Callable[..., Observation]) -> None:
    identity = identify([obs({"http.www_authenticate": IPOLIS_REALM.format(mac="3C-EF-8C-12-34-56")})])
    assert identity.manufacturer == "hanwha"
    assert ("manufacturer", "dahua") in _others(identity)


def test_unifi_protects_session_carrying_a_hikvision_block_is_a_ubiquiti_recorder(
    obs: Callable[..., Observation],
) -> None:
    # UniFi Protect names the session after a camera's MAC; the box answering is Ubiquiti's recorder whatever
    # block that MAC is in.
    identity = identify([obs({"rtsp.sdp": PROTECT_SDP.format(mac="BCAD28123456")}, port=7447, protocol="rtsp")])
    assert identity.manufacturer == "ubiquiti"
    assert identity.device_type == "nvr"
    assert ("manufacturer", "hikvision") in _others(identity)


def test_a_reported_mac_is_the_network_cards_own_and_is_not_set_aside(obs: Callable[..., Observation]) -> None:
    # The same MAC reported by the scan (ARP, DHCP) is the card's real block: it keeps its weight.
    realm = AXIS_REALM.format(mac="4419B6123456")
    captured = identify([obs({"http.www_authenticate": realm})])
    reported = identify([obs({"http.www_authenticate": realm, "mac": "44:19:b6:12:34:56"})])
    assert captured.manufacturer == "axis"
    assert reported.manufacturer == "hikvision"


def _ev(rule_id: str, field: str, matched: str, certainty: float, needs: str | None = None, **asserts: str) -> Evidence:
    return Evidence(rule_id, field, matched, asserts, certainty, "https://example.org", 80, "http", needs)


BLOCK = Evidence(
    "hikvision.mac.oui.hikvision",
    "mac.oui",
    "Hangzhou Hikvision Digital Technology Co.,Ltd.",
    {"manufacturer": "hikvision", "device_type": "video_device"},
    0.7,
    "ieee",
    None,
    "mac",
)


def test_a_block_of_the_layouts_oem_is_no_conflict() -> None:
    # Annke is made by Hikvision (oems.yaml): a Hikvision block in an Annke layout agrees with it.
    host = _ev("mac.realm-token", "http.www_authenticate", 'realm="ANNKE_4419B6123456"', 0.4, mac="4419B6123456")
    layout = _ev("annke.realm", "http.www_authenticate", 'realm="ANNKE_', 0.7, brand="annke")
    assert inside_layout([BLOCK], host, [host, layout]) == [BLOCK]


def test_a_maker_named_elsewhere_in_page_text_is_no_layout() -> None:
    # A maker's name needing video evidence, on another stretch of the same answer, is not the text the MAC sits in.
    host = _ev("mac.labelled", "http.body", "mac: 44-19-b6-12-34-56", 0.45, mac="44-19-b6-12-34-56")
    mention = _ev("lexicon.axis", "http.body", "Axis", 0.5, needs="video", brand="axis")
    assert inside_layout([BLOCK], host, [host, mention]) == [BLOCK]


def test_the_block_counts_below_the_layout_for_the_layouts_own_attribute() -> None:
    host = _ev(
        "axis.realm-mac", "http.www_authenticate", 'realm="AXIS_4419B6123456"', 0.8, brand="axis", mac="4419B6123456"
    )
    (kept,) = inside_layout([BLOCK], host, [host])
    assert kept.asserts == {"brand": "hikvision", "device_type": "video_device"}
    assert kept.certainty == 0.4
    assert "inside axis.realm-mac's layout" in kept.source
    # A block on another port's reply is untouched: the layout governs only its own reply.
    elsewhere = _ev("axis.realm-mac", "http.www_authenticate", 'realm="AXIS_4419B6123456"', 0.8, brand="axis")
    assert inside_layout([BLOCK], replace(host, port=8080), [elsewhere]) == [BLOCK]
