"""The 2026-12-07 speed cuts of the Shodan loop (helper-270) do less work per record and read the same.

* ``looks_quoted`` settles a text that opens with a character (every HTTP head, every page) by that character: the
  pattern that skips leading blanks runs only for a text that starts with one.
* ``head_fields`` finds the headers that are fields of their own with a pattern led by a line end, which ``re`` jumps
  to, over the block led by one: the same headers as the multiline ``^`` pattern, which was tried at every character.
* ``module_fields`` looks up no module property of a banner that has none; ``exact_serials`` looks no further into a
  banner without a certificate.
* ``public_ca_signed`` keeps its answer per issuer: a scan file repeats a few issuers endlessly.

The whole: bench/identify_outputs.py gives the same digests before and after (docs/identification/matching.md,
"One look per record, 7 December").
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import site_certificates
from camaudit.importers import reply_decoding, shodan, shodan_modules
from camaudit.importers import text as text_module


class _Counting:
    """A compiled pattern that counts the calls made to it."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.calls = 0

    def match(self, *args: Any) -> Any:
        self.calls += 1
        return self.pattern.match(*args)

    def search(self, *args: Any) -> Any:
        self.calls += 1
        return self.pattern.search(*args)


class _AskedDict(dict[str, Any]):
    """A banner that records the keys looked up with ``get``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.asked: list[str] = []

    def get(self, key: str, default: Any = None) -> Any:
        self.asked.append(key)
        return super().get(key, default)


def test_a_text_that_opens_with_a_character_is_settled_without_the_lead_pattern(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    counting = _Counting(reply_decoding._FIRST)
    monkeypatch.setattr(reply_decoding, "_FIRST", counting)
    assert not reply_decoding.looks_quoted("HTTP/1.1 200 OK\r\nServer: nginx\r\n\r\n")
    assert not reply_decoding.looks_quoted("<!doctype html><html><title>x</title>")
    assert reply_decoding.looks_quoted("&lt;?xml version=&quot;1.0&quot;?&gt;")
    assert reply_decoding.looks_quoted('"HTTP/1.1 200 OK\\r\\n"')
    assert counting.calls == 0
    assert reply_decoding.looks_quoted("\ufeff  &quot;model&quot;")  # led by blanks: the pattern finds the first
    assert counting.calls == 1


_FIRST_AS_WRITTEN = re.compile("[\\r\\n\\t \\x00\\ufeff]{0,64}(.)", re.DOTALL)


def _looks_quoted_as_written(text: str) -> bool:
    first = _FIRST_AS_WRITTEN.match(text)
    if first is None or first.group(1) == "<":
        return False
    return first.group(1) in "\"&" or text.find("&quot;", 0, reply_decoding.QUOTED_PEEK) >= 0


_QUOTED_PIECES = ["", " ", "\t", "\r\n", "\x00", "\ufeff", "<", '"', "&", "&quot;", "&lt;", "H", "HTTP/1.1 200",
                  "{", "x" * 70, " " * 70, "é", "\u2028"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_QUOTED_PIECES), max_size=12).map("".join))
def test_looks_quoted_answers_as_its_former_form(text: str) -> None:
    assert reply_decoding.looks_quoted(text) is _looks_quoted_as_written(text)


_HEADER_NAMES = ["Server", "server", "SERVER", "WWW-Authenticate", "www-authenticate", "Set-Cookie", "Location",
                 "Public", "Allow", "allow", "Content-Base", "Content-Type", "X-Server", "Serverx", " Server",
                 "\tLocation", "Se\u212arver", "set-coo\u212aie"]
_HEADER_PIECES = st.tuples(
    st.sampled_from(_HEADER_NAMES),
    st.sampled_from(["", " ", "\t", "  \t"]),
    st.sampled_from([":", " :", ""]),
    st.text(alphabet=st.sampled_from(list("ab /:;=\"\r\x85\u2028é")), max_size=12),
).map("".join)


def _wanted_as_written(prefix: str) -> re.Pattern[str]:
    names = text_module._HEADER_FIELDS[prefix]
    return re.compile(
        r"^(" + "|".join(re.escape(name) for name in names) + r")[ \t]*:(.*)$", re.IGNORECASE | re.MULTILINE
    )


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["http", "rtsp"]), st.lists(_HEADER_PIECES, max_size=8),
       st.sampled_from(["\n", "\r\n", "\r", "\n\n"]))
def test_the_headers_read_are_those_the_multiline_pattern_found(prefix: str, lines: list[str], end: str) -> None:
    block = end.join(lines).replace("\r\n", "\n")
    found = text_module._WANTED_HEADERS[prefix].findall("\n" + block)
    assert found == _wanted_as_written(prefix).findall(block)


def test_a_banner_without_module_properties_is_not_asked_for_them() -> None:
    banner = _AskedDict({"ip_str": "192.0.2.1", "port": 80, "data": "HTTP/1.1 200 OK\r\n\r\n", "opts": {},
                         "http": {"status": 200, "title": "x"}, "location": {"country_code": "NL"}})
    shodan_modules.module_fields(banner, {})
    assert set(banner.asked) <= {"http", "opts"}


def test_module_properties_are_still_read_in_their_order() -> None:
    banner = {"ip_str": "192.0.2.1", "port": 80, "opts": {"screenshot": {"labels": ["webcam"]}},
              "http": {"components": {"jQuery": {}}}, "vendor": "Acme", "device": "Cam 1",
              "hikvision": {"device_model": "DS-2CD2042WD-I"}, "screenshot": {"labels": ["camera"]}}
    fields: dict[str, str] = {}
    shodan_modules.module_fields(banner, fields)
    assert fields["import.tags"] == "jQuery\nwebcam\ncamera"
    assert fields["import.vendor"] == "Hikvision\nAcme"
    assert fields["import.product"] == "DS-2CD2042WD-I\nCam 1"


def test_a_banner_without_a_certificate_is_looked_at_once() -> None:
    banner = _AskedDict({"ip_str": "192.0.2.1", "port": 80, "data": "x"})
    shodan.exact_serials(banner, b'{"ip_str": "192.0.2.1", "port": 80, "data": "x"}')
    assert banner.asked == ["data"]


def test_a_repeated_issuer_is_searched_once(monkeypatch: pytest.MonkeyPatch) -> None:
    counting = _Counting(site_certificates._PUBLIC_CA)
    monkeypatch.setattr(site_certificates, "_PUBLIC_CA", counting)
    _forget_issuers()
    issuer = "CN=R10,O=Let's Encrypt,C=US"
    assert all(site_certificates.public_ca_signed(issuer) for _ in range(100))
    assert not site_certificates.public_ca_signed("CN=TCAM,OU=Security,O=Truen,L=Seoul,ST=Seoul,C=KR")
    assert counting.calls == 2
    _forget_issuers()


def _forget_issuers() -> None:
    """Empty the kept answers (the counting pattern's must not outlive the test)."""
    kept = getattr(site_certificates, "_public_ca_signed", None)
    if kept is not None:
        kept.cache_clear()
