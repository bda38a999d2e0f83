"""Hostile bytes: each passive parser either reads them or raises its own error type, and never anything else."""

from __future__ import annotations

import contextlib
import io
import struct

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.passive import dhcp, dns
from camaudit.passive.capture import CaptureFormatError, read_packets
from camaudit.passive.localnet import LocalNets
from camaudit.passive.packets import PacketReader
from camaudit.passive.state import TrafficState
from camaudit.passive.tally import Tally
from camaudit.passive.tls import TlsError, client_hello_sni, record_sni
from camaudit.passive.zeek import records

_PCAP_HEADER = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)
_PCAPNG_HEADER = struct.pack("<IIIHHqI", 0x0A0D0D0A, 28, 0x1A2B3C4D, 1, 0, -1, 28)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_dns(data: bytes) -> None:
    try:
        message = dns.parse(data)
    except dns.DnsError:
        return
    assert all(len(name) <= 255 * 4 for name in message.questions)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_tls(data: bytes) -> None:
    for reader in (record_sni, client_hello_sni):
        with contextlib.suppress(TlsError):
            reader(b"\x16\x03\x01" + data if reader is record_sni else b"\x01" + data)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600))
def test_dhcp(data: bytes) -> None:
    with contextlib.suppress(dhcp.DhcpError):
        dhcp.parse(bytes(236) + b"\x63\x82\x53\x63" + data)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([_PCAP_HEADER, _PCAPNG_HEADER, b""]), st.binary(max_size=2000))
def test_capture_files(header: bytes, body: bytes) -> None:
    tally = Tally()
    try:
        for _ts, _link, data, _wire in read_packets(io.BytesIO(header + body), tally):
            assert len(data) <= 262_144
    except CaptureFormatError:
        assert not header


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([1, 101, 113, 276, 0, 228, 229]), st.binary(max_size=1600))
def test_any_frame_is_accounted_without_raising(linktype: int, frame: bytes) -> None:
    tally = Tally()
    reader = PacketReader(TrafficState(tally), LocalNets.default(), tally)
    reader.packet(1.0, linktype, frame)
    reader.packet(2.0, linktype, b"\x00" * 12 + b"\x08\x00\x45" + frame)
    reader.finish()
    assert reader.packets == 2


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=1500))
def test_zeek_lines(data: bytes) -> None:
    head = b"#separator \\x09\n#fields\tts\tid.orig_h\tquery\n"
    for record in records(io.BytesIO(head + data), Tally()):
        assert isinstance(record, dict)
