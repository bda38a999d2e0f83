"""Shodan banners -> observations with the contract's field names."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from camaudit.importers import read, shodan

DATA = Path(__file__).resolve().parents[2] / "data" / "importers"


def test_camera_http_banner_fields() -> None:
    first = next(shodan.read(DATA / "shodan_banners.jsonl"))
    assert (first.position, first.ip, first.port, first.country, first.error) == (
        1,
        "192.0.2.65",
        80,
        "NL",
        None,
    )
    (obs,) = first.observations
    assert (obs.protocol, obs.transport, obs.source, obs.seen_at) == (
        "http",
        "tcp",
        "import",
        "2024-05-06T10:00:00.123456Z",
    )
    f = obs.fields
    assert f["http.status"] == "200"
    assert f["http.server"] == "App-webs/"
    assert "X-Frame-Options: SAMEORIGIN" in f["http.headers"]
    assert f["http.path"] == "/"  # Shodan's http.location is the requested path
    assert "http.location" not in f
    assert "/doc/page/login.asp" in f["http.body"]
    assert f["http.favicon.mmh3"] == "999357577"
    assert f["import.product"] == "Hikvision IP camera httpd"
    assert f["import.devicetype"] == "webcam"
    assert obs.raw.startswith(b"HTTP/1.1 200 OK\r\n")


def test_all_kinds_of_banner() -> None:
    got = list(shodan.read(DATA / "shodan_banners.jsonl"))
    assert [r.position for r in got] == [1, 2, 3, 4, 5, 6, 7]
    by_port = {(r.ip, r.port): r.observations[0] for r in got}
    rtsp = by_port[("192.0.2.65", 554)]
    assert rtsp.protocol == "rtsp"
    assert rtsp.fields["rtsp.status"] == "401"
    assert rtsp.fields["rtsp.www_authenticate"].startswith('Digest realm="IP Camera(C6853)"')
    tls = by_port[("192.0.2.66", 443)]
    assert tls.protocol == "https"
    assert tls.fields["tls.subject"] == (
        "CN=192.0.2.66,OU=Dahua,O=ZheJiang Dahua Technology Co.\\, Ltd.,L=HangZhou,ST=ZheJiang,C=CN"
    )
    assert tls.fields["tls.issuer"] == "CN=Dahua Root CA,O=ZheJiang Dahua Technology Co.\\, Ltd.,C=CN"
    assert tls.fields["tls.sha256"].startswith("5f0c1e2d")
    assert tls.fields["http.title"] == "WEB SERVICE"
    assert tls.fields["http.set_cookie"] == "secure; SameSite=Lax"
    ssh = by_port[("203.0.113.5", 22)]
    assert ssh.fields["ssh.banner"] == "SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6"
    assert ssh.fields["import.version"] == "8.9p1 Ubuntu-3ubuntu0.6"
    snmp = by_port[("198.51.100.30", 161)]
    assert (snmp.protocol, snmp.transport) == ("snmp", "udp")
    assert snmp.fields["snmp.sysdescr"] == "Hikvision DS-7608NI-K2"
    nginx = by_port[("203.0.113.10", 8080)]
    assert nginx.fields["http.location"] == "https://203.0.113.10/"
    assert nginx.fields["http.title"] == "301 Moved Permanently"


def test_gzip_download_and_json_array_give_the_same_banners() -> None:
    plain = [(r.ip, r.port, r.observations) for r in shodan.read(DATA / "shodan_banners.jsonl")]
    packed = [(r.ip, r.port, r.observations) for r in read("shodan", DATA / "shodan_download.json.gz")]
    assert packed == plain
    array = list(shodan.read(DATA / "shodan_array.json"))
    assert [(r.position, r.ip, r.port) for r in array] == [
        (1, "192.0.2.65", 80),
        (2, "198.51.100.20", 554),
        (3, "203.0.113.5", 22),
    ]


def test_int_ip_is_used_when_ip_str_is_missing() -> None:
    (record,) = shodan.read(io.BytesIO(b'{"ip": 3221226049, "port": 23, "data": "login: "}'))
    assert record.ip == "192.0.2.65"
    assert record.observations[0].fields == {"telnet.banner": "login:"}


def test_broken_records_are_reported_in_place() -> None:
    got = list(shodan.read(DATA / "shodan_broken.jsonl"))
    assert [(r.position, r.ok) for r in got] == [
        (1, True),
        (2, False),
        (3, False),
        (5, True),
        (6, False),
        (7, True),
    ]
    assert got[1].error is not None and got[1].error.startswith("not JSON")
    assert got[2].error == "cannot interpret Shodan banner: no port"
    # Mistyped fields are ignored, not fatal: the record still says what it can.
    assert got[3].ip == "192.0.2.99" and got[3].observations[0].fields == {}
    assert got[4].error == "cannot interpret Shodan banner: record is not a JSON object"


def test_truncated_download(tmp_path: Path) -> None:
    packed = (DATA / "shodan_download.json.gz").read_bytes()
    cut = tmp_path / "cut.json.gz"
    cut.write_bytes(packed[: len(packed) - 300])
    got = list(shodan.read(cut))
    assert all(r.ok for r in got[:-1]) and len(got) >= 2
    assert got[-1].error is not None and "truncated gzip" in got[-1].error


def test_over_long_line() -> None:
    data = (
        b'{"ip_str": "192.0.2.1", "port": 80, "data": "'
        + b"A" * 3000
        + b'"}\n{"ip_str": "192.0.2.2", "port": 21, "data": "220 FTP"}\n'
    )
    got = list(shodan.read(io.BytesIO(data), max_bytes=1000))
    assert got[0].error == "record longer than 1000 bytes; skipped unread"
    assert got[1].observations[0].fields == {"ftp.banner": "220 FTP"}


def test_body_is_capped_at_64_kib() -> None:
    big = (
        '{"ip_str": "192.0.2.1", "port": 80, "data": "HTTP/1.1 200 OK\\r\\n\\r\\n", "http": {"html": "'
        + "x" * 100_000
        + '"}}'
    )
    (record,) = shodan.read(io.BytesIO(gzip.compress(big.encode())))
    assert len(record.observations[0].fields["http.body"]) == 64 * 1024


def test_rtsp_answer_read_whole_and_shodan_names_as_weak_fields() -> None:
    """An RTSP DESCRIBE answer keeps its Content-Base and SDP, a redirect its Location, and Shodan's own
    hostnames/tags/info become import.* fields; identify then names the makers from the stream paths."""
    from camaudit.identify import identify

    first, second = list(shodan.read(DATA / "shodan_fields_illustrative.jsonl"))
    fields = first.observations[0].fields
    assert fields["rtsp.content_base"] == "rtsp://192.0.2.201:554/Streaming/Channels/101/"
    assert fields["rtsp.sdp"].startswith("v=0\no=- 1 1 IN IP4") and "a=control:" in fields["rtsp.sdp"]
    assert (fields["import.hostnames"], fields["import.tags"]) == ("frontgate.hiddns.com", "webcam")
    assert identify(first.observations).manufacturer == "hikvision"
    assert second.observations[0].fields["rtsp.location"].endswith("/cam/realmonitor?channel=1&subtype=0")
    assert identify(second.observations).manufacturer == "dahua"
