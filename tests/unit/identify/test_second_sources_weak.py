"""Second sources for more single-source model grammars of weak makers (helper-224, 2026-12-06).

helper-218 gave eighteen entries a second, independent source (test_second_sources.py). Five more model grammars of
makers the held-out batches name least often rested on one source key: Sony's PTZ and unhyphenated SNC numbers,
VIVOTEK's speed domes, Wyze's product codes and eufy's HomeBase numbers; so did Tenvis's DDNS host names. Each now lists a further public source that
shows a number it matches (test_second_sources.py checks that each survives leaving its first source out); here, the
number that second source shows still names the maker with every rule citing the first source taken away.
"""

from __future__ import annotations

from functools import cache

import pytest
from tests.unit.identify.test_second_sources import _rule

from camaudit.identify import RuleSet, ruleset, ruleset_of
from camaudit.identify.provenance import rule_kept, source_keys
from camaudit.importers.shodan import parse_banner
from camaudit.model import Identity

#: Entry -> (maker it names, the number its second source shows).
SHOWN = {
    "models.sony.snc-ptz": ("sony", "SNC-RS44N"),
    "models.sony.snc-unhyphenated": ("sony", "SNCDH110W"),
    "models.vivotek.ptz": ("vivotek", "SD9367-EHL"),
    "models.wyze.camera": ("wyze", "WYZE_CAKP2JFUS"),
    "models.eufy.homebase": ("eufy", "T8010"),
    "consumer.tenvis.ddns-host": ("tenvis", "testcamera.mytenvis.com"),
}


@cache
def _without(keys: frozenset[str]) -> RuleSet:
    return ruleset_of(r for r in ruleset().rules if rule_kept(r.source, r.supports, keys))


def _title(rules: RuleSet, text: str) -> Identity:
    # A camera's web page titled with its number, as its firmware serves it.
    data = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><head><title>{text}</title></head></html>"
    record = parse_banner({"ip_str": "192.0.2.70", "port": 80, "transport": "tcp", "data": data}, 1)
    return rules.identify(list(record.observations))


@pytest.mark.parametrize("rule_id", sorted(SHOWN))
def test_the_second_source_shows_a_number_the_entry_reads(rule_id: str) -> None:
    own = source_keys(_rule(rule_id).source)
    shown = [text for locator, text in _rule(rule_id).supports if not (source_keys(locator) & own)]
    assert SHOWN[rule_id][1] in shown


@pytest.mark.parametrize("rule_id", sorted(r for r in SHOWN if r.startswith("models.")))
def test_the_number_the_second_source_shows_names_the_maker_without_the_first_source(rule_id: str) -> None:
    maker, shown = SHOWN[rule_id]
    identity = _title(_without(source_keys(_rule(rule_id).source)), f"{shown} Network Camera")
    assert identity.manufacturer == maker or identity.brand == maker, identity


def test_a_tenvis_ddns_host_in_a_certificate_names_tenvis_without_the_app_it_was_read_from() -> None:
    # A camera's certificate issued to its DDNS name, as an engine keeps it: only the host name says Tenvis.
    rules = _without(source_keys(_rule("consumer.tenvis.ddns-host").source))
    record = parse_banner(
        {
            "ip_str": "192.0.2.71",
            "port": 443,
            "transport": "tcp",
            "data": "HTTP/1.1 200 OK\r\nServer: thttpd\r\n\r\n",
            "hostnames": ["usa45678.mytenvis.com"],
        },
        1,
    )
    identity = rules.identify(list(record.observations))
    assert identity.brand == "tenvis", identity
