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


def test_webmins_realm_names_no_maker_over_rtsp_and_no_realm_entry_takes_it_for_dahua() -> None:
    assert "dahua" not in _makers('Basic realm="Login to Webmin"', "rtsp")
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
