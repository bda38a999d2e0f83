"""A local server's certificate read from a packet capture: the server's side of a TLS 1.0-1.2 handshake,
reassembled in order, gives the same tls.* fields a scan gives.

The TLS bytes are real: Python's ssl module (OpenSSL) runs a server and a client over memory BIOs with the version
forced, and the test frames what each side wrote into TCP segments of a pcap (scapy writes the capture). The
door station's certificate is made by the test with its own key, under the subject, serial and validity dates a
public analysis printed for the Hikvision DS-KV6113 intercom's shared certificate
(github:AndreiVladescu/Hikvision-Intercom-RE/index.md@2d827032c769); the real one's key is not in this repository,
and the shared-key finding matches on exactly those printed values. The Uniview terminal's certificate is the real
one (tests/unit/assess/test_shared_key_certificates.py says where it was published); its key is not here either, so
the records around it are written by the test. Hostile and cut inputs are invented here.
"""

from __future__ import annotations

import datetime as dt
import ssl
from collections.abc import Sequence
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID
from hypothesis import given, settings
from hypothesis import strategies as st
from scapy.layers.inet import IP, TCP
from scapy.layers.l2 import Ether
from scapy.packet import Packet, Raw
from scapy.utils import PcapWriter
from tests.unit.assess.test_shared_key_certificates import UNIVIEW_PEM

from camaudit.model import Device, Observation, ScanResult
from camaudit.passive import tls_flows
from camaudit.passive.localnet import LocalNets
from camaudit.passive.run import SKIPPED, PassiveOptions, analyse
from camaudit.passive.state import TrafficState
from camaudit.passive.tally import Tally
from camaudit.passive.tls import MAX_FLIGHT_BYTES, ServerFlight, TlsError
from camaudit.protocols.certificate import pem_der

DOOR, LAPTOP = "192.168.10.21", "192.168.10.50"
OUTSIDE = "203.0.113.80"
START = 1_764_590_400.0


def _key_and_certificate(tmp: Path, name: str, *, intercom: bool) -> tuple[Path, Path, x509.Certificate]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    if intercom:  # the printed subject, serial and dates of the intercom's certificate
        subject = x509.Name([
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"), x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, "ZJ"),
            x509.NameAttribute(NameOID.LOCALITY_NAME, "HZ"), x509.NameAttribute(NameOID.ORGANIZATION_NAME, "HIKVISION"),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "HZ"),
            x509.NameAttribute(NameOID.COMMON_NAME, "hikvision.com")])
        serial, start, end = 0x8AB42317C62A20F1, dt.datetime(2019, 12, 17, 2, 11, 40), dt.datetime(2037, 12, 31, 2, 11, 40)
    else:  # a home NAS's own certificate (invented)
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "nas.home.arpa")])
        serial, start, end = 4242, dt.datetime(2025, 1, 1), dt.datetime(2035, 1, 1)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(serial).not_valid_before(start.replace(tzinfo=dt.UTC))
            .not_valid_after(end.replace(tzinfo=dt.UTC)).sign(key, hashes.SHA256()))
    key_path, cert_path = tmp / f"{name}.key", tmp / f"{name}.pem"
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path, cert


def _handshake(key: Path, cert: Path, version: ssl.TLSVersion) -> tuple[bytes, bytes]:
    """What a real client and server write in a complete handshake: (client's bytes, server's bytes)."""
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.minimum_version = server_ctx.maximum_version = version
    server_ctx.load_cert_chain(cert, key)
    client_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    client_ctx.check_hostname, client_ctx.verify_mode = False, ssl.CERT_NONE
    client_ctx.minimum_version = client_ctx.maximum_version = version
    if version < ssl.TLSVersion.TLSv1_2:
        client_ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
        server_ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
    c_in, c_out, s_in, s_out = ssl.MemoryBIO(), ssl.MemoryBIO(), ssl.MemoryBIO(), ssl.MemoryBIO()
    client = client_ctx.wrap_bio(c_in, c_out, server_hostname="door")
    server = server_ctx.wrap_bio(s_in, s_out, server_side=True)
    sent_c, sent_s = bytearray(), bytearray()
    done_c = done_s = False
    for _ in range(20):
        for end, done in ((client, done_c), (server, done_s)):
            if not done:
                try:
                    end.do_handshake()
                    if end is client:
                        done_c = True
                    else:
                        done_s = True
                except ssl.SSLWantReadError:
                    pass
        data = c_out.read()
        sent_c += data
        s_in.write(data)
        data = s_out.read()
        sent_s += data
        c_in.write(data)
        if done_c and done_s:
            break
    assert done_c and done_s
    return bytes(sent_c), bytes(sent_s)


