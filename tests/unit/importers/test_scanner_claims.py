"""Scanner records read since helper-255's field-coverage check (engine_fields.yaml): nuclei's JSON lines, Shodan's
InternetDB answer, and httpx's page when it kept no body.

Layouts: nuclei's ``output.ResultEvent`` (github:projectdiscovery/nuclei ``pkg/output/output.go``: ``template-id``,
``info`` inline with ``name``/``tags``/``metadata``/``classification``, ``matcher-name``, ``extracted-results``,
``host``, ``port``, ``ip``, ``response``, ``matcher-status``); InternetDB's answer (https://internetdb.shodan.io/:
``ip``, ``ports``, ``cpes``, ``hostnames``, ``tags``, ``vulns``; ``{"detail": "No information available"}`` for an
address it has nothing on); httpx's ``runner.Result`` (``body_preview``, ``headless_body``, ``cname``). Values are
invented in those layouts, with documentation addresses.
"""

from __future__ import annotations

import dataclasses
import io
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.importers import FORMATS
from camaudit.importers.base import MAX_FIELD_CHARS, ImportRecord
from camaudit.importers.nuclei_lines import MAX_CLAIM_CHARS, MAX_ITEMS
from camaudit.model import is_video_device

_DAHUA_401 = 'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm="Login to 4K04B1EPAZ00000"\r\n\r\n'


def _read(fmt: str, *records: dict[str, Any]) -> list[ImportRecord]:
    text = b"\n".join(json.dumps(r).encode() for r in records)
    return list(FORMATS[fmt](io.BytesIO(text)))


def _nuclei(**extra: Any) -> dict[str, Any]:
    return {"template-id": "hikvision-detect", "type": "http", "host": "http://192.0.2.120:8080",
            "matched-at": "http://192.0.2.120:8080/doc/page/login.asp", "ip": "192.0.2.120", "port": "8080",
            "timestamp": "2025-03-01T10:00:00.000000000Z", "matcher-status": True,
            "info": {"name": "Hikvision IP Camera - Detect", "tags": ["tech", "hikvision", "iot"],
                     "metadata": {"vendor": "hikvision", "product": "ip_camera"},
                     "classification": {"cpe": "cpe:2.3:h:hikvision:ip_camera:-:*:*:*:*:*:*:*"}},
            **extra}


def test_a_nuclei_match_is_the_templates_weak_claim_with_its_endpoint() -> None:
    (record,) = _read("jsonl", _nuclei())
    assert (record.ip, record.port, record.error) == ("192.0.2.120", 8080, None)
    (observation,) = record.observations
    assert observation.protocol == "http" and observation.seen_at == "2025-03-01T10:00:00.000000000Z"
    assert observation.fields["import.product"] == "Hikvision IP Camera - Detect\nip_camera"
    assert observation.fields["import.vendor"] == "hikvision"
    assert observation.fields["import.tags"] == "tech\nhikvision\niot"
    identity = identify(record.observations)
    assert identity.manufacturer == "hikvision" and is_video_device(identity.device_type)
    assert identity.confidence is not None and identity.confidence <= 0.45


def test_a_template_that_did_not_match_claims_nothing_and_its_reply_is_still_read() -> None:
    (record,) = _read("jsonl", _nuclei(**{"matcher-status": False, "response": _DAHUA_401}))
    fields = record.observations[0].fields
    assert not [name for name in fields if name.startswith("import.")]
    assert identify(record.observations).manufacturer == "dahua"


def test_a_template_that_did_not_match_without_the_reply_leaves_the_device_unknown() -> None:
    # nuclei -matcher-status writes a line for every template that did not match; without the response it says
    # nothing of the device, which was typed "not a camera" by absence as if it had answered.
    silent = _nuclei(**{"matcher-status": False})
    (record,) = _read("jsonl", silent)
    assert (record.ip, record.port, record.error, record.observations) == ("192.0.2.120", 8080, None, ())
    identity = identify(record.observations)
    assert identity.device_type is None and identity.manufacturer is None
    (mixed,) = _read("jsonl", silent, _nuclei(), silent)
    assert len(mixed.observations) == 1 and identify(mixed.observations).manufacturer == "hikvision"


