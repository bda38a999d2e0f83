"""Device evidence the engines keep that the importers did not read (helper-216's audit, 2026-12-06).

Each test is built from the engine's published layout: Shodan keeps the icon it fetched as ``http.favicon{data, hash,
location}``, ``data`` the icon in base64 with a newline every 76 characters and ``hash`` the mmh3 of that text (the
layout 3c7/common-osint-model reads in ``common_osint_model/models/http.py``, ``HTTPComponentContentFavicon
.from_shodan``, and FireEye's published comparison of the two hashes, gist aaronst/419e27f3e4ce2e734720ba4e31b01abc).
The icon here is a 1x1 ICO made for the test; its hashes are written out. A banner's ``ssl.cert.extensions`` keeps
each extension's DER value as Python writes bytes (``"0\\x16\\x82\\x14*.swat.outpost24.com"`` for a subjectAltName, in
the real banner SEKOIA-IO/automation-library quotes in ``Shodan/tests/test_helpers.py``): without ``ssl.chain`` that is
the only place the certificate's host names are.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import ipaddress
import json
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.importers import FORMATS
from camaudit.importers.certificates import general_names

#: A 1x1 32-bit ICO, as Shodan's ``favicon.data`` keeps it (base64.encodebytes: newline every 76 characters).
ICON_DATA = (
    "AAABAAEAAQEAAAEAIAAwAAAAFgAAACgAAAABAAAAAgAAAAEAIAAAAAAACAAAAAAAAAAAAAAAAAAA\nAAAAAAAgQID/AAAAAA==\n"
)
ICON_MMH3 = 1007523090
ICON_MD5 = "4a19fdfcb6afeed1474e61b85ff261e6"


def _banner_fields(http: dict[str, Any]) -> dict[str, str]:
    banner = {"ip_str": "192.0.2.90", "port": 80, "transport": "tcp", "_shodan": {"module": "http"},
              "data": "HTTP/1.1 200 OK\r\nServer: webserver\r\n\r\n", "http": http}
    (record,) = FORMATS["shodan"](io.BytesIO(json.dumps(banner).encode()))
    assert record.ok, record.error
    (observation,) = record.observations
    return dict(observation.fields)


def test_shodans_kept_icon_gives_its_md5_beside_shodans_hash() -> None:
    fields = _banner_fields({"status": 200, "favicon": {
        "hash": ICON_MMH3, "data": ICON_DATA, "location": "http://192.0.2.90:80/favicon.ico"}})
    assert fields["http.favicon.mmh3"] == str(ICON_MMH3)
    assert fields["http.favicon.md5"] == ICON_MD5


def test_shodans_own_hash_stands_and_a_banner_without_data_is_as_before() -> None:
    # Shodan's hash is what its search matches: when the kept bytes hash otherwise, Shodan's number is kept.
    fields = _banner_fields({"favicon": {"hash": -127886975, "data": ICON_DATA}})
    assert (fields["http.favicon.mmh3"], fields["http.favicon.md5"]) == ("-127886975", ICON_MD5)
    fields = _banner_fields({"favicon": {"hash": ICON_MMH3, "location": "/favicon.ico"}})
    assert fields["http.favicon.mmh3"] == str(ICON_MMH3) and "http.favicon.md5" not in fields


def test_icon_data_that_is_not_base64_or_too_big_gives_no_md5() -> None:
    for data in ("http://192.0.2.90/favicon.ico", "<svg onload=alert(1)>", "A" * (600 * 1024), 12345, None, ""):
        fields = _banner_fields({"favicon": {"hash": ICON_MMH3, "data": data}})
        assert "http.favicon.md5" not in fields, data


@settings(max_examples=50, deadline=None)
@given(data=st.one_of(st.text(max_size=300), st.binary(max_size=200).map(lambda b: b.hex())))
def test_any_favicon_data_never_raises(data: str) -> None:
    fields = _banner_fields({"favicon": {"hash": 1, "data": data}})
    assert fields["http.favicon.mmh3"] == "1"
    assert len(fields.get("http.favicon.md5", "0" * 32)) == 32


def _tls_fields(ssl: dict[str, Any]) -> dict[str, str]:
    banner = {"ip_str": "192.0.2.91", "port": 443, "transport": "tcp", "_shodan": {"module": "https"}, "data": "",
              "ssl": ssl}
    (record,) = FORMATS["shodan"](io.BytesIO(json.dumps(banner).encode()))
    assert record.ok, record.error
    (observation,) = record.observations
    return dict(observation.fields)


def test_the_subject_alt_name_of_a_real_summary_without_its_chain_is_read() -> None:
    extensions = [{"critical": True, "data": "\\x03\\x02\\x05\\xa0", "name": "keyUsage"},
                  {"data": "0\\x16\\x82\\x14*.swat.outpost24.com", "name": "subjectAltName"}]
    fields = _tls_fields({"cert": {"subject": {"CN": "*.swat.outpost24.com"}, "extensions": extensions}})
    assert fields["tls.san"] == "*.swat.outpost24.com"


_KEY = ec.derive_private_key(0x5A11, ec.SECP256R1())
_NAME = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "192.0.2.91")])
_SAN = x509.SubjectAlternativeName([
    x509.DNSName("cam-4f2a.example"), x509.IPAddress(ipaddress.ip_address("192.0.2.91")),
    x509.RFC822Name("admin@example.com"), x509.IPAddress(ipaddress.ip_address("2001:db8::91"))])
_CERT = (
    x509.CertificateBuilder().subject_name(_NAME).issuer_name(_NAME).public_key(_KEY.public_key()).serial_number(91)
    .not_valid_before(datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC))
    .not_valid_after(datetime.datetime(2034, 1, 1, tzinfo=datetime.UTC))
    .add_extension(_SAN, critical=False).sign(_KEY, hashes.SHA256())
)


def test_the_summarys_extension_and_the_chains_pem_give_the_same_names() -> None:
    der = _SAN.public_bytes()
    shodan_written = repr(der)[2:-1]  # how Shodan writes an extension's bytes
    assert "\\x87\\x04\\xc0\\x00\\x02[" in shodan_written
    from_summary = _tls_fields({"cert": {"extensions": [{"name": "subjectAltName", "data": shodan_written}]}})
    from_chain = _tls_fields({"cert": {}, "chain": [_CERT.public_bytes(Encoding.PEM).decode()]})
    assert from_summary["tls.san"] == from_chain["tls.san"] == "cam-4f2a.example\n192.0.2.91\n2001:db8::91"


def test_a_shared_certificates_many_names_are_not_read_from_the_summary_either() -> None:
    many = x509.SubjectAlternativeName([x509.DNSName(f"tenant{i}.example") for i in range(20)]).public_bytes()
    fields = _tls_fields({"cert": {"extensions": [{"name": "subjectAltName", "data": repr(many)[2:-1]}]}})
    assert "tls.san" not in fields


@settings(max_examples=80, deadline=None)
@given(der=st.binary(max_size=120), text=st.text(max_size=120))
def test_any_extension_value_never_raises_and_names_only_what_it_holds(der: bytes, text: str) -> None:
    for data in (repr(der)[2:-1], text, "0" + text):
        fields = _tls_fields({"cert": {"extensions": [{"name": "subjectAltName", "data": data}]}})
        assert "\x00" not in fields.get("tls.san", "")
    assert all(isinstance(name, str) for name in general_names(der))


#: A Dahua camera's 401 (its serial in the Digest realm, as Dahua firmware writes it) under every engine's label
#: claiming Hikvision: the engine's conclusion is weak evidence named as such (``import.*``) and never outweighs what
#: the device said.
_DAHUA_401 = 'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm="Login to 4K04B1EPAZ00000"\r\n\r\n'
_LABELLED = {
    "shodan": {"ip_str": "192.0.2.92", "port": 80, "data": _DAHUA_401, "product": "Hikvision IP Camera",
               "devicetype": "webcam", "tags": ["webcam"]},
    "zoomeye": {"ip": "192.0.2.92", "portinfo": {"port": 80, "service": "http", "banner": _DAHUA_401,
                                                  "app": "Hikvision IP camera httpd", "device": "webcam"}},
    "fofa": {"ip": "192.0.2.92", "port": "80", "protocol": "http", "banner": _DAHUA_401,
             "product": "HIKVISION-视频监控"},
    "censys": {"ip": "192.0.2.92", "services": [{"port": 80, "service_name": "HTTP", "banner": _DAHUA_401,
                                                 "software": [{"vendor": "Hikvision", "product": "IP Camera"}],
                                                 "labels": ["camera"]}]},
}


def test_an_engines_maker_label_never_outweighs_the_devices_own_reply() -> None:
    for fmt, record in _LABELLED.items():
        (read_back,) = FORMATS[fmt](io.BytesIO(json.dumps(record, ensure_ascii=False).encode()))
        identity = identify(read_back.observations)
        assert identity.manufacturer == "dahua", fmt
        # The label was read, and every sign it gave is shown as the engine's claim (an import.* field).
        from_label = [e for e in identity.evidence if "hikvision" in e.matched.lower()]
        assert from_label and all(e.field.startswith("import.") for e in from_label), fmt
        alone = identify(tuple(
            dataclasses.replace(o, fields={k: v for k, v in o.fields.items() if k.startswith("import.")})
            for o in read_back.observations))
        assert alone.confidence is None or alone.confidence <= 0.45, fmt
