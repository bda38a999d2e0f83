"""Favicon hashes of Hikvision's, Dahua's and TVT's web UIs name the maker (``*.favicon.mmh3`` rules).

Hikvision's, Dahua's and TVT's firmware serve the same icon on cameras, recorders and the OEM relabels that keep the
maker's web UI, so the hash names the manufacturer (who made it), not the brand on the box. The Shodan and Censys
records below are written for these tests (no capture is quoted); the hash values come from the public fingerprint
sets the rules cite (docs/identification/http.md, "Favicon hashes of makers' web UIs").
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from camaudit.identify import identify, match_fields
from camaudit.importers import censys
from camaudit.importers.shodan import parse_banner
from camaudit.model import Identity, Observation

VIDEO_TYPES = {"camera", "nvr", "dvr", "video_device", "video_encoder", "intercom", "access_control"}
FAVICON_RULES = ("hikvision.http.favicon.mmh3", "dahua.http.favicon.mmh3", "tvt.favicon.mmh3")
MAKER_HASHES = {999357577, 2019488876, 833190513, -1466785234, 1653394551, 1281253102, 492290497}


def shodan_web_ui(favicon_hash: int) -> Identity:
    """A Shodan HTTP banner whose page says nothing but whose favicon hash is ``favicon_hash`` (invented record)."""
    banner = {
        "ip_str": "192.0.2.10",
        "port": 80,
        "transport": "tcp",
        "data": "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n",
        "http": {"status": 200, "title": "", "favicon": {"hash": favicon_hash, "location": "/favicon.ico"}},
    }
    return identify(list(parse_banner(banner, 1).observations))


def favicon_only(fields: dict[str, str]) -> Identity:
    return identify([Observation("192.0.2.1", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", fields)])


@pytest.mark.parametrize(
    ("favicon_hash", "maker"),
    [
        (999357577, "hikvision"),
        (2019488876, "dahua"),
        (833190513, "dahua"),
        (-1466785234, "dahua"),
        (1653394551, "dahua"),
        (1281253102, "dahua"),
        (492290497, "tvt"),
    ],
)
def test_a_makers_web_ui_icon_in_a_shodan_record_names_the_maker_of_a_video_device(
    favicon_hash: int, maker: str
) -> None:
    identity = shodan_web_ui(favicon_hash)
    assert identity.manufacturer == maker
    assert identity.device_type is not None and identity.device_type.value in VIDEO_TYPES


def test_the_same_icon_read_from_a_censys_host_names_the_same_maker() -> None:
    record = censys.parse_host(
        {
            "ip": "192.0.2.11",
            "services": [
                {
                    "port": 443,
                    "service_name": "HTTP",
                    "transport_protocol": "TCP",
                    "http": {"response": {"status_code": 200, "favicons": [{"hash_shodan": 999357577}]}},
                }
            ],
        },
        1,
    )
    identity = identify(list(record.observations))
    assert identity.manufacturer == "hikvision"


@pytest.mark.parametrize(
    "fields",
    [
        # Apache Tomcat's own icon (tests/data/favicons): recorder software often runs on Tomcat, the icon is Tomcat's.
        {"http.favicon.mmh3": "-297069493", "http.favicon.md5": "4644f2d45601037b8423d45e13194c93"},
        {"http.favicon.mmh3": "-999357577"},  # the sign flipped: a different icon
        {"http.favicon.mmh3": "9993575770"},
        {"http.favicon.mmh3": "911067989"},  # QNAP's NAS (yaklang's table, dev_class nas)
        {"http.favicon.mmh3": "1924358485"},  # MikroTik's router (yaklang's table)
        {"http.favicon.mmh3": "-336242473"},  # a Siemens building controller (nuclei: siemens-ozw772)
    ],
)
def test_other_products_icons_name_no_maker_and_type_no_video_device(fields: dict[str, str]) -> None:
    identity = favicon_only(fields)
    assert identity.manufacturer is None and identity.brand is None
    assert identity.device_type is None or identity.device_type.value not in VIDEO_TYPES


@given(st.integers(min_value=-(2**31), max_value=2**31 - 1).filter(lambda h: h not in MAKER_HASHES))
def test_no_other_hash_is_read_as_one_of_these_makers_icons(favicon_hash: int) -> None:
    fired = [e.rule_id for e in match_fields({"http.favicon.mmh3": str(favicon_hash)})]
    assert not [rule for rule in fired if rule.startswith(FAVICON_RULES)]


@given(st.text(max_size=64))
def test_hostile_text_in_the_hash_field_never_raises_and_never_fires_these_rules(value: str) -> None:
    fired = [e.rule_id for e in match_fields({"http.favicon.mmh3": value})]
    # One trailing newline is let through by ``$``, as everywhere in the rule language: still the same hash.
    if value.removesuffix("\n") not in {str(h) for h in MAKER_HASHES}:
        assert not [rule for rule in fired if rule.startswith(FAVICON_RULES)]


@pytest.mark.parametrize("favicon_hash", ["1924358485", "-2069844696"])
def test_router_icons_two_tables_agree_on_type_the_device_a_router(favicon_hash: str) -> None:
    # MikroTik RouterOS (yaklang and fckscan) and Ruckus wireless (nuclei and yaklang): not a camera, and said so.
    identity = favicon_only({"http.favicon.mmh3": favicon_hash})
    assert identity.device_type is not None and identity.device_type.value == "router"
    assert identity.manufacturer is None
