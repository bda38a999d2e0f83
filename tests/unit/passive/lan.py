"""A small site's LAN, written as a capture by an independent packet library (scapy).

192.168.10.0/24 behind a gateway that also answers DNS:

* a Hikvision camera (Hikvision OUI) that resolves and opens TLS to litedev.hik-connect.com (Hik-Connect);
* a Dahua camera (Dahua OUI) that resolves www.easy4ipcloud.com and talks UDP P2P to it (Easy4IP);
* a DVR with a MAC no registry knows that registers at access-dss.secu100.net over HTTP (XMEye);
* an Axis camera (Axis OUI) that only asks NTP the time and streams RTSP/RTP to the laptop;
* a laptop that browses the web (DNS, TLS with SNI, HTTP) and calls no vendor cloud.

The outside addresses are documentation ranges (RFC 5737). Nothing is sent: packets are only written.
"""

from __future__ import annotations

from pathlib import Path

from scapy.layers.dns import DNS, DNSQR, DNSRR
from scapy.layers.inet import IP, TCP, UDP
from scapy.layers.l2 import ARP, Ether
from scapy.layers.tls.extensions import ServerName, TLS_Ext_ServerName
from scapy.layers.tls.handshake import TLSClientHello
from scapy.layers.tls.record import TLS
from scapy.packet import Packet, Raw
from scapy.utils import PcapNgWriter, PcapWriter

GATEWAY = ("00:0d:b9:00:00:01", "192.168.10.1")
HIKVISION = ("44:47:cc:11:22:33", "192.168.10.11")
DAHUA = ("3c:ef:8c:44:55:66", "192.168.10.12")
#: Locally administered: no vendor registry can name it.
DVR = ("02:5e:00:aa:bb:cc", "192.168.10.13")
AXIS = ("ac:cc:8e:77:88:99", "192.168.10.14")
LAPTOP = ("f4:8c:50:01:02:03", "192.168.10.50")

CLOUD_HIK = ("litedev.hik-connect.com", "198.51.100.10")
CLOUD_DAHUA = ("www.easy4ipcloud.com", "198.51.100.20")
CLOUD_XMEYE = ("access-dss.secu100.net", "198.51.100.30")
NTP = ("pool.ntp.org", "203.0.113.123")
WEB = ("www.example.org", "203.0.113.80")

START = 1_764_590_400.0  # 2025-12-01T12:00:00Z


