"""A realm entry that reads ``@realm`` holds in HTTP and RTSP alike: what it names in one protocol it names in the other,
and its HTTP twin's counter-examples are its own (helper-244).

Each challenge is identified as a bare HTTP 401 and as a bare RTSP 401 to DESCRIBE (bench/challenges.py builds both).
The Webmin realm is the counter-example rules/http.yaml's Dahua serial-realm entry carries; the hash realm is the form
newer Dahua firmware writes (rules/rtsp.yaml, dahua.rtsp.www_authenticate.login-to, and its two public sources).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.bench_module import bench_module

from camaudit.identify import ruleset

challenges = bench_module("challenges")
DAHUA_REALM_ENTRY = "dahua.rtsp.www_authenticate.login-to"


def _makers(line: str, protocol: str) -> frozenset[str]:
    row = challenges.Row("camera", None, "t", (line,), None, "t")
    return challenges.reading(challenges.identify([row], protocol)[0])[0]


def _entry():
    return next(rule for rule in ruleset().rules if rule.id == DAHUA_REALM_ENTRY)


@pytest.mark.parametrize("protocol", challenges.PROTOCOLS)
def test_webmins_realm_names_no_maker_in_either_protocol(protocol: str) -> None:
    # Webmin's admin panel answers HTTP with this realm; rules/http.yaml's Dahua entry once took any word after
    # "Login to" for a serial and named it a Dahua video device (the HTTP twin of helper-244's RTSP fix).
    assert not _makers('Basic realm="Login to Webmin"', protocol)


def test_no_realm_entry_takes_webmins_realm_for_dahua() -> None:
    readers = [r.id for r in ruleset().rules if r.field == "@realm" and r.regex.search('Basic realm="Login to Webmin"')]
    assert not [rid for rid in readers if "dahua" in rid], readers


@pytest.mark.parametrize("protocol", challenges.PROTOCOLS)
@pytest.mark.parametrize(
    "line",
    [
        'Digest realm="Login to 4K01FD2PAJ6E3FF", nonce="203c8d27b595204504dfa65fd22586bd"',
        'Digest realm="Login to be8c87b7ecbc1c2c89f8b4da109a4f78", nonce="1ae117ce84194f06b41c1557c008dc31"',
    ],
)
def test_dahuas_serial_and_hash_realms_name_dahua_in_both_protocols(line: str, protocol: str) -> None:
    assert "dahua" in _makers(line, protocol)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_the_widened_realm_entry_reads_only_dahuas_two_forms(word: str) -> None:
    line = f'Basic realm="Login to {word}"'
    matched = _entry().regex.search(line) is not None
    serial = 10 <= len(word) <= 20 and all(c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" for c in word)
    hashed = len(word) == 32 and all(c in "0123456789abcdef" for c in word)
    assert matched == (serial or hashed)


#: The entries that name one protocol's challenge field rather than ``@realm``, each with why (the audit in
#: docs/identification/rtsp-sdp.md, "Challenges read alike in HTTP and RTSP"). A new realm or challenge entry reads
#: ``@realm`` unless what it reads can occur in one protocol only; then it joins this list with its reason.
ONE_PROTOCOL = {
    "hikvision.http.www_authenticate.realm-ip-camera": "twin of the RTSP entry; identifiers.hikvision.realm-ip-camera reads @realm",
    "hikvision.rtsp.www_authenticate.realm-ip-camera": "twin of the HTTP entry",
    "hikvision.rtsp.www_authenticate.realm-hikvision": "its HTTP twin reads @realm",
    "axis.rtsp.www_authenticate.realm-mac": "its HTTP twin reads @realm",
    "lorex.http.www_authenticate.login-to-nd": "its RTSP twin reads @realm",
    "dahua.http.www_authenticate.login-to-serial": "its RTSP twin reads @realm",
    "dahua.http.www_authenticate.login-to": "its RTSP twin reads @realm",
    "generic.http.www_authenticate.ir-ip-camera": "any RTSP challenge already types a video device at its level",
    "generic.http.www_authenticate.camera-realm": "any RTSP challenge already types a video device at its level",
    "tp-link.http.www_authenticate.router": "a router's web realm; routers do not answer RTSP",
    "shapes.hikvision.app-webs-nonce": "App-webs is Hikvision's HTTP server; its RTSP server writes other nonces",
    "shapes.hikvision.goahead-dvrdvs-domain": "domain is HTTP's protection-space parameter",
    "words.rtsp-protected-stream": "an RTSP server asking a password is a stream; an HTTP 401 is anything",
    "words.software.dss-default-realm": "a media server's RTSP challenge",
    "words.software.gortsplib-challenge": "a media server's RTSP challenge",
}
CHALLENGE_FIELDS = ("http.www_authenticate", "rtsp.www_authenticate")


def _named_fields(rule) -> tuple[str, ...]:
    return (rule.field,) if isinstance(rule.field, str) else tuple(rule.field)


def test_every_entry_that_reads_one_protocols_challenge_says_why() -> None:
    one_protocol = {
        rule.id
        for rule in ruleset().rules
        if any(name in CHALLENGE_FIELDS for name in _named_fields(rule))
        and not all(name in _named_fields(rule) for name in CHALLENGE_FIELDS)
    }
    unexplained = sorted(one_protocol - set(ONE_PROTOCOL))
    assert not unexplained, f"read @realm, or add to ONE_PROTOCOL with the reason: {unexplained}"
    assert not sorted(set(ONE_PROTOCOL) - one_protocol), "listed entries that no longer read one protocol's field"