def _segments(data: bytes, size: int = 536) -> list[tuple[int, bytes]]:
    return [(offset, data[offset : offset + size]) for offset in range(0, len(data), size)]


def _capture(path: Path, client: bytes, server: bytes, *, server_ip: str = DOOR, port: int = 443,
             order: Sequence[int] | None = None, server_isn: int = 7_000) -> Path:
    """A TCP connection from the laptop to ``server_ip`` carrying the two sides' bytes (the server's in segments of
    TCP's default 536-byte MSS, so a certificate spans two or three; sent in ``order`` when given)."""
    up = Ether(src="f4:8c:50:01:02:03", dst="02:00:5e:00:00:21") / IP(src=LAPTOP, dst=server_ip)
    down = Ether(src="02:00:5e:00:00:21", dst="f4:8c:50:01:02:03") / IP(src=server_ip, dst=LAPTOP)
    packets: list[Packet] = [up / TCP(sport=50123, dport=port, flags="S", seq=100),
                             down / TCP(sport=port, dport=50123, flags="SA", seq=server_isn - 1, ack=101)]
    packets.append(up / TCP(sport=50123, dport=port, flags="PA", seq=101, ack=server_isn) / Raw(client))
    pieces = _segments(server)
    for index in order if order is not None else range(len(pieces)):
        offset, piece = pieces[index]
        packets.append(down / TCP(sport=port, dport=50123, flags="PA", seq=(server_isn + offset) % (1 << 32),
                                  ack=101 + len(client)) / Raw(piece))
    writer = PcapWriter(str(path), linktype=1)
    for number, packet in enumerate(packets):
        packet.time = START + number * 0.001
        writer.write(packet)
    writer.close()
    return path


def _run(paths: Sequence[Path]) -> tuple[ScanResult, dict[str, list[Observation]]]:
    seen: dict[str, list[Observation]] = {}

    def keep(device: Device, observations: Sequence[Observation]) -> None:
        seen[device.addresses[0].ip] = list(observations)

    return analyse(paths, PassiveOptions(LocalNets.default()), on_device=keep), seen


def _tls(observations: list[Observation]) -> list[dict[str, str]]:
    return [dict(o.fields) for o in observations if o.protocol == "tls"]


def _skipped(result: ScanResult) -> str:
    return "\n".join(e.message for e in result.errors if e.kind == SKIPPED)


@pytest.fixture(scope="module")
def intercom(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, x509.Certificate]:
    return _key_and_certificate(tmp_path_factory.mktemp("intercom"), "intercom", intercom=True)


def test_a_tls12_door_station_is_named_by_its_certificate_with_the_shared_key(
        tmp_path: Path, intercom: tuple[Path, Path, x509.Certificate]) -> None:
    key, cert, built = intercom
    client, server = _handshake(key, cert, ssl.TLSVersion.TLSv1_2)
    der = built.public_bytes(serialization.Encoding.DER)
    assert der in server and not any(der in piece for _offset, piece in _segments(server))  # it spans segments
    result, seen = _run([_capture(tmp_path / "door.pcap", client, server)])
    [fields] = _tls(seen[DOOR])
    assert fields["tls.sha256"] == built.fingerprint(hashes.SHA256()).hex()
    assert (fields["tls.serial"], fields["tls.not_before"], fields["tls.not_after"]) == (
        "8ab42317c62a20f1", "2019-12-17T02:11:40Z", "2037-12-31T02:11:40Z")
    [door] = [d for d in result.devices if d.addresses[0].ip == DOOR]
    assert door.identity.manufacturer == "hikvision"
    assert "certificate-shared-key" in {f.kind for f in door.findings}
    # The laptop, the client, gets no certificate of its own.
    assert not _tls(seen.get(LAPTOP, []))


@pytest.mark.filterwarnings("ignore:ssl.TLSVersion.TLSv1 is deprecated:DeprecationWarning")
def test_tls10_is_read_the_same_way(tmp_path: Path, intercom: tuple[Path, Path, x509.Certificate]) -> None:
    key, cert, built = intercom
    try:
        client, server = _handshake(key, cert, ssl.TLSVersion.TLSv1)
    except ssl.SSLError:
        pytest.skip("this OpenSSL build refuses TLS 1.0 altogether")
    _result, seen = _run([_capture(tmp_path / "door10.pcap", client, server)])
    assert [f["tls.sha256"] for f in _tls(seen[DOOR])] == [built.fingerprint(hashes.SHA256()).hex()]


def test_tls13_gives_no_certificate_and_says_why(tmp_path: Path,
                                                intercom: tuple[Path, Path, x509.Certificate]) -> None:
    key, cert, _built = intercom
    client, server = _handshake(key, cert, ssl.TLSVersion.TLSv1_3)
    result, seen = _run([_capture(tmp_path / "door13.pcap", client, server)])
    assert not _tls(seen[DOOR])
    assert "1 × TLS 1.3 sessions (the certificate is encrypted on the wire; not read)" in _skipped(result)


