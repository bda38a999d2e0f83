"""A SIP answer a scan file stored is read like HTTP's and RTSP's heads: its realm and product headers are the fields
the realm and Server rules read (RFC 3261 carries HTTP's ``WWW-Authenticate`` and ``Server``).

Before, every importer kept a SIP answer whole as ``banner``: no realm or ``Server`` rule read it (bench/parity.py,
"sip-realm" and "sip-server": 28 of 37 realm entries and 25 of 80 Server entries lost). The answers below are
constructed (no public capture of a camera's or door station's SIP answer was found): their heads are RFC 3261's own
example lines (section 24.2: the Via, From, To and Call-ID of Alice's and Bob's call), with a realm or product that is a
rule's own documented example, or a PBX's.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.importers import FORMATS
from camaudit.importers.sniff import sniff
from camaudit.importers.text import unescape_hex
from camaudit.model import Identity, is_video_device

_HEAD = (
    "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds;received=192.0.2.1\r\n"
    "To: Bob <sip:bob@biloxi.com>;tag=a6c85cf\r\nFrom: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\nCSeq: 314159 OPTIONS\r\n"
)
#: bosch.http.www_authenticate.live-user's own example realm, in a SIP 401.
BOSCH_401 = f"SIP/2.0 401 Unauthorized\r\n{_HEAD}WWW-Authenticate: Basic realm=\"Use 'live' as User Name\"\r\n" \
    "Content-Length: 0\r\n\r\n"
#: hikvision.http.server.app-webs's own example, as a SIP agent's Server.
APP_WEBS_200 = f"SIP/2.0 200 OK\r\n{_HEAD}Server: App-webs/\r\nContent-Length: 0\r\n\r\n"
#: A PBX's answer: Asterisk's default realm and product (its sip.conf's realm=asterisk; "Server: Asterisk PBX").
ASTERISK_401 = (f"SIP/2.0 401 Unauthorized\r\n{_HEAD}Server: Asterisk PBX 18.10.0\r\nAllow: INVITE, ACK, CANCEL, "
                "OPTIONS, BYE\r\nWWW-Authenticate: Digest algorithm=MD5, realm=\"asterisk\", nonce=\"2b8e4f0c\"\r\n"
                "Content-Length: 0\r\n\r\n")


def _identity(fmt: str, line: dict[str, object]) -> Identity:
    records = list(FORMATS[fmt](io.BytesIO((json.dumps(line) + "\n").encode())))
    assert len(records) == 1 and records[0].ok
    return identify(records[0].observations)


def test_a_sip_answer_fills_its_own_fields() -> None:
    fields: dict[str, str] = {}
    assert sniff(ASTERISK_401, fields, port=5060) == "sip"
    assert fields["sip.status"] == "401"
    assert fields["sip.server"] == "Asterisk PBX 18.10.0"
    assert fields["sip.www_authenticate"] == 'Digest algorithm=MD5, realm="asterisk", nonce="2b8e4f0c"'
    assert fields["sip.headers"].startswith("Via: SIP/2.0/UDP pc33.atlanta.com")
    assert "banner" not in fields


def test_a_makers_realm_in_a_sip_challenge_names_the_maker_in_every_scan_file() -> None:
    shodan = {"ip_str": "192.0.2.7", "port": 5060, "transport": "udp", "data": BOSCH_401, "_shodan": {"module": "sip"}}
    raw = {"ip": "192.0.2.7", "port": 5060, "banner": BOSCH_401}
    for fmt, line in (("shodan", shodan), ("jsonl", raw)):
        identity = _identity(fmt, line)
        assert identity.brand == "bosch" and identity.manufacturer == "bosch", fmt
        assert any(e.field == "sip.www_authenticate" for e in identity.evidence), fmt


def test_a_makers_web_server_name_as_a_sip_server_names_the_maker() -> None:
    identity = _identity("jsonl", {"ip": "192.0.2.8", "port": 5060, "banner": APP_WEBS_200})
    assert identity.manufacturer == "hikvision"
    assert [e.field for e in identity.evidence if e.rule_id == "hikvision.http.server.app-webs"] == ["sip.server"]


def test_a_pbx_answer_names_nobody_and_is_no_video_device() -> None:
    identity = _identity("jsonl", {"ip": "192.0.2.9", "port": 5060, "banner": ASTERISK_401})
    assert identity.brand is None and identity.manufacturer is None
    assert not is_video_device(identity.device_type)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=600))
def test_any_text_after_a_sip_status_line_is_read_without_error(rest: str) -> None:
    fields: dict[str, str] = {}
    assert sniff("SIP/2.0 401 Unauthorized\r\n" + rest, fields) == "sip"
    assert all(len(v) <= 8 * 1024 for v in fields.values())
    assert fields.get("sip.status") == "401"


def test_nmaps_escaped_greeting_keeps_a_chinese_makers_name() -> None:
    # A Telnet greeting whose text a tool wrote as it is, its control bytes as \xNN (lexicon.hikvision.5's example,
    # 海康威视, before a login prompt). It was read as "????" (bench/parity.py, nmap-scripts x telnet).
    assert unescape_hex("海康威视\\x0D\\x0Alogin: ") == "海康威视\r\nlogin: "
    assert unescape_hex("220 caf\\xC3\\xA9 ready\\x0D\\x0A") == "220 café ready\r\n"


def test_the_sip_fixture_fills_every_sip_field() -> None:
    # tests/data/importers/shodan_sip.jsonl (the field registry's fixture for the sip.* fields): the three answers above.
    path = Path(__file__).resolve().parents[2] / "data" / "importers" / "shodan_sip.jsonl"
    records = list(FORMATS["shodan"](path))
    assert [r.ok for r in records] == [True, True, True]
    filled = {name for r in records for o in r.observations for name in o.fields}
    assert {"sip.status", "sip.headers", "sip.server", "sip.user_agent", "sip.www_authenticate"} <= filled
    makers = [identify(r.observations).manufacturer for r in records]
    assert makers == ["bosch", "hikvision", None]
