"""A certificate's shape -- validity, serial, key, signature, self-issued -- reads the same from every source.

The certificate is test_certificate_names' (made here: self-signed, EC P-256, SHA-256, serial 7, valid from
2024-01-01 for 3650 days). Each scanner's copy of it below is written by hand in that scanner's own keys and
spellings (Shodan's ``ssl.cert`` summary, zcrypto's ``parsed`` as zgrab2 and Censys keep it, Censys's
``leaf_data``, nmap ssl-cert's tables and its ``-v`` text lines, tlsx's fields), from the scanners' documented
output; the expected values are written out, not computed. Then: a short-key device certificate expired when
seen (made here) and a real SHA-1-signed certificate (TWCA's root) give the findings a consultant expects, a non-video device none, and no scanner's text raises
or yields a value outside its field's shape.
"""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.importers.test_certificate_names import DER_B64, PEM, SUBJECT_DN

from camaudit.assess import assess
from camaudit.assess.certificates import firmware_certificate, name_attributes
from camaudit.fields import field
from camaudit.identify import identify
from camaudit.identify.facts import device_facts
from camaudit.importers import FORMATS
from camaudit.model import Certificate, Finding, Identity, Observation
from camaudit.protocols.certificate import (
    certificate_fields,
    key_bits,
    key_type_name,
    pem_der,
    serial_hex,
    signature_name,
    timestamp,
)

SHAPE = {
    "tls.not_before": "2024-01-01T00:00:00Z",
    "tls.not_after": "2033-12-29T00:00:00Z",
    "tls.serial": "7",
    "tls.key_type": "ec",
    "tls.key_bits": "256",
    "tls.signature": "sha256-ecdsa",
    "tls.self_signed": "true",
}
#: zcrypto's parse of the certificate (zgrab2's ``parsed``): validity start/end, decimal serial, names of the
#: signature and key algorithms, the EC key's length.
ZCRYPTO = {
    "subject_dn": SUBJECT_DN,
    "issuer_dn": SUBJECT_DN,
    "serial_number": "7",
    "validity": {"start": "2024-01-01T00:00:00Z", "end": "2033-12-29T00:00:00Z", "length": 315360000},
    "signature_algorithm": {"name": "ECDSA-SHA256", "oid": "1.2.840.10045.4.3.2"},
    "subject_key_info": {"key_algorithm": {"name": "ECDSA"}, "ecdsa_public_key": {"curve": "P-256", "length": 256}},
}


def _shape(fmt: str, text: str) -> dict[str, str]:
    (record,) = list(FORMATS[fmt](io.BytesIO(text.encode())))
    assert record.ok, record.error
    return {k: v for o in record.observations for k, v in o.fields.items() if k in SHAPE}


def _shodan(cert: dict[str, object], chain: list[str] | None = None) -> str:
    ssl: dict[str, object] = {"cert": cert}
    if chain is not None:
        ssl["chain"] = chain
    return json.dumps({"ip_str": "192.0.2.50", "port": 443, "transport": "tcp", "data": "",
                       "_shodan": {"module": "https"}, "ssl": ssl})


