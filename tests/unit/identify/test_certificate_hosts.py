"""What a certificate's names say about the device (helper-120, 2026-12-04).

* A certificate a public web CA signed names a web site: a camera shop's or a maker's own site is not a camera
  (identify/site_certificates.py). A maker's factory CA is no public CA: its device certificates keep every name.
* A self-signed certificate named after a host whose own label is a camera word is a camera of no known maker
  (rules/tls.yaml generic.tls.issuer.camera-hostname).
* Thingino's certificate generator (O=Thingino) is a camera firmware's: a camera, no maker.
* Reolink's firmware certificates: the one with Reolink's service address names Reolink; the CERTIFICATE placeholder
  types a video device and names nobody alone.

Subjects and issuers are read as the Shodan importer reads ``ssl.cert`` (names as mappings); the Thingino certificate
is built here as its generator builds it (themactep/thingino-firmware mbedtls-certgen.c) and read from PEM. The
Reolink names are the ones the firmware survey (renaudallard/reolink_firmwares README) lists; the shop, site and
host names are invented.
"""

from __future__ import annotations

import datetime
import io
import json
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify, match_fields
from camaudit.identify.site_certificates import public_ca_signed, without_site_names
from camaudit.importers import FORMATS
from camaudit.importers.shodan import parse_banner
from camaudit.model import Identity, is_video_device

LETS_ENCRYPT = {"C": "US", "O": "Let's Encrypt", "CN": "R3"}
SECTIGO = {
    "C": "GB",
    "ST": "Greater Manchester",
    "L": "Salford",
    "O": "Sectigo Limited",
    "CN": "Sectigo RSA Domain Validation Secure Server CA",
}


def https(subject: dict[str, str], issuer: dict[str, str], *, chain: str | None = None) -> Identity:
    """The identity of one Shodan HTTPS banner carrying only this certificate."""
    ssl: dict[str, Any] = {"cert": {"subject": subject, "issuer": issuer}}
    if chain is not None:
        ssl = {"chain": [chain]}
    record = parse_banner({"ip_str": "192.0.2.70", "port": 443, "data": "", "ssl": ssl}, 1)
    assert record.ok, record.error
    return identify(list(record.observations))


def makers(identity: Identity) -> set[str | None]:
    return {identity.brand, identity.manufacturer} - {None}


# --- A public CA's certificate names a site ----------------------------------------------------------------------


def test_a_camera_shop_under_a_public_ca_is_not_a_camera() -> None:
    for issuer in (LETS_ENCRYPT, SECTIGO):
        identity = https({"CN": "security-camera-shop.example"}, issuer)
        assert not is_video_device(identity.device_type)
        assert not makers(identity)


def test_a_makers_own_web_site_is_not_its_device() -> None:
    identity = https(
        {"CN": "www.hikvision.com"}, {"C": "US", "O": "DigiCert Inc", "CN": "DigiCert TLS RSA SHA256 2020 CA1"}
    )
    assert "hikvision" not in makers(identity)
    assert not is_video_device(identity.device_type)


def test_a_host_named_camera_under_a_public_ca_is_not_typed() -> None:
    identity = https({"CN": "camera1.example.net"}, LETS_ENCRYPT)
    assert not is_video_device(identity.device_type)


def test_a_makers_factory_ca_keeps_the_device_names() -> None:
    # Dahua's factory certificate: the device's subject signed by Dahua's own "Product Root CA".
    identity = https(
        {"C": "CN", "ST": "ZHEJIANG", "L": "HANGZHOU", "O": "DAHUA", "OU": "DAHUATECH", "CN": "192.168.1.108"},
        {"C": "CN", "ST": "ZheJiang", "L": "HangZhou", "O": "DahuaTech", "CN": "Product Root CA"},
    )
    assert identity.manufacturer == "dahua"
    assert is_video_device(identity.device_type)


def test_public_ca_names() -> None:
    assert public_ca_signed("CN=R3,O=Let's Encrypt,C=US")
    assert public_ca_signed(
        "CN=GoDaddy Secure Certificate Authority - G2,OU=http://certs.godaddy.com/repository/,"
        "O=GoDaddy.com\\, Inc.,L=Scottsdale,ST=Arizona,C=US"
    )
    assert public_ca_signed("CN=Cloudflare Inc ECC CA-3,O=Cloudflare\\, Inc.,C=US")
    assert public_ca_signed("C=US, O=Let's Encrypt, CN=R3")  # OpenSSL's one-line form
    assert not public_ca_signed("CN=Product Root CA,O=DahuaTech,L=HangZhou,ST=ZheJiang,C=CN")
    assert not public_ca_signed("CN=Axis device ID Intermediate CA ECC 1,O=Axis Communications AB,C=SE")
    assert not public_ca_signed("CN=TPRI-CA,O=TPRI,ST=CA,C=US")
    assert not public_ca_signed("CN=camera1")
    assert not public_ca_signed("CN=Let's Encrypt fan,O=Example")
    assert not public_ca_signed("O=Amazonia Cameras Ltd")
    assert not public_ca_signed(None)


# --- A self-signed certificate named after the host -------------------------------------------------------------


