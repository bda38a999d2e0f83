"""A Telnet banner reads as its prompt whatever format kept it: with its option negotiation or without.

A Telnet server sends option commands (RFC 854: IAC WILL/WONT/DO/DONT <option>; RFC 855: IAC SB ... IAC SE)
before its prompt. Shodan keeps those bytes in ``data`` (as U+00FF... characters); zgrab2's telnet module
keeps them apart (``will``/``do`` lists) and ``banner`` is the text alone. The prompt is Hikvision's default
login prompt (rapid7/recog ``xml/telnet_banners.xml``, the example of ``hikvision.telnet.banner.192-0-0-64``);
the negotiation in front of it is written for this test from RFC 854's codes, not taken from a capture.
"""

from __future__ import annotations

import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.importers import FORMATS
from camaudit.importers.sniff import sniff, telnet_text

PROMPT = "192.0.0.64 login: "
#: IAC DO ECHO, IAC DO NAWS, IAC WILL ECHO, IAC WILL SUPPRESS-GO-AHEAD, IAC SB TERMINAL-TYPE SEND IAC SE.
NEGOTIATION = "\xff\xfd\x01\xff\xfd\x1f\xff\xfb\x01\xff\xfb\x03\xff\xfa\x18\x01\xff\xf0"


def _maker(fmt: str, line: dict[str, object]) -> tuple[str | None, str | None]:
    (record,) = list(FORMATS[fmt](io.BytesIO(json.dumps(line).encode())))
    identity = identify(record.observations)
    fields = {k: v for o in record.observations for k, v in o.fields.items()}
    return identity.manufacturer, fields.get("telnet.banner")


def test_the_prompt_behind_a_negotiation_names_the_maker_as_the_bare_prompt_does() -> None:
    shodan = {
        "ip_str": "192.0.2.40",
        "port": 23,
        "transport": "tcp",
        "data": NEGOTIATION + PROMPT,
        "_shodan": {"module": "telnet"},
    }
    zgrab2 = {
        "ip": "192.0.2.40",
        "data": {
            "telnet": {
                "status": "success",
                "protocol": "telnet",
                "port": 23,
                "result": {"banner": PROMPT, "will": [{"name": "Echo", "value": 1}]},
            }
        },
    }
    raw = {"ip": "192.0.2.40", "port": 2323, "banner": NEGOTIATION + PROMPT}
    answers = {_maker("shodan", shodan), _maker("zgrab2", zgrab2), _maker("jsonl", raw)}
    assert answers == {("hikvision", "192.0.0.64 login:")}


def test_a_negotiation_on_any_port_is_a_telnet_server() -> None:
    fields: dict[str, str] = {}
    assert sniff(NEGOTIATION + "Welcome\r\nlogin: ", fields, port=9527) == "telnet"
    assert fields == {"telnet.banner": "Welcome\r\nlogin:"}


def test_a_utf16_byte_order_mark_is_not_a_negotiation() -> None:
    fields: dict[str, str] = {}
    text = "<html>".encode("utf-16").decode("latin-1")  # FF FE 3C 00 ...: a UTF-16 page kept as bytes
    assert sniff(text, fields, port=8080) != "telnet"
    assert "telnet.banner" not in fields


def test_an_escaped_iac_is_one_byte_and_other_text_is_untouched() -> None:
    assert telnet_text("a\xff\xffb\x00c\xff\xfb\x01d") == "a\xffb\x00cd"
    assert telnet_text("Caméra ÿ login:") == "Caméra ÿ login:"


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(["\xff", "\xfa", "\xf0", "\xfb", "\x01", "a", " ", "\r", "\n"]), max_size=300)
)
def test_stripping_never_raises_nor_grows_the_text(text: str) -> None:
    out = telnet_text(text)
    assert len(out) <= len(text)
    fields: dict[str, str] = {}
    sniff(text, fields, port=23)
