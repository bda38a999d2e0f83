"""Fuzz targets for passive analysis (``camaudit passive``): pcap and pcapng captures and Zeek logs.

Each target runs the whole path a file takes -- the capture reader or the Zeek reader into the traffic state,
then :func:`~camaudit.passive.devices.build_devices` (identify and assess) -- on bytes, with no file. The
contract is the scan's: every device has a valid address, every observation field is bounded text, and the
readers refuse a bad file only with their own one-line errors. Per-packet decoding runs without the safety
net ``passive/run.py`` puts around it, so a decoder bug shows here instead of being counted and skipped.

Seeds: the small LAN of ``tests/unit/passive/lan.py`` written by scapy (an independent packet library; bulk
payloads left out so a seed fits the fuzzers' 8 KiB inputs), and Zeek logs in both of Zeek's formats.
"""

from __future__ import annotations

import functools
import io
import ipaddress
import json
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from camaudit.model import Device, Observation
from camaudit.passive import zeek
from camaudit.passive.capture import CaptureFormatError, read_packets
from camaudit.passive.devices import build_devices
from camaudit.passive.localnet import LocalNets
from camaudit.passive.packets import PacketReader
from camaudit.passive.state import TrafficState
from camaudit.passive.tally import Tally

Fields = Callable[[Mapping[str, str] | None], None]
#: Largest seed the fuzzers take whole (atheris runs with -max_len=8192).
MAX_SEED = 8192


def _devices(state: TrafficState, local: LocalNets, fields: Fields) -> None:
    seen: list[tuple[Device, Sequence[Observation]]] = []
    devices = build_devices(state, local, on_device=lambda d, obs: seen.append((d, obs)))
    assert len(devices) == len(seen)
    for device, observations in seen:
        for address in device.addresses:
            assert str(ipaddress.ip_address(address.ip)) == address.ip, f"invalid address {address.ip!r} came out"
        for obs in observations:
            fields(obs.fields)


def capture_check(fields: Fields) -> Callable[[bytes], None]:
    """A pcap/pcapng file's bytes -> packets -> traffic state -> devices."""

    def check(data: bytes) -> None:
        tally = Tally()
        local = LocalNets.default()
        state = TrafficState(tally)
        reader = PacketReader(state, local, tally)
        try:
            for ts, linktype, packet, _wire in read_packets(io.BytesIO(data), tally):
                reader.packet(ts, linktype, packet)
        except CaptureFormatError:
            return  # the documented refusal: not a capture this reader knows
        reader.finish()
        state.fill_names()
        _devices(state, local, fields)

    return check


def zeek_check(fields: Fields) -> Callable[[bytes], None]:
    """The first byte picks the log (conn, dns, ssl ...); the rest is its text, TSV or JSON lines."""

    def check(data: bytes) -> None:
        if not data:
            return
        name = zeek.LOGS[data[0] % len(zeek.LOGS)]
        tally = Tally()
        local = LocalNets.default()
        state = TrafficState(tally)
        reader = zeek.ZeekReader(state, local)
        try:
            reader.read(name, io.BytesIO(data[1:]), tally)
        except zeek.ZeekError:
            return
        reader.finish()
        state.fill_names()
        _devices(state, local, fields)

    return check


@functools.cache
def capture_seeds() -> list[bytes]:
    """The LAN capture as pcap and as pcapng, small packets only."""
    from tests.unit.passive.lan import Lan

    lan = Lan().build()
    small = [p for p in lan.packets if len(bytes(p)) <= 200]
    out = []
    with tempfile.TemporaryDirectory(prefix="camaudit-fuzz-") as folder:
        for name, pcapng in (("lan.pcap", False), ("lan.pcapng", True)):
            count = len(small)
            while True:  # as many whole packets as fit
                lan.packets = small[:count]
                data = lan.write(Path(folder) / name, pcapng=pcapng).read_bytes()
                if len(data) <= MAX_SEED:
                    break
                count -= 1
            out.append(data)
    return out


_TSV = ("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\t{log}\n"
        "#fields\t{fields}\n#types\t{types}\n{rows}#close\t2025-12-01-13-00-00\n")


def _tsv(log: str, fields: list[str], *rows: list[str]) -> bytes:
    text = _TSV.format(log=log, fields="\t".join(fields), types="\t".join("string" for _ in fields),
                       rows="".join("\t".join(row) + "\n" for row in rows))
    return bytes([zeek.LOGS.index(log)]) + text.encode()


def _json(log: str, *records: dict[str, object]) -> bytes:
    return bytes([zeek.LOGS.index(log)]) + "".join(json.dumps(r) + "\n" for r in records).encode()


def zeek_seeds() -> list[bytes]:
    """A camera's conn, dns, ssl, http, dhcp and software records (documentation addresses outside)."""
    conn = ["ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "duration", "orig_bytes",
            "resp_bytes", "orig_pkts", "orig_ip_bytes", "resp_pkts", "resp_ip_bytes", "orig_l2_addr", "resp_l2_addr"]
    cam = {"id.orig_h": "192.168.10.11", "id.orig_p": 51000, "id.resp_h": "198.51.100.10", "id.resp_p": 443}
    return [
        _tsv("conn", conn, ["1764590400.0", "C1", "192.168.10.11", "51000", "198.51.100.10", "443", "tcp", "1200.0",
                            "2000000", "20000", "2001", "2000040", "21", "20040", "44:47:cc:11:22:33",
                            "00:0d:b9:00:00:01"]),
        _json("dns", {"ts": 1764590399.0, "uid": "D1", "id.orig_h": "192.168.10.11", "id.orig_p": 5353,
                      "id.resp_h": "192.168.10.1", "id.resp_p": 53, "proto": "udp", "query": "litedev.hik-connect.com",
                      "qtype_name": "A", "answers": ["198.51.100.10"], "TTLs": [300.0]}),
        _json("ssl", {"ts": 1764590400.0, "uid": "C1", **cam, "server_name": "litedev.hik-connect.com"}),
        _tsv("http", ["ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "host"],
             ["1764590400.0", "H1", "192.168.10.13", "45000", "198.51.100.30", "80", "access-dss.secu100.net"]),
        _json("dhcp", {"ts": 1764590300.0, "uids": ["X1"], "client_addr": "192.168.10.11",
                       "mac": "44:47:cc:11:22:33", "host_name": "HIKVISION", "client_software": "udhcp 1.19.4",
                       "assigned_addr": "192.168.10.11"}),
        _json("software", {"ts": 1764590400.0, "host": "192.168.10.11", "host_p": 80, "software_type": "HTTP::SERVER",
                           "name": "App-webs", "unparsed_version": "App-webs/"}),
        _tsv("x509", ["ts", "fingerprint", "certificate.serial", "certificate.subject", "certificate.issuer",
                      "certificate.not_valid_before", "certificate.not_valid_after", "certificate.key_type",
                      "certificate.key_length", "certificate.sig_alg", "san.dns", "san.ip", "host_cert"],
             ["1764590400.0", "ab" * 32, "8AB42317C62A20F1", "CN=hikvision.com,O=HIKVISION\\\\, Inc.,C=CN",
              "CN=hikvision.com,O=HIKVISION\\\\, Inc.,C=CN", "1576548700.0", "2145830400.0", "rsa", "2048",
              "sha256WithRSAEncryption", "cam.local,cam2.local", "192.168.10.11", "T"]),
        _json("known_certs", {"ts": 1764590400.0, "host": "192.168.10.11", "port_num": 443,
                              "subject": "CN=192.168.10.11,C=CN", "issuer_subject": "CN=Dahua Device NVR CA",
                              "serial": "0A1B"}),
    ]
