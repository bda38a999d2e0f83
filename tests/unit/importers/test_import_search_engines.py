"""ZoomEye, FOFA and Netlas results read into the fields every rule reads, and named as Shodan's would be.

The fixtures (``tests/data/importers/zoomeye_*.json``, ``fofa_results.jsonl``, ``netlas_download.jsonl``) follow the
layouts of the engines' own documents and clients (docs/importers.md, "Where the field names come from"): ZoomEye's
v1 matches as knownsec's ZoomEye-python saves them and as a real v1 host match quoted in potato-security/PotatoTool
(``AssetMapper.java``), ZoomEye's v2 answer from ``api.md`` of zoomeye-ai/ZoomEye-python, FOFA's objects as gofofa's
``pkg/outformats/json.go`` writes them, Netlas's response document from netlas-io/netlas-cookbook. The replies inside
them are the development corpora's (the AXIS 207 FTP greeting is a Recog example, as in ``shodan_captures.jsonl``;
the Hikvision head and page, the RTSP DESCRIBE answer and the nginx page are ``shodan_fields_illustrative.jsonl``'s
and Netlas's cookbook's); addresses, favicon hashes, ASNs and names are invented (documentation ranges).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import mmh3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import camaudit.cli.census
import camaudit.cli.identify  # noqa: F401  (registers the command)
from camaudit.cli.app import app
from camaudit.fields import MAX_FIELD_CHARS, field
from camaudit.identify import identify
from camaudit.importers import FORMATS, read
from camaudit.importers.base import MAX_BODY_CHARS, ImportRecord
from camaudit.importers.search_engines import certificate_text, utc_time
from camaudit.importers.text import dn_ranked
from camaudit.model import is_video_device

DATA = Path(__file__).resolve().parents[2] / "data" / "importers"
FIXTURES = {
    "zoomeye": ("zoomeye_host_search.json", "zoomeye_v2_search.json"),
    "fofa": ("fofa_results.jsonl",),
    "netlas": ("netlas_download.jsonl",),
    "binaryedge": ("binaryedge_events.jsonl",),
}
ENGINES = tuple(FIXTURES)


def _records(fmt: str, text: str | bytes) -> list[ImportRecord]:
    data = text.encode() if isinstance(text, str) else text
    return list(read(fmt, io.BytesIO(data)))


def _named(fmt: str, name: str) -> dict[str, tuple[str | None, str | None]]:
    """``ip -> (device type, manufacturer)`` for every record of a fixture."""
    out = {}
    for record in read(fmt, DATA / name):
        assert record.ok, record.error
        identity = identify(record.observations)
        out[record.ip] = (identity.device_type, identity.manufacturer)
    return out


# --- what a user sees: the cameras named, the rest not ---------------------------------------------------------------


def test_zoomeye_v1_saved_answer_names_each_camera_and_no_web_server() -> None:
    named = _named("zoomeye", "zoomeye_host_search.json")
    assert named["192.0.2.65"] == ("camera", "hikvision")  # App-webs head and login redirect in portinfo.banner
    assert named["198.51.100.20"][1] == "hikvision"  # the RTSP answer's Streaming/Channels stream address
    assert named["198.51.100.21"] == ("camera", "axis")  # the FTP greeting
    device, maker = named["203.0.113.30"]
    assert maker is None and not is_video_device(device)  # nginx with a TLS certificate


def test_zoomeye_v2_answer_reads_header_and_body_and_names_no_printer() -> None:
    named = _named("zoomeye", "zoomeye_v2_search.json")
    assert named["192.0.2.66"] == ("camera", "hikvision")
    for ip in ("198.51.100.22", "203.0.113.31"):  # an HP printer's FTP greeting, an OpenSSH server
        device, maker = named[ip]
        assert maker is None and not is_video_device(device)


def test_fofa_objects_are_read_and_named() -> None:
    named = _named("fofa", "fofa_results.jsonl")
    assert named["192.0.2.67"] == ("camera", "hikvision")
    assert named["198.51.100.23"][1] == "hikvision"
    assert named["198.51.100.24"] == ("camera", "axis")
    for ip in ("203.0.113.32", "198.51.100.25"):
        device, maker = named[ip]
        assert maker is None and not is_video_device(device)


def test_netlas_download_is_read_and_named() -> None:
    named = _named("netlas", "netlas_download.jsonl")
    assert named["192.0.2.68"] == ("camera", "hikvision")  # headers as lower_snake lists, body apart
    assert named["198.51.100.26"] == ("camera", "axis")  # the greeting under "ftp": {"banner"}
    for ip in ("203.0.113.33", "198.51.100.27"):
        device, maker = named[ip]
        assert maker is None and not is_video_device(device)


def test_binaryedge_events_are_read_and_named() -> None:
    named = _named("binaryedge", "binaryedge_events.jsonl")
    assert named["192.0.2.69"] == ("camera", "hikvision")  # webv2: headers as a name -> value mapping, body apart
    assert named["198.51.100.28"][1] == "hikvision"  # the banner module's RTSP answer
    assert named["198.51.100.29"] == ("camera", "axis")  # service-simple's banner
    for ip in ("198.51.100.30", "203.0.113.34"):  # a printer's greeting; nginx inside a search answer's events
        device, maker = named[ip]
        assert maker is None and not is_video_device(device)


def test_binaryedge_host_answer_events_are_each_a_record() -> None:
    events = [json.loads(line) for line in (DATA / "binaryedge_events.jsonl").read_text().splitlines()][:4]
    answer = {"query": "192.0.2.69", "total": 4, "events": [{"port": e["target"]["port"], "results": [e]}
                                                             for e in events]}
    records = _records("binaryedge", json.dumps(answer))
    assert [(r.ip, r.port) for r in records] == [(e["target"]["ip"], e["target"]["port"]) for e in events]
    assert records[0].observations[0].seen_at == "2024-05-06T10:00:00Z"  # origin.ts in milliseconds


def test_binaryedge_favicon_is_hashed_from_the_icon_it_kept() -> None:
    """The webv2 favicon of a real event (9oelM/process-binaryedge-urls): its md5_hash is the icon's MD5, its
    mmh3_hash (1321643677) is not Shodan's hash of the same icon, so both are computed from ``content``."""
    icon = bytes.fromhex("0000010001001010000001002000680400001600000028000000100000002000000001002000")
    event = {"target": {"ip": "192.0.2.70", "port": 80, "protocol": "tcp"}, "origin": {"type": "webv2"},
             "result": {"data": {"response": {"status": {"code": 200}, "headers": {"headers": {"server": "x"}},
                                              "favicon": {"content": base64.b64encode(icon).decode(),
                                                          "mmh3_hash": "1", "md5_hash": "0" * 32}}}}}
    fields = _records("binaryedge", json.dumps(event))[0].observations[0].fields
    assert fields["http.favicon.md5"] == hashlib.md5(icon, usedforsecurity=False).hexdigest()
    assert fields["http.favicon.mmh3"] == str(mmh3.hash(base64.encodebytes(icon)))