_SHODAN_SUMMARY = {
    "subject": {"CN": "cam-01.example", "O": "Example Cameras"},
    "issuer": {"CN": "cam-01.example", "O": "Example Cameras"},
    "issued": "20240101000000Z", "expires": "20331229000000Z", "serial": 7,
    "sig_alg": "ecdsa-with-SHA256", "pubkey": {"type": "ec", "bits": 256},
}
_NMAP_XML = """<?xml version="1.0"?><nmaprun><host><address addr="192.0.2.50" addrtype="ipv4"/><ports>
<port protocol="tcp" portid="443"><state state="open"/><service name="https"/>
<script id="ssl-cert" output="Subject: commonName=cam-01.example">
<table key="subject"><elem key="commonName">cam-01.example</elem><elem key="organizationName">Example Cameras</elem>
</table><table key="issuer"><elem key="commonName">cam-01.example</elem>
<elem key="organizationName">Example Cameras</elem></table>
<table key="pubkey"><elem key="type">ec</elem><elem key="bits">256</elem></table>
<elem key="sig_algo">ecdsa-with-SHA256</elem>
<table key="validity"><elem key="notBefore">2024-01-01T00:00:00</elem><elem key="notAfter">2033-12-29T00:00:00</elem>
</table></script></port></ports></host></nmaprun>"""
_NMAP_TEXT = """<?xml version="1.0"?><nmaprun><host><address addr="192.0.2.50" addrtype="ipv4"/><ports>
<port protocol="tcp" portid="443"><state state="open"/><service name="https"/>
<script id="ssl-cert" output="Subject: commonName=cam-01.example/organizationName=Example Cameras&#xa;Issuer: \
commonName=cam-01.example/organizationName=Example Cameras&#xa;Public Key type: ec&#xa;Public Key bits: 256&#xa;\
Signature Algorithm: ecdsa-with-SHA256&#xa;Not valid before: 2024-01-01T00:00:00&#xa;\
Not valid after:  2033-12-29T00:00:00&#xa;MD5:   0000&#xa;SHA-1: 0000"/></port></ports></host></nmaprun>"""


def test_the_shape_reads_the_same_from_every_format() -> None:
    readings = {
        "masscan (DER)": _shape("masscan", f"banner tcp 443 192.0.2.50 1727151523 X509 {DER_B64}\n"),
        "shodan chain (PEM)": _shape("shodan", _shodan({}, [PEM])),
        "shodan ssl.cert": _shape("shodan", _shodan(_SHODAN_SUMMARY)),
        "zgrab2": _shape("zgrab2", json.dumps({"ip": "192.0.2.50", "data": {"tls": {
            "protocol": "tls", "port": 443, "result": {"handshake_log": {"server_certificates": {
                "certificate": {"parsed": ZCRYPTO}}}}}}})),
        "censys cert.parsed": _shape("censys", json.dumps({"ip": "192.0.2.50", "services": [{
            "port": 443, "protocol": "HTTP", "cert": {"parsed": {
                "subject_dn": SUBJECT_DN, "issuer_dn": SUBJECT_DN, "serial_number": "7",
                "validity_period": {"not_before": "2024-01-01T00:00:00Z", "not_after": "2033-12-29T00:00:00Z"},
                "signature": {"signature_algorithm": {"name": "ECDSA-SHA256"}, "self_signed": True},
                "subject_key_info": {"key_algorithm": {"name": "ECDSA"}, "ecdsa": {"length": 256}}}}}]})),
        "nmap -oX tables": _shape("nmap", _NMAP_XML),
        "nmap -v text": _shape("nmap", _NMAP_TEXT),
    }
    for source, shape in readings.items():
        # nmap's ssl-cert prints no serial number (only its -vv PEM holds one).
        expected = {k: v for k, v in SHAPE.items() if k != "tls.serial"} if source.startswith("nmap") else SHAPE
        assert shape == expected, source


def test_censys_leaf_summary_and_tlsx_fields_give_what_they_carry() -> None:
    leaf = _shape("censys", json.dumps({"ip": "192.0.2.50", "services": [{
        "port": 443, "protocol": "HTTP", "tls": {"certificates": {"leaf_data": {
            "subject_dn": SUBJECT_DN, "issuer_dn": "CN=Some CA", "pubkey_algorithm": "RSA",
            "pubkey_bit_size": 1024, "signature": {"signature_algorithm": "SHA1-RSA", "self_signed": False}}}}}]}))
    assert leaf == {"tls.key_type": "rsa", "tls.key_bits": "1024", "tls.signature": "sha1-rsa",
                    "tls.self_signed": "false"}
    tlsx = _shape("jsonl", json.dumps({
        "input": "192.0.2.60:443", "host": "192.0.2.60", "port": "443", "scheme": "https",
        "url": "https://192.0.2.60:443", "status_code": 200, "failed": False,
        "tls": {"subject_dn": "CN=cam", "issuer_dn": "CN=cam", "not_before": "2000-01-01T00:00:00Z",
                "not_after": "2037-12-31T23:59:59Z", "serial": "00:E3:1B"}}))
    assert tlsx == {"tls.not_before": "2000-01-01T00:00:00Z", "tls.not_after": "2037-12-31T23:59:59Z",
                    "tls.serial": "e31b", "tls.self_signed": "true"}


