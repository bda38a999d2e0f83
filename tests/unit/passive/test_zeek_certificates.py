"""Zeek's x509.log joined to ssl.log (and known_certs.log) gives a local server's certificate as the tls.* fields a
live scan gives: names, validity, serial, key, signature, fingerprint.

The first two fixtures are real logs as published: the zeek/zeek btest baseline of a TLS 1.2 MySQL session to an
Amazon RDS server (Zeek 4.2+ layout: ``cert_chain_fps`` and ``fingerprint``), and the ssl.log and x509.log records
Zeek's own documentation prints for an RDP session to a Windows machine (older layout: ``cert_chain_fuids``, ``id``
and the ssl.log ``subject``/``issuer`` columns). The camera's record is written here around a certificate a public
firmware analysis printed (its values are the write-up's; the log lines around them are invented).
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from cryptography import x509 as cx509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.model import Device, Observation, ScanResult
from camaudit.passive import certificates, zeek
from camaudit.passive.certificates import Server, WaitingCertificates, x509_fields
from camaudit.passive.localnet import LocalNets, parse_nets
from camaudit.passive.run import SKIPPED, UNREADABLE, PassiveOptions, analyse
from camaudit.passive.state import TrafficState
from camaudit.passive.tally import Tally

# github:zeek/zeek testing/btest/Baseline/scripts.base.protocols.mysql.encrypted-aws-rds/tls-12.{ssl,x509}.log
# @fa48c885333c (btest writes XXXX for times; the lines are otherwise as Zeek wrote them).
RDS_SSL = (
    "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tssl\n"
    "#open XXXX-XX-XX-XX-XX-XX\n"
    "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tversion\tcipher\tcurve\tserver_name\tresumed\t"
    "last_alert\tnext_protocol\testablished\tssl_history\tcert_chain_fps\tclient_cert_chain_fps\tsni_matches_cert\n"
    "#types\ttime\tstring\taddr\tport\taddr\tport\tstring\tstring\tstring\tstring\tbool\tstring\tstring\tbool\t"
    "string\tvector[string]\tvector[string]\tbool\n"
    "XXXXXXXXXX.XXXXXX\tCHhAvVGS1DHFjwGM9\t82.239.87.25\t58132\t79.107.90.25\t3306\tTLSv12\t"
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384\tx25519\t-\tF\t-\t-\tT\tCsxkrnXGIti\t"
    "297800fb2627e156b3b70cb2dd41c568a8e43e6a689c84d222441f18f608c1a2,"
    "c0ff201aeea68f5eac779595305fa277eb06e98c78b83507e0ae945f7678094a\t(empty)\t-\n"
    "#close XXXX-XX-XX-XX-XX-XX\n"
)
RDS_X509 = (
    "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tx509\n"
    "#open XXXX-XX-XX-XX-XX-XX\n"
    "#fields\tts\tfingerprint\tcertificate.version\tcertificate.serial\tcertificate.subject\tcertificate.issuer\t"
    "certificate.not_valid_before\tcertificate.not_valid_after\tcertificate.key_alg\tcertificate.sig_alg\t"
    "certificate.key_type\tcertificate.key_length\tcertificate.exponent\tcertificate.curve\tsan.dns\tsan.uri\t"
    "san.email\tsan.ip\tbasic_constraints.ca\tbasic_constraints.path_len\thost_cert\tclient_cert\n"
    "#types\ttime\tstring\tcount\tstring\tstring\tstring\ttime\ttime\tstring\tstring\tstring\tcount\tstring\tstring\t"
    "vector[string]\tvector[string]\tvector[string]\tvector[addr]\tbool\tcount\tbool\tbool\n"
    "XXXXXXXXXX.XXXXXX\t297800fb2627e156b3b70cb2dd41c568a8e43e6a689c84d222441f18f608c1a2\t3\t"
    "E8B1F48FD24F222323FE70099E948D\tC=US,ST=Washington,L=Seattle,O=Amazon.com,OU=RDS,"
    "CN=free-mysql-database.cyx4x7yvdoay.us-east-1.rds.amazonaws.com\tCN=Amazon RDS us-east-1 2019 CA,"
    "OU=Amazon RDS,O=Amazon Web Services\\\\, Inc.,L=Seattle,ST=Washington,C=US\t1670687517.000000\t"
    "1724346530.000000\trsaEncryption\tsha256WithRSAEncryption\trsa\t2048\t65537\t-\t"
    "free-mysql-database.cyx4x7yvdoay.us-east-1.rds.amazonaws.com\t-\t-\t-\t-\t-\tT\tF\n"
    "XXXXXXXXXX.XXXXXX\tc0ff201aeea68f5eac779595305fa277eb06e98c78b83507e0ae945f7678094a\t3\t2555\t"
    "CN=Amazon RDS us-east-1 2019 CA,OU=Amazon RDS,O=Amazon Web Services\\\\, Inc.,L=Seattle,ST=Washington,C=US\t"
    "CN=Amazon RDS Root 2019 CA,OU=Amazon RDS,O=Amazon Web Services\\\\, Inc.,ST=Washington,L=Seattle,C=US\t"
    "1568917013.000000\t1724346530.000000\trsaEncryption\tsha256WithRSAEncryption\trsa\t2048\t65537\t-\t-\t-\t-\t-\t"
    "T\t0\tF\tF\n"
    "#close XXXX-XX-XX-XX-XX-XX\n"
)
# github:zeek/zeek-docs logs/rdp.rst@4cfb9ff64ca4 (the ssl.log and x509.log records of the interactive session).
RDP_SSL = {
    "ts": 1607353272.79572, "uid": "CFdEZNjN5MtPzGMS8", "id.orig_h": "192.168.4.160", "id.orig_p": 59758,
    "id.resp_h": "192.168.4.161", "id.resp_p": 3389, "version": "TLSv12", "cipher": "TLS_RSA_WITH_AES_256_GCM_SHA384",
    "server_name": "192.168.4.161", "resumed": False, "established": True, "cert_chain_fuids": ["FWesoX2H43hXhuqoGb"],
    "client_cert_chain_fuids": [], "subject": "CN=WinDev2010Eval", "issuer": "CN=WinDev2010Eval",
}
RDP_X509 = {
    "ts": 1607353272.79572, "id": "FWesoX2H43hXhuqoGb", "certificate.version": 3,
    "certificate.serial": "5578FF9983F26AA6442533AB6AD54C72", "certificate.subject": "CN=WinDev2010Eval",
    "certificate.issuer": "CN=WinDev2010Eval", "certificate.not_valid_before": 1602434171,
    "certificate.not_valid_after": 1618245371, "certificate.key_alg": "rsaEncryption",
    "certificate.sig_alg": "sha256WithRSAEncryption", "certificate.key_type": "rsa", "certificate.key_length": 2048,
    "certificate.exponent": "65537",
}


def _run(paths: Sequence[Path], local: LocalNets | None = None) -> tuple[ScanResult, dict[str, list[Observation]]]:
    seen: dict[str, list[Observation]] = {}

    def keep(device: Device, observations: Sequence[Observation]) -> None:
        seen[device.addresses[0].ip] = list(observations)

    result = analyse(paths, PassiveOptions(local or LocalNets.default()), on_device=keep)
    return result, seen


def _tls(observations: list[Observation]) -> dict[str, str]:
    [tls] = [o for o in observations if o.protocol == "tls"]
    return dict(tls.fields)


def _json_lines(path: Path, *records: dict[str, object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def test_zeek_4_chain_fingerprint_joins_the_server_certificate(tmp_path: Path) -> None:
    (tmp_path / "ssl.log").write_text(RDS_SSL)
    (tmp_path / "x509.log").write_text(RDS_X509)
    # x509.log is given first: the logs are read in the order that joins them, whatever the command line says.
    result, seen = _run([tmp_path / "x509.log", tmp_path / "ssl.log"], LocalNets(parse_nets(["79.107.90.0/24"])))
    fields = _tls(seen["79.107.90.25"])
    assert fields == {
        "tls.subject": "C=US,ST=Washington,L=Seattle,O=Amazon.com,OU=RDS,"
                       "CN=free-mysql-database.cyx4x7yvdoay.us-east-1.rds.amazonaws.com",
        # Zeek's TSV writes the RFC 4514 escape doubled; one backslash, as OpenSSL and cryptography print it.
        "tls.issuer": "CN=Amazon RDS us-east-1 2019 CA,OU=Amazon RDS,O=Amazon Web Services\\, Inc.,L=Seattle,"
                      "ST=Washington,C=US",
        "tls.san": "free-mysql-database.cyx4x7yvdoay.us-east-1.rds.amazonaws.com",
        "tls.sha256": "297800fb2627e156b3b70cb2dd41c568a8e43e6a689c84d222441f18f608c1a2",
        "tls.not_before": "2022-12-10T15:51:57Z",
        "tls.not_after": "2024-08-22T17:08:50Z",
        "tls.serial": "e8b1f48fd24f222323fe70099e948d",
        "tls.key_type": "rsa",
        "tls.key_bits": "2048",
        "tls.signature": "sha256-rsa",
        "tls.self_signed": "false",
    }
    [device] = [d for d in result.devices if d.addresses[0].ip == "79.107.90.25"]
    assert device.identity.device_type not in ("camera", "video_device", "nvr", "dvr")
    assert device.identity.manufacturer is None
    assert not [e for e in result.errors if e.kind in (SKIPPED, UNREADABLE)]


def test_older_zeek_file_ids_join_and_the_windows_server_is_no_camera(tmp_path: Path) -> None:
    ssl = _json_lines(tmp_path / "ssl.log", RDP_SSL)
    x509 = _json_lines(tmp_path / "x509.log", RDP_X509)
    result, seen = _run([ssl, x509])
    fields = _tls(seen["192.168.4.161"])
    assert fields["tls.subject"] == fields["tls.issuer"] == "CN=WinDev2010Eval"
    assert fields["tls.self_signed"] == "true"
    assert (fields["tls.not_before"], fields["tls.not_after"]) == ("2020-10-11T16:36:11Z", "2021-04-12T16:36:11Z")
    assert (fields["tls.serial"], fields["tls.key_bits"], fields["tls.signature"]) == (
        "5578ff9983f26aa6442533ab6ad54c72", "2048", "sha256-rsa")
    assert "tls.sha256" not in fields  # a file id is no fingerprint
    [server] = [d for d in result.devices if d.addresses[0].ip == "192.168.4.161"]
    assert server.addresses[0].ip == "192.168.4.161" and server.identity.manufacturer is None
    assert server.identity.device_type not in ("camera", "video_device")
    assert 3389 in {o.port for o in seen["192.168.4.161"] if o.protocol == "tls"}


def test_an_ssl_log_without_x509_still_gives_its_subject_columns(tmp_path: Path) -> None:
    _, seen = _run([_json_lines(tmp_path / "ssl.log", RDP_SSL)])
    assert _tls(seen["192.168.4.161"]) == {"tls.subject": "CN=WinDev2010Eval", "tls.issuer": "CN=WinDev2010Eval"}


def _intercom_x509(**extra: object) -> dict[str, object]:
    # The certificate github:AndreiVladescu/Hikvision-Intercom-RE/index.md@2d827032c769 found with its key in a
    # DS-KV6113-WPE1(C) image (subject, serial, dates, RSA 2048); times of day and the log record are invented,
    # written with Zeek's use_json_iso8601 option.
    return {"ts": "2026-11-02T09:00:00.000000Z", "fingerprint": "ab" * 32, "certificate.version": 3,
            "certificate.serial": "8AB42317C62A20F1",
            "certificate.subject": "CN=hikvision.com,OU=HZ,O=HIKVISION,L=HZ,ST=ZJ,C=CN",
            "certificate.issuer": "CN=hikvision.com,OU=HZ,O=HIKVISION,L=HZ,ST=ZJ,C=CN",
            "certificate.not_valid_before": "2019-12-17T02:11:40.000000Z",
            "certificate.not_valid_after": "2037-12-31T02:11:40.000000Z", "certificate.key_alg": "rsaEncryption",
            "certificate.sig_alg": "sha256WithRSAEncryption", "certificate.key_type": "rsa",
            "certificate.key_length": 2048, "host_cert": True, "client_cert": False, **extra}


def test_a_door_station_seen_only_in_zeek_logs_is_hikvision_with_its_shared_key(tmp_path: Path) -> None:
    x509 = _json_lines(tmp_path / "x509.json", _intercom_x509())
    ssl = _json_lines(tmp_path / "ssl.json", {
        "ts": "2026-11-02T09:00:00.000000Z", "uid": "C1", "id.orig_h": "192.168.10.50", "id.orig_p": 50123,
        "id.resp_h": "192.168.10.21", "id.resp_p": 443, "cert_chain_fps": ["ab" * 32], "established": True})
    result, seen = _run([ssl, x509])
    fields = _tls(seen["192.168.10.21"])
    assert (fields["tls.not_before"], fields["tls.not_after"], fields["tls.self_signed"]) == (
        "2019-12-17T02:11:40Z", "2037-12-31T02:11:40Z", "true")
    [door] = [d for d in result.devices if d.addresses[0].ip == "192.168.10.21"]
    assert door.identity.manufacturer == "hikvision"
    assert "certificate-shared-key" in {f.kind for f in door.findings}


def test_a_fleet_sharing_one_certificate_gets_it_each_and_outside_servers_none(tmp_path: Path) -> None:
    # Two door stations present the same factory certificate; the laptop also reached an outside web server whose
    # certificate x509.log holds too (a Let's Encrypt one, invented).
    sessions = [{"ts": 1762074000.0, "uid": f"C{i}", "id.orig_h": "192.168.10.50", "id.orig_p": 50000 + i,
                 "id.resp_h": host, "id.resp_p": 443, "cert_chain_fps": [fp]}
                for i, (host, fp) in enumerate((("192.168.10.21", "ab" * 32), ("192.168.10.22", "ab" * 32),
                                                ("203.0.113.80", "cd" * 32)))]
    outside = {"ts": 1762074000.0, "fingerprint": "cd" * 32, "certificate.subject": "CN=shop.example",
               "certificate.issuer": "CN=R11,O=Let's Encrypt,C=US", "host_cert": True}
    result, seen = _run([_json_lines(tmp_path / "ssl.log", *sessions),
                         _json_lines(tmp_path / "x509.log", _intercom_x509(), outside)])
    for door in ("192.168.10.21", "192.168.10.22"):
        assert _tls(seen[door])["tls.serial"] == "8ab42317c62a20f1"
    assert "203.0.113.80" not in seen
    assert not [e for e in result.errors if e.kind in (SKIPPED, UNREADABLE)]


def test_ca_and_client_certificates_are_not_taken_for_the_server() -> None:
    waiting = WaitingCertificates(Tally())
    door = Server(b"\xc0\xa8\x0a\x15", "192.168.10.21", 443, None)
    for fp in ("ab", "cd", "ef"):
        waiting.want(fp * 32, door)
    assert waiting.servers(_intercom_x509(fingerprint="cd" * 32, client_cert=True)) == []
    assert waiting.servers(_intercom_x509(fingerprint="ef" * 32, **{"basic_constraints.ca": "T"})) == []
    assert waiting.servers(_intercom_x509()) == [door]
    assert waiting.servers({"certificate.subject": "CN=x"}) == "Zeek x509 records without fingerprint or id (skipped)"


def test_the_certificate_kept_whole_by_log_certs_base64_is_read_as_a_scan_reads_it() -> None:
    # Invented: a self-signed EC certificate made here, as Zeek's policy script would log its DER.
    key = ec.generate_private_key(ec.SECP256R1())
    name = cx509.Name([cx509.NameAttribute(cx509.NameOID.COMMON_NAME, "axis-accc8e012345")])
    cert = (cx509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(0x1234).not_valid_before(dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
            .not_valid_after(dt.datetime(2034, 1, 1, tzinfo=dt.UTC)).sign(key, hashes.SHA256()))
    der = cert.public_bytes(serialization.Encoding.DER)
    fields = x509_fields({"id": "F1", "cert": base64.b64encode(der).decode(), "certificate.key_length": 999})
    assert fields["tls.subject"] == "CN=axis-accc8e012345"
    assert (fields["tls.key_type"], fields["tls.key_bits"], fields["tls.signature"]) == ("ec", "256", "sha256-ecdsa")
    assert (fields["tls.serial"], fields["tls.not_after"]) == ("1234", "2034-01-01T00:00:00Z")


def test_known_certs_log_names_the_host_directly(tmp_path: Path) -> None:
    # Column names as policy/protocols/ssl/known-certs.zeek logs them (OTRF/OSSEM's Zeek dictionary); values
    # invented around the door station's certificate.
    log = tmp_path / "known_certs.log"
    log.write_text(
        "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tknown_certs\n"
        "#fields\tts\thost\tport_num\tsubject\tissuer_subject\tserial\n"
        "#types\ttime\taddr\tport\tstring\tstring\tstring\n"
        "1762074000.000000\t192.168.10.21\t443\tCN=hikvision.com,OU=HZ,O=HIKVISION,L=HZ,ST=ZJ,C=CN\t"
        "CN=hikvision.com,OU=HZ,O=HIKVISION,L=HZ,ST=ZJ,C=CN\t8AB42317C62A20F1\n"
        "1762074000.000000\t203.0.113.9\t443\tCN=example.org\tCN=R3,O=Let's Encrypt,C=US\t04\n")
    result, seen = _run([log])
    assert _tls(seen["192.168.10.21"])["tls.serial"] == "8ab42317c62a20f1"
    [door] = [d for d in result.devices if d.addresses[0].ip == "192.168.10.21"]
    assert door.identity.manufacturer == "hikvision"
    assert "certificate-shared-key" in {f.kind for f in door.findings}
    assert "203.0.113.9" not in seen  # an outside server is not a device of the site


def test_a_broken_x509_log_is_refused_in_one_line_with_its_count(tmp_path: Path) -> None:
    log = _json_lines(tmp_path / "x509.log", *({"ts": 1.0, "certificate.subject": f"CN=n{i}"} for i in range(3)))
    (tmp_path / "x509.log").write_text(log.read_text() + "{not json\n")
    result, _ = _run([log])
    [refused] = [e for e in result.errors if e.kind == UNREADABLE]
    assert refused.message == "Zeek x509 log: none of its records could be used (3 skipped; reasons below)"
    assert "\n" not in refused.message
    skipped = "\n".join(e.message for e in result.errors if e.kind == SKIPPED)
    assert "3 × Zeek x509 records without fingerprint or id (skipped)" in skipped
    assert "1 × Zeek JSON lines that are not valid JSON (skipped)" in skipped


def test_the_waiting_table_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(certificates, "MAX_WAITING", 2)
    monkeypatch.setattr(certificates, "MAX_SERVERS_PER_CERTIFICATE", 2)
    tally = Tally()
    waiting = WaitingCertificates(tally)
    servers = [Server(bytes([10, 0, 0, i]), f"10.0.0.{i}", 443, None) for i in range(4)]
    for i in range(5):
        waiting.want(f"{i:064x}", servers[0])
    for server in servers:
        waiting.want(f"{0:064x}", server)
    assert waiting.servers({"fingerprint": f"{1:064x}"}) == [servers[0]]
    assert waiting.servers({"fingerprint": f"{2:064x}"}) == []
    assert waiting.servers({"fingerprint": f"{0:064x}"}) == servers[:2]
    assert dict(tally.items()) == {
        "Zeek ssl certificates of local servers beyond the first 2 (not kept)": 3,
        "Zeek servers beyond 2 presenting one certificate (not kept)": 2,
    }


def test_x509_in_a_file_name_and_a_path_header_is_the_x509_log() -> None:
    assert zeek.log_name(Path("x509.00:00:00-01:00:00.log.gz"), b"{") == "x509"
    assert zeek.log_name(Path("anything.txt"), b"#separator \\x09\n#path\tx509\n") == "x509"
    assert zeek.log_name(Path("known_certs.json"), b"{") == "known_certs"


_VALUES = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=80),
                    st.lists(st.text(max_size=20), max_size=4))
_COLUMNS = ("fingerprint", "id", "cert", "certificate.subject", "certificate.issuer", "certificate.serial",
            "certificate.not_valid_before", "certificate.not_valid_after", "certificate.key_type",
            "certificate.key_alg", "certificate.key_length", "certificate.sig_alg", "san.dns", "san.ip", "host_cert",
            "client_cert", "basic_constraints.ca")


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(_COLUMNS), _VALUES))
def test_any_x509_record_is_read_without_raising(record: dict[str, object]) -> None:
    waiting = WaitingCertificates(Tally())
    waiting.want("ab" * 32, Server(b"\x0a\x00\x00\x01", "10.0.0.1", 443, None))
    outcome = waiting.servers(record)
    assert isinstance(outcome, list) or outcome.startswith("Zeek x509 records")
    fields = x509_fields(record)
    assert all(key.startswith("tls.") and isinstance(value, str) for key, value in fields.items())
    assert all(len(value) <= 8 * 1024 for value in fields.values())


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600), st.sampled_from(("x509", "ssl", "known_certs")))
def test_any_bytes_as_a_certificate_log_are_counted_or_refused(data: bytes, log: str) -> None:
    tally = Tally()
    reader = zeek.ZeekReader(TrafficState(tally), LocalNets.default())
    try:
        reader.read(log, io.BytesIO(b"#separator \\x09\n#path\t" + log.encode() + b"\n" + data), tally)
    except zeek.ZeekError as error:
        assert "\n" not in str(error) and str(error).startswith(f"Zeek {log} log: ")
