"""Login-level realms and product-line greetings that name a maker (helper-234, 2026-12-06).

Bosch cameras and encoders have three fixed login names (service, user, live) and their HTTP realm tells the browser
which to type; their Telnet greeting names the product line (AutoDome, Dinion, FlexiDome, VIP X). Each sign rests on
two public sources, so leaving one out keeps it; look-alike realms and greetings of other devices name nobody.
"""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.shodan_banner import identify_banner

from camaudit.identify import RuleSet, ruleset, ruleset_of
from camaudit.identify.provenance import rule_kept
from camaudit.importers.shodan import parse_banner


def _challenge(realm: str) -> str:
    return f'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm="{realm}",nonce="6afd1704",qop="auth"\r\n\r\n'


@cache
def _without(key: str) -> RuleSet:
    """The packaged rules less every rule that leave-one-source-out drops for a reply from ``key``."""
    return ruleset_of(r for r in ruleset().rules if rule_kept(r.source, r.supports, frozenset({key})))


@pytest.mark.parametrize(
    "realm",
    [
        "Use service as User Name in order to log in to the respective level",
        "Use 'live' as User Name in order to log in to the respective level",
        "Use 'user' as User Name",
    ],
)
def test_a_bosch_login_level_realm_names_a_bosch_camera(realm: str) -> None:
    identity = identify_banner(_challenge(realm), 80, "192.0.2.71")
    assert identity.manufacturer == "bosch"
    assert identity.is_video_device


@pytest.mark.parametrize(
    "realm", ["Use admin as User Name", "Use your e-mail address as User Name", "User Name", "Use 'live' as User Names"]
)
def test_other_login_wording_names_nobody(realm: str) -> None:
    assert identify_banner(_challenge(realm), 80, "192.0.2.72").manufacturer is None


@pytest.mark.parametrize("key", ["rapid7/recog", "nmap/nmap"])
def test_the_level_realm_stands_with_either_source_left_out(key: str) -> None:
    record = parse_banner(
        {"ip_str": "192.0.2.73", "port": 80, "transport": "tcp", "data": _challenge("Use 'live' as User Name")}, 1
    )
    assert _without(key).identify(list(record.observations)).manufacturer == "bosch"


@pytest.mark.parametrize(
    "greeting",
    [
        "\r\n\r\nWelcome to Dinion-IP-NWC 4.10 from 192.0.2.7\r\n",
        "\r\n\r\nWelcome to VIP-X 1600 from 192.0.2.7\r\n",
        "Welcome to FLEXIDOME IP 4000\r\n",
    ],
)
def test_a_bosch_product_line_greeting_names_bosch(greeting: str) -> None:
    identity = identify_banner(greeting, 23, "192.0.2.74")
    assert identity.manufacturer == "bosch"
    assert identity.is_video_device


@pytest.mark.parametrize(
    "greeting", ["Welcome to Microsoft Telnet Service\r\n", "Welcome to AutoDomestic\r\n", "Welcome to ViewStation\r\n"]
)
def test_other_greetings_name_nobody(greeting: str) -> None:
    assert identify_banner(greeting, 23, "192.0.2.75").manufacturer is None


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_hostile_realms_and_greetings_never_raise_or_invent_bosch(text: str) -> None:
    realm = text.replace('"', "").replace("\r", "").replace("\n", "")
    for data, port in ((_challenge(realm), 80), (text, 23)):
        identity = identify_banner(data, port, "192.0.2.76")
        if identity.manufacturer == "bosch":
            assert "User Name" in data or "welcome to" in data.lower()
