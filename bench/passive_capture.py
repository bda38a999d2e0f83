"""Generate a large, realistic capture of a small site's LAN for ``bench/passive.py``.

The site: 8 Hikvision cameras on Hik-Connect (TLS to the cloud, steady upload), 8 Dahua cameras on
Easy4IP (UDP P2P), 4 XMEye DVRs (HTTP to the XMEye cloud), 4 Axis cameras streaming RTP to a local NVR,
8 laptops browsing (TLS, HTTP, QUIC, DNS; some on a tagged VLAN, some over IPv6), a gateway that
answers DNS, plus the background of a real LAN: discovery announcements (SADP, DHIP, WS-Discovery, SSDP,
XMEye), ARP and DHCP. TCP connections open (SYN, ClientHello) and close, with advancing sequence
numbers, so a dissector sees ordinary streams. About 500 packets per simulated second.

Payloads that a parser must understand (DNS, TLS ClientHello, QUIC Initial) are built once by
independent libraries (scapy, aioquic); per packet only headers are packed, so millions of packets take
seconds to write. Deterministic: the same count gives the same file.
"""

from __future__ import annotations

import gzip
import json
import random
import struct
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from aioquic.quic.configuration import QuicConfiguration
from aioquic.quic.connection import QuicConnection
from scapy.layers.dhcp import BOOTP, DHCP
from scapy.layers.dns import DNS, DNSQR, DNSRR
from scapy.layers.tls.extensions import ServerName, TLS_Ext_ServerName
from scapy.layers.tls.handshake import TLSClientHello
from scapy.layers.tls.record import TLS

GATEWAY_MAC = bytes.fromhex("000db9000001")
GATEWAY_IP = bytes([192, 168, 1, 1])
START = 1_764_000_000.0

Frame = tuple[float, bytes]


def _ip4(text: str) -> bytes:
    return bytes(int(p) for p in text.split("."))


def _mac(text: str) -> bytes:
    return bytes.fromhex(text.replace(":", ""))


def dns_pair(name: str, address: str, ident: int) -> tuple[bytes, bytes]:
    """A DNS query and its answer for ``name`` -> ``address`` (scapy-built)."""
    query = bytes(DNS(id=ident, rd=1, qd=DNSQR(qname=name)))
    answer = bytes(DNS(id=ident, qr=1, rd=1, ra=1, qd=DNSQR(qname=name), an=DNSRR(rrname=name, rdata=address)))
    return query, answer


def client_hello(name: str) -> bytes:
    """A TLS record with a ClientHello naming ``name`` (scapy-built)."""
    ext = [TLS_Ext_ServerName(servernames=[ServerName(servername=name.encode())])]
    return bytes(TLS(msg=[TLSClientHello(ext=ext)]))


def quic_initial(name: str) -> bytes:
    """The first datagram of a QUIC v1 client connecting to ``name`` (aioquic-built)."""
    conn = QuicConnection(configuration=QuicConfiguration(is_client=True, server_name=name))
    conn.connect(("192.0.2.1", 443), now=0.0)
    return conn.datagrams_to_send(now=0.0)[0][0]


def dhcp_request(mac: bytes, hostname: str, vendor_class: str) -> bytes:
    """A DHCPREQUEST naming its host and vendor class (scapy-built)."""
    options = [("message-type", "request"), ("hostname", hostname), ("vendor_class_id", vendor_class),
               ("param_req_list", [1, 3, 6, 15, 28, 42]), "end"]
    return bytes(BOOTP(chaddr=mac + bytes(10), xid=0x1234) / DHCP(options=options))


def sadp_reply(mac: str, model: str, serial: str) -> bytes:
    dashed = mac.replace(":", "-")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\r\n<ProbeMatch>\r\n'
        "<Uuid>6B2D1A4E-0000-0000-0000-000000000000</Uuid>\r\n"
        f"<Types>inquiry</Types>\r\n<DeviceType>142378</DeviceType>\r\n<DeviceDescription>{model}</DeviceDescription>\r\n"
        f"<DeviceSN>{serial}</DeviceSN>\r\n<CommandPort>8000</CommandPort>\r\n<HttpPort>80</HttpPort>\r\n"
        f"<MAC>{dashed}</MAC>\r\n<SoftwareVersion>V5.5.6build 180326</SoftwareVersion>\r\n"
        "<Activated>true</Activated>\r\n<HCPlatformEnable>true</HCPlatformEnable>\r\n</ProbeMatch>\r\n"
    ).encode()


