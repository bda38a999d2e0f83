"""bench/accuracy.py --by-kind: the counts split by the kind of reply each labelled record holds.

Every record below is invented for the test (documentation addresses, replies cut to what draws each answer); none
is a capture. The marker string in the page title stands for a held-out record's text, which the table must never
print.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.bench_module import bench_module

from camaudit.importers.base import ImportRecord
from camaudit.model import Observation

ROOT = Path(__file__).resolve().parents[2]


accuracy = bench_module("accuracy")
kinds = bench_module("reply_kind")

MARKER = "Qzx7 private title of record five"


def _seen(protocol: str, raw: bytes, **fields: str) -> ImportRecord:
    observation = Observation(ip="192.0.2.1", port=1, transport=None, protocol=protocol, source="import",
                              seen_at="2026-12-05T00:00:00Z", fields=fields, raw=raw)
    return ImportRecord(position=1, ip="192.0.2.1", port=1, observations=(observation,))


@pytest.mark.parametrize(("record", "kind"), [
    (_seen("rtsp", b"RTSP/1.0 200 OK\r\n", **{"rtsp.status": "200"}), kinds.RTSP),
    (_seen("banner", b"RTSP/1.0 400 Bad Request\r\n"), kinds.RTSP),
    (_seen("http", b"HTTP/1.1 200 OK\r\n\r\n<p>hi</p>", **{"http.status": "200", "http.body": "<p>hi</p>"}),
     kinds.HTTP_BODY),
    (_seen("https", b"HTTP/1.1 401 Unauthorized\r\n\r\n", **{"http.status": "401", "tls.subject": "CN=x"}),
     kinds.HTTP_HEAD),
    (_seen("http", b"curl -v http://192.0.2.1/\r\n< HTTP/1.1 200 OK", **{"http.status": "200"}), kinds.HTTP_HEAD),
    (_seen("tls", b"", **{"tls.subject": "CN=camera"}), kinds.TLS),
    (_seen("tls", b"\x16\x03\x01", **{"tls.subject": "CN=camera"}), kinds.TLS),
    (_seen("ssdp", b"HTTP/1.1 200 OK\r\nST: upnp:rootdevice\r\n", **{"http.status": "200", "upnp.st": "x"}),
     kinds.DISCOVERY),
    (_seen("wsd", b"<?xml version=\"1.0\"?><Envelope/>"), kinds.DISCOVERY),
    (_seen("ftp", b"220 FTP server ready\r\n"), kinds.BANNER),
    (_seen("snmp", b"Linux camera 3.10", **{"snmp.sysdescr": "Linux camera 3.10"}), kinds.BANNER),
    (_seen("banner", b"+OK POP3 ready\r\n"), kinds.BANNER),
    (_seen("banner", b"  {\"Name\": \"OPMonitor\"}"), kinds.PRIVATE),
    (_seen("banner", b"\x00\x00\x01\xa0binary"), kinds.PRIVATE),
    (_seen("http", b"{\"deviceInfo\": {}}", **{"http.body": "{\"deviceInfo\": {}}"}), kinds.PRIVATE),
    (_seen("baichuan", b"<?xml version=\"1.0\"?><body/>"), kinds.PRIVATE),
    (_seen("snmp", b"", **{"snmp.sysdescr": "Linux"}), kinds.SEARCH_ENGINE),
    (ImportRecord(position=1, ip=None, port=None, error="not JSON"), kinds.OTHER),
])
def test_each_kind_of_reply_is_told_by_its_first_bytes_and_fields(record: ImportRecord, kind: str) -> None:
    assert kinds.reply_kind(record) == kind


def _shodan(port: int, data: str, **extra: object) -> str:
    return json.dumps({"ip_str": "192.0.2.7", "port": port, "transport": "tcp", "data": data, **extra})


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    ok = "HTTP/1.1 200 OK\r\nServer: {}\r\nContent-Type: text/html\r\n\r\n"
    records = [
        # A camera whose RTSP challenge names Hikvision: maker named, recognised.
        _shodan(554, 'RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\nWWW-Authenticate: Digest realm="Hikvision", '
                     'nonce="0123456789abcdef0123456789abcdef", stale="FALSE"\r\n\r\n'),
        # A camera whose bare RTSP answer says nothing: not recognised, but not called anything else either.
        _shodan(554, "RTSP/1.0 200 OK\r\nCSeq: 1\r\n\r\n"),
        # A camera behind a generic web server with a page: "not a camera" by absence.
        _shodan(80, ok.format("lighttpd"), http={"status": 200, "server": "lighttpd", "title": "Welcome",
                                                 "html": "<p>Welcome</p>"}),
        # A printer's headers (no page): no camera, typed a printer by a rule.
        _shodan(80, ok.format("HP HTTP Server; HP LaserJet Pro M404"),
                http={"status": 200, "server": "HP HTTP Server; HP LaserJet Pro M404", "title": "", "html": ""}),
        # A web server with a page whose title is the marker.
        _shodan(80, ok.format("nginx"), http={"status": 200, "server": "nginx", "title": MARKER,
                                              "html": f"<title>{MARKER}</title>"}),
        # An FTP greeting of a camera that names nobody.
        _shodan(21, "220 FTP server ready.\r\n"),
    ]
    path = tmp_path / "tiny.jsonl"
    path.write_text("\n".join(records) + "\n", encoding="utf-8")
    labels = [(True, "hikvision"), (True, None), (True, "dahua"), (False, None), (False, None), (True, None)]
    (tmp_path / "tiny.labels.jsonl").write_text("".join(
        json.dumps({"line": n, "is_video": video, "maker": maker, "source": "https://example.invalid/invented"}) + "\n"
        for n, (video, maker) in enumerate(labels, start=1)), encoding="utf-8")
    return path


def test_the_counts_split_by_kind_add_up_to_the_corpus_figures(corpus: Path) -> None:
    result = accuracy.measure(corpus, loso=True)
    rtsp, body, head, banner = (result.by_kind[k] for k in (kinds.RTSP, kinds.HTTP_BODY, kinds.HTTP_HEAD, kinds.BANNER))
    assert (rtsp.video_total, rtsp.maker_right, rtsp.maker_total, rtsp.video_recognised) == (2, 1, 1, 1)
    assert (rtsp.video_typed_other, rtsp.typed_other_by_absence) == (0, 0)
    assert (body.video_total, body.maker_total, body.maker_right, body.video_recognised) == (1, 1, 0, 0)
    assert (body.video_typed_other, body.typed_other_by_absence) == (1, 1)
    assert (body.other_total, body.other_maker_claims, body.other_video_claims) == (1, 0, 0)
    assert (head.video_total, head.other_total, head.other_maker_claims, head.other_video_claims) == (0, 1, 0, 0)
    assert (banner.video_total, banner.video_recognised, banner.video_typed_other) == (1, 0, 1)
    assert banner.typed_other_by_absence == 1
    assert sorted(result.by_kind) == sorted([kinds.RTSP, kinds.HTTP_BODY, kinds.HTTP_HEAD, kinds.BANNER])
    assert sum(t.video_total for t in result.by_kind.values()) == result.video_total == 4
    assert sum(t.other_total for t in result.by_kind.values()) == result.other_total == 2


def test_the_printer_is_typed_by_a_sign_not_by_absence() -> None:
    non_video = accuracy.non_video_rules(accuracy.ruleset().rules)
    printer = {"device_type": "printer", "evidence": [{"rule_id": next(iter(non_video))}]}
    assert not accuracy.typed_by_absence(printer, non_video)
    assert accuracy.typed_by_absence({"device_type": "not_camera", "evidence": []}, non_video)
    assert not accuracy.typed_by_absence({"device_type": None, "evidence": []}, non_video)
    assert not accuracy.typed_by_absence({"device_type": "camera", "evidence": []}, non_video)


def test_the_table_prints_counts_by_kind_and_no_record_text(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    accuracy.main(["--corpus", str(corpus), "-q", "--by-kind"])
    printed = capsys.readouterr().out
    assert MARKER not in printed and "Qzx7" not in printed
    table = printed[printed.index("MISSES BY KIND OF REPLY"):].splitlines()
    development = table[table.index("  development") + 2:]
    rows = {line[4:38].strip(): line[38:].split() for line in development if line.startswith("    ")}
    assert rows[kinds.RTSP] == ["2", "1/1", "1/2", "0", "(0)", "0", "0/0", "0/0"]
    assert rows[kinds.HTTP_BODY] == ["1", "0/1", "0/1", "1", "(1)", "1", "0/1", "0/1"]
    assert rows[kinds.HTTP_HEAD] == ["0", "0/0", "0/0", "0", "(0)", "1", "0/1", "0/1"]
    assert rows[kinds.BANNER] == ["1", "0/0", "0/1", "1", "(1)", "0", "0/0", "0/0"]
    assert list(rows) == [kinds.RTSP, kinds.HTTP_BODY, kinds.HTTP_HEAD, kinds.BANNER]  # in the order of KINDS


def test_without_the_flag_no_table_is_printed(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    accuracy.main(["--corpus", str(corpus), "-q"])
    assert "MISSES BY KIND OF REPLY" not in capsys.readouterr().out