def test_the_devices_reply_outweighs_the_template_that_named_another_maker() -> None:
    (record,) = _read("jsonl", _nuclei(response=_DAHUA_401))
    identity = identify(record.observations)
    assert identity.manufacturer == "dahua"
    from_template = [e for e in identity.evidence if "hikvision" in e.matched.lower()]
    assert from_template and all(e.field.startswith("import.") for e in from_template)
    alone = identify(tuple(dataclasses.replace(o, fields={k: v for k, v in o.fields.items() if k.startswith("import.")})
                           for o in record.observations))
    assert alone.confidence is not None and alone.confidence <= 0.45


def test_a_nuclei_line_finds_its_address_in_host_and_refuses_a_name() -> None:
    network = {"template-id": "rtsp-detect", "info": {"name": "RTSP - Detect"}, "type": "network",
               "host": "192.0.2.121:554", "matched-at": "192.0.2.121:554"}
    (record,) = _read("jsonl", network)
    assert (record.ip, record.port, record.observations[0].protocol) == ("192.0.2.121", 554, "network")
    named = {"template-id": "x", "info": {"name": "X"}, "type": "http", "host": "https://cam.example",
             "matched-at": "https://cam.example/"}
    (refused,) = _read("jsonl", named)
    assert refused.error is not None and "without an address" in refused.error


def test_internetdb_answers_are_shodans_host_claims_and_an_empty_answer_is_one_refusal() -> None:
    camera = {"ip": "192.0.2.122", "ports": [80, 554, 8000], "cpes": ["cpe:/h:hikvision:ds-2cd2032"],
              "hostnames": ["dvrdvs.local"], "tags": ["iot"], "vulns": ["CVE-2017-7921"]}
    empty = {"detail": "No information available"}
    camera_record, refused = _read("shodan", camera, empty)
    assert (camera_record.ip, camera_record.port) == ("192.0.2.122", None)  # three ports: a host record
    (observation,) = camera_record.observations
    assert observation.fields == {"import.cpe": "cpe:/h:hikvision:ds-2cd2032", "import.tags": "iot",
                                  "import.hostnames": "dvrdvs.local"}
    identity = identify(camera_record.observations)
    assert identity.manufacturer == "hikvision" and (identity.confidence or 0) <= 0.5
    assert refused.error == "cannot interpret Shodan banner: an InternetDB answer without a host: 'No information available'"


def test_an_internetdb_answer_of_a_plain_web_server_types_no_camera() -> None:
    (record,) = _read("shodan", {"ip": "192.0.2.123", "ports": [443], "cpes": ["cpe:/a:nginx:nginx"],
                                 "hostnames": ["www.example.org"], "tags": ["cloud"], "vulns": []})
    assert record.port == 443
    identity = identify(record.observations)
    assert identity.manufacturer is None and not is_video_device(identity.device_type)


def test_a_fofa_host_answer_is_fofas_claims_for_the_host() -> None:
    answer = {"error": False, "host": "cam-7.example.net", "ip": "192.0.2.127", "asn": 64500, "org": "EXAMPLE-NET",
              "country_name": "Netherlands", "country_code": "NL", "protocol": ["http", "rtsp"], "port": ["80", "554"],
              "category": ["视频监控"], "product": ["HIKVISION-视频监控"], "update_time": "2024-05-06 10:00:00"}
    (record,) = _read("fofa", answer)
    assert (record.ip, record.port, record.country, record.asn, record.org) == (
        "192.0.2.127", None, "NL", "AS64500", "EXAMPLE-NET")
    (observation,) = record.observations
    assert observation.fields == {"import.product": "HIKVISION-视频监控", "import.tags": "视频监控",
                                  "import.hostnames": "cam-7.example.net"}
    identity = identify(record.observations)
    assert identity.manufacturer == "hikvision" and (identity.confidence or 0) <= 0.45
    (one_port,) = _read("fofa", {**answer, "port": [80], "product": ["nginx"], "category": ["服务"]})
    assert one_port.port == 80 and identify(one_port.observations).manufacturer is None