def test_the_same_reply_gives_shodans_identity_in_every_engine() -> None:
    """The importers fill the field names the Shodan importer fills, so the same rules fire on the same reply."""
    head = ("HTTP/1.1 200 OK\r\nServer: App-webs/\r\nContent-Type: text/html\r\n\r\n"
            "<script>window.location.href = \"/doc/page/login.asp?_\" + (new Date()).getTime();</script>")
    native = _records("shodan", json.dumps({"ip_str": "192.0.2.9", "port": 80, "data": head}))[0]
    renderings = {
        "zoomeye": {"ip": "192.0.2.9", "portinfo": {"port": 80, "service": "http", "banner": head}},
        "fofa": {"ip": "192.0.2.9", "port": "80", "protocol": "http", "banner": head},
        "netlas": {"data": {"ip": "192.0.2.9", "port": 80, "protocol": "http", "prot4": "tcp",
                            "http": {"status_code": 200, "headers": {"server": ["App-webs/"],
                                                                     "content_type": ["text/html"]},
                                     "body": head.split("\r\n\r\n", 1)[1]}}},
        "binaryedge": {"target": {"ip": "192.0.2.9", "port": 80, "protocol": "tcp"}, "origin": {"type": "webv2"},
                       "result": {"data": {"response": {"status": {"code": 200},
                                                        "headers": {"headers": {"server": "App-webs/",
                                                                                "content-type": "text/html"}},
                                                        "body": {"content": head.split("\r\n\r\n", 1)[1]}}}}},
    }
    expected = identify(native.observations)
    assert expected.manufacturer == "hikvision"
    for fmt, record in renderings.items():
        got = identify(_records(fmt, json.dumps(record))[0].observations)
        assert (got.device_type, got.manufacturer) == (expected.device_type, expected.manufacturer), fmt
        assert {(e.rule_id, e.field) for e in got.evidence} == {(e.rule_id, e.field) for e in expected.evidence}, fmt