class Lan:
    """Builds the packets in time order; ``write`` saves them as pcap or pcapng."""

    def __init__(self) -> None:
        self.packets: list[Packet] = []
        self.t = START
        self.dns_id = 1

    def add(self, packet: Packet, step: float = 0.01) -> None:
        packet.time = self.t
        self.t += step
        self.packets.append(packet)

    def _to_gateway(self, host: tuple[str, str], dst_ip: str) -> Ether:
        return Ether(src=host[0], dst=GATEWAY[0]) / IP(src=host[1], dst=dst_ip)

    def _from_gateway(self, host: tuple[str, str], src_ip: str) -> Ether:
        return Ether(src=GATEWAY[0], dst=host[0]) / IP(src=src_ip, dst=host[1])

    def resolve(self, host: tuple[str, str], name: str, address: str) -> None:
        self.dns_id += 1
        port = 40000 + self.dns_id
        self.add(self._to_gateway(host, GATEWAY[1]) / UDP(sport=port, dport=53)
                 / DNS(id=self.dns_id, rd=1, qd=DNSQR(qname=name)))
        self.add(self._from_gateway(host, GATEWAY[1]) / UDP(sport=53, dport=port)
                 / DNS(id=self.dns_id, qr=1, rd=1, ra=1, qd=DNSQR(qname=name),
                       an=DNSRR(rrname=name, rdata=address, ttl=300)))

    def tls_session(self, host: tuple[str, str], name: str, address: str, sport: int, records: int,
                    size: int = 1200) -> None:
        """SYN, ClientHello naming ``name``, then ``records`` encrypted records out and ACKs back."""
        out = self._to_gateway(host, address)
        back = self._from_gateway(host, address)
        seq, ack = 1000, 9000
        self.add(out / TCP(sport=sport, dport=443, flags="S", seq=seq))
        self.add(back / TCP(sport=443, dport=sport, flags="SA", seq=ack, ack=seq + 1))
        seq, ack = seq + 1, ack + 1
        hello = TLS(msg=[TLSClientHello(ext=[TLS_Ext_ServerName(servernames=[ServerName(servername=name.encode())])])])
        data = bytes(hello)
        self.add(out / TCP(sport=sport, dport=443, flags="PA", seq=seq, ack=ack) / Raw(data))
        seq += len(data)
        for _ in range(records):
            payload = b"\x17\x03\x03" + (size - 5).to_bytes(2, "big") + bytes(size - 5)
            self.add(out / TCP(sport=sport, dport=443, flags="PA", seq=seq, ack=ack) / Raw(payload), step=0.5)
            seq += len(payload)
            self.add(back / TCP(sport=443, dport=sport, flags="A", seq=ack, ack=seq))

    def build(self) -> Lan:
        for host in (HIKVISION, DAHUA, DVR, AXIS, LAPTOP):
            self.add(Ether(src=host[0], dst="ff:ff:ff:ff:ff:ff")
                     / ARP(op=1, hwsrc=host[0], psrc=host[1], pdst=GATEWAY[1]))
        # Hikvision: Hik-Connect over TLS.
        self.resolve(HIKVISION, *CLOUD_HIK)
        self.tls_session(HIKVISION, *CLOUD_HIK, sport=51000, records=20)
        # Dahua: Easy4IP P2P over UDP 8800.
        self.resolve(DAHUA, *CLOUD_DAHUA)
        for _ in range(10):
            self.add(self._to_gateway(DAHUA, CLOUD_DAHUA[1]) / UDP(sport=36000, dport=8800) / Raw(bytes(600)))
            self.add(self._from_gateway(DAHUA, CLOUD_DAHUA[1]) / UDP(sport=8800, dport=36000) / Raw(bytes(90)))
        # The DVR: XMEye device registration over plain HTTP.
        self.resolve(DVR, *CLOUD_XMEYE)
        body = b'{"DssProtocol":{"Header":{"MessageType":"MSG_DEV_REGISTER_REQ","Version":"1.0"}}}'
        request = (b"POST / HTTP/1.1\r\nHost:access-dss.secu100.net\r\nConnection: keep-alive\r\nContent-Length:"
                   + str(len(body)).encode() + b"\r\n\r\n" + body)
        out, back = self._to_gateway(DVR, CLOUD_XMEYE[1]), self._from_gateway(DVR, CLOUD_XMEYE[1])
        self.add(out / TCP(sport=45000, dport=80, flags="S", seq=1))
        self.add(back / TCP(sport=80, dport=45000, flags="SA", seq=500, ack=2))
        self.add(out / TCP(sport=45000, dport=80, flags="PA", seq=2, ack=501) / Raw(request))
        self.add(back / TCP(sport=80, dport=45000, flags="PA", seq=501, ack=2 + len(request))
                 / Raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n{}"))
        # Axis: NTP only, and an RTP stream to the laptop on the LAN.
        self.resolve(AXIS, *NTP)
        self.add(self._to_gateway(AXIS, NTP[1]) / UDP(sport=123, dport=123) / Raw(b"\x23" + bytes(47)))
        self.add(self._from_gateway(AXIS, NTP[1]) / UDP(sport=123, dport=123) / Raw(b"\x24" + bytes(47)))
        for _ in range(20):
            self.add(Ether(src=AXIS[0], dst=LAPTOP[0]) / IP(src=AXIS[1], dst=LAPTOP[1])
                     / UDP(sport=50000, dport=50010) / Raw(bytes(1000)))
        # The laptop opens the Axis camera's web page (a minimal page, not a real capture).
        self.add(Ether(src=LAPTOP[0], dst=AXIS[0]) / IP(src=LAPTOP[1], dst=AXIS[1])
                 / TCP(sport=53000, dport=80, flags="PA") / Raw(b"GET / HTTP/1.1\r\nHost: 192.168.10.14\r\n\r\n"))
        self.add(Ether(src=AXIS[0], dst=LAPTOP[0]) / IP(src=AXIS[1], dst=LAPTOP[1])
                 / TCP(sport=80, dport=53000, flags="PA")
                 / Raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 48\r\n\r\n"
                       b"<html><head><title>AXIS</title></head></html>"))
        # The laptop: the web, nothing else.
        self.resolve(LAPTOP, *WEB)
        self.tls_session(LAPTOP, *WEB, sport=52000, records=5)
        self.add(self._to_gateway(LAPTOP, WEB[1]) / TCP(sport=52001, dport=80, flags="PA")
                 / Raw(b"GET / HTTP/1.1\r\nHost: www.example.org\r\nUser-Agent: Mozilla/5.0\r\n\r\n"))
        return self

    def write(self, path: Path, *, pcapng: bool = False) -> Path:
        writer = PcapNgWriter(str(path)) if pcapng else PcapWriter(str(path), linktype=1, sync=True)
        try:
            for packet in self.packets:
                writer.write(packet)
        finally:
            writer.close()
        return path
