"""The search engines' and their clients' own sample exports, read by camaudit's importers.

The other importer tests read records camaudit rendered itself. These fixtures (``tests/data/importers/samples/``,
each file's source and cuts in its README.md) are what the engines and their official clients publish -- a documented
example answer, an SDK's test data, a real download or API answer quoted in a public repository -- cut where said,
never rewritten. Each test checks what a user of ``camaudit identify --format <engine>`` would notice: every record is
read or counted unreadable with a one-line reason, and the values the engine kept (address, port, banner, HTTP status,
headers, title, page, certificate names, the engine's own labels) reach the fields the rules read. The expected values
are copied from the samples by hand. None of the samples is a camera, and none may be named as one.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.importers import read
from camaudit.importers.base import ImportRecord
from camaudit.importers.jsonstream import iter_json
from camaudit.importers.search_engines import certificate_text
from camaudit.model import is_video_device

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "importers" / "samples"


def _read(fmt: str, name: str) -> list[ImportRecord]:
    return list(read(fmt, SAMPLES / name))


def _fields(record: ImportRecord) -> dict[str, str]:
    (observation,) = record.observations
    return dict(observation.fields)


@pytest.mark.parametrize(
    ("fmt", "name", "read_ok", "refused"),
    [
        ("zoomeye", "zoomeye_v2_api_doc.json", 1, 0),
        ("fofa", "fofa_api_2022.jsonl", 4, 0),
        ("netlas", "netlas_cookbook_response.json", 1, 0),
        ("binaryedge", "binaryedge_docs_and_download.jsonl", 2, 1),
        ("binaryedge", "binaryedge_sev2_docs.jsonl", 3, 0),
        ("censys", "censys_python_answers.jsonl", 3, 1),
    ],
)
def test_every_sample_record_is_read_or_refused_in_one_line_and_none_is_named(
    fmt: str, name: str, read_ok: int, refused: int
) -> None:
    records = _read(fmt, name)
    assert sum(r.ok for r in records) == read_ok
    assert [r for r in records if not r.ok and r.error and "\n" not in r.error] == [r for r in records if not r.ok]
    assert len(records) - read_ok == refused
    for record in records:
        if record.ok:
            assert identify(record.observations).manufacturer is None, record.ip


def test_zoomeye_documented_v2_answer_printed_over_lines_reaches_every_field_it_carries() -> None:
    # api.md prints the answer indented, as a saved answer often is: one JSON text over 52 lines, not 52 records.
    (record,) = _read("zoomeye", "zoomeye_v2_api_doc.json")
    assert (record.ip, record.port, record.asn, record.org) == ("1.1.1.1", 443, "AS4837", "SERVISFIRST BANK")
    fields = _fields(record)
    assert fields["ssh.banner"] == "SSH-2.0-OpenSSH_7.6p1 Ubuntu-4ubuntu0.3"
    assert fields["http.status"] == "302"  # the header, flattened to one line in the document, still gives its status
    assert fields["http.server"] == "nginx/1.8.1"  # header.server.name and .version
    assert fields["http.title"] == "GoogleGoogle appsGoogle Search"
    assert fields["http.favicon.md5"] == "f3418a443e7d841097c714d69ec4bcb8"
    assert fields["import.devicetype"] == "webcam"  # ZoomEye's own label, kept as its claim
    assert fields["import.product"] == "OpenSSD"
    assert fields["import.hostnames"].splitlines() == ["c01031-001.cust.wallcloud.ch", "www.google.com"]


def test_fofa_answers_carry_every_certificate_name_not_only_cn_and_o() -> None:
    records = {r.ip: r for r in _read("fofa", "fofa_api_2022.jsonl")}
    digicert = _fields(records["117.50.158.198"])
    assert digicert["tls.subject"] == "CN=sky.memehs.com"
    assert digicert["tls.issuer"] == "CN=Encryption Everywhere DV TLS CA - G1,OU=www.digicert.com,O=DigiCert Inc,C=US"
    assert digicert["tls.san"] == "sky.memehs.com"
    assert digicert["http.server"] == "nginx/1.16.1" and digicert["http.title"] == "天擎大数据平台"
    assert _fields(records["121.36.109.26"])["tls.issuer"] == "CN=R3,O=Let's Encrypt,C=US"
    iis = _fields(records["112.44.109.221"])
    assert iis["http.server"] == "Microsoft-IIS/7.5" and "tls.subject" not in iis  # an empty cert is no certificate
    assert records["112.44.109.221"].country == "CN"


def test_a_fofa_certificate_block_with_place_names_is_read_whole() -> None:
    # A real FOFA cert value of 2022 (Cloudflare's edge certificate; key and signature bytes cut): the subject block
    # names country, province, locality, organisation and common name, which FOFA's certs_* fields do not carry.
    text = (
        "Version:  v3\nSerial Number: 1586355641409089235842258967545119341\nSignature Algorithm: ECDSA-SHA256\n\n"
        "Issuer:\n  Country: US\n  Organization: Cloudflare, Inc.\n  CommonName: Cloudflare Inc ECC CA-3\n\n"
        "Validity:\n  Not Before: 2022-06-07 00:00 UTC\n  Not After : 2023-06-06 23:59 UTC\n\n"
        "Subject:\n  Country: US\n  Province: California\n  Locality: San Francisco\n"
        "  Organization: Cloudflare, Inc.\n  CommonName: sni.cloudflaressl.com\n\n"
        "Subject Public Key Info:\n  Public Key Algorithm: ECDSA\n"
    )
    fields: dict[str, str] = {}
    assert certificate_text(text, fields)
    assert fields["tls.subject"] == "CN=sni.cloudflaressl.com,O=Cloudflare\\, Inc.,L=San Francisco,ST=California,C=US"
    assert fields["tls.issuer"] == "CN=Cloudflare Inc ECC CA-3,O=Cloudflare\\, Inc.,C=US"


def test_netlas_cookbook_response_reaches_http_certificate_and_network_fields() -> None:
    (record,) = _read("netlas", "netlas_cookbook_response.json")
    assert (record.ip, record.port, record.country, record.asn, record.org) == (
        "15.185.166.67", 443, "BH", "AS16509", "AMAZON-02")
    fields = _fields(record)
    assert (fields["http.status"], fields["http.server"], fields["http.title"]) == ("403", "Server", "403 Forbidden")
    assert fields["tls.subject"] == "CN=ecs-t.me-south-1.amazonaws.com"
    assert fields["tls.issuer"] == "CN=Amazon RSA 2048 M01,O=Amazon,C=US"
    assert fields["tls.sha256"] == "e508abebeacadee987d3358d2814704c679ebcd288162daec1b00eed5c67ce24"
    assert "*.ecs-t.me-south-1.vpce.amazonaws.com" in fields["tls.san"].splitlines()


def test_binaryedge_documented_and_downloaded_events() -> None:
    web, placeholder, ssl = _read("binaryedge", "binaryedge_docs_and_download.jsonl")
    fields = _fields(web)  # a real webv2 event of a download
    assert (web.ip, web.port, fields["http.status"], fields["http.server"]) == ("23.249.179.215", 80, "200", "nginx")
    assert fields["http.title"] == "Welcome to nginx!" and fields["import.product"] == "Nginx"
    # The service-simple example of BinaryEdge's documentation writes its target as X.X.X.X: no address, one line.
    assert placeholder.error == "cannot interpret BinaryEdge event: not an IP address: 'X.X.X.X'"
    # The ssl module's documented event: the leaf certificate's PEM, read as the live TLS probe reads one -- with
    # the second OU its as_dict mapping cannot hold.
    fields = _fields(ssl)
    assert ssl.observations[0].protocol == "tls"
    assert fields["tls.subject"] == (
        "CN=sni177528.cloudflaressl.com,OU=PositiveSSL Multi-Domain,OU=Domain Control Validated")
    assert fields["tls.issuer"].startswith("CN=COMODO ECC Domain Validation Secure Server CA 2,O=COMODO CA Limited")
    assert fields["tls.not_after"] == "2017-02-12T23:59:59Z"
    assert "tls.san" not in fields  # 37 names: a shared certificate, whose names say nothing of the device


def test_binaryedge_ssl_event_without_pem_gives_the_names_of_its_mapping() -> None:
    event = (
        '{"origin": {"type": "ssl", "ts": 1471951814799}, "target": {"ip": "192.0.2.9", "port": 443}, "result": {"data":'
        ' {"cert_info": {"certificate_chain": [{"as_dict": {"subject": {"commonName": "cam.example",'
        ' "organizationName": "Example"}, "issuer": {"commonName": "Example CA"}}}]}}}}'
    )  # invented, in the documented as_dict layout
    (record,) = list(read("binaryedge", io.BytesIO(event.encode())))
    assert _fields(record)["tls.subject"] == "CN=cam.example,O=Example"
    assert _fields(record)["tls.issuer"] == "CN=Example CA"


def test_censys_python_answers_are_read_host_by_host_and_an_error_is_quoted() -> None:
    view, first_hit, second_hit, error = _read("censys", "censys_python_answers.jsonl")
    assert (view.ip, view.country) == ("8.8.8.8", "US")
    assert [(o.port, o.transport, o.protocol) for o in view.observations] == [(53, "udp", "dns")]
    # The saved search answer ({"result": {"hits": [...]}}) gives one host per hit.
    assert (first_hit.ip, second_hit.ip) == ("1.0.0.0", "1.0.0.1")
    assert sorted(o.port for o in first_hit.observations) == [80, 443]
    assert error.error == (
        "Censys answered with an error, not hosts: "
        "'Rate limit exceeded. See https://search.censys.io/account for rate limit details.'"
    )


def test_a_censys_platform_search_answer_is_read_hit_by_hit() -> None:
    # The Platform's search answer wraps each host as {"host_v1": {"resource": {...}}} (censys-python's
    # tests/platform/v3 mock the endpoint with this shape; the address here is a documentation one).
    answer = '{"result": {"hits": [{"host_v1": {"resource": {"ip": "192.0.2.7"}}}], "total_hits": 1}}'
    (record,) = list(read("censys", io.BytesIO(answer.encode())))
    assert record.ok and record.ip == "192.0.2.7"


def test_objects_printed_over_lines_one_after_another_are_each_a_record() -> None:
    # What jq '.matches[]' prints without -c: each object over several lines.
    text = (
        '{\n  "ip": "192.0.2.5",\n  "portinfo": {\n    "port": 21,\n    "banner": "220 AXIS 207 Network Camera 4.40 '
        '(Jan 01 2008) ready."\n  }\n}\n{\n  "ip": "192.0.2.6",\n  "portinfo": {"port": 22}\n}\n'
    )
    first, second = list(read("zoomeye", io.BytesIO(text.encode())))
    assert (first.ip, second.ip) == ("192.0.2.5", "192.0.2.6")
    assert is_video_device(identify(first.observations).device_type)
    broken = list(read("zoomeye", io.BytesIO(b'{\n  "ip": "192.0.2.5",\n  "portinfo": {"port": 21}\n}\nx\n')))
    assert broken[0].ok and not broken[-1].ok and "\n" not in (broken[-1].error or "")


# --- the readers added for these samples, on random and hostile text (Hypothesis) -----------------------------------

_PIECES = st.sampled_from(
    ["Subject:", "Issuer:", "DNS Names:", "  CommonName: cam", "  Organizational Unit: IPC", "  Country: CN", "\t",
     "  ", "Certificate", "Serial Number: 1", "Subject: C=CN, CN=x", "  a:" + "b" * 2000, ""]
)


@settings(max_examples=200)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=40)), max_size=60), st.sampled_from(["\n", "\r\n"]))
def test_any_certificate_text_is_read_without_raising_into_one_line_names(lines: list[str], end: str) -> None:
    fields: dict[str, str] = {}
    found = certificate_text(end.join(lines), fields)
    assert found == ("tls.subject" in fields or "tls.issuer" in fields)
    for key in ("tls.subject", "tls.issuer"):
        assert "\n" not in fields.get(key, "") and "\r" not in fields.get(key, "")


#: Integers JSON readers keep exactly (orjson reads a 64-bit integer; past it, a float).
_INTS = st.integers(min_value=-(2**63), max_value=2**63 - 1)
_OBJECT = st.dictionaries(
    st.text(max_size=6),
    st.one_of(_INTS, st.text(max_size=12), st.lists(_INTS, max_size=3)),
    min_size=1, max_size=5,
)


@settings(max_examples=150)
@given(st.lists(_OBJECT, min_size=1, max_size=5), st.integers(min_value=1, max_value=4), st.integers(min_value=0))
def test_objects_printed_over_lines_read_back_one_each_and_a_cut_one_in_one_line(
    objects: list[dict[str, object]], indent: int, cut: int
) -> None:
    text = "".join(json.dumps(o, indent=indent) + "\n" for o in objects).encode()
    assert [value for _, value, _ in iter_json(io.BytesIO(text))] == objects
    items = list(iter_json(io.BytesIO(text[: cut % len(text)])))
    good = [value for _, value, error in items if error is None]
    assert good == objects[: len(good)]
    assert all("\n" not in error for _, _, error in items if error is not None)


_NAME_VALUES = st.one_of(st.text(max_size=30), st.integers(), st.lists(st.text(max_size=8), max_size=3), st.none())


@settings(max_examples=120)
@given(
    st.one_of(st.text(max_size=300), st.sampled_from(["-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----",
                                                      "-----BEGIN CERTIFICATE-----\n" + "A" * 5000])),
    st.dictionaries(st.sampled_from(["commonName", "organizationName", "countryName", "x"]), _NAME_VALUES, max_size=4),
    st.one_of(st.lists(st.text(max_size=20), max_size=12), st.text(max_size=20), st.none()),
)
def test_a_hostile_binaryedge_certificate_gives_a_record_never_an_exception(
    pem: str, names: dict[str, object], dns: object
) -> None:
    leaf = {"as_pem": pem, "as_dict": {"subject": names, "issuer": names,
                                       "extensions": {"X509v3 Subject Alternative Name": {"DNS": dns}}}}
    event = {"origin": {"type": "ssl"}, "target": {"ip": "192.0.2.9", "port": 443},
             "result": {"data": {"cert_info": {"certificate_chain": [leaf]}}}}
    (record,) = list(read("binaryedge", io.BytesIO(json.dumps(event).encode())))
    assert record.ok
    assert all(isinstance(v, str) and len(v) <= 4096 for v in _fields(record).values())


@settings(max_examples=120)
@given(st.lists(st.one_of(_NAME_VALUES, st.dictionaries(st.sampled_from(["ip", "services", "host_v1", "x"]),
                                                        _NAME_VALUES, max_size=3)), max_size=6),
       st.one_of(st.none(), st.text(max_size=30)))
def test_a_hostile_censys_answer_gives_one_line_per_hit_or_one_refusal(hits: list[object], error: str | None) -> None:
    answer = {"status": "error", "error": error} if error is not None else {"result": {"hits": hits}}
    records = list(read("censys", io.BytesIO(json.dumps(answer).encode())))
    assert len(records) == (1 if error is not None else len(hits))  # an empty answer holds no host
    assert all(r.ok or (r.error and "\n" not in r.error) for r in records)