def test_the_engines_own_labels_are_weak_import_fields() -> None:
    (hik, *_rest) = read("zoomeye", DATA / "zoomeye_host_search.json")
    fields = hik.observations[0].fields
    assert fields["import.product"] == "Hikvision IP camera httpd"
    assert fields["import.devicetype"] == "webcam"
    fofa = next(iter(read("fofa", DATA / "fofa_results.jsonl"))).observations[0].fields
    assert fofa["import.product"] == "HIKVISION-视频监控"
    netlas = next(iter(read("netlas", DATA / "netlas_download.jsonl"))).observations[0].fields
    assert netlas["import.tags"] == "hikvision"


def test_a_label_alone_never_names_a_maker_with_certainty() -> None:
    """ZoomEye's word for a service it could not show is someone else's claim: below the certainty of a reply."""
    (record,) = _records("zoomeye", json.dumps(
        {"ip": "192.0.2.10", "portinfo": {"port": 8000, "service": "http", "app": "Hikvision IP camera httpd",
                                          "device": "webcam"}}))
    identity = identify(record.observations)
    assert identity.confidence is None or identity.confidence < 0.5


def test_certificates_are_read_in_the_live_probes_spelling() -> None:
    zoomeye = list(read("zoomeye", DATA / "zoomeye_host_search.json"))[3].observations[0].fields
    # ZoomEye prints C=CN,CN=...,O=...,OU=... in no order; cryptography's order is most-specific first.
    assert zoomeye["tls.issuer"] == "CN=TrustAsia TLS RSA CA,OU=Domain Validated SSL,O=TrustAsia Technologies\\, Inc.,C=CN"
    assert zoomeye["tls.subject"] == "CN=www.example.com"
    assert zoomeye["tls.san"] == "example.com\nwww.example.com"
    netlas = list(read("netlas", DATA / "netlas_download.jsonl"))[2].observations[0].fields
    assert netlas["tls.issuer"] == "CN=Example RSA 2048 M01,O=Example,C=US"
    assert netlas["tls.not_after"] == "2024-02-21T23:59:59Z"
    fofa = list(read("fofa", DATA / "fofa_results.jsonl"))[3].observations[0].fields
    assert fofa["tls.issuer"] == "CN=TrustAsia TLS RSA CA,O=TrustAsia Technologies\\, Inc."


def test_record_facts_country_network_and_time() -> None:
    (hik, *_rest) = read("zoomeye", DATA / "zoomeye_host_search.json")
    assert (hik.country, hik.asn, hik.org) == ("NL", "AS64500", "Example Broadband")
    assert hik.observations[0].seen_at == "2024-05-06T10:00:00Z"
    fofa = next(iter(read("fofa", DATA / "fofa_results.jsonl")))
    assert (fofa.country, fofa.asn, fofa.observations[0].seen_at) == ("NL", "AS64500", "2024-05-06T10:00:00Z")
    netlas = next(iter(read("netlas", DATA / "netlas_download.jsonl")))
    assert (netlas.country, netlas.asn, netlas.observations[0].seen_at) == ("NL", "AS64500", "2024-05-06T10:00:00Z")


