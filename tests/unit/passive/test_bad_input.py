"""Bad input: every problem is counted with its reason, the run completes, and what was found is kept."""

from __future__ import annotations

import json
import struct
from pathlib import Path

from lan import AXIS, DAHUA, GATEWAY, HIKVISION, LAPTOP, Lan
from scapy.layers.dns import DNS, DNSQR
from scapy.layers.inet import IP, TCP, UDP, fragment
from scapy.layers.inet6 import IPv6
from scapy.layers.l2 import Dot1Q, Ether
from scapy.layers.tls.extensions import ServerName, TLS_Ext_ServerName
from scapy.layers.tls.handshake import TLSClientHello
from scapy.layers.tls.record import TLS
from scapy.packet import Packet, Raw
from scapy.utils import PcapWriter

from camaudit.model import ScanResult
from camaudit.passive.localnet import LocalNets, parse_nets
from camaudit.passive.run import SKIPPED, UNREADABLE, PassiveOptions, analyse

OPTIONS = PassiveOptions(LocalNets.default())


def _write(path: Path, packets: list[Packet]) -> Path:
    with PcapWriter(str(path), linktype=1, sync=True) as writer:
        for n, packet in enumerate(packets):
            packet.time = 1_764_590_400 + n
            writer.write(packet)
    return path


def _skipped(result: ScanResult) -> str:
    return "\n".join(e.message for e in result.errors if e.kind == SKIPPED)


def _ips(result: ScanResult) -> set[str]:
    return {a.ip for d in result.devices for a in d.addresses}


def _dhip_reply(mac: str, model: str) -> bytes:
    body = json.dumps({"mac": mac, "method": "client.notifyDevInfo", "params": {"deviceInfo": {
        "DeviceClass": "IPC", "DeviceType": model, "SerialNo": "6J0DA6EPAJ4FE11", "Vendor": "General",
        "Version": "2.800.0000000.9.R", "HttpPort": 80, "Port": 37777, "Padding": "x" * 1600}}}).encode()
    return struct.pack("<I4sIIIIII", 0x20, b"DHIP", 0, 0, len(body), 0, len(body), 0) + body


def test_a_truncated_capture_keeps_what_came_before(lan_files: dict[str, Path], tmp_path: Path) -> None:
    data = lan_files["pcap"].read_bytes()
    cut = tmp_path / "cut.pcap"
    cut.write_bytes(data[: len(data) - 700])
    result = analyse([cut], OPTIONS)
    assert "truncated file" in _skipped(result)
    assert {HIKVISION[1], DAHUA[1]} <= _ips(result)
    assert not [e for e in result.errors if e.kind == UNREADABLE]


def test_a_file_with_the_wrong_magic_is_named_and_the_others_still_read(lan_files: dict[str, Path],
                                                                          tmp_path: Path) -> None:
    junk = tmp_path / "notes.pcap"
    junk.write_bytes(b"MZ\x90\x00 this is not a capture")
    result = analyse([junk, lan_files["pcapng"]], OPTIONS)
    [error] = [e for e in result.errors if e.kind == UNREADABLE]
    assert error.target == str(junk) and "not a pcap or pcapng capture, nor a Zeek log (starts with 4d5a9000)" in error.message
    assert HIKVISION[1] in _ips(result)


def test_snaplen_cut_packets_still_count_their_full_size(tmp_path: Path) -> None:
    lan = Lan().build()
    path = tmp_path / "snap.pcap"
    with path.open("wb") as out:
        out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 128, 1))
        for packet in lan.packets:
            raw = bytes(packet)
            out.write(struct.pack("<IIII", int(packet.time), 0, min(128, len(raw)), len(raw)) + raw[:128])
    result = analyse([path], OPTIONS)
    assert "cut short by the capture's snap length" in _skipped(result)
    hik = next(d for d in result.devices if d.addresses[0].ip == HIKVISION[1])
    # At 128 bytes the ClientHello is cut before its SNI, but the DNS answer still names the destination,
    # and the sizes come from the IP headers.
    cloud = next(f for f in hik.findings if f.kind == "cloud-traffic")
    assert int(cloud.details["bytes_out"]) > 24_000


def test_ip_fragments_are_reassembled_and_a_lost_piece_is_counted(tmp_path: Path) -> None:
    reply = (Ether(src=DAHUA[0], dst="01:00:5e:7f:ff:fb") / IP(src=DAHUA[1], dst="239.255.255.251", id=77)
             / UDP(sport=37810, dport=37810) / Raw(_dhip_reply(DAHUA[0], "IPC-HFW2431S-S-S2")))
    pieces = fragment(reply, fragsize=400)
    assert len(pieces) >= 4
    lost = fragment(Ether(src=AXIS[0], dst=GATEWAY[0]) / IP(src=AXIS[1], dst=GATEWAY[1], id=78)
                    / UDP(sport=5000, dport=5001) / Raw(bytes(1500)), fragsize=600)
    path = _write(tmp_path / "frag.pcap", list(reversed(pieces)) + lost[:-1])
    result = analyse([path], OPTIONS)
    dahua = next(d for d in result.devices if d.addresses[0].ip == DAHUA[1])
    assert dahua.identity.manufacturer == "dahua" and dahua.identity.model == "IPC-HFW2431S-S-S2"
    assert "IP fragments whose datagram never completed" in _skipped(result)