def dhip_reply(mac: str, model: str, serial: str) -> bytes:
    body = json.dumps({"mac": mac, "method": "client.notifyDevInfo", "params": {"deviceInfo": {
        "DeviceClass": "IPC", "DeviceType": model, "SerialNo": serial, "Version": "2.800.0000000.9.R",
        "Vendor": "General", "HttpPort": 80, "Port": 37777, "Init": 3733}}}).encode()
    return struct.pack("<I4sIIIIII", 0x20, b"DHIP", 0, 0, len(body), 0, len(body), 0) + body


def xmeye_reply(mac: str, serial: str) -> bytes:
    body = json.dumps({"NetWork.NetCommon": {"HostName": "NVR", "MAC": mac, "SN": serial, "TCPPort": 34567,
                                             "HttpPort": 80, "HostIP": "0x6401A8C0"}, "Ret": 100}).encode()
    return struct.pack("<BBHIIHHI", 255, 0, 0, 0, 0, 0, 1531, len(body)) + body


def wsd_hello(uuid: str, scopes: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
        'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" '
        'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery"><s:Header><a:Action>'
        "http://schemas.xmlsoap.org/ws/2005/04/discovery/Hello</a:Action></s:Header><s:Body><d:Hello>"
        f"<a:EndpointReference><a:Address>urn:uuid:{uuid}</a:Address></a:EndpointReference>"
        f"<d:Types>dn:NetworkVideoTransmitter</d:Types><d:Scopes>{scopes}</d:Scopes>"
        "<d:MetadataVersion>1</d:MetadataVersion></d:Hello></s:Body></s:Envelope>"
    ).encode()


def ssdp_notify(location: str, server: str) -> bytes:
    return (
        "NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nCACHE-CONTROL: max-age=1800\r\n"
        f"LOCATION: {location}\r\nNT: upnp:rootdevice\r\nNTS: ssdp:alive\r\nSERVER: {server}\r\n"
        "USN: uuid:00000000-0000-0000-0000-000000000000::upnp:rootdevice\r\n\r\n"
    ).encode()


# --- packet building ---------------------------------------------------------------------------------------
def _ipv4(src: bytes, dst: bytes, proto: int, payload: bytes, ident: int) -> bytes:
    return struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident & 0xFFFF, 0x4000, 64, proto, 0, src,
                       dst) + payload


def _ipv6(src: bytes, dst: bytes, proto: int, payload: bytes) -> bytes:
    return struct.pack("!IHBB16s16s", 0x60000000, len(payload), proto, 64, src, dst) + payload


def _eth(dst: bytes, src: bytes, etype: int, payload: bytes, vlan: int = 0) -> bytes:
    if vlan:
        return dst + src + struct.pack("!HHH", 0x8100, vlan, etype) + payload
    return dst + src + struct.pack("!H", etype) + payload


def udp(sport: int, dport: int, data: bytes) -> bytes:
    return struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data


def tcp(sport: int, dport: int, seq: int, ack: int, flags: int, data: bytes = b"") -> bytes:
    return struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, 0x50, flags, 65535, 0,
                       0) + data


SYN, SYNACK, ACK, PSHACK, FINACK = 0x02, 0x12, 0x10, 0x18, 0x11


@dataclass
class Host:
    mac: bytes
    ip: bytes
    ip6: bytes = b""
    vlan: int = 0
    ident: int = 0

    def frame(self, dst_mac: bytes, dst_ip: bytes, proto: int, l4: bytes) -> bytes:
        self.ident += 1
        if len(dst_ip) == 16:
            return _eth(dst_mac, self.mac, 0x86DD, _ipv6(self.ip6, dst_ip, proto, l4), self.vlan)
        return _eth(dst_mac, self.mac, 0x0800, _ipv4(self.ip, dst_ip, proto, l4, self.ident), self.vlan)


