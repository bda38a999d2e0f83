"""The SIP request the scan sends and the one reader of a SIP answer (protocols/sip.py).

The answers are constructed (no public capture of a door station's SIP answer was found): RFC 3261's own example lines
(section 24.2: Alice's and Bob's Via, From, To, Call-ID) around the headers under test.
"""

from __future__ import annotations

import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.fields import MAX_FIELD_CHARS
from camaudit.protocols import sip

_HEAD = (
    "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds;received=192.0.2.1\r\n"
    "To: Bob <sip:bob@biloxi.com>;tag=a6c85cf\r\nFrom: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\nCSeq: 314159 OPTIONS\r\n"
)


def _request(**kw: str) -> str:
    data = sip.build_options(("192.0.2.10", 5060), ("192.0.2.1", 40123), "UDP", branch="ab12", call_id="c0ffee",
                             tag="7f", **kw)
    return data.decode("ascii")


def test_the_request_is_an_options_with_every_header_rfc_3261_requires() -> None:
    text = _request()
    lines = text.split("\r\n")
    assert lines[0] == "OPTIONS sip:192.0.2.10:5060 SIP/2.0"
    assert text.endswith("\r\n\r\n") and text.count("\r\n\r\n") == 1
    headers = dict(line.split(": ", 1) for line in lines[1:] if line)
    # Section 8.1.1: Via (with the magic cookie), Max-Forwards, From with a tag, To, Call-ID, CSeq; no body.
    assert headers["Via"] == "SIP/2.0/UDP 192.0.2.1:40123;branch=z9hG4bKab12;rport"
    assert headers["Max-Forwards"] == "70"
    assert headers["From"] == "<sip:camaudit@192.0.2.1>;tag=7f"
    assert headers["To"] == "<sip:192.0.2.10:5060>"
    assert headers["Call-ID"] == "c0ffee@192.0.2.1"
    assert headers["CSeq"] == "1 OPTIONS"
    assert headers["Content-Length"] == "0"
    # Nothing that logs in, registers or calls.
    assert not re.search(r"REGISTER|INVITE|Authorization|Expires", text)


def test_an_ipv6_address_stands_in_brackets() -> None:
    text = sip.build_options(("2001:db8::7", 5060), ("2001:db8::1", 5070), "TCP", branch="1", call_id="2", tag="3")
    assert text.startswith(b"OPTIONS sip:[2001:db8::7]:5060 SIP/2.0\r\n")
    assert b"Via: SIP/2.0/TCP [2001:db8::1]:5070;branch=z9hG4bK1;rport\r\n" in text


def test_an_answer_fills_the_sip_fields() -> None:
    text = (f"SIP/2.0 401 Unauthorized\r\n{_HEAD}User-Agent: 2N IP Verso 2.50.0.76.2\r\n"
            "WWW-Authenticate: Digest realm=\"2N\", nonce=\"1\"\r\nWWW-Authenticate: Digest realm=\"2N\", "
            "algorithm=SHA-256\r\nContent-Length: 0\r\n\r\nbody is not read")
    fields = sip.answer_fields(text)
    assert fields["sip.status"] == "401"
    assert fields["sip.user_agent"] == "2N IP Verso 2.50.0.76.2"
    assert fields["sip.www_authenticate"] == 'Digest realm="2N", nonce="1"\nDigest realm="2N", algorithm=SHA-256'
    assert fields["sip.headers"].startswith("Via: SIP/2.0/UDP pc33.atlanta.com") and "body" not in fields["sip.headers"]
    assert "sip.server" not in fields
    assert sip.call_id(text) == "a84b4c76e66710@pc33.atlanta.com"
    assert sip.status(text) == 401 and sip.is_answer(text)


def test_a_compact_call_id_is_read_and_a_request_is_no_answer() -> None:
    assert sip.call_id("SIP/2.0 200 OK\r\ni: abc@host\r\n\r\n") == "abc@host"
    assert not sip.is_answer("OPTIONS sip:a SIP/2.0\r\n\r\n")
    assert sip.status("SIP/2.0 2000 OK\r\n") is None
    assert sip.status("HTTP/1.1 200 OK\r\n") is None


def test_answers_past_every_cap_are_cut_not_refused() -> None:
    text = "SIP/2.0 200 OK\r\nServer: " + "S" * 60_000 + "\r\n" + "X-Pad: y\r\n" * 5_000 + "\r\n"
    started = time.monotonic()
    fields = sip.answer_fields(text)
    assert time.monotonic() - started < 1.0
    assert fields["sip.status"] == "200"
    assert all(len(value) <= MAX_FIELD_CHARS for value in fields.values())


_HEADER_NAMES = st.sampled_from(["Server", "User-Agent", "WWW-Authenticate", "server", "USER-AGENT", "Via", "i", "X"])
_HOSTILE = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_HEADER_NAMES, _HOSTILE), max_size=20), _HOSTILE)
def test_any_head_is_read_without_error_and_within_the_caps(headers: list[tuple[str, str]], tail: str) -> None:
    text = "SIP/2.0 200 OK\r\n" + "".join(f"{name}: {value}\r\n" for name, value in headers) + tail
    fields = sip.answer_fields(text)
    assert fields.get("sip.status") == "200"
    assert set(fields) <= {"sip.status", "sip.headers", "sip.server", "sip.user_agent", "sip.www_authenticate"}
    assert all(len(value) <= MAX_FIELD_CHARS and value == value.strip() for value in fields.values())
    # Every value read is text the answer holds.
    for key in ("sip.server", "sip.user_agent"):
        for value in fields.get(key, "").split("\n"):
            assert value in text


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_decode_and_read_without_error(data: bytes) -> None:
    text = sip.decode(data)
    fields = sip.answer_fields(text)
    assert ("sip.status" in fields) == sip.is_answer(text)
    sip.call_id(text)