def test_a_bad_port_in_a_host_answer_keeps_the_claims_and_leaves_the_port_unknown() -> None:
    # InternetDB refused the whole answer on an out-of-range port while FOFA's host answer skipped it and pinned the
    # claims on the other listed port; both now keep the host's claims with the port unknown.
    internetdb = {"ip": "192.0.2.129", "ports": [554, 70000], "cpes": ["cpe:/h:hikvision:ds-2cd2032"],
                  "hostnames": [], "tags": [], "vulns": []}
    fofa = {"error": False, "host": "192.0.2.130", "ip": "192.0.2.130", "protocol": ["rtsp"], "port": ["554", "0"],
            "category": ["视频监控"], "product": ["HIKVISION-视频监控"], "update_time": "2024-05-06 10:00:00"}
    for layout, answer in (("shodan", internetdb), ("fofa", fofa)):
        (record,) = _read(layout, answer)
        assert record.error is None and record.port is None, layout
        assert identify(record.observations).manufacturer == "hikvision", layout
        (good,) = _read(layout, {**answer, "ports" if layout == "shodan" else "port": ["554", 554]})
        assert good.port == 554, layout


def test_httpx_reads_the_body_before_the_rendered_page_before_the_preview() -> None:
    base = {"url": "http://192.0.2.124", "host": "192.0.2.124", "port": "80", "status_code": 200}
    page = "<html><head><title>{}</title></head></html>"
    both, preview = _read("jsonl", {**base, "body": page.format("Body"), "headless_body": page.format("Rendered"),
                                    "body_preview": page.format("Preview")},
                          {**base, "host": "192.0.2.126", "body_preview": page.format("Preview")})
    assert both.observations[0].fields["http.title"] == "Body"
    assert preview.observations[0].fields["http.title"] == "Preview"


def test_httpx_redirect_chain_gives_what_the_final_page_lacks() -> None:
    line = {"url": "http://192.0.2.128", "host": "192.0.2.128", "port": "80", "status_code": 200,
            "webserver": "nginx", "chain": [
                {"request": "GET / HTTP/1.1\r\nHost: 192.0.2.128\r\n\r\n", "status_code": 302,
                 "response": "HTTP/1.1 302 Found\r\nServer: App-webs/\r\nLocation: /doc/page/login.asp\r\n\r\n",
                 "location": "/doc/page/login.asp", "request-url": "http://192.0.2.128/"}]}
    (record,) = _read("jsonl", line)
    fields = record.observations[0].fields
    assert (fields["http.server"], fields["http.location"]) == ("nginx", "/doc/page/login.asp")
    (bare,) = _read("jsonl", {**line, "webserver": None})
    assert bare.observations[0].fields["http.server"] == "App-webs/"
    assert identify(bare.observations).manufacturer == "hikvision"


_TEXTS = st.one_of(st.text(max_size=400), st.just("x" * (MAX_FIELD_CHARS * 2)))
_ANY = st.one_of(st.none(), st.integers(), st.booleans(), _TEXTS, st.lists(_TEXTS, max_size=60),
                 st.dictionaries(st.text(max_size=12), _TEXTS, max_size=6))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(info=st.dictionaries(st.sampled_from(["name", "tags", "metadata", "classification", "description"]), _ANY,
                            max_size=5),
       extra=st.dictionaries(st.sampled_from(["matcher-name", "extracted-results", "response", "port", "host", "ip",
                                              "type", "scheme", "matcher-status", "timestamp"]), _ANY, max_size=6))
def test_any_nuclei_line_gives_one_record_within_the_caps(info: dict[str, Any], extra: dict[str, Any]) -> None:
    (record,) = _read("jsonl", {"template-id": "t", "info": info, "ip": "192.0.2.125", **extra})
    for observation in record.observations:
        for name, value in observation.fields.items():
            assert len(value) <= (64 * 1024 if name == "http.body" else MAX_FIELD_CHARS), name
            if name.startswith("import."):
                assert len(value.split("\n")) <= 2 * MAX_ITEMS
                assert all(len(part) <= MAX_CLAIM_CHARS for part in value.split("\n")), name
        identify(record.observations)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["ip", "ports", "cpes", "hostnames", "tags", "vulns", "detail"]), _ANY,
                       max_size=7))
def test_any_internetdb_like_answer_is_read_or_refused_in_one_record(answer: dict[str, Any]) -> None:
    records = _read("shodan", {"cpes": [], "ports": [], **answer})
    assert len(records) == 1
    for observation in records[0].observations:
        assert all(len(value) <= MAX_FIELD_CHARS for value in observation.fields.values())
