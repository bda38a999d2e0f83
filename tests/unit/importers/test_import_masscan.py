"""masscan -oJ (every comma style) and -oD: events gathered per endpoint."""

from __future__ import annotations

import io
from pathlib import Path

from camaudit.importers import masscan

DATA = Path(__file__).resolve().parents[2] / "data" / "importers"


def test_old_oj_with_trailing_commas_and_no_closing_bracket() -> None:
    got = list(masscan.read(DATA / "masscan_oJ_old.json"))
    assert [(r.position, r.ip, r.port) for r in got] == [
        (2, "192.0.2.64", 80),
        (3, "192.0.2.80", 22),
        (8, "192.0.2.81", 23),
    ]
    (web,) = got[0].observations
    assert web.protocol == "http"
    assert web.seen_at == "2024-05-29T16:26:40Z"
    assert web.fields["http.status"] == "401"
    assert web.fields["http.server"] == "App-webs/"  # once, though two banners carry it
    assert web.fields["http.title"] == "Document Error: Unauthorized"
    assert web.fields["http.www_authenticate"] == 'Digest qop="auth", realm="IP Camera(C6853)"'
    assert got[1].observations[0].fields == {"ssh.banner": "SSH-2.0-dropbear_2019.78"}
    assert got[2].observations[0].fields["telnet.banner"] == "(none) login:"  # the IAC WILL ECHO before it dropped


def test_new_oj_with_leading_commas_certificate_and_a_bad_line() -> None:
    got = list(masscan.read(DATA / "masscan_oJ.json"))
    assert [(r.position, r.ip, r.port, r.ok) for r in got] == [
        (2, "192.0.2.64", 80, True),
        (6, "192.0.2.90", 443, True),
        (8, None, None, False),
        (10, "192.0.2.80", 22, True),
    ]
    tls = got[1].observations[0]
    assert tls.protocol == "tls"
    assert tls.fields["tls.subject"] == "CN=axis-accc8e000001,O=Axis Communications AB,C=SE"
    assert len(tls.fields["tls.sha256"]) == 64
    assert got[2].error is not None and got[2].error.startswith("not JSON")


def test_od_ndjson_merges_status_and_banners() -> None:
    got = list(masscan.read(DATA / "masscan_oD.ndjson"))
    assert [(r.position, r.ip, r.port) for r in got] == [(1, "198.51.100.20", 80), (2, "198.51.100.21", 8080)]
    assert got[0].observations[0].fields["http.title"] == "WEB SERVICE"
    assert got[1].observations[0].fields == {"http.server": "nginx/1.24.0"}


def test_status_only_endpoint_is_a_readable_record_without_observations() -> None:
    line = b'{"ip":"192.0.2.1","timestamp":"1","port":554,"proto":"tcp","rec_type":"status","data":{"status":"open"}}\n'
    (record,) = masscan.read(io.BytesIO(line))
    assert (record.ip, record.port, record.ok, record.observations) == ("192.0.2.1", 554, True, ())


def test_window_bounds_memory_and_keeps_order(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(masscan, "WINDOW_LINES", 3)
    lines = [
        b'{"ip":"192.0.2.1","timestamp":"1","port":80,"proto":"tcp","rec_type":"status","data":{}}',
        b'{"ip":"192.0.2.2","timestamp":"1","port":80,"proto":"tcp","rec_type":"status","data":{}}',
        b"garbage",
        b'{"ip":"192.0.2.3","timestamp":"1","port":80,"proto":"tcp","rec_type":"status","data":{}}',
        b'{"ip":"192.0.2.4","timestamp":"1","port":80,"proto":"tcp","rec_type":"status","data":{}}',
        b'{"ip":"192.0.2.1","timestamp":"2","port":80,"proto":"tcp","rec_type":"banner","data":{"service_name":"title","banner":"late"}}',
    ]
    got = list(masscan.read(io.BytesIO(b"\n".join(lines))))
    # 192.0.2.1's late banner is past the window: it becomes a second record, nothing is lost.
    assert [(r.position, r.ip) for r in got] == [
        (1, "192.0.2.1"),
        (2, "192.0.2.2"),
        (3, None),
        (4, "192.0.2.3"),
        (5, "192.0.2.4"),
        (6, "192.0.2.1"),
    ]
    assert got[-1].observations[0].fields == {"http.title": "late"}
