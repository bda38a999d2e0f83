"""A certificate's serial number survives every engine's export whole, however wide it is.

Shodan writes ``ssl.cert.serial`` as a JSON integer, and most CA serials are 16-20 bytes: past 64 bits orjson reads
the number as the nearest double, and ``tls.serial`` was lost (found by helper-215's extreme-number run,
docs/testing.md). The importer now reads such a serial's digits back from the banner's own JSON text. The records
below are in Shodan's banner layout: the ``ssl.cert`` summary of a real banner quoted in
SEKOIA-IO/automation-library (``Shodan/tests/test_helpers.py``: a GeoTrust RSA CA 2018 leaf, serial
2899357035992737906989516748620396151, 122 bits -- that project turns such serials into strings before storing them
for the same reason), and a certificate made here with a 159-bit serial, the widest RFC 5280 allows (20 octets,
positive), carried both as the summary's integer and as the leaf PEM of ``ssl.chain``. The other engines write the
serial as text: FOFA's ``cert`` in decimal (its real 2022 answers in tests/data/importers/samples), Netlas and Censys
in zcrypto's decimal string, BinaryEdge's ``as_dict`` in hex; each is checked to reach ``tls.serial`` exactly.
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
from tests.unit.importers.test_engine_samples import SAMPLES

from camaudit.importers import FORMATS, read
from camaudit.importers.base import ImportRecord
from camaudit.importers.search_engines import certificate_text

#: The real banner's serial (SEKOIA-IO/automation-library Shodan/tests/test_helpers.py) and the ssl.cert summary
#: around it, as that banner has it (extensions and the key's bytes left out).
GEOTRUST_SERIAL = 2899357035992737906989516748620396151
GEOTRUST_CERT = {
    "sig_alg": "sha256WithRSAEncryption", "issued": "20200626000000Z", "expires": "20220628120000Z",
    "pubkey": {"bits": 4096, "type": "rsa"}, "version": 2,
    "fingerprint": {"sha256": "8548c7021a2310d82e2d37bbbae374c67587fa4da81d1ea33d8c2dd551246c2a",
                    "sha1": "34db068362ca0c5356cde44727c7bb2552a3fd4f"},
    "serial": GEOTRUST_SERIAL,
    "issuer": {"C": "US", "OU": "www.digicert.com", "O": "DigiCert Inc", "CN": "GeoTrust RSA CA 2018"},
    "expired": False, "subject": {"CN": "*.swat.outpost24.com"},
}
#: 20 octets with the top bit clear: the widest positive serial RFC 5280 allows.
WIDEST_SERIAL = (1 << 158) | 0x2C9F_41D3_77A0_5E18_B6C4_0D92_E7F3_1A58_C06B
_KEY = ec.derive_private_key(0x5E21A1, ec.SECP256R1())
_NAME = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "nvr-07.example")])
WIDEST_PEM = (
    x509.CertificateBuilder().subject_name(_NAME).issuer_name(_NAME).public_key(_KEY.public_key())
    .serial_number(WIDEST_SERIAL)
    .not_valid_before(datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC))
    .not_valid_after(datetime.datetime(2034, 1, 1, tzinfo=datetime.UTC))
    .sign(_KEY, hashes.SHA256()).public_bytes(Encoding.PEM).decode()
)


def _banner(ip: str, cert: dict[str, Any], chain: list[str] | None = None) -> dict[str, Any]:
    ssl: dict[str, Any] = {"cert": cert, "cipher": {"version": "TLSv1.2", "bits": 256,
                                                    "name": "ECDHE-RSA-AES256-GCM-SHA384"}}
    if chain is not None:
        ssl["chain"] = chain
    return {"ip_str": ip, "port": 443, "transport": "tcp", "_shodan": {"module": "https"},
            "data": "HTTP/1.1 200 OK\r\nServer: nginx\r\n\r\n", "location": {"country_code": "FR"}, "ssl": ssl}


def _serials(records: list[ImportRecord]) -> list[str | None]:
    assert all(r.ok for r in records), [r.error for r in records]
    return [o.fields.get("tls.serial") for r in records for o in r.observations if o.port is not None]


def _shodan(text: str) -> list[str | None]:
    return _serials(list(FORMATS["shodan"](io.BytesIO(text.encode()))))


def test_a_real_banners_122_bit_serial_survives_every_file_layout() -> None:
    banner = _banner("192.0.2.71", GEOTRUST_CERT)
    expected = format(GEOTRUST_SERIAL, "x")
    assert expected == "22e6556a7d267559624b1bea7597677"
    assert _shodan(json.dumps(banner) + "\n") == [expected]  # shodan download: one banner a line
    assert _shodan(json.dumps([banner, banner], indent=2)) == [expected, expected]  # a saved matches list
    assert _shodan(json.dumps(banner, indent=2)) == [expected]  # one banner printed over lines
    assert _shodan(json.dumps(banner) + json.dumps(banner)) == [expected, expected]  # files concatenated


def test_the_widest_serial_reads_the_same_from_the_summary_and_from_the_chains_pem() -> None:
    summary = dict(GEOTRUST_CERT, serial=WIDEST_SERIAL, subject={"CN": "nvr-07.example"},
                   issuer={"CN": "nvr-07.example"})
    expected = format(WIDEST_SERIAL, "x")
    assert WIDEST_SERIAL.bit_length() == 159
    assert _shodan(json.dumps(_banner("192.0.2.72", summary))) == [expected]
    assert _shodan(json.dumps(_banner("192.0.2.72", {}, [WIDEST_PEM]))) == [expected]
    assert _shodan(json.dumps(_banner("192.0.2.72", summary, [WIDEST_PEM]))) == [expected]


def test_each_banner_of_a_host_lookup_keeps_its_own_serial() -> None:
    host = {"ip_str": "192.0.2.73", "ports": [443, 8443], "data": [
        dict(_banner("192.0.2.73", GEOTRUST_CERT)),
        dict(_banner("192.0.2.73", dict(GEOTRUST_CERT, serial=WIDEST_SERIAL)), port=8443),
    ]}
    assert _shodan(json.dumps(host)) == [format(GEOTRUST_SERIAL, "x"), format(WIDEST_SERIAL, "x")]


def test_a_serial_that_cannot_be_read_back_exactly_is_left_out_never_guessed() -> None:
    # Two different 128-bit serials that round to the same double, in one host lookup: which digits belong to which
    # banner is not said by the float, so neither is given (a wrong serial would match another device's).
    near = GEOTRUST_SERIAL + 1
    assert float(near) == float(GEOTRUST_SERIAL)
    host = {"ip_str": "192.0.2.74", "data": [
        _banner("192.0.2.74", GEOTRUST_CERT), dict(_banner("192.0.2.74", dict(GEOTRUST_CERT, serial=near)), port=8443)]}
    assert _shodan(json.dumps(host)) == [None, None]
    # A serial written as a float is not an integer written whole.
    text = json.dumps(_banner("192.0.2.75", GEOTRUST_CERT)).replace(str(GEOTRUST_SERIAL), "2.899357035992738e+36")
    assert _shodan(text) == [None]
    # A string value that spells the same key is not the serial: only the integer written under the key counts.
    tricky = _banner("192.0.2.76", GEOTRUST_CERT)
    tricky["data"] += '{"serial": 2899357035992737906989516748620396150}'
    assert _shodan(json.dumps(tricky)) == [format(GEOTRUST_SERIAL, "x")]


@settings(max_examples=60, deadline=None)
@given(serial=st.integers(min_value=0, max_value=(1 << 159) - 1), spaces=st.sampled_from(["", " ", "\t  "]))
def test_any_positive_serial_up_to_20_octets_reaches_tls_serial_exactly(serial: int, spaces: str) -> None:
    text = json.dumps(_banner("192.0.2.77", dict(GEOTRUST_CERT, serial=serial))).replace(
        f'"serial": {serial}', f'"serial":{spaces}{serial}')
    assert _shodan(text) == [format(serial, "x")]


def test_fofa_decimal_serials_of_real_answers_are_read() -> None:
    # FOFA's cert text writes the serial in decimal (its 2022 answers: a DigiCert and a Let's Encrypt R3 leaf).
    records = {r.ip: r for r in read("fofa", SAMPLES / "fofa_api_2022.jsonl")}
    assert _serials([records["117.50.158.198"]]) == [format(14010541196828421591573906082435440804, "x")]
    assert _serials([records["121.36.109.26"]]) == [format(419945395695578341951901504775473916779242, "x")]


def test_openssl_text_serials_in_both_of_its_layouts_are_read() -> None:
    long_form: dict[str, str] = {}
    assert certificate_text("Certificate:\n    Data:\n        Version: 3 (0x2)\n        Serial Number:\n"
                            "            ae:ac:27:67:c8:3b:23:0d:0f:7d:b2:fc:f7:ba:7c:c9\n"
                            "        Issuer: C=GB, O=COMODO CA Limited, CN=COMODO RSA Domain Validation Secure Server CA\n",
                            long_form)
    assert long_form["tls.serial"] == "aeac2767c83b230d0f7db2fcf7ba7cc9"
    short_form: dict[str, str] = {}
    assert certificate_text("Certificate:\n        Serial Number: 4096 (0x1000)\n        Issuer: C=US, CN=cam\n",
                            short_form)
    assert short_form["tls.serial"] == "1000"


def test_netlas_and_binaryedge_serials_are_exact() -> None:
    (netlas,) = read("netlas", SAMPLES / "netlas_cookbook_response.json")
    assert _serials([netlas]) == [format(7594487530256147170481808759715185448, "x")]
    ssl = list(read("binaryedge", SAMPLES / "binaryedge_docs_and_download.jsonl"))[2]
    assert _serials([ssl]) == ["e020dabb9bf82b7b161d7b217f4cfd9d"]
    # Without its PEM, the event's as_dict still gives the serial (hex, as the documented event writes it).
    event = json.loads((SAMPLES / "binaryedge_docs_and_download.jsonl").read_text().splitlines()[2])
    for leaf in event["result"]["data"]["cert_info"]["certificate_chain"]:
        leaf.pop("as_pem", None)
    assert _serials(list(read("binaryedge", io.BytesIO(json.dumps(event).encode())))) == [
        "e020dabb9bf82b7b161d7b217f4cfd9d"]


def test_censys_and_zgrab2_decimal_strings_of_159_bits_are_exact() -> None:
    parsed = {"subject_dn": "CN=nvr-07.example", "issuer_dn": "CN=nvr-07.example", "serial_number": str(WIDEST_SERIAL)}
    censys = {"ip": "192.0.2.78", "services": [{"port": 443, "protocol": "HTTP", "cert": {"parsed": parsed}}]}
    zgrab2 = {"ip": "192.0.2.78", "data": {"tls": {"protocol": "tls", "port": 443, "result": {"handshake_log": {
        "server_certificates": {"certificate": {"parsed": parsed}}}}}}}
    for fmt, record in (("censys", censys), ("zgrab2", zgrab2)):
        records = list(FORMATS[fmt](io.BytesIO(json.dumps(record).encode())))
        assert [o.fields.get("tls.serial") for r in records for o in r.observations] == [format(WIDEST_SERIAL, "x")]