def test_scanners_spellings_are_one_spelling() -> None:
    assert [signature_name(s) for s in ("sha256WithRSAEncryption", "SHA256-RSA", "sha1WithRSAEncryption",
                                        "SHA1-RSA", "md5WithRSAEncryption", "MD5-RSA", "ecdsa-with-SHA384",
                                        "ED25519", "1.2.840.113549.1.1.5", "rsaEncryption", "unknown")] == [
        "sha256-rsa", "sha256-rsa", "sha1-rsa", "sha1-rsa", "md5-rsa", "md5-rsa", "sha384-ecdsa", "ed25519",
        "sha1-rsa", None, None]
    assert [key_type_name(s) for s in ("RSA", "rsaEncryption", "id-ecPublicKey", "ECDSA", "ec", "DSA", "x")] == [
        "rsa", "rsa", "ec", "ec", "ec", "dsa", None]
    assert [timestamp(s) for s in ("20301231235959Z", "2030-12-31 23:59:59", "2030-12-31T23:59:59.5Z",
                                   "2030-12-31T23:59:59+02:00", "2030-02-30T00:00:00Z", "Can't parse")] == [
        "2030-12-31T23:59:59Z", "2030-12-31T23:59:59Z", "2030-12-31T23:59:59Z", None, None, None]
    assert [serial_hex(v) for v in (0, 255, "4096", -1, "1e3", True)] == ["0", "ff", "1000", None, None, None]
    assert [key_bits(v) for v in (2048, "1024", 0, -5, "2048 bits", True)] == ["2048", "1024", None, None, None, None]


_WEAK_KEY = rsa.generate_private_key(65537, 1024)  # noqa: S505 -- the weakness under test
#: A real public certificate signed with SHA-1: TWCA's root in Mozilla's root store (certifi 2026.10.19's
#: cacert.pem, "TWCA Root Certification Authority", serial 1, RSA 2048, self-signed, valid 2008-2030).
TWCA_PEM = (Path(__file__).parents[2] / "data" / "certificates" / "twca-root-ca.pem").read_text()


def _weak_camera_certificate() -> bytes:
    # Made here, not a capture: an RSA 1024 key, a clock-unset start in 1970, expired in 2020.
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "IPCamera")])
    return (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(_WEAK_KEY.public_key())
        .serial_number(1).not_valid_before(datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC))
        .not_valid_after(datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)).sign(_WEAK_KEY, hashes.SHA256())
        .public_bytes(Encoding.DER)
    )


def _findings(identity: Identity, seen_at: str, fields: dict[str, str] | None = None) -> dict[str, Finding]:
    fields = fields if fields is not None else certificate_fields(_weak_camera_certificate())
    facts = device_facts([Observation("192.0.2.70", 443, "tcp", "tls", "scan", seen_at, fields)])
    return {f.kind: f for f in assess(identity, facts=facts)}


def test_a_short_key_expired_camera_certificate_is_two_findings() -> None:
    fields = certificate_fields(_weak_camera_certificate())
    assert (fields["tls.key_type"], fields["tls.key_bits"], fields["tls.signature"], fields["tls.serial"],
            fields["tls.not_before"], fields["tls.self_signed"]) == (
        "rsa", "1024", "sha256-rsa", "1", "1970-01-01T00:00:00Z", "true")
    found = _findings(Identity(device_type="camera"), "2026-12-04T21:00:00Z")
    assert {k for k in found if k.startswith("certificate-")} == {"certificate-weak-key", "certificate-expired"}
    key = found["certificate-weak-key"]
    assert key.severity == "medium" and "RSA 1024 bits" in key.explanation and "port 443" in key.explanation
    assert "2020-01-01T00:00:00Z" in found["certificate-expired"].explanation