@pytest.mark.parametrize("fmt", ENGINES)
def test_every_field_produced_is_declared_for_the_engine(fmt: str) -> None:
    """The field registry's contract for these importers (tests/integration/scan/test_field_registry.py checks it for
    every source; this runs without root)."""
    for name in FIXTURES[fmt]:
        for record in read(fmt, DATA / name):
            for observation in record.observations:
                for key, value in observation.fields.items():
                    declared = field(key)
                    assert declared is not None, key
                    assert declared.filled_by(f"import:{fmt}"), (fmt, key)
                    assert declared.accepts(value), (fmt, key, value[:60])


# --- the files the engines and their clients write ------------------------------------------------------------------


def test_a_saved_answer_one_result_per_line_and_an_array_give_the_same_records() -> None:
    answer = json.loads((DATA / "zoomeye_host_search.json").read_text())
    whole = [(r.ip, r.port) for r in _records("zoomeye", json.dumps(answer))]
    lines = [(r.ip, r.port) for r in _records("zoomeye", "".join(json.dumps(m) + "\n" for m in answer["matches"]))]
    array = [(r.ip, r.port) for r in _records("zoomeye", json.dumps(answer["matches"]))]
    # ZoomEye-go saves a multi-page search as an array of whole answers.
    pages = [(r.ip, r.port) for r in _records("zoomeye", json.dumps([answer, answer]))]
    assert whole == lines == array == [("192.0.2.65", 80), ("198.51.100.20", 554), ("198.51.100.21", 21),
                                       ("203.0.113.30", 443)]
    assert pages == whole + whole


def test_netlas_search_answer_items_and_bare_documents() -> None:
    docs = [json.loads(line) for line in (DATA / "netlas_download.jsonl").read_text().splitlines()]
    answer = _records("netlas", json.dumps({"items": docs, "took": 12}))
    bare = _records("netlas", "".join(json.dumps(d["data"]) + "\n" for d in docs))
    assert [r.ip for r in answer] == [r.ip for r in bare] == [d["data"]["ip"] for d in docs]
    assert all(r.ok for r in answer + bare)


def test_gzip_is_read() -> None:
    data = gzip.compress((DATA / "fofa_results.jsonl").read_bytes())
    assert [r.ip for r in _records("fofa", data)] == [r.ip for r in read("fofa", DATA / "fofa_results.jsonl")]


@pytest.mark.parametrize(
    ("fmt", "answer", "said"),
    [
        ("zoomeye", {"error": "bad_request", "message": "request invalid, validate usage and try again",
                     "url": "https://www.zoomeye.org/doc"}, "request invalid"),
        ("zoomeye", {"code": 60011, "message": "credits insufficent"}, "credits insufficent"),
        ("fofa", {"error": True, "errmsg": "[820001] 没有权限搜索该字段"}, "820001"),
        ("netlas", {"detail": "Invalid API key"}, "Invalid API key"),
    ],
)
def test_an_error_answer_is_one_unreadable_record_quoting_the_engine(fmt: str, answer: Any, said: str) -> None:
    (record,) = _records(fmt, json.dumps(answer, ensure_ascii=False))
    assert record.error is not None
    assert "answered with an error" in record.error
    # The reason is shown ASCII-escaped (no markup or control characters reach a terminal): its words are there.
    assert said.encode("ascii", "backslashreplace").decode() in record.error


def test_fofa_api_rows_of_the_default_fields_give_the_address_and_host() -> None:
    # FOFA's documented default fields are host,ip,port; published answers hold them in either order of host and ip.
    answer = {"error": False, "size": 2, "page": 1, "mode": "extended", "query": "title=\"x\"",
              "results": [["192.0.2.1", "x.example", "80"], ["https://y.example", "192.0.2.2", "443"]]}
    first, second = _records("fofa", json.dumps(answer))
    assert (first.error, first.ip, first.port) == (None, "192.0.2.1", 80)
    assert (second.error, second.ip, second.port) == (None, "192.0.2.2", 443)
    assert second.observations[0].fields["import.hostnames"] == "y.example"


@pytest.mark.parametrize("row", [["192.0.2.1", "80"], ["192.0.2.1", "80", "http"], ["192.0.2.1", "x.example", "80", "http"],
                                 ["x.example", "y.example", "80"], ["192.0.2.1", "x.example", 80]])
