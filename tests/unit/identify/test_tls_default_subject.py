"""Hikvision's default recorder certificate, as every input renders its subject (helper-257, 2026-12-07).

The certificate is LIFT's "Hikvision Default Cert" (github:trylinux/lift lift/cert_collection/hikvision.json
@a2b6df1e5e68, a public PEM). Its subject ends in an e-mail address, which cryptography's ``rfc4514_string()`` (a live
TLS answer) and the importers' renderers (Shodan's ``ssl.cert.subject`` mapping, Censys's and zgrab2's certificate-order
DN, nmap's ssl-cert table) all put first: the entry written for the bare ``CN=...`` text must still read it.
"""

from __future__ import annotations

import base64
import textwrap
from collections.abc import Callable

import pytest

from camaudit.identify import identify
from camaudit.importers.text import dn_from_mapping, dn_reversed
from camaudit.model import Identity, Observation, is_video_device
from camaudit.protocols.certificate import certificate_fields

LIFT_PEM_BODY = """
MIIDBjCCAm+gAwIBAgIJAJXnvRDyazyBMA0GCSqGSIb3DQEBBAUAMIGbMQswCQYDVQQGEwJDTjERMA8GA1UECAwIWmhlSmlhbmcxETAPBgNVBAcMCEhh
bmdaaG91MRIwEAYDVQQKDAlISUtWSVNJT04xDzANBgNVBAsMBkRWUk5WUjEaMBgGA1UEAwwRd3d3Lmhpa3Zpc2lvbi5jb20xJTAjBgkqhkiG9w0BCQEW
Fm1lbmdob25nQGhpa3Zpc2lvbi5jb20wHhcNMTIxMTIzMDU1NTE1WhcNMTUwODIwMDU1NTE1WjCBmzELMAkGA1UEBhMCQ04xETAPBgNVBAgMCFpoZUpp
YW5nMREwDwYDVQQHDAhIYW5nWmhvdTESMBAGA1UECgwJSElLVklTSU9OMQ8wDQYDVQQLDAZEVlJOVlIxGjAYBgNVBAMMEXd3dy5oaWt2aXNpb24uY29t
MSUwIwYJKoZIhvcNAQkBFhZtZW5naG9uZ0BoaWt2aXNpb24uY29tMIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDDWDboSDAm2WPEBgt1wzDVnDfE
LEPcvIdtLyHjae7VQNbcTM3n0xlB9S8ptWTOJzI2+eb3U97wMTAH3u24StiiwU5bqKi3PlPNCHpwB6wz7jkcjP+/6ZTZ3rc2l99hKgmuxV7XTsrrKzEx
RY42YTWOaekgWMp9L1UU0aqkBroheQIDAQABo1AwTjAdBgNVHQ4EFgQUSWUSK752hniMZvoCjykG9jGdOegwHwYDVR0jBBgwFoAUSWUSK752hniMZvoC
jykG9jGdOegwDAYDVR0TBAUwAwEB/zANBgkqhkiG9w0BAQQFAAOBgQC1GHVqLN5mLN5lMxcjNG43MNlWHNtblvjQzw6h2iuRYxQRo8EdBC9l0J1tbVZZ
HUNXSYma6eZ3k/QMhCefiCfxQn4vIrGCtNDihITTgAiH1HPlmiI9HUhZ+QFj7uUmhAz/3Se5DbfDup70BpsvxSJT/w5hEB+udd7a3UvS/6S3jw==
"""
#: The subject's attributes in certificate order, as a mapping importer receives them (Shodan's short names).
SUBJECT = {
    "C": "CN",
    "ST": "ZheJiang",
    "L": "HangZhou",
    "O": "HIKVISION",
    "OU": "DVRNVR",
    "CN": "www.hikvision.com",
    "emailAddress": "menghong@hikvision.com",
}
#: nmap's ssl-cert script names the same attributes in full.
NMAP_SUBJECT = {
    "countryName": "CN",
    "stateOrProvinceName": "ZheJiang",
    "localityName": "HangZhou",
    "organizationName": "HIKVISION",
    "organizationalUnitName": "DVRNVR",
    "commonName": "www.hikvision.com",
    "emailAddress": "menghong@hikvision.com",
}
#: Censys and zgrab2 write the DN as text in certificate order.
CENSYS_SUBJECT = (
    "C=CN, ST=ZheJiang, L=HangZhou, O=HIKVISION, OU=DVRNVR, CN=www.hikvision.com, emailAddress=menghong@hikvision.com"
)


def _live_subject() -> str:
    der = base64.b64decode("".join(textwrap.dedent(LIFT_PEM_BODY).split()))
    return certificate_fields(der)["tls.subject"]


RENDERED: dict[str, Callable[[], str | None]] = {
    "live tls (cryptography)": _live_subject,
    "shodan mapping": lambda: dn_from_mapping(SUBJECT),
    "nmap ssl-cert table": lambda: dn_from_mapping(NMAP_SUBJECT),
    "censys dn text": lambda: dn_reversed(CENSYS_SUBJECT),
}


def _identity(subject: str) -> Identity:
    fields = {"tls.subject": subject, "tls.issuer": subject}
    return identify([Observation("192.0.2.9", 443, "tcp", "https", "import", "2026-01-01T00:00:00Z", fields)])


@pytest.mark.parametrize("render", RENDERED.values(), ids=RENDERED.keys())
def test_the_default_certificate_is_read_by_its_own_entry_whatever_the_input(render: Callable[[], str | None]) -> None:
    subject = render()
    assert subject is not None
    assert subject.startswith("1.2.840.113549.1.9.1=menghong@hikvision.com,CN=www.hikvision.com,")
    identity = _identity(subject)
    assert identity.manufacturer == "hikvision"
    assert is_video_device(identity.device_type)
    assert "hikvision.tls.subject.dvrnvr" in {e.rule_id for e in identity.evidence}


def test_a_look_alike_subject_is_not_the_default_certificate() -> None:
    # The same tail after a longer common name is another certificate: the exact entry stays silent.
    subject = "CN=www.hikvision.com.example.org,OU=DVRNVR,O=HIKVISION,L=HangZhou,ST=ZheJiang,C=CN"
    assert "hikvision.tls.subject.dvrnvr" not in {e.rule_id for e in _identity(subject).evidence}
