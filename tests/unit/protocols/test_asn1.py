"""The one TLV reader (``protocols/asn1.py``) the SNMP probe and the importers' subjectAltName both walk with.

What a user would notice if it were wrong: a hostile SNMP agent or a scan file's broken extension raising out of a
parser (the probe or the import lost), or a value read past its element (a name made of the next element's bytes).
"""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.protocols import asn1
from camaudit.protocols.asn1 import Tlv, TlvError


def _encode(tag: int, value: bytes, octets: int = 0) -> bytes:
    """An element with its length in the short form, or the long form in ``octets`` octets (leading zeros kept)."""
    if octets == 0:
        assert len(value) < 0x80
        return bytes([tag, len(value)]) + value
    return bytes([tag, 0x80 | octets]) + len(value).to_bytes(octets, "big") + value


def test_short_and_long_lengths_give_the_value() -> None:
    data = _encode(0x04, b"camera") + _encode(0x30, b"x" * 300, 2)
    first = asn1.read(data)
    assert first == Tlv(0x04, 2, 8) and data[first.start : first.end] == b"camera"
    second = asn1.read(data, first.end)
    assert second.tag == 0x30 and data[second.start : second.end] == b"x" * 300
    assert list(asn1.elements(data)) == [first, second]


def test_indefinite_length_is_refused() -> None:
    with pytest.raises(TlvError, match="indefinite"):
        asn1.read(b"\x30\x80\x04\x01a\x00\x00")


def test_a_length_longer_than_the_cap_is_refused_however_much_data_there_is() -> None:
    data = _encode(0x04, b"abcde", 4)
    with pytest.raises(TlvError, match="4 octets"):
        asn1.read(data, max_length_octets=3)
    assert asn1.read(data, max_length_octets=4) == Tlv(0x04, 6, 11)


@pytest.mark.parametrize(
    "data",
    [b"", b"\x04", b"\x04\x05abc", b"\x04\x82\x01", b"\x04\x81\x05abcd", b"\x30\x84\xff\xff\xff\xff"],
    ids=["empty", "tag-only", "short-value", "cut-length", "cut-long-value", "huge-length"],
)
def test_truncated_elements_are_refused(data: bytes) -> None:
    with pytest.raises(TlvError):
        asn1.read(data, max_length_octets=4)


def test_nothing_is_read_past_the_bound_given() -> None:
    # The element fits the buffer but not the constructed value it is inside: it is refused, not cut short.
    data = _encode(0x30, _encode(0x82, b"cam.example")) + b"\x00" * 4
    outer = asn1.read(data)
    with pytest.raises(TlvError):
        asn1.read(data, outer.start, outer.end - 1)
    with pytest.raises(TlvError):
        list(asn1.elements(data, outer.start, outer.end - 1))
    assert [data[i.start : i.end] for i in asn1.elements(data, outer.start, outer.end)] == [b"cam.example"]


def test_a_cap_outside_one_to_eight_is_the_callers_mistake() -> None:
    with pytest.raises(ValueError, match="max_length_octets") as raised:
        asn1.read(b"\x04\x00", max_length_octets=0)
    assert not isinstance(raised.value, TlvError)


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=64), st.integers(-4, 70), st.one_of(st.none(), st.integers(-4, 70)), st.integers(1, 8))
def test_random_bytes_give_an_element_inside_the_bound_or_a_tlv_error(
    data: bytes, at: int, end: int | None, cap: int
) -> None:
    limit = len(data) if end is None else min(end, len(data))
    try:
        item = asn1.read(data, at, end, max_length_octets=cap)
    except TlvError:
        return
    assert at + 2 <= item.start <= item.end <= limit
    assert item.tag == data[at]


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=96))
def test_walking_random_bytes_stays_inside_them(data: bytes) -> None:
    walked: list[Tlv] = []
    with contextlib.suppress(TlvError):
        walked.extend(asn1.elements(data))
    at = 0
    for item in walked:
        assert at + 2 <= item.start <= item.end <= len(data)
        at = item.end


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 255), st.binary(max_size=300), st.integers(0, 3)), max_size=6), st.data())
def test_what_is_encoded_is_read_back_and_any_cut_is_refused(
    items: list[tuple[int, bytes, int]], draw: st.DataObject
) -> None:
    encoded = []
    for tag, value, octets in items:
        octets = max(octets, 1) if len(value) >= 0x80 else octets
        octets = max(octets, 2) if len(value) >= 0x100 else octets
        encoded.append(_encode(tag, value, octets))
    data = b"".join(encoded)
    read = [(i.tag, data[i.start : i.end]) for i in asn1.elements(data)]
    assert read == [(tag, value) for tag, value, _ in items]
    if data:
        cut = draw.draw(st.integers(0, len(data) - 1))
        boundaries = {0}
        for chunk in encoded:
            boundaries.add(max(boundaries) + len(chunk))
        if cut not in boundaries:
            with pytest.raises(TlvError):
                list(asn1.elements(data[:cut]))