def test_fofa_api_rows_of_other_fields_are_refused_not_guessed(row: list[Any]) -> None:
    (record,) = _records("fofa", json.dumps({"error": False, "results": [row]}))
    assert record.error and "without their field names" in record.error and "gofofa" in record.error


def test_an_answer_over_the_record_cap_says_how_to_cut_it() -> None:
    big = {"total": 1, "matches": [{"ip": "192.0.2.1", "portinfo": {"port": 80, "banner": "x" * 4096}}] * 40}
    records = list(FORMATS["zoomeye"](io.BytesIO(json.dumps(big).encode()), max_bytes=64 * 1024))
    assert len(records) == 1 and records[0].error is not None
    assert "jq -c '.matches[]'" in records[0].error


@pytest.mark.parametrize("fmt", ENGINES)
@pytest.mark.parametrize("other", ["shodan_banners.jsonl", "censys_hosts.jsonl", "zgrab2_results.jsonl"])
def test_another_scanners_file_given_as_an_engine_is_unreadable_not_empty(fmt: str, other: str) -> None:
    records = list(read(fmt, DATA / other))
    assert records and all(not r.ok for r in records), [(r.ip, r.error) for r in records if r.ok]


@pytest.mark.parametrize("fmt", ENGINES)
@pytest.mark.parametrize("other", ["shodan", "censys", "zgrab2"])
def test_an_engine_file_given_as_another_format_names_no_camera(fmt: str, other: str) -> None:
    for name in FIXTURES[fmt]:
        for record in read(other, DATA / name):
            assert not record.observations or not is_video_device(identify(record.observations).device_type)


# --- hostile input ------------------------------------------------------------------------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=6),
    max_leaves=20,
)
_KEYS = st.sampled_from(["ip", "port", "portinfo", "banner", "header", "body", "title", "ssl", "ico", "data", "http",
                         "certificate", "protocol", "prot4", "matches", "items", "results", "cert", "tag", "geoinfo",
                         "target", "result", "origin", "events", "response", "service"])
_SHAPED = st.dictionaries(_KEYS, _JSON, max_size=8)


#: Where each engine's saved answer lists its results (docs/importers.md): a line holding a list there is an answer,
#: which may list none.
_ANSWER_LISTS = {"zoomeye": ("matches", "data"), "fofa": ("results", "data"), "netlas": ("items",),
                 "binaryedge": ("events",)}


@pytest.mark.parametrize("fmt", ENGINES)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(_SHAPED | st.dictionaries(st.text(max_size=12), _JSON, max_size=6), min_size=1, max_size=4))
def test_any_json_gives_one_answer_per_line_and_never_raises(fmt: str, values: list[dict[str, Any]]) -> None:
    text = "".join(json.dumps(v) + "\n" for v in values)
    records = _records(fmt, text)
    # Every line is answered: by a record of its own, or by its results when it is a saved answer.
    lines_of_one = sum(not any(isinstance(v.get(k), list) for k in _ANSWER_LISTS[fmt]) for v in values)
    assert len(records) >= lines_of_one
    for record in records:
        assert record.ok or (record.error and "\n" not in record.error)
        for observation in record.observations:
            identify(record.observations)
            assert all(isinstance(v, str) for v in observation.fields.values())


_INNER = st.dictionaries(st.sampled_from(["status", "code", "headers", "body", "content", "title", "favicon", "banner",
                                          "subject", "issuer", "common_name", "service", "name", "product", "mmh3",
                                          "md5", "image", "redirects", "status_code", "response", "app", "device"]),
                         _JSON | st.text(max_size=200), max_size=6)