def test_a_real_sha1_signed_certificate_is_a_weak_signature() -> None:
    der = pem_der(TWCA_PEM)
    assert der is not None
    fields = certificate_fields(der)
    assert (fields["tls.signature"], fields["tls.key_type"], fields["tls.key_bits"], fields["tls.serial"],
            fields["tls.not_before"], fields["tls.not_after"], fields["tls.self_signed"]) == (
        "sha1-rsa", "rsa", "2048", "1", "2008-08-28T07:24:33Z", "2030-12-31T15:59:59Z", "true")
    found = _findings(Identity(device_type="nvr"), "2026-12-04T21:00:00Z", fields)
    assert {k for k in found if k.startswith("certificate-")} == {"certificate-weak-signature"}
    assert found["certificate-weak-signature"].severity == "low"
    assert "sha1-rsa" in found["certificate-weak-signature"].explanation


def test_expiry_is_judged_when_the_certificate_was_seen_and_only_on_video_devices() -> None:
    before = _findings(Identity(device_type="camera"), "2019-06-01T00:00:00.250Z")
    assert "certificate-expired" not in before and "certificate-weak-key" in before
    printer = _findings(Identity(device_type="printer"), "2026-12-04T21:00:00Z")
    assert not [k for k in printer if k.startswith("certificate-")]


def test_the_facts_keep_one_certificate_per_port() -> None:
    fields = certificate_fields(_weak_camera_certificate())
    facts = device_facts([Observation("192.0.2.70", 8443, "tcp", "tls", "scan", "2026-12-04T21:00:00Z", fields),
                          Observation("192.0.2.70", 443, "tcp", "tls", "import", "not a time", fields),
                          Observation("192.0.2.70", 443, "tcp", "tls", "scan", "2026-12-04T21:00:00Z", fields)])
    assert [(c.port, c.key_bits, c.expired, c.self_signed) for c in facts.certificates] == [
        (443, 1024, None, True), (8443, 1024, True, True)]


_HOSTILE = st.one_of(st.text(max_size=80), st.sampled_from(
    ["", "Z", "9999-99-99T99:99:99Z", "0000-01-01T00:00:00Z", "00:" * 200, "sha1" * 30, "-1", "1e400",
     "２０２４-01-01T00:00:00Z", "ecdsa-with-", "0x7", "\x00", "\u202e2024"]))


@settings(max_examples=200, deadline=None)
@given(issued=_HOSTILE, expires=_HOSTILE, serial=st.one_of(st.integers(), _HOSTILE), sig=_HOSTILE,
       kind=_HOSTILE, bits=st.one_of(st.integers(), _HOSTILE, st.booleans()))
def test_hostile_certificate_summaries_never_raise_and_keep_the_fields_shape(
    issued: str, expires: str, serial: object, sig: str, kind: str, bits: object
) -> None:
    cert = dict(_SHODAN_SUMMARY, issued=issued, expires=expires, serial=serial, sig_alg=sig,
                pubkey={"type": kind, "bits": bits})
    for name, value in _shape("shodan", _shodan(cert)).items():
        assert field(name) is not None and field(name).accepts(value), (name, value)  # type: ignore[union-attr]
    zcrypto = dict(ZCRYPTO, serial_number=serial, validity={"start": issued, "end": expires},
                   signature_algorithm={"name": sig}, subject_key_info={"key_algorithm": {"name": kind},
                                                                        "rsa_public_key": {"length": bits}})
    shape = _shape("zgrab2", json.dumps({"ip": "192.0.2.50", "data": {"tls": {"protocol": "tls", "port": 443,
        "result": {"handshake_log": {"server_certificates": {"certificate": {"parsed": zcrypto}}}}}}}))
    for name, value in shape.items():
        assert field(name).accepts(value), (name, value)  # type: ignore[union-attr]


# --- certificates whose key ships in public firmware (knowledge/data/firmware_certificates.yaml) -----------------

_REOLINK_KEY = rsa.generate_private_key(65537, 2048)