def test_a_self_signed_camera_host_name_is_a_camera_of_no_maker() -> None:
    for name in ("camera1", "frontdoor-camera", "ipcam-02", "garage_cam2.home.arpa"):
        identity = https({"CN": name}, {"CN": name})
        assert identity.device_type == "camera", name
        assert not makers(identity)
    # The bare word is a weak sign: no firm claim from it alone.
    assert https({"CN": "camera1"}, {"CN": "camera1"}).confidence <= 0.5


def test_other_self_signed_host_names_say_nothing() -> None:
    for name in (
        "cambridge",
        "camtasia-server",
        "scam",
        "testhost",
        "pfSense-624b043f704cc",
        "cameraman-laptop",
        "camera-hub",
    ):
        identity = https({"CN": name}, {"CN": name})
        assert not is_video_device(identity.device_type), name


# --- Thingino --------------------------------------------------------------------------------------------------


def thingino_pem(host: str) -> str:
    """A certificate as Thingino's generator makes it: the subject below, signed by its own key."""
    key = ec.derive_private_key(0x7416, ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
            x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, "CA"),
            x509.NameAttribute(NameOID.LOCALITY_NAME, "San Francisco"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Thingino"),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "Camera"),
            x509.NameAttribute(NameOID.COMMON_NAME, host),
        ]
    )
    start = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1733300000)
        .not_valid_before(start)
        .not_valid_after(datetime.datetime(2034, 12, 31, 23, 59, 59, tzinfo=datetime.UTC))
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(Encoding.PEM).decode()


def test_a_thingino_certificate_is_a_camera_of_no_maker() -> None:
    identity = https({}, {}, chain=thingino_pem("garden"))
    assert identity.device_type == "camera"
    assert not makers(identity)
    assert "generic.tls.subject.thingino" in {e.rule_id for e in identity.evidence}


# --- Reolink ---------------------------------------------------------------------------------------------------

REOLINK_NAME = {
    "C": "CN",
    "ST": "GD",
    "L": "SZ",
    "O": "REOLINK",
    "OU": "REOLINK",
    "CN": "REOLINK",
    "emailAddress": "service@reo-link.com",
}
PLACEHOLDER = {k: "CERTIFICATE" for k in ("O", "OU", "CN")} | {
    "C": "CN",
    "ST": "GD",
    "L": "SZ",
    "emailAddress": "CERTIFICATE@CERTIFICATE.com",
}


def test_reolinks_firmware_certificate_names_reolink() -> None:
    identity = https(REOLINK_NAME, REOLINK_NAME)
    assert identity.manufacturer == "reolink"
    assert is_video_device(identity.device_type)


def test_the_placeholder_certificate_types_a_video_device_and_names_nobody_alone() -> None:
    identity = https(PLACEHOLDER, PLACEHOLDER)
    assert is_video_device(identity.device_type)
    assert not makers(identity)


# --- Hostile text -----------------------------------------------------------------------------------------------

_TEXT = st.text(max_size=300)


@settings(max_examples=150, deadline=None)
@given(subject=_TEXT, san=_TEXT)
def test_a_public_cas_certificate_names_are_never_read(subject: str, san: str) -> None:
    fields = {"tls.subject": subject, "tls.san": san, "tls.issuer": "CN=R3,O=Let's Encrypt,C=US"}
    assert "tls.subject" not in without_site_names(fields)
    read = {e.field for e in match_fields(fields, port=443, protocol="https")}
    assert not read & {"tls.subject", "tls.san"}


@settings(max_examples=200, deadline=None)
@given(issuer=st.one_of(_TEXT, st.text(alphabet="O=,\\ .LetsEncryptDigiCert'", max_size=400)))
def test_any_issuer_text_is_read_without_raising(issuer: str) -> None:
    fields = {"tls.subject": "CN=camera1", "tls.issuer": issuer}
    kept = without_site_names(fields)
    assert ("tls.subject" in kept) == (not public_ca_signed(issuer))


# --- Every format's issuer ------------------------------------------------------------------------------------


def test_a_camera_shop_under_a_public_ca_is_not_a_camera_in_censys_and_zgrab2_files() -> None:
    subject, issuer = "CN=security-camera-shop.example", "C=US, O=Let's Encrypt, CN=R3"  # zcrypto order
    censys = {
        "ip": "192.0.2.71",
        "services": [
            {
                "port": 443,
                "protocol": "HTTP",
                "cert": {
                    "names": ["security-camera-shop.example"],
                    "parsed": {"subject_dn": subject, "issuer_dn": issuer},
                },
            }
        ],
    }
    zgrab2 = {
        "ip": "192.0.2.71",
        "data": {
            "tls": {
                "protocol": "tls",
                "port": 443,
                "result": {
                    "handshake_log": {
                        "server_certificates": {"certificate": {"parsed": {"subject_dn": subject, "issuer_dn": issuer}}}
                    }
                },
            }
        },
    }
    for fmt, record in (("censys", censys), ("zgrab2", zgrab2)):
        (read,) = list(FORMATS[fmt](io.BytesIO(json.dumps(record).encode())))
        assert read.ok, read.error
        fields = {k: v for o in read.observations for k, v in o.fields.items()}
        assert "security-camera-shop" in fields["tls.subject"], fmt  # kept for the user to see
        identity = identify(list(read.observations))
        assert not is_video_device(identity.device_type), fmt