_IP = st.sampled_from(["192.0.2.1", "2001:db8::1", "<script>", "999.1.1.1", ""]) | st.integers()
#: Each engine's record skeleton with hostile values inside: the readers' own paths, not only their refusals.
_SKELETONS = {
    "zoomeye": st.fixed_dictionaries({"ip": _IP, "portinfo": _INNER, "ssl": st.text(max_size=300) | _JSON,
                                      "ico": _INNER, "geoinfo": _INNER, "title": _JSON}),
    "fofa": st.fixed_dictionaries({"ip": _IP, "port": st.text(max_size=6) | st.integers()},
                                  optional={k: st.text(max_size=300) for k in ("banner", "header", "body", "title",
                                                                               "cert", "icon_hash", "server", "host")}),
    "netlas": st.fixed_dictionaries({"data": st.fixed_dictionaries(
        {"ip": _IP, "port": _JSON, "prot4": _JSON, "http": _INNER, "certificate": _INNER, "ftp": _INNER,
         "tag": _JSON})}),
    "binaryedge": st.fixed_dictionaries({"target": st.fixed_dictionaries({"ip": _IP, "port": _JSON}),
                                         "origin": _INNER, "result": st.fixed_dictionaries(
                                             {"data": st.fixed_dictionaries({"response": _INNER, "service": _INNER,
                                                                             "banner": _JSON, "apps": _JSON,
                                                                             "cert_info": _INNER})})}),
}


@pytest.mark.parametrize("fmt", ENGINES)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_hostile_values_in_each_engines_own_layout_never_raise(fmt: str, data: st.DataObject) -> None:
    record = data.draw(_SKELETONS[fmt])
    (read_back,) = _records(fmt, json.dumps(record))
    assert read_back.ok or (read_back.error and "\n" not in read_back.error)
    for observation in read_back.observations:
        identify(read_back.observations)
        for key, value in observation.fields.items():
            assert isinstance(value, str) and len(value) <= (MAX_BODY_CHARS if key == "http.body" else MAX_FIELD_CHARS)


@pytest.mark.parametrize("fmt", ENGINES)
@settings(max_examples=60, deadline=None)
@given(cut=st.integers(min_value=1, max_value=400))
def test_a_truncated_file_keeps_what_came_before_the_cut(fmt: str, cut: int) -> None:
    data = b"".join((DATA / name).read_bytes() for name in FIXTURES[fmt])
    records = _records(fmt, data[: max(1, len(data) - cut)])
    assert records
    assert all(r.ok or r.error for r in records)


@pytest.mark.parametrize("fmt", ENGINES)
def test_huge_fields_are_bounded(fmt: str) -> None:
    huge = "A" * (512 * 1024)  # several of them in one record, below its 8 MiB cap
    reply = "HTTP/1.1 200 OK\r\nServer: " + huge + "\r\n\r\n<html><title>" + huge + "</title></html>"
    record = {
        "zoomeye": {"ip": "192.0.2.1", "portinfo": {"port": 80, "banner": reply, "app": huge, "title": [huge]},
                    "ssl": "Certificate:\n        Subject: CN=" + huge},
        "fofa": {"ip": "192.0.2.1", "port": "80", "banner": reply, "product": huge, "title": huge, "body": huge},
        "netlas": {"data": {"ip": "192.0.2.1", "port": 80, "prot4": "tcp",
                            "http": {"headers": {"server": [huge] * 3}, "body": huge, "title": huge},
                            "certificate": {"subject": {"common_name": [huge]}}}},
        "binaryedge": {"target": {"ip": "192.0.2.1", "port": 80}, "origin": {"type": "webv2"},
                       "result": {"data": {"response": {"headers": {"headers": {"server": huge}}, "title": huge,
                                                        "body": {"content": huge}},
                                           "service": {"banner": reply, "product": huge}}}},
    }[fmt]
    (read_back,) = _records(fmt, json.dumps(record))
    assert read_back.ok
    for observation in read_back.observations:
        for key, value in observation.fields.items():
            assert len(value) <= (MAX_BODY_CHARS if key == "http.body" else MAX_FIELD_CHARS), key