def test_vlan_tags_are_looked_through(tmp_path: Path) -> None:
    lan = Lan().build()
    tagged = []
    for packet in lan.packets:
        ether = packet[Ether]
        tagged.append(Ether(src=ether.src, dst=ether.dst) / Dot1Q(vlan=20) / ether.payload)
    result = analyse([_write(tmp_path / "vlan.pcap", tagged)], OPTIONS)
    clouds = {d.addresses[0].ip for d in result.devices for f in d.findings if f.kind == "cloud-traffic"}
    assert clouds == {HIKVISION[1], DAHUA[1], "192.168.10.13"}


def test_ipv6_traffic_is_read(tmp_path: Path) -> None:
    camera = ("44:47:cc:00:00:66", "fd00:10::11")
    resolver = "fd00:10::1"
    cloud = "2001:db8:100::10"
    hello = bytes(TLS(msg=[TLSClientHello(ext=[TLS_Ext_ServerName(
        servernames=[ServerName(servername=b"litedev.hik-connect.com")])])]))
    packets: list[Packet] = [
        Ether(src=camera[0], dst=GATEWAY[0]) / IPv6(src=camera[1], dst=resolver) / UDP(sport=5000, dport=53)
        / DNS(rd=1, qd=DNSQR(qname="litedev.hik-connect.com", qtype="AAAA")),
        Ether(src=camera[0], dst=GATEWAY[0]) / IPv6(src=camera[1], dst=cloud)
        / TCP(sport=50000, dport=443, flags="PA") / Raw(hello),
    ]
    packets += [Ether(src=camera[0], dst=GATEWAY[0]) / IPv6(src=camera[1], dst=cloud)
                / TCP(sport=50000, dport=443, flags="PA") / Raw(bytes(1000)) for _ in range(5)]
    result = analyse([_write(tmp_path / "v6.pcap", packets)], OPTIONS)
    [device] = [d for d in result.devices if d.addresses[0].ip == camera[1]]
    assert device.identity.manufacturer == "hikvision"
    [finding] = [f for f in device.findings if f.kind == "cloud-traffic"]
    assert finding.details["destinations"][0]["peer"] == cloud


def test_a_dns_compression_loop_is_counted_not_followed(tmp_path: Path) -> None:
    header = struct.pack("!HHHHHH", 1, 0x8180, 1, 1, 0, 0)
    # The question's name is a pointer to itself (offset 12): a loop.
    loop = header + b"\xc0\x0c" + b"\x00\x01\x00\x01"
    forward = header + b"\xc0\x20" + b"\x00\x01\x00\x01"
    packets = [Ether(src=GATEWAY[0], dst=LAPTOP[0]) / IP(src=GATEWAY[1], dst=LAPTOP[1]) / UDP(sport=53, dport=5000)
               / Raw(payload) for payload in (loop, forward)]
    packets.append(Ether(src=LAPTOP[0], dst=GATEWAY[0]) / IP(src=LAPTOP[1], dst=GATEWAY[1])
                   / UDP(sport=5001, dport=53) / DNS(rd=1, qd=DNSQR(qname="www.example.org")))
    result = analyse([_write(tmp_path / "dns.pcap", packets)], OPTIONS)
    assert "2 × DNS compression pointers loop or point forwards (malformed name) (skipped)" in _skipped(result)
    laptop = next(d for d in result.devices if d.addresses[0].ip == LAPTOP[1])
    assert laptop.addresses[0].mac == LAPTOP[0]


def test_malformed_tls_records_are_counted(tmp_path: Path) -> None:
    good = bytes(TLS(msg=[TLSClientHello(ext=[TLS_Ext_ServerName(
        servernames=[ServerName(servername=b"www.example.org")])])]))
    broken = good[:5] + b"\x01\x00\xff\xff" + good[9:30]  # a ClientHello claiming 65,535 bytes, then cut
    packets = [Ether(src=LAPTOP[0], dst=GATEWAY[0]) / IP(src=LAPTOP[1], dst="203.0.113.80")
               / TCP(sport=port, dport=443, flags="PA") / Raw(payload)
               for port, payload in ((52000, broken), (52001, good))]
    result = analyse([_write(tmp_path / "tls.pcap", packets)], OPTIONS)
    assert "a TLS ClientHello is cut off" in _skipped(result)
    laptop = next(d for d in result.devices if d.addresses[0].ip == LAPTOP[1])
    summary = next(f for f in laptop.findings if f.kind == "external-traffic")
    assert summary.details["destinations"][0]["names"] == ["www.example.org"]


