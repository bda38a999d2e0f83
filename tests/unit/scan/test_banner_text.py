"""Banners read as device text: Telnet negotiation, escapes and control bytes never reach the rules."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from camaudit.identify import match_fields
from camaudit.protocols.banner_text import device_text

# BusyBox telnetd's opening negotiation (networking/telnetd.c, iacs_to_send: IAC DO ECHO, IAC DO NAWS,
# IAC WILL ECHO, IAC WILL SGA) before its prompt.
BUSYBOX_IACS = b"\xff\xfd\x01\xff\xfd\x1f\xff\xfb\x01\xff\xfb\x03"
# A terminal-type request (RFC 1091: IAC SB TERMINAL-TYPE SEND IAC SE).
TTYPE_SEND = b"\xff\xfa\x18\x01\xff\xf0"


def test_negotiation_and_subnegotiation_are_removed() -> None:
    assert device_text(BUSYBOX_IACS + b"\r\n(none) login: ") == "(none) login:"
    assert device_text(TTYPE_SEND + b"IPCAM login: ") == "IPCAM login:"


def test_terminal_colours_and_control_bytes_are_removed_words_kept() -> None:
    assert device_text(b"\x1b[1;32mWelcome to HiLinux.\x1b[0m\r\n\x00\x07login: ") == "Welcome to HiLinux.\r\nlogin:"
    assert device_text(b"220 AXIS 211 Network Camera 4.11 (Jun 21 2007) ready.\r\n") == (
        "220 AXIS 211 Network Camera 4.11 (Jun 21 2007) ready."
    )


def test_a_prompt_behind_negotiation_is_matched_like_a_bare_one() -> None:
    """What a rule sees of a prompt does not depend on the negotiation bytes before it."""
    bare = match_fields({"telnet.banner": device_text(b"(none) login: ")}, port=23, protocol="telnet")
    wrapped = match_fields({"telnet.banner": device_text(TTYPE_SEND + BUSYBOX_IACS + b"(none) login: ")}, port=23,
                           protocol="telnet")
    assert [e.rule_id for e in bare] == [e.rule_id for e in wrapped]


@given(st.binary(max_size=2048))
def test_any_bytes_give_printable_text(data: bytes) -> None:
    text = device_text(data)
    assert text == text.strip()
    assert not any(ord(c) < 32 and c not in "\t\r\n" for c in text)
    assert "\x1b" not in text and "\x7f" not in text