@dataclass
class TcpStream:
    """One TCP connection between a local client and a server, with advancing sequence numbers."""

    client: Host
    server_mac: bytes
    server_ip: bytes
    sport: int
    dport: int
    seq: int = 1000
    ack: int = 5000
    frames: list[bytes] = field(default_factory=list)

    def _server_frame(self, l4: bytes) -> bytes:
        if len(self.server_ip) == 16:
            return _eth(self.client.mac, self.server_mac, 0x86DD, _ipv6(self.server_ip, self.client.ip6, 6, l4))
        return _eth(self.client.mac, self.server_mac, 0x0800, _ipv4(self.server_ip, self.client.ip, 6, l4, 7))

    def open(self, hello: bytes = b"") -> list[bytes]:
        c = self.client
        out = [c.frame(self.server_mac, self.server_ip, 6, tcp(self.sport, self.dport, self.seq, 0, SYN))]
        out.append(self._server_frame(tcp(self.dport, self.sport, self.ack, self.seq + 1, SYNACK)))
        self.seq += 1
        self.ack += 1
        out.append(c.frame(self.server_mac, self.server_ip, 6, tcp(self.sport, self.dport, self.seq, self.ack, ACK)))
        if hello:
            out += self.send(hello)
        return out

    def send(self, data: bytes) -> list[bytes]:
        frame = self.client.frame(self.server_mac, self.server_ip, 6,
                                  tcp(self.sport, self.dport, self.seq, self.ack, PSHACK, data))
        self.seq += len(data)
        return [frame]

    def reply(self, data: bytes) -> list[bytes]:
        frame = self._server_frame(tcp(self.dport, self.sport, self.ack, self.seq, PSHACK, data))
        self.ack += len(data)
        return [frame]

    def acknowledge(self) -> list[bytes]:
        return [self._server_frame(tcp(self.dport, self.sport, self.ack, self.seq, ACK))]

    def close(self) -> list[bytes]:
        c = self.client
        return [c.frame(self.server_mac, self.server_ip, 6, tcp(self.sport, self.dport, self.seq, self.ack, FINACK)),
                self._server_frame(tcp(self.dport, self.sport, self.ack, self.seq + 1, FINACK))]


# --- the site -------------------------------------------------------------------------------------------
CLOUD = {
    "hik": ("litedev.hik-connect.com", "198.51.100.10"),
    "dahua": ("www.easy4ipcloud.com", "198.51.100.20"),
    "xmeye": ("caps.xmcsrv.net", "198.51.100.30"),
    "ntp": ("pool.ntp.org", "203.0.113.123"),
}
SITES = [(f"site{i}.example.com", f"203.0.113.{10 + i}") for i in range(24)]
NVR_IP = _ip4("192.168.1.50")
NVR_MAC = _mac("00:40:8c:50:00:01")
Actor = Callable[[int], list[bytes]]