def test_malformed_discovery_xml_is_counted_and_lax_sadp_still_read(tmp_path: Path) -> None:
    # Cut inside its scope list: nothing of the message arrived whole (an unbound prefix alone no longer makes a
    # reply unreadable: protocols/wsdiscovery.py reads whole elements of such a reply).
    broken_wsd = (b'<?xml version="1.0"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope">'
                  b"<s:Body><d:ProbeMatches><d:ProbeMatch><d:Scopes>onvif://www.onvif.org/na")
    lax_sadp = (b'<?xml version="1.0" encoding="UTF-8"?><ProbeMatch><DeviceDescription>DS-2CD2143G2-I'
                b"</DeviceDescription><DeviceSN>DS-2CD2143G2-I20230101AACHE12345678</DeviceSN>"
                b"<HCPlatformEnable>flase</HCPlatformEnable><MAC>44-47-cc-11-22-33</MAC><Activated>true")
    packets = [
        Ether(src=AXIS[0], dst="01:00:5e:7f:ff:fa") / IP(src=AXIS[1], dst="239.255.255.250")
        / UDP(sport=3702, dport=3702) / Raw(broken_wsd),
        Ether(src=HIKVISION[0], dst="01:00:5e:7f:ff:fa") / IP(src=HIKVISION[1], dst="239.255.255.250")
        / UDP(sport=37020, dport=37020) / Raw(lax_sadp),
    ]
    result = analyse([_write(tmp_path / "xml.pcap", packets)], OPTIONS)
    assert "wsd discovery replies that could not be read (malformed; skipped)" in _skipped(result)
    hik = next(d for d in result.devices if d.addresses[0].ip == HIKVISION[1])
    assert (hik.identity.manufacturer, hik.identity.model) == ("hikvision", "DS-2CD2143G2-I")


def test_a_cut_off_resolve_answer_is_counted_as_malformed_discovery(tmp_path: Path) -> None:
    # The answer to a Resolve (WS-Discovery's ResolveMatches), cut before its description: a reply, not a request.
    # (Cut inside its scope list, so nothing of the message arrived whole.)
    broken = (b'<?xml version="1.0"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope">'
              b"<s:Body><d:ResolveMatches><d:ResolveMatch><d:Scopes>onvif://www.onvif.org/na")
    packet = (Ether(src=AXIS[0], dst=LAPTOP[0]) / IP(src=AXIS[1], dst=LAPTOP[1])
              / UDP(sport=3702, dport=50000) / Raw(broken))
    result = analyse([_write(tmp_path / "resolve.pcap", [packet])], OPTIONS)
    assert "wsd discovery replies that could not be read (malformed; skipped)" in _skipped(result)


def test_a_zeek_log_with_missing_columns(tmp_path: Path) -> None:
    conn = tmp_path / "conn.log"
    conn.write_text(
        "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n"
        "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tproto\torig_bytes\tresp_bytes\n"
        "#types\ttime\tstring\taddr\tport\taddr\tenum\tcount\tcount\n"
        "1764590400.0\tC1\t192.168.10.11\t51000\t198.51.100.10\ttcp\t1000\t100\n"
    )
    dns = tmp_path / "dns.log"
    dns.write_text(json.dumps({"ts": 1764590399.0, "id.orig_h": HIKVISION[1], "id.resp_h": GATEWAY[1],
                               "query": "litedev.hik-connect.com", "answers": ["198.51.100.10"]}) + "\n"
                   + json.dumps({"ts": 1764590399.5, "query": "no-client.example"}) + "\n")
    dhcp = tmp_path / "dhcp.log"
    dhcp.write_text(json.dumps({"ts": 1764590390.0, "mac": HIKVISION[0], "assigned_addr": HIKVISION[1],
                                "host_name": "IPC", "client_software": "udhcp 1.20.2"}) + "\n")
    result = analyse([conn, dns, dhcp], OPTIONS)
    skipped = _skipped(result)
    assert "1 × Zeek conn records without id.resp_p (skipped)" in skipped
    assert "1 × Zeek dns records without id.orig_h (skipped)" in skipped
    hik = next(d for d in result.devices if d.addresses[0].ip == HIKVISION[1])
    # What the DNS log did give is kept: the camera looked up Hik-Connect.
    assert [f.title for f in hik.findings if f.kind == "cloud-traffic"] == ["Looks up Hik-Connect (Hikvision, China)"]


def test_local_nets_decide_what_is_outside(lan_files: dict[str, Path]) -> None:
    # With the documentation range counted as local, nothing leaves the network.
    options = PassiveOptions(LocalNets(parse_nets(["192.168.10.0/24", "198.51.100.0/24", "203.0.113.0/24"])))
    result = analyse([lan_files["pcap"]], options)
    assert not [f for d in result.devices for f in d.findings if f.kind == "external-traffic"]