def _reolink_placeholder(serial: int, start: datetime.datetime) -> bytes:
    # Made here from the fields renaudallard/reolink_firmwares' README prints of the certificate in the Reolink
    # Duo 3 PoE firmware (its key is not ours, so the bytes differ; what the analysis names it by is the same).
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                      x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, "GD"),
                      x509.NameAttribute(NameOID.LOCALITY_NAME, "SZ"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "CERTIFICATE"),
                      x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "CERTIFICATE"),
                      x509.NameAttribute(NameOID.COMMON_NAME, "CERTIFICATE")])
    return (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(_REOLINK_KEY.public_key())
        .serial_number(serial).not_valid_before(start).not_valid_after(datetime.datetime(2043, 5, 7, tzinfo=datetime.UTC))
        .sign(_REOLINK_KEY, hashes.SHA256()).public_bytes(Encoding.DER)
    )


def _identified_findings(observation: Observation) -> dict[str, Finding]:
    identity = identify([observation])
    return {f.kind: f for f in assess(identity, facts=device_facts([observation]))}


def test_reolinks_firmware_certificate_is_a_shared_key_wherever_it_is_seen() -> None:
    der = _reolink_placeholder(1, datetime.datetime(2023, 5, 12, 3, 0, tzinfo=datetime.UTC))
    live = _identified_findings(Observation("192.0.2.80", 443, "tcp", "tls", "scan", "2026-12-04T21:00:00Z",
                                            certificate_fields(der)))
    shared = live["certificate-shared-key"]
    assert shared.severity == "high" and "CN=CERTIFICATE" in shared.explanation
    assert "Reolink Duo 3 PoE" in shared.explanation and "port 443" in shared.explanation
    assert shared.details["certificates"][0]["known_as"] == "reolink-duo3-certificate-placeholder"


def test_the_same_template_with_its_own_serial_and_dates_is_not_the_shared_key() -> None:
    # Another firmware may copy the placeholder names with a key of its own: names alone do not say "shared key".
    der = _reolink_placeholder(0x5A17, datetime.datetime(2024, 2, 1, tzinfo=datetime.UTC))
    found = _identified_findings(Observation("192.0.2.81", 443, "tcp", "tls", "scan", "2026-12-04T21:00:00Z",
                                             certificate_fields(der)))
    assert "certificate-shared-key" not in found


def test_hikvisions_intercom_certificate_from_a_shodan_summary_is_a_shared_key() -> None:
    # The fields AndreiVladescu/Hikvision-Intercom-RE prints of the DS-KV6113-WPE1(C)'s certificate, written as a
    # Shodan ssl.cert summary would carry them (subject mapping, integer serial, GeneralizedTime dates).
    names = {"C": "CN", "ST": "ZJ", "L": "HZ", "O": "HIKVISION", "OU": "HZ", "CN": "hikvision.com"}
    (record,) = list(FORMATS["shodan"](io.BytesIO(_shodan({
        "subject": names, "issuer": names, "serial": 0x8AB42317C62A20F1, "issued": "20191217020304Z",
        "expires": "20371231000000Z", "sig_alg": "sha256WithRSAEncryption", "pubkey": {"type": "rsa", "bits": 2048},
    }).encode())))
    identity = identify(record.observations)
    assert identity.manufacturer == "hikvision" and identity.is_video_device
    found = {f.kind: f for f in assess(identity, facts=device_facts(record.observations))}
    assert found["certificate-shared-key"].details["certificates"][0]["serial"] == "8ab42317c62a20f1"
    assert "DS-KV6113-WPE1(C)" in found["certificate-shared-key"].explanation


@settings(max_examples=150, deadline=None)
@given(subject=st.text(max_size=200), serial=st.one_of(st.none(), st.text(max_size=40)))
def test_matching_a_firmware_certificate_never_raises(subject: str, serial: str | None) -> None:
    cert = Certificate(443, subject=subject, serial=serial, not_before=subject[:20], not_after=serial)
    known = firmware_certificate(cert)
    # Only a certificate carrying a listed subject and agreeing serial or dates is one.
    assert known is None or (name_attributes(known.subject) == name_attributes(subject))
