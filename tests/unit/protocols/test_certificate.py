"""A certificate's names read one way, whether the live probe got its DER from a handshake or a scan file kept it.

The certificates are made here, shaped as camera factory certificates are (self-signed, a model and serial in
the subject, a host name and an address in the subjectAltName); the strings are written for these tests. What is
tested: the ``tls.*`` fields a user sees, from the DER as the live HTTPS probe passes it and from masscan's
``X509`` banner (base64 DER), Shodan's ``ssl.chain`` and httpx's ``tls.certificate`` (PEM).
"""

from __future__ import annotations

import base64
import datetime
import io
import ipaddress
import json
import os
import subprocess
import sys
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.name import _ASN1Type
from cryptography.x509.oid import NameOID
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.importers import FORMATS
from camaudit.protocols.certificate import MAX_NAME_CHARS, base64_der, certificate_fields, pem_der

_KEY = ec.derive_private_key(0x5A17, ec.SECP256R1())
_START = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
_FACTORY = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Factory CA")])


def _der(subject: x509.Name, names: list[x509.GeneralName] | None = None, issuer: x509.Name = _FACTORY) -> bytes:
    builder = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(_KEY.public_key())
        .serial_number(11).not_valid_before(_START).not_valid_after(_START + datetime.timedelta(days=3650))
    )
    if names is not None:
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    return builder.sign(_KEY, hashes.SHA256()).public_bytes(Encoding.DER)


def _stored(der: bytes) -> dict[str, dict[str, str]]:
    """The ``tls.*`` fields three scan formats give for a certificate they keep whole."""
    pem = "-----BEGIN CERTIFICATE-----\n" + base64.encodebytes(der).decode() + "-----END CERTIFICATE-----\n"
    texts = {
        "masscan": f"banner tcp 443 192.0.2.60 1727151523 X509 {base64.b64encode(der).decode()}\n",
        "shodan": json.dumps({"ip_str": "192.0.2.60", "port": 443, "transport": "tcp", "data": "",
                              "_shodan": {"module": "https"}, "ssl": {"chain": [pem]}}),
        # httpx's JSON lines go through the jsonl reader (importers/httpx_lines.py).
        "jsonl": json.dumps({"input": "192.0.2.60:443", "host": "192.0.2.60", "port": "443", "scheme": "https",
                             "url": "https://192.0.2.60:443", "status_code": 200, "failed": False,
                             "tls": {"certificate": pem}}),
    }
    readings = {}
    for fmt, text in texts.items():
        (record,) = list(FORMATS[fmt](io.BytesIO(text.encode())))
        assert record.ok, (fmt, record.error)
        readings[fmt] = {k: v for o in record.observations for k, v in o.fields.items() if k.startswith("tls.")}
    return readings


def _same_everywhere(der: bytes) -> dict[str, str]:
    live = certificate_fields(der)
    for fmt, fields in _stored(der).items():
        assert fields == live, fmt
    return live


def test_dns_and_ip_names_are_the_hosts_and_an_email_name_is_not() -> None:
    der = _der(
        x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ipc-01.example")]),
        [x509.DNSName("ipc-01.example"), x509.RFC822Name("admin@ipc-01.example"),
         x509.IPAddress(ipaddress.ip_address("192.0.2.60")), x509.IPAddress(ipaddress.ip_address("2001:db8::60"))],
    )
    fields = _same_everywhere(der)
    assert fields["tls.san"] == "ipc-01.example\n192.0.2.60\n2001:db8::60"
    assert fields["tls.subject"] == "CN=ipc-01.example"
    assert fields["tls.issuer"] == "CN=Factory CA"
    assert len(fields["tls.sha256"]) == 64


def test_a_certificate_shared_by_many_hosts_gives_no_names() -> None:
    hosts: list[x509.GeneralName] = [x509.DNSName(f"site{i}.example") for i in range(9)]
    fields = _same_everywhere(_der(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "cdn.example")]), hosts))
    assert "tls.san" not in fields
    assert fields["tls.subject"] == "CN=cdn.example"