class Site:
    """Every device of the LAN and what it sends each simulated second."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.dns_id = 0
        self.actors: list[Actor] = []
        self.templates: dict[str, bytes] = {}
        for i in range(8):
            self.actors.append(self._hikvision(i))
            self.actors.append(self._dahua(i))
            self.actors.append(self._laptop(i))
        for i in range(4):
            self.actors.append(self._xmeye(i))
            self.actors.append(self._axis(i))

    def _dns(self, host: Host, name: str, address: str) -> list[bytes]:
        self.dns_id += 1
        key = f"dns:{name}"
        if key not in self.templates:
            query, answer = dns_pair(name, address, 4242)
            self.templates[key], self.templates[key + ":a"] = query, answer
        sport = 30000 + self.dns_id % 20000
        ident = struct.pack("!H", self.dns_id & 0xFFFF)
        query = ident + self.templates[key][2:]
        answer = ident + self.templates[key + ":a"][2:]
        return [host.frame(GATEWAY_MAC, GATEWAY_IP, 17, udp(sport, 53, query)),
                _eth(host.mac, GATEWAY_MAC, 0x0800, _ipv4(GATEWAY_IP, host.ip, 17, udp(53, sport, answer), 1))]

    def _hello(self, name: str) -> bytes:
        key = f"tls:{name}"
        if key not in self.templates:
            self.templates[key] = client_hello(name)
        return self.templates[key]

    def _hikvision(self, i: int) -> Actor:
        mac = f"c0:56:e3:10:00:{i:02x}"
        cam = Host(_mac(mac), _ip4(f"192.168.1.{10 + i}"))
        name, address = CLOUD["hik"]
        stream: list[TcpStream] = []
        announce = sadp_reply(mac, "DS-2CD2143G2-I", f"DS-2CD2143G2-I20230101AACH{i:09d}")
        page = (b"HTTP/1.1 200 OK\r\nServer: App-webs/\r\nContent-Type: text/html\r\nContent-Length: 120\r\n\r\n"
                b"<html><head><title>Hikvision Login</title></head><body></body></html>")

        def tick(t: int) -> list[bytes]:
            out: list[bytes] = []
            if t % 60 == i % 60 or not stream:
                if stream:
                    out += stream[0].close()
                    stream.clear()
                out += self._dns(cam, name, address)
                stream.append(TcpStream(cam, GATEWAY_MAC, _ip4(address), 40000 + (t + i) % 20000, 443))
                out += stream[0].open(self._hello(name))
            s = stream[0]
            for _ in range(20):
                out += s.send(b"\x17\x03\x03\x05\x70" + bytes(1387))
            for _ in range(8):
                out += s.acknowledge()
            if t % 10 == i % 10:
                out.append(cam.frame(_mac("01:00:5e:7f:ff:fa"), _ip4("239.255.255.250"), 17,
                                     udp(37020, 37020, announce)))
            if t % 30 == i % 30:
                web = TcpStream(Host(_mac("3c:22:fb:00:00:01"), _ip4("192.168.1.100")), cam.mac, cam.ip,
                                50000 + t % 10000, 80)
                out += web.open(b"GET / HTTP/1.1\r\nHost: 192.168.1.%d\r\n\r\n" % (10 + i))
                out += web.reply(page) + web.close()
            return out

        return tick

    def _dahua(self, i: int) -> Actor:
        mac = f"3c:ef:8c:20:00:{i:02x}"
        cam = Host(_mac(mac), _ip4(f"192.168.1.{20 + i}"))
        name, address = CLOUD["dahua"]
        peer = _ip4(address)
        announce = dhip_reply(mac, "IPC-HFW2431S-S-S2", f"6J0DA6EPAJ{i:05d}")

        def tick(t: int) -> list[bytes]:
            out: list[bytes] = []
            if t % 120 == i:
                out += self._dns(cam, name, address)
            for _ in range(10):
                out.append(cam.frame(GATEWAY_MAC, peer, 17, udp(36000 + i, 8800, bytes(980))))
            for _ in range(2):
                out.append(_eth(cam.mac, GATEWAY_MAC, 0x0800, _ipv4(peer, cam.ip, 17, udp(8800, 36000 + i,
                                                                                           bytes(120)), 2)))
            if t % 10 == i % 10:
                out.append(cam.frame(_mac("01:00:5e:7f:ff:fb"), _ip4("239.255.255.251"), 17,
                                     udp(37810, 37810, announce)))
            return out

        return tick

    def _xmeye(self, i: int) -> Actor:
        mac = f"02:12:34:30:00:{i:02x}"
        dvr = Host(_mac(mac), _ip4(f"192.168.1.{30 + i}"))
        name, address = CLOUD["xmeye"]
        announce = xmeye_reply(mac, f"ab12cd34ef56{i:04d}")
        post = (b"POST /dev/upload HTTP/1.1\r\nHost: caps.xmcsrv.net\r\nContent-Type: application/json\r\n"
                b"Content-Length: 600\r\n\r\n" + bytes(600))

        def tick(t: int) -> list[bytes]:
            out: list[bytes] = []
            if t % 30 == i:
                out += self._dns(dvr, name, address)
                s = TcpStream(dvr, GATEWAY_MAC, _ip4(address), 45000 + t % 10000, 80)
                out += s.open(post) + s.reply(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}") + s.close()
            if t % 10 == i % 10:
                out.append(dvr.frame(b"\xff" * 6, b"\xff" * 4, 17, udp(34569, 34569, announce)))
            return out

        return tick

    def _axis(self, i: int) -> Actor:
        mac = f"ac:cc:8e:40:00:{i:02x}"
        cam = Host(_mac(mac), _ip4(f"192.168.1.{40 + i}"))
        hello = wsd_hello(f"a0000000-0000-0000-0000-accc8e4000{i:02x}",
                          "onvif://www.onvif.org/name/AXIS onvif://www.onvif.org/hardware/M3045-V")
        notify = ssdp_notify(f"http://192.168.1.{40 + i}:49152/rootdesc.xml",
                             "Linux/4.9, UPnP/1.0, Portable SDK for UPnP devices/1.6.18")

        def tick(t: int) -> list[bytes]:
            out = [cam.frame(NVR_MAC, NVR_IP, 17, udp(50000 + i, 50010, bytes(1200))) for _ in range(30)]
            if t % 64 == i:
                out.append(cam.frame(GATEWAY_MAC, _ip4(CLOUD["ntp"][1]), 17, udp(123, 123, bytes(48))))
            if t % 10 == i % 10:
                out.append(cam.frame(_mac("01:00:5e:7f:ff:fa"), _ip4("239.255.255.250"), 17,
                                     udp(3702, 3702, hello)))
                out.append(cam.frame(_mac("01:00:5e:7f:ff:fa"), _ip4("239.255.255.250"), 17,
                                     udp(1900, 1900, notify)))
            return out

        return tick

    def _laptop(self, i: int) -> Actor:
        mac = f"f4:8c:50:50:00:{i:02x}"
        ip6 = bytes.fromhex("20010db8000000010000000000000000")[:15] + bytes([i + 1])
        pc = Host(_mac(mac), _ip4(f"192.168.1.{100 + i}"), ip6=ip6, vlan=20 if i >= 6 else 0)
        streams: dict[int, TcpStream] = {}

        def tick(t: int) -> list[bytes]:
            out: list[bytes] = []
            name, address = SITES[(t // 5 + i) % len(SITES)]
            if t % 5 == 0:
                out += self._dns(pc, name, address)
                old = streams.pop(0, None)
                if old is not None:
                    out += old.close()
                server = _ip4(address) if i % 4 else bytes.fromhex("20010db800000002") + bytes(7) + bytes([t % 24 + 1])
                streams[0] = TcpStream(pc, GATEWAY_MAC, server, 51000 + t % 10000, 443)
                out += streams[0].open(self._hello(name))
            s = streams[0]
            for _ in range(4):
                out += s.reply(b"\x17\x03\x03\x05\x70" + bytes(1387))
            out += s.send(b"\x17\x03\x03\x00\x40" + bytes(64))
            if t % 7 == i % 7:
                web = TcpStream(pc, GATEWAY_MAC, _ip4(address), 52000 + t % 10000, 80)
                out += web.open(b"GET /news HTTP/1.1\r\nHost: %s\r\nUser-Agent: Mozilla/5.0\r\n\r\n" % name.encode())
                out += web.reply(b"HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Length: 900\r\n\r\n" + bytes(900))
                out += web.close()
            if t % 11 == i:
                key = f"quic:{name}"
                if key not in self.templates:
                    self.templates[key] = quic_initial(name)
                out.append(pc.frame(GATEWAY_MAC, _ip4(address), 17, udp(53000 + t % 10000, 443, self.templates[key])))
            if t % 97 == i:
                request = dhcp_request(pc.mac, f"laptop-{i}", "MSFT 5.0")
                out.append(pc.frame(b"\xff" * 6, b"\xff" * 4, 17, udp(68, 67, request)))
                out.append(_eth(b"\xff" * 6, pc.mac, 0x0806, bytes.fromhex("0001080006040001") + pc.mac + pc.ip
                                + bytes(6) + GATEWAY_IP))
            return out

        return tick

    def frames(self) -> Iterator[Frame]:
        """Frames forever, about 500 per simulated second, with increasing timestamps."""
        t = 0
        while True:
            batch = [frame for actor in self.actors for frame in actor(t)]
            step = 1.0 / max(1, len(batch))
            for n, frame in enumerate(batch):
                yield START + t + n * step, frame
            t += 1


# --- writing ---------------------------------------------------------------------------------------------
def _pcap_header() -> bytes:
    return struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1)


def _pcapng_header() -> bytes:
    shb_body = struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1)
    shb = struct.pack("<II", 0x0A0D0D0A, 12 + len(shb_body)) + shb_body + struct.pack("<I", 12 + len(shb_body))
    idb_body = struct.pack("<HHI", 1, 0, 262144)
    idb = struct.pack("<II", 1, 12 + len(idb_body)) + idb_body + struct.pack("<I", 12 + len(idb_body))
    return shb + idb


def _write(out: BinaryIO, frames: Iterator[Frame], count: int, fmt: str) -> None:
    pack_pcap = struct.Struct("<IIII").pack
    pack_epb = struct.Struct("<IIIIIII").pack
    out.write(_pcap_header() if fmt == "pcap" else _pcapng_header())
    for _ in range(count):
        ts, frame = next(frames)
        if fmt == "pcap":
            sec = int(ts)
            out.write(pack_pcap(sec, int((ts - sec) * 1e6), len(frame), len(frame)))
            out.write(frame)
        else:
            micros = int(ts * 1e6)
            pad = (-len(frame)) % 4
            total = 32 + len(frame) + pad
            out.write(pack_epb(6, total, 0, micros >> 32, micros & 0xFFFFFFFF, len(frame), len(frame)))
            out.write(frame + bytes(pad) + struct.pack("<I", total))


def generate(path: Path, count: int, fmt: str = "pcap", *, compress: bool = False) -> float:
    """Write ``count`` packets to ``path`` as ``fmt`` (pcap or pcapng), gzip when ``compress``; seconds taken."""
    began = time.perf_counter()
    with (gzip.open(path, "wb", compresslevel=1) if compress else path.open("wb")) as out:
        _write(out, Site().frames(), count, fmt)
    return time.perf_counter() - began


if __name__ == "__main__":
    import sys

    target = Path(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    kind = "pcapng" if target.suffix in (".pcapng", ".ng") or ".pcapng" in target.name else "pcap"
    print(f"{n} packets in {generate(target, n, kind, compress=target.suffix == '.gz'):.1f} s -> {target}")
