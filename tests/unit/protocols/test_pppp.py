"""The CS2 Network PPPP / iLnkP2P LAN search (UDP 32108): the search is the four bytes both sources send; a
PUNCH_PKT answer gives the UID as the sources print it, and that UID types a P2P video device (naming VStarcam
only for its own prefixes); anything else -- another message type, a bad length, letters where none belong, junk --
gives nothing and raises nothing.

The answers are built here from the documented layout (github:pmarrapese/iot/p2p/lansearch/lansearch.py@6b81ec94de7e,
github:magicus/pppp-dissector/pppp_dissect.lua@257127f4ac83): magic 0xF1, type 0x41, a big-endian payload length,
then an 8-byte NUL-terminated prefix, a big-endian 32-bit serial and an 8-byte NUL-terminated check code. They are
not captures; the serials and check codes are made up.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.model import Observation
from camaudit.protocols import pppp


def _punch(prefix: bytes, serial: int, check: bytes, *, kind: int = 0x41, pad: bytes = b"") -> bytes:
    payload = prefix.ljust(8, b"\x00") + serial.to_bytes(4, "big") + check.ljust(8, b"\x00") + pad
    return bytes([0xF1, kind]) + len(payload).to_bytes(2, "big") + payload


def _identity(data: bytes):  # type: ignore[no-untyped-def]
    fields = pppp.parse_reply(data) or {}
    return identify([Observation("198.18.0.40", 32108, "udp", "p2p", "scan", "2026-12-08T00:00:00Z", fields)])


def test_the_search_is_magic_type_and_an_empty_payload() -> None:
    assert pppp.build_probe() == b"\xf1\x30\x00\x00"
    assert pppp.P2P_PORT == 32108


def test_a_punch_packet_gives_the_uid_as_the_lan_search_tool_prints_it() -> None:
    assert pppp.parse_reply(_punch(b"ABCD", 12345, b"XYZUV")) == {"p2p.uid": "ABCD-012345-XYZUV"}
    # Seven letters fill the prefix field but its terminating NUL; a serial past six digits is printed whole.
    assert pppp.parse_reply(_punch(b"OEMAAAB", 1234567, b"FGHJK")) == {"p2p.uid": "OEMAAAB-1234567-FGHJK"}
    # Padding after the UID, as a firmware may send, is not part of it.
    assert pppp.parse_reply(_punch(b"PPCS", 14390, b"XKSPZ", pad=b"\x00" * 4)) == {"p2p.uid": "PPCS-014390-XKSPZ"}


def test_a_p2p_uid_answer_is_a_cloud_video_device_of_no_named_maker() -> None:
    identity = _identity(_punch(b"PPCS", 14390, b"XKSPZ"))
    assert identity.is_video_device and "cloud_p2p" in identity.capabilities
    assert identity.manufacturer is None and identity.brand is None
    assert identity.serial == "PPCS-014390-XKSPZ"


def test_a_vstarcam_prefix_names_vstarcam() -> None:
    identity = _identity(_punch(b"VSTC", 123456, b"ABCDE"))
    assert identity.manufacturer == "vstarcam" and identity.is_video_device
    assert "cloud_p2p" in identity.capabilities
    # EEEE is shared by CS2 Network's own devices and VStarcam's (lansearch.py): it names nobody.
    assert _identity(_punch(b"EEEE", 123456, b"ABCDE")).manufacturer is None


def test_other_messages_and_malformed_answers_give_nothing() -> None:
    good = _punch(b"ABCD", 12345, b"XYZUV")
    refused = [
        _punch(b"ABCD", 12345, b"XYZUV", kind=0x42),  # MSG_P2P_RDY: same UID layout, not the search's answer
        _punch(b"ABCD", 12345, b"XYZUV", kind=0x31),
        b"\xf2" + good[1:],  # another magic: an obfuscated answer is not read
        good[:2] + b"\x00\x15" + good[4:],  # the length says one byte more than came
        good + b"\x00",  # a byte more than the length says
        good[:-1],
        b"\xf1\x41\x00\x00",
        b"\xf1\x30\x00\x00",  # our own search, echoed
        _punch(b"AB", 12345, b"XYZUV"),  # prefix too short
        _punch(b"abcd", 12345, b"XYZUV"),
        _punch(b"ABCDEFGH", 12345, b"XYZUV"),  # no room for the NUL: eight letters
        _punch(b"ABCD", 12345, b"XYZU"),
        _punch(b"ABCD", 12345, b"XYZUVW"),
        _punch(b"AB\xffD", 12345, b"XYZUV"),
        _punch(b"ABCD", 12345, b"XYZUV", pad=b"\x00" * 48),  # longer than any documented answer
        b"",
        b"\xf1",
        b"HTTP/1.1 200 OK\r\n\r\n",
    ]
    for data in refused:
        assert pppp.parse_reply(data) is None, data


def test_a_garbled_answer_types_no_video_device() -> None:
    assert not _identity(_punch(b"ABCD", 12345, b"XYZUV", kind=0x31)).is_video_device


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=96))
def test_hostile_datagrams_never_raise(data: bytes) -> None:
    fields = pppp.parse_reply(data)
    assert fields is None or set(fields) == {"p2p.uid"}


@settings(max_examples=200, deadline=None)
@given(
    st.from_regex(r"[A-Z]{3,7}", fullmatch=True),
    st.integers(min_value=0, max_value=2**32 - 1),
    st.from_regex(r"[A-Z]{5}", fullmatch=True),
    st.binary(max_size=44),
)
def test_every_well_formed_punch_packet_reads_back_its_uid(prefix: str, serial: int, check: str, pad: bytes) -> None:
    data = _punch(prefix.encode(), serial, check.encode(), pad=pad)
    assert pppp.parse_reply(data) == {"p2p.uid": f"{prefix}-{serial:06d}-{check}"}
    # Any one byte of the header changed makes it something else.
    for at in range(4):
        assert pppp.parse_reply(data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:]) is None