def test_segments_out_of_order_give_up_counted_and_repeats_are_skipped(
        tmp_path: Path, intercom: tuple[Path, Path, x509.Certificate]) -> None:
    key, cert, built = intercom
    client, server = _handshake(key, cert, ssl.TLSVersion.TLSv1_2)
    count = len(_segments(server))
    swapped = [0, *range(count - 1, 0, -1)]
    result, seen = _run([_capture(tmp_path / "swapped.pcap", client, server, order=swapped)])
    assert not _tls(seen[DOOR])
    assert "TLS server flights with a gap or a segment out of order (certificate not read)" in _skipped(result)
    # The same flight with every segment sent twice (a retransmission), the sequence numbers wrapping past 2^32.
    twice = [i for i in range(count) for _ in (0, 1)]
    _result, seen = _run([_capture(tmp_path / "twice.pcap", client, server, order=twice,
                                   server_isn=(1 << 32) - 1000)])
    assert [f["tls.sha256"] for f in _tls(seen[DOOR])] == [built.fingerprint(hashes.SHA256()).hex()]


def test_a_capture_cut_inside_the_flight_counts_it(tmp_path: Path,
                                                  intercom: tuple[Path, Path, x509.Certificate]) -> None:
    key, cert, _built = intercom
    client, server = _handshake(key, cert, ssl.TLSVersion.TLSv1_2)
    result, seen = _run([_capture(tmp_path / "cut.pcap", client, server, order=[0])])
    assert not _tls(seen[DOOR])
    assert "1 × TLS server flights the capture ended before their certificate" in _skipped(result)


def test_outside_servers_and_non_cameras_are_not_named(tmp_path: Path,
                                                       intercom: tuple[Path, Path, x509.Certificate]) -> None:
    key, cert, _built = intercom
    client, server = _handshake(key, cert, ssl.TLSVersion.TLSv1_2)
    # An outside server's certificate is not the laptop's (it is the client) nor read at all.
    _result, seen = _run([_capture(tmp_path / "outside.pcap", client, server, server_ip=OUTSIDE)])
    assert all(not _tls(obs) for obs in seen.values())
    # A NAS on the local network: its certificate is read, and names no camera maker.
    nas_key, nas_cert, built = _key_and_certificate(tmp_path, "nas", intercom=False)
    client, server = _handshake(nas_key, nas_cert, ssl.TLSVersion.TLSv1_2)
    result, seen = _run([_capture(tmp_path / "nas.pcap", client, server, port=5001)])
    [fields] = _tls(seen[DOOR])
    assert fields["tls.subject"] == "CN=nas.home.arpa" and fields["tls.sha256"] == built.fingerprint(
        hashes.SHA256()).hex()
    [nas] = [d for d in result.devices if d.addresses[0].ip == DOOR]
    assert nas.identity.manufacturer is None
    assert "certificate-shared-key" not in {f.kind for f in nas.findings}


def _record(kind: int, body: bytes) -> bytes:
    return bytes([kind, 3, 3]) + len(body).to_bytes(2, "big") + body


def _message(kind: int, body: bytes) -> bytes:
    return bytes([kind]) + len(body).to_bytes(3, "big") + body


_HELLO12 = _message(2, b"\x03\x03" + bytes(32) + b"\x00" + b"\xc0\x2f" + b"\x00")


@pytest.mark.parametrize(("flight", "reason"), [
    (_record(0x16, _HELLO12) + _record(0x14, b"\x01"), "resumed without a certificate"),
    (_record(0x16, _HELLO12) + _record(0x15, b"\x02\x28"), "ended by an alert"),
    (_record(0x16, _HELLO12 + _message(0x0E, b"")), "sent no certificate"),
    (_record(0x16, _HELLO12 + _message(0x0B, b"\x00\x00\x00")), "with no certificate"),
    (_record(0x16, _HELLO12 + _message(0x0B, b"\x00\x00\x05\x00\x00\x09abcde")), "runs past the list"),
    (_record(0x16, _HELLO12 + _message(0x0B, b"\x00\x10\x00\x00\x00\x01a")), "list runs past the message"),
    (b"\x16\x03\x03\xff\xff" + _HELLO12, "longer than the protocol allows"),
    (_record(0x16, _message(0x0B, b"")), "do not start with a ServerHello"),
    (_record(0x16, _message(2, b"\x03\x03" + bytes(10))), "cut off before their session id"),
    (_record(0x16, b"\x02\xff\xff\xff"), "longer than camaudit reads"),
])
def test_hostile_flights_end_in_one_line(flight: bytes, reason: str) -> None:
    with pytest.raises(TlsError, match=reason):
        ServerFlight().feed(flight)


