"""One certificate gives the same names in every format: subject, issuer and subjectAltName.

Shodan's ``ssl.cert`` has no subjectAltName; its ``ssl.chain`` holds the leaf in PEM (leaf first), as real
Shodan banners show. masscan's ``X509`` banner is the DER in base64. Censys (``cert.names``), zgrab2
(``parsed.extensions.subject_alt_name``) and nmap (``ssl-cert``'s extensions table) give the names parsed. The
certificate is made here (a self-signed one, as a camera makes for itself, with a host name and an address in
its subjectAltName); what is tested is that each format's copy of it reads the same.
"""

from __future__ import annotations

import base64
import datetime
import io
import ipaddress
import json

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.importers import FORMATS

_KEY = ec.derive_private_key(0xCE27, ec.SECP256R1())
_NAME = x509.Name(
    [
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example Cameras"),
        x509.NameAttribute(NameOID.COMMON_NAME, "cam-01.example"),
    ]
)
_START = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
CERT = (
    x509.CertificateBuilder()
    .subject_name(_NAME)
    .issuer_name(_NAME)
    .public_key(_KEY.public_key())
    .serial_number(7)
    .not_valid_before(_START)
    .not_valid_after(_START + datetime.timedelta(days=3650))
    .add_extension(
        x509.SubjectAlternativeName(
            [x509.DNSName("cam-01.example"), x509.IPAddress(ipaddress.ip_address("192.0.2.50"))]
        ),
        critical=False,
    )
    .sign(_KEY, hashes.SHA256())
)
PEM = CERT.public_bytes(Encoding.PEM).decode()
DER_B64 = base64.b64encode(CERT.public_bytes(Encoding.DER)).decode()
SUBJECT_DN = "O=Example Cameras, CN=cam-01.example"  # zcrypto: certificate order


def _fields(fmt: str, text: str) -> dict[str, str]:
    (record,) = list(FORMATS[fmt](io.BytesIO(text.encode())))
    assert record.ok, record.error
    return {k: v for o in record.observations for k, v in o.fields.items() if k.startswith("tls.")}


def _shodan(chain: list[str]) -> str:
    return json.dumps(
        {
            "ip_str": "192.0.2.50",
            "port": 443,
            "transport": "tcp",
            "data": "",
            "_shodan": {"module": "https"},
            "ssl": {
                "chain": chain,
                "cert": {
                    "subject": {"CN": "cam-01.example", "O": "Example Cameras"},
                    "issuer": {"CN": "cam-01.example", "O": "Example Cameras"},
                },
            },
        }
    )


def test_the_subject_alt_name_reads_the_same_from_every_format() -> None:
    names = {"dns_names": ["cam-01.example"], "ip_addresses": ["192.0.2.50"]}
    readings = {
        "shodan": _fields("shodan", _shodan([PEM])),
        "masscan": _fields("masscan", f"banner tcp 443 192.0.2.50 1727151523 X509 {DER_B64}\n"),
        "censys": _fields(
            "censys",
            json.dumps(
                {
                    "ip": "192.0.2.50",
                    "services": [
                        {
                            "port": 443,
                            "protocol": "HTTP",
                            "cert": {
                                "names": ["cam-01.example", "192.0.2.50"],
                                "parsed": {"subject_dn": SUBJECT_DN, "issuer_dn": SUBJECT_DN},
                            },
                        }
                    ],
                }
            ),
        ),
        "zgrab2": _fields(
            "zgrab2",
            json.dumps(
                {
                    "ip": "192.0.2.50",
                    "data": {
                        "tls": {
                            "protocol": "tls",
                            "port": 443,
                            "result": {
                                "handshake_log": {
                                    "server_certificates": {
                                        "certificate": {
                                            "parsed": {
                                                "subject_dn": SUBJECT_DN,
                                                "issuer_dn": SUBJECT_DN,
                                                "extensions": {"subject_alt_name": names},
                                            }
                                        }
                                    }
                                }
                            },
                        }
                    },
                }
            ),
        ),
    }
    for fmt, fields in readings.items():
        assert fields["tls.san"] == "cam-01.example\n192.0.2.50", fmt
        assert fields["tls.subject"] == "CN=cam-01.example,O=Example Cameras", fmt


def test_a_chain_that_is_not_a_certificate_leaves_the_names_ssl_cert_gave() -> None:
    for chain in (["-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----"], ["x" * 20000], [7], []):
        fields = _fields("shodan", _shodan(chain))  # type: ignore[arg-type]
        assert fields["tls.subject"] == "CN=cam-01.example,O=Example Cameras"
        assert "tls.san" not in fields


@settings(max_examples=150, deadline=None)
@given(noise=st.binary(max_size=400))
def test_a_mangled_certificate_never_raises(noise: bytes) -> None:
    der = CERT.public_bytes(Encoding.DER)
    mangled = der[: len(noise) % len(der)] + noise
    pem = "-----BEGIN CERTIFICATE-----\n" + base64.b64encode(mangled).decode() + "\n-----END CERTIFICATE-----\n"
    _fields("shodan", _shodan([pem]))
    _fields("masscan", f"banner tcp 443 192.0.2.50 1727151523 X509 {base64.b64encode(mangled).decode()}\n")