def test_a_multi_valued_rdn_and_a_bmpstring_read_as_written() -> None:
    subject = x509.Name([
        x509.RelativeDistinguishedName([x509.NameAttribute(NameOID.COMMON_NAME, "IPC"),
                                        x509.NameAttribute(NameOID.SERIAL_NUMBER, "DS-2CD2143G0-I20200101")]),
        x509.RelativeDistinguishedName([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "网络摄像机",
                                                           _type=_ASN1Type.BMPString)]),
    ])
    fields = _same_everywhere(_der(subject))
    assert fields["tls.subject"] == "O=网络摄像机,CN=IPC+2.5.4.5=DS-2CD2143G0-I20200101"


def test_a_subject_string_not_valid_in_its_type_loses_only_the_subject() -> None:
    good = _der(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "IPCAMXX")]), [x509.DNSName("ipc.example")])
    der = good.replace(b"IPCAMXX", b"IPCAM\xff\xfe")  # a UTF8String that is not UTF-8 (the signature no longer
    # matches: a certificate is read, never verified)
    fields = _same_everywhere(der)
    assert "tls.subject" not in fields
    assert fields["tls.issuer"] == "CN=Factory CA"
    assert fields["tls.san"] == "ipc.example"


def test_bytes_that_are_not_a_certificate_give_their_fingerprint_alone() -> None:
    assert certificate_fields(b"\x30\x03\x02\x01\x00") == {
        "tls.sha256": "b560833d6f787af46113b96aad4dd5b5d1ae00dccc69cf30cc92bed651c56617"  # sha256sum of the 5 bytes
    }
    assert pem_der("-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----") is None
    assert pem_der("no certificate here") is None
    assert base64_der("A" * 40000) is None


@settings(max_examples=300, deadline=None)
@given(noise=st.binary(max_size=600), cut=st.integers(0, 2000))
def test_any_bytes_give_bounded_fields_and_never_raise(noise: bytes, cut: int) -> None:
    der = _der(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "IPCAMXX")]), [x509.DNSName("ipc.example")])
    for data in (noise, der[:cut] + noise, der[: len(der) - 1 - cut % 40] + noise[:8]):
        fields = certificate_fields(data)
        assert len(fields["tls.sha256"]) == 64
        assert all(len(v) <= MAX_NAME_CHARS for v in fields.values())
        pem_der("-----BEGIN CERTIFICATE-----\n" + base64.b64encode(data).decode() + "\n-----END CERTIFICATE-----")
        base64_der(noise.decode("latin-1"))


def test_a_certificate_with_a_negative_serial_is_read_and_identify_prints_no_warning(tmp_path: Path) -> None:
    # Constructed (no real certificate is copied here): a self-signed certificate whose serial's first byte is turned
    # negative in place, as a real HP printer's self-signed certificate carries its serial (cryptography refuses to
    # write one). cryptography warns when it reads such a serial; a user running identify over a scan file full of
    # printers saw two CryptographyDeprecationWarnings on standard error for each.
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "NPI0A0B0C")])
    builder = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(_KEY.public_key())
        .serial_number(0x491A5265).not_valid_before(_START).not_valid_after(_START + datetime.timedelta(days=3650))
    )
    der = builder.sign(_KEY, hashes.SHA256()).public_bytes(Encoding.DER)
    assert der.count(bytes.fromhex("0204491a5265")) == 1
    der = der.replace(bytes.fromhex("0204491a5265"), bytes.fromhex("0204c91a5265"))
    fields = certificate_fields(der)
    assert fields["tls.subject"] == "CN=NPI0A0B0C" and fields["tls.self_signed"] == "true"
    assert "tls.serial" not in fields  # a negative serial is no serial
    pem = "-----BEGIN CERTIFICATE-----\n" + base64.encodebytes(der).decode() + "-----END CERTIFICATE-----\n"
    banner = {"ip_str": "198.51.100.7", "port": 443, "transport": "tcp", "data": "HTTP/1.1 200 OK\r\n\r\n",
              "ssl": {"chain": [pem]}}
    records = tmp_path / "printers.json"
    records.write_text(json.dumps(banner) + "\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "camaudit", "identify", "--format", "shodan", str(records)],
        capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONWARNINGS": "default"}, check=False,
    )
    assert run.returncode == 0, run.stderr
    assert len(run.stdout.splitlines()) == 1
    assert "Warning" not in run.stderr and "serial number" not in run.stderr, run.stderr