def test_a_certificate_is_read_from_a_message_split_over_records_and_single_bytes() -> None:
    der = b"0\x82" + bytes(300)
    message = _HELLO12 + _message(0x0B, (len(der) + 3).to_bytes(3, "big") + len(der).to_bytes(3, "big") + der)
    flight = _record(0x16, message[:50]) + _record(0x16, message[50:200]) + _record(0x16, message[200:])
    reader = ServerFlight()
    got = [reader.feed(flight[i : i + 1]) for i in range(len(flight))]
    assert got[-1] == der and not any(got[:-1])


def test_a_flight_without_a_certificate_in_its_first_32_kib_is_given_up() -> None:
    reader = ServerFlight()
    reader.feed(_record(0x16, _HELLO12))
    filler = _record(0x16, _message(0x04, bytes(16_000)))  # session tickets, say: not a certificate
    with pytest.raises(TlsError, match="no certificate in their first 32 KiB"):
        for _ in range(MAX_FLIGHT_BYTES // len(filler) + 2):
            reader.feed(filler)


def test_at_most_so_many_flights_are_followed_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tls_flows, "MAX_FLOWS", 2)
    tally = Tally()
    reader = tls_flows.ServerCertificates(TrafficState(tally), tally)
    start = _record(0x16, _HELLO12)
    for port in (1, 2, 3):
        reader.segment(START, b"\xc0\xa8\x0a\x15", 443, b"\xc0\xa8\x0a\x32", port, 1, start)
    assert dict(tally.items()) == {"TLS server flights given up unread: more than 2 at once (oldest first)": 1}
    reader.finish()
    assert dict(tally.items())["TLS server flights the capture ended before their certificate"] == 2


@settings(max_examples=300, deadline=None)
@given(st.lists(st.binary(max_size=400), max_size=6), st.booleans())
def test_any_bytes_into_the_flight_reader_give_a_certificate_none_or_a_reason(chunks: list[bytes],
                                                                              hello: bool) -> None:
    reader = ServerFlight()
    if hello:
        chunks = [_record(0x16, _HELLO12), *chunks]
    for chunk in chunks:
        try:
            der = reader.feed(chunk)
        except TlsError as exc:
            assert str(exc) and "\n" not in str(exc)
            return
        if der is not None:
            assert len(der) <= MAX_FLIGHT_BYTES
            return


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, (1 << 32) - 1), st.binary(min_size=1, max_size=200)), max_size=8))
def test_any_segments_are_counted_never_raised(segments: list[tuple[int, bytes]]) -> None:
    tally = Tally()
    reader = tls_flows.ServerCertificates(TrafficState(tally), tally)
    for seq, body in segments:
        reader.segment(START, b"\xc0\xa8\x0a\x15", 443, b"\xc0\xa8\x0a\x32", 50123, seq, b"\x16\x03\x03" + body)
    reader.finish()


def test_an_ec_key_certificate_reads_its_key_shape(tmp_path: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ipc.local")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(7).not_valid_before(dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
            .not_valid_after(dt.datetime(2034, 1, 1, tzinfo=dt.UTC)).sign(key, hashes.SHA256()))
    (tmp_path / "k.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
    (tmp_path / "c.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    client, server = _handshake(tmp_path / "k.pem", tmp_path / "c.pem", ssl.TLSVersion.TLSv1_2)
    _result, seen = _run([_capture(tmp_path / "ec.pcap", client, server, port=8443)])
    [fields] = _tls(seen[DOOR])
    assert (fields["tls.key_type"], fields["tls.key_bits"], fields["tls.serial"]) == ("ec", "256", "7")


def test_the_real_uniview_terminal_certificate_in_a_flight_names_uniview_with_the_shared_key(tmp_path: Path) -> None:
    der = pem_der(UNIVIEW_PEM)
    assert der is not None
    chain = len(der).to_bytes(3, "big") + der
    flight = (_record(0x16, _HELLO12) + _record(0x16, _message(0x0B, len(chain).to_bytes(3, "big") + chain))
              + _record(0x16, _message(0x0E, b"")))
    result, seen = _run([_capture(tmp_path / "thermovu.pcap", b"", flight)])
    [fields] = _tls(seen[DOOR])
    assert (fields["tls.subject"], fields["tls.serial"]) == (
        "CN=cn.uniview.com,OU=uniview,O=uniview,ST=ZheJiang,C=CN", "6")
    [terminal] = [d for d in result.devices if d.addresses[0].ip == DOOR]
    assert terminal.identity.manufacturer == "uniview"
    assert "certificate-shared-key" in {f.kind for f in terminal.findings}
