"""Shodan's mdns banners: the ``mdns`` module property and a printed service listing, read into ``mdns.*``.

``tests/data/importers/shodan_mdns.jsonl`` follows the ``mdns`` property of Shodan's banner schema
(https://datapedia.shodan.io/banner.schema.json as the ``pydantic-shodan`` models render it: ``services`` keyed
``<port>/<proto>`` with ``name``, ``port``, ``ptr``, ``ipv4``; ``answers``/``additionals`` keyed by record name).
The values are illustrative, not captured from Shodan: a DoorBird announced as its announcer does
(github:florian-h05/doorbird-mdns-announcer app/main.py@9fa78f89e0fa), a HomeKit camera with HAP-NodeJS's TXT keys
(github:homebridge/HAP-NodeJS src/lib/Advertiser.ts@38733bb9d73c), and an IPP printer; documentation addresses. The
fourth carries a Hikvision camera's `_CGI._tcp` answer as github:128keaton/hikvision-mdns captured it
(test/cameras.json: instance, TXT, the serial as host name, its IPv6 addresses), under a documentation IPv4 address.
"""

from __future__ import annotations

from pathlib import Path

from camaudit.identify import identify
from camaudit.importers import shodan
from camaudit.importers.sniff import sniff
from camaudit.model import Observation, is_video_device

DATA = Path(__file__).resolve().parents[2] / "data" / "importers" / "shodan_mdns.jsonl"


def _observations() -> dict[str, Observation]:
    return {r.ip or "": r.observations[0] for r in shodan.read(DATA)}


def test_the_mdns_property_gives_services_instances_hosts_and_txt() -> None:
    doorbird = _observations()["192.0.2.231"]
    assert doorbird.protocol == "mdns"
    assert doorbird.fields["mdns.service"].split("\n") == ["_http._tcp", "_axis-video._tcp"]
    assert doorbird.fields["mdns.instance"] == "Doorstation - 1CCAE3726FE3"
    assert doorbird.fields["mdns.host"] == "bha-1ccae3726fe3.local"
    assert doorbird.fields["mdns.txt.axis-video.macaddress"] == "1CCAE3726FE3"


def test_a_doorbird_banner_names_doorbird_and_a_video_device() -> None:
    identity = identify([_observations()["192.0.2.231"]])
    assert identity.manufacturer == "doorbird" and is_video_device(identity.device_type)


def test_a_homekit_camera_banner_is_a_camera_and_a_printer_is_not() -> None:
    found = _observations()
    assert found["192.0.2.232"].fields["mdns.txt.hap.ci"] == "17"
    assert identify([found["192.0.2.232"]]).device_type == "camera"
    printer = identify([found["192.0.2.233"]])
    assert not is_video_device(printer.device_type) and printer.manufacturer is None


def test_a_printed_listing_alone_is_read_as_mdns() -> None:
    fields: dict[str, str] = {}
    listing = "Services:\n  _http._tcp.local\n  AXIS P3245-LVE - ACCC8E5A3B7C._axis-video._tcp.local\n"
    assert sniff(listing, fields, port=5353, hint="mdns") == "mdns"
    assert fields["mdns.instance"] == "AXIS P3245-LVE - ACCC8E5A3B7C"
    identity = identify([Observation("192.0.2.9", 5353, "udp", "mdns", "import", "2026-12-03T00:00:00Z", fields)])
    assert (identity.manufacturer, identity.model) == ("axis", "P3245-LVE")


def test_text_without_a_service_name_stays_a_banner() -> None:
    fields: dict[str, str] = {}
    assert sniff("HIKVISION DS-2CD2722FWD-IZS - 733050127", fields, port=5353, hint="mdns") is None
    assert fields == {}


def test_a_hikvision_answer_names_the_camera_and_gives_the_mac_inside_its_ipv6_address() -> None:
    camera = _observations()["192.0.2.234"]
    assert camera.fields["mdns.service"] == "_cgi._tcp"
    assert camera.fields["mdns.eui64_mac"] == "18:68:cb:15:b2:84"  # fe80::1a68:cbff:fe15:b284, RFC 4291 Appendix A
    identity = identify([camera])
    assert (identity.manufacturer, identity.model) == ("hikvision", "DS-2CD2722FWD-IZS")
