"""The server name in a QUIC client's Initial packet, built by aioquic as a real client would send it."""

from __future__ import annotations

from pathlib import Path

import pytest
from aioquic.quic.configuration import QuicConfiguration
from aioquic.quic.connection import QuicConnection
from lan import GATEWAY, LAPTOP
from scapy.layers.inet import IP, UDP
from scapy.layers.l2 import Ether
from scapy.packet import Raw
from scapy.utils import PcapWriter

from camaudit.passive.localnet import LocalNets
from camaudit.passive.quic import InitialReader, QuicError, looks_like_initial
from camaudit.passive.run import PassiveOptions, analyse


def _initial(name: str) -> bytes:
    conn = QuicConnection(configuration=QuicConfiguration(is_client=True, server_name=name))
    conn.connect(("192.0.2.1", 443), now=0.0)
    return conn.datagrams_to_send(now=0.0)[0][0]


def test_the_reader_decrypts_an_initial() -> None:
    datagram = _initial("api.hik-connect.com")
    assert looks_like_initial(datagram)
    assert InitialReader().server_name(datagram) == "api.hik-connect.com"
    # A short-header packet or a damaged Initial is not mistaken for one.
    assert not looks_like_initial(b"\x40" + datagram[1:])
    damaged = datagram[:30] + bytes(len(datagram) - 30)
    with pytest.raises(QuicError, match="cannot be decrypted"):
        InitialReader().server_name(damaged)


def test_a_quic_destination_is_named_in_the_result(tmp_path: Path) -> None:
    path = tmp_path / "quic.pcap"
    with PcapWriter(str(path), linktype=1, sync=True) as writer:
        for n in range(3):
            packet = (Ether(src=LAPTOP[0], dst=GATEWAY[0]) / IP(src=LAPTOP[1], dst="203.0.113.44")
                      / UDP(sport=55000 + n, dport=443) / Raw(_initial("www.example.org")))
            packet.time = 1_764_590_400 + n
            writer.write(packet)
    result = analyse([path], PassiveOptions(LocalNets.default()))
    laptop = next(d for d in result.devices if d.addresses[0].ip == LAPTOP[1])
    summary = next(f for f in laptop.findings if f.kind == "external-traffic")
    [destination] = summary.details["destinations"]
    assert (destination["names"], destination["transport"], destination["port"]) == (["www.example.org"], "udp", 443)
    assert result.errors == ()
