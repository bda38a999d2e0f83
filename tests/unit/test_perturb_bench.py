"""bench/perturb.py's transformations do what each says a collection does, on real development captures.

The replies are lines of tests/data/shodan_holdout.jsonl and shodan_captures.jsonl (development corpora) and the
ONVIF answer of agsh/onvif's mock server in /work/shared/data (skipped when that folder is absent). Expected values
are written out here, never computed by the bench.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from defusedxml import ElementTree as ET
from tests.bench_module import bench_module

ROOT = Path(__file__).resolve().parents[2]
ONVIF = ROOT.parent / "shared" / "data" / "onvif-mock-responses" / "GetDeviceInformation.xml"


perturb = bench_module("perturb")


def _line(corpus: str, number: int) -> dict[str, Any]:
    text = (ROOT / "tests" / "data" / corpus).read_text(encoding="utf-8").splitlines()[number - 1]
    return json.loads(text)


def _change(name: str) -> Any:
    return next(c for c in perturb.CHANGES if c.name == name)


# A Hikvision RTSP answer as Shodan keeps it (shodan_holdout.jsonl line 1): head only, CRLF line ends.
RTSP = _line("shodan_holdout.jsonl", 1)


def test_the_rtsp_capture_is_the_one_these_tests_expect() -> None:
    assert RTSP["data"].startswith("RTSP/1.0 401 Unauthorized\r\n")
    assert 'WWW-Authenticate: Digest realm="IP Camera(J2914)"' in RTSP["data"]


def test_header_names_change_case_and_order_but_not_values() -> None:
    lower = perturb.perturbed(RTSP, _change("header-names-lower"))["data"]
    assert lower.startswith("RTSP/1.0 401 Unauthorized\r\n")
    assert "\r\nwww-authenticate: Digest realm=\"IP Camera" in lower
    upper = perturb.perturbed(RTSP, _change("header-names-upper"))["data"]
    assert "\r\nWWW-AUTHENTICATE: Digest realm=\"IP Camera" in upper and "\r\nCSEQ:" in upper
    reversed_head = perturb.perturbed(RTSP, _change("header-order-reversed"))["data"]
    assert reversed_head.startswith("RTSP/1.0 401 Unauthorized\r\n")
    first, last = RTSP["data"].split("\r\n")[1], RTSP["data"].rstrip("\r\n").split("\r\n")[-1]
    assert reversed_head.split("\r\n")[1] == last and reversed_head.rstrip("\r\n").split("\r\n")[-1] == first


def test_status_line_dropped_keeps_the_headers() -> None:
    data = perturb.perturbed(RTSP, _change("status-line-dropped"))["data"]
    assert data.startswith("CSeq: 1\r\nWWW-Authenticate: Digest")
    assert "RTSP/1.0" not in data and 'realm="IP Camera' in data


def test_line_end_changes() -> None:
    lf = perturb.perturbed(RTSP, _change("crlf-to-lf"))["data"]
    assert "\r" not in lf and lf.startswith("RTSP/1.0 401 Unauthorized\n")
    crlf = perturb.lf_to_crlf("a\nb\r\nc\n")
    assert crlf == "a\r\nb\r\nc\r\n"
    escaped = perturb.perturbed(RTSP, _change("c-escaped"))["data"]
    assert "\r" not in escaped and escaped.startswith("RTSP/1.0 401 Unauthorized\\r\\n")


def test_banner_wrappers_touch_the_stored_reply_only() -> None:
    nul = perturb.perturbed(RTSP, _change("trailing-nul"))
    assert nul["data"] == RTSP["data"] + "\x00"
    bom = perturb.perturbed(RTSP, _change("leading-bom"))
    assert bom["data"] == "\ufeff" + RTSP["data"]


def test_an_http_page_is_changed_in_its_body_and_stored_whole() -> None:
    # An AVTECH page (shodan_holdout.jsonl line 124): the head in data, the page in http.html.
    page = _line("shodan_holdout.jsonl", 124)
    assert page["http"]["html"] == '<script src="/nobody/loginDevice.js"></script>'
    escaped = perturb.perturbed(page, _change("entity-escaped"))
    assert escaped["http"]["html"] == "&lt;script src=&quot;/nobody/loginDevice.js&quot;&gt;&lt;/script&gt;"
    assert escaped["data"] == page["data"]
    as_json = perturb.perturbed(page, _change("json-string"))
    assert as_json["http"]["html"] == '"<script src=\\"/nobody/loginDevice.js\\"></script>"'
    whole = perturb.perturbed(page, _change("reply-stored-whole"))
    assert "html" not in whole["http"] and whole["http"]["status"] == 200  # Shodan's other properties stay
    assert whole["data"] == "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + page["http"]["html"]
    assert perturb.perturbed(page, _change("body-cut-256")) == page  # a 49-byte page is not cut


def test_a_banner_becomes_the_censys_host_of_the_same_service() -> None:
    page = _line("shodan_holdout.jsonl", 125)  # a GeoVision page: the title and server in Shodan's http object
    host = perturb.perturbed(page, _change("censys-host"))
    service = host["services"][0]
    assert host["ip"] == page["ip_str"] and service["port"] == 80 and service["service_name"] == "HTTP"
    assert service["banner"] == "HTTP/1.1 200 OK\r\nServer: GeoHttpServer\r\n\r\n"
    assert service["http"]["response"]["html_title"] == "GeoVision Inc. - IP Camera"
    assert service["http"]["response"]["headers"] == {"Server": ["GeoHttpServer"]}
    assert _change("censys-host").fmt == "censys"


def test_body_cut_counts_bytes_and_never_splits_a_character() -> None:
    cut = perturb._cut(4)
    assert cut("abcdef") == "abcd"
    assert cut("aé€") == "aé"  # 1 + 2 bytes; the euro sign's three would pass the limit


@pytest.mark.skipif(not ONVIF.exists(), reason="/work/shared/data is not here")
def test_xml_transformations_on_a_real_onvif_answer() -> None:
    document = ONVIF.read_text(encoding="utf-8")
    original = ET.fromstring(document.encode())
    renamed = perturb.xml_prefixes_renamed(document)
    assert "<ns" in renamed and "<tds:" not in renamed and "<SOAP-ENV:" not in renamed
    # The same document: every element keeps its namespace and its text.
    again = ET.fromstring(renamed.encode())
    assert [(e.tag, e.text) for e in again.iter()] == [(e.tag, e.text) for e in original.iter()]
    stripped = perturb.xml_prefixes_stripped(document)
    assert "<Manufacturer>" in stripped and "<tds:Manufacturer>" not in stripped
    inner = perturb.soap_body_unwrapped(document)
    assert inner.startswith("<tds:GetDeviceInformationResponse>") and "Envelope" not in inner
    assert not perturb.xml_declaration_dropped(document).startswith("<?xml")
    assert perturb.whitespace_collapsed("a \r\n\t b\n") == "a b"