# --- the command line -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "name", "records", "video"), [
    ("zoomeye", "zoomeye_host_search.json", 4, 3),
    ("zoomeye", "zoomeye_v2_search.json", 3, 1),
    ("fofa", "fofa_results.jsonl", 5, 3),
    ("netlas", "netlas_download.jsonl", 4, 2),
    ("binaryedge", "binaryedge_events.jsonl", 5, 3),
])
def test_identify_command_answers_every_result(fmt: str, name: str, records: int, video: int) -> None:
    # A generous time budget per record: the land gate runs ten agents on two cores, and this test is about reading.
    result = CliRunner().invoke(app, ["identify", "--format", fmt, "--max-record-seconds", "120", str(DATA / name)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == records
    assert f"identify: {records} records, {video} identified as cameras/recorders, 0 unreadable" in result.output, (
        result.output[-600:])
    assert sum(line["device_type"] in ("camera", "nvr", "dvr", "video_device") for line in lines) == video


def test_census_counts_a_netlas_download(tmp_path: Path) -> None:
    out = tmp_path / "census"
    result = CliRunner().invoke(app, ["census", str(DATA / "netlas_download.jsonl"), "--format", "netlas",
                                      "--out", str(out), "--workers", "1", "--no-report"])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text())
    assert summary["records"] == 4
    assert "hikvision" in json.dumps(summary) and "axis" in json.dumps(summary)


# --- the text helpers the engines need ---------------------------------------------------------------------------


def test_a_certificate_printed_as_text_gives_names_in_cryptographys_order() -> None:
    fields: dict[str, str] = {}
    text = ("Certificate:\n    Data:\n        Issuer: C=US,O=Example CA\\, Inc.,CN=Example Issuing CA\n"
            "        Subject: O=Example Cameras,CN=cam-01.example.com,C=DE\n"
            "            X509v3 Subject Alternative Name:\n                DNS:cam-01.example.com, IP Address:192.0.2.1\n")
    assert certificate_text(text, fields)
    assert fields == {"tls.issuer": "CN=Example Issuing CA,O=Example CA\\, Inc.,C=US",
                      "tls.subject": "CN=cam-01.example.com,O=Example Cameras,C=DE",
                      "tls.san": "cam-01.example.com"}


def test_text_that_is_no_certificate_gives_no_names() -> None:
    for text in ("Subject: CN=x", "Certificate:\n  Subject: no names here", "", "HTTP/1.1 200 OK\r\n\r\nSubject: CN=a"):
        fields: dict[str, str] = {}
        assert not certificate_text(text, fields)
        assert "tls.subject" not in fields


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=600) | st.builds(
    lambda a, b, c: f"Certificate:\n{a}\n  Subject: {b}\n  Issuer: {c}\n X509v3 Subject Alternative Name:\n {a}",
    st.text(max_size=80), st.text(max_size=80), st.text(max_size=80)))
def test_certificate_text_never_raises_and_says_only_what_it_read(text: str) -> None:
    fields: dict[str, str] = {}
    found = certificate_text(text, fields)
    assert found == ("tls.subject" in fields or "tls.issuer" in fields)
    assert set(fields) <= {"tls.subject", "tls.issuer", "tls.san"}
    assert all(len(value) <= MAX_FIELD_CHARS for value in fields.values())


@settings(max_examples=300, deadline=None)
@given(pairs=st.lists(st.tuples(st.sampled_from(["C", "ST", "L", "O", "OU", "CN"]),
                                st.text(alphabet=st.characters(blacklist_characters=",=\\\r\n"), min_size=1,
                                        max_size=12).filter(lambda v: v.strip() == v)), min_size=1, max_size=6))
def test_a_dn_in_any_order_comes_out_most_specific_first(pairs: list[tuple[str, str]]) -> None:
    order = ["CN", "OU", "O", "L", "ST", "C"]
    ranked = dn_ranked(",".join(f"{k}={v}" for k, v in pairs))
    assert ranked is not None
    keys = [part.split("=", 1)[0] for part in ranked.split(",")]
    assert keys == sorted(keys, key=order.index)
    assert sorted(ranked.split(",")) == sorted(f"{k}={v}" for k, v in pairs)


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-05-06 10:00:00", "2024-05-06T10:00:00Z"),  # FOFA
    ("2023-09-23T04:39:09.622Z", "2023-09-23T04:39:09Z"),  # Netlas
    ("2024-07-03T14:34:10", "2024-07-03T14:34:10Z"),  # ZoomEye
    ("2024-07-03T22:34:10+08:00", "2024-07-03T14:34:10Z"),
    ("yesterday", ""), ("", ""), ("2024-13-45 99:00:00", ""),
])
def test_engine_times_are_written_as_utc(value: str, expected: str) -> None:
    assert utc_time(value) == expected
