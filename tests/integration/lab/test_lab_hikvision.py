"""Hikvision and its ANNKE relabel answer with the bytes real firmware sends."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import defusedxml.ElementTree as ET
import pytest
from cryptography import x509
from lab_io import exchange_tcp, exchange_tls, exchange_udp, split_reply

from camaudit.lab import LabDevice, LabRunner

BASE = "127.77.10.1"
NS = "{http://www.hikvision.com/ver20/XMLSchema}"


@pytest.fixture(scope="module")
def lab() -> Iterator[LabRunner]:
    with LabRunner(["hikvision-ipc", "annke-ipc"], base=BASE) as runner:
        yield runner


@pytest.fixture
def hik(lab: LabRunner) -> LabDevice:
    return lab.device("hikvision-ipc")


@pytest.fixture
def annke(lab: LabRunner) -> LabDevice:
    return lab.device("annke-ipc")


def test_devices_get_consecutive_addresses(lab: LabRunner) -> None:
    assert [d.ip for d in lab.devices] == ["127.77.10.1", "127.77.10.2"]
    assert lab.devices[0].mac == "c4:2f:90:1a:2b:3c"
    assert lab.devices[0].expect["manufacturer"] == "hikvision"


def test_root_page_redirects_to_login_with_app_webs(hik: LabDevice) -> None:
    status, headers, body = split_reply(exchange_tcp(hik.ip, hik.ports["http"], b"GET / HTTP/1.0\r\n\r\n"))
    # App-webs answers in the request's version (what nmap's L9762 match expects).
    assert status == "HTTP/1.0 200 OK"
    assert headers[0].startswith("Date: ")
    assert headers[1] == "Server: App-webs/"
    assert f"Content-Length: {len(body)}" in headers
    assert b'window.location.href = "/doc/page/login.asp?_" + (new Date()).getTime();' in body


def test_session_capabilities_answer_without_login(hik: LabDevice) -> None:
    reply = exchange_tcp(
        hik.ip, hik.ports["http"],
        b"GET /ISAPI/Security/sessionLogin/capabilities?username=admin HTTP/1.1\r\nHost: x\r\n\r\n",
    )
    status, _, body = split_reply(reply)
    assert status == "HTTP/1.1 200 OK"
    root = ET.fromstring(body)
    assert root.tag == f"{NS}SessionLoginCap"
    assert re.fullmatch(r"[0-9a-f]{32}", root.findtext(f"{NS}challenge") or "")
    assert root.findtext(f"{NS}iterations") == "100"
    assert root.findtext(f"{NS}isIrreversible") == "true"
    assert len(root.findtext(f"{NS}salt") or "") == 64
    assert root.findtext(f"{NS}sessionID")


def test_device_info_needs_digest_with_camera_realm(hik: LabDevice) -> None:
    reply = exchange_tcp(hik.ip, hik.ports["http"], b"GET /ISAPI/System/deviceInfo HTTP/1.1\r\nHost: x\r\n\r\n")
    status, headers, _ = split_reply(reply)
    assert status == "HTTP/1.1 401 Unauthorized"
    auth = [h for h in headers if h.startswith("WWW-Authenticate: ")]
    assert len(auth) == 1
    assert re.fullmatch(
        r'WWW-Authenticate: Digest qop="auth", realm="IP Camera\(C2183\)", nonce="[0-9a-f]{32}", stale="FALSE"',
        auth[0],
    )


def test_unknown_path_gets_the_devices_own_404(hik: LabDevice) -> None:
    status, headers, body = split_reply(exchange_tcp(hik.ip, hik.ports["http"], b"GET /nope HTTP/1.1\r\n\r\n"))
    assert status == "HTTP/1.1 404 Not Found"
    assert "Server: App-webs/" in headers
    assert b"Document Error" in body


def test_favicon_is_an_icon(hik: LabDevice) -> None:
    _, headers, body = split_reply(exchange_tcp(hik.ip, hik.ports["http"], b"GET /favicon.ico HTTP/1.1\r\n\r\n"))
    assert "Content-Type: image/x-icon" in headers
    assert body.startswith(b"\x00\x00\x01\x00")


def test_https_presents_the_hikvision_factory_certificate(hik: LabDevice) -> None:
    der, reply = exchange_tls(hik.ip, hik.ports["https"], b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    cert = x509.load_der_x509_certificate(der)
    subject = "CN=www.hikvision.com,OU=DVRNVR,O=HIKVISION,L=HangZhou,ST=ZheJiang,C=CN"
    assert cert.subject.rfc4514_string() == subject
    assert cert.issuer.rfc4514_string() == subject
    assert b"/doc/page/login.asp?_" in reply


def test_rtsp_options_and_describe(hik: LabDevice) -> None:
    port = hik.ports["rtsp"]
    options = exchange_tcp(hik.ip, port, b"OPTIONS rtsp://x/ RTSP/1.0\r\nCSeq: 1\r\n\r\n")
    assert options.startswith(b"RTSP/1.0 200 OK\r\nCSeq: 1\r\nPublic: OPTIONS, DESCRIBE, PLAY")
    # Hikvision's RTSP Date header has two spaces after the colon.
    assert re.search(rb"\r\nDate:  \w{3}, \w{3} \d\d \d{4} ", options)
    describe = exchange_tcp(hik.ip, port, b"DESCRIBE rtsp://x/Streaming/Channels/101 RTSP/1.0\r\nCSeq: 42\r\n\r\n")
    assert re.match(
        rb'RTSP/1.0 401 Unauthorized\r\nCSeq: 42\r\nWWW-Authenticate: Digest realm="IP Camera\(C2183\)", '
        rb'nonce="[0-9a-f]{32}", stale="FALSE"\r\n',
        describe,
    )


def test_rtsp_cseq_cannot_inject_headers(hik: LabDevice) -> None:
    reply = exchange_tcp(hik.ip, hik.ports["rtsp"], b"OPTIONS * RTSP/1.0\r\nCSeq: 1\rX-Evil: 1\r\n\r\n")
    assert b"X-Evil" not in reply
    assert b"CSeq: 0\r\n" in reply


def test_sdk_port_is_silent_then_answers_junk_with_16_bytes(hik: LabDevice) -> None:
    assert exchange_tcp(hik.ip, hik.ports["sdk"], b"", quiet=0.5) == b""
    reply = exchange_tcp(hik.ip, hik.ports["sdk"], b"\x00junk\r\n\r\n", quiet=0.5)
    assert reply == bytes.fromhex("00000010 0000001e 0000001e 00000000")


def _sadp(device: LabDevice, probe_uuid: str) -> dict[str, str]:
    probe = (
        f'<?xml version="1.0" encoding="utf-8"?><Probe><Uuid>{probe_uuid}</Uuid>'
        "<Types>inquiry</Types></Probe>"
    ).encode()
    reply = exchange_udp(device.ip, device.ports["sadp"], probe)
    assert reply is not None
    assert reply.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\r\n<ProbeMatch>\r\n')
    assert b"\n" not in reply.replace(b"\r\n", b"")
    return {el.tag: el.text or "" for el in ET.fromstring(reply)}


def test_sadp_reply_echoes_uuid_and_names_the_device(hik: LabDevice) -> None:
    probe_uuid = str(uuid.uuid4()).upper()
    fields = _sadp(hik, probe_uuid)
    assert fields["Uuid"] == probe_uuid
    assert fields["DeviceDescription"] == "DS-2CD2143G2-I"
    assert fields["DeviceSN"] == "DS-2CD2143G2-I20220101AAWRJ12345678"
    assert fields["MAC"] == "c4-2f-90-1a-2b-3c"
    assert fields["SoftwareVersion"] == "V5.7.3build 220112"
    assert fields["Activated"] == "true"
    assert fields["HCPlatformEnable"] == "flase"
    assert fields["IPv4Address"] == hik.ip
    assert fields["HttpPort"] == str(hik.ports["http"])
    assert fields["CommandPort"] == "8000"


def test_sadp_ignores_other_datagrams(hik: LabDevice) -> None:
    assert exchange_udp(hik.ip, hik.ports["sadp"], b"hello", timeout=0.5) is None


def test_annke_shows_its_brand_over_hikvision_markers(annke: LabDevice) -> None:
    page = exchange_tcp(annke.ip, annke.ports["http"], b"GET /doc/page/login.asp HTTP/1.1\r\n\r\n")
    _, headers, body = split_reply(page)
    assert "Server: webserver" in headers
    assert body.startswith(b"\xef\xbb\xbf<!doctype html>")
    assert b"<title>ANNKE</title>" in body
    assert b"Hikvision" not in body
    cap = exchange_tcp(annke.ip, annke.ports["http"], b"GET /ISAPI/Security/sessionLogin/capabilities HTTP/1.1\r\n\r\n")
    assert b"http://www.hikvision.com/ver20/XMLSchema" in cap
    fields = _sadp(annke, "11223344-5566-7788-9900-112233445566")
    assert fields["OEMInfo"] == "ANNKE"
    assert fields["DeviceDescription"] == "I91BM"
    assert fields["DeviceSN"] == annke.expect["serial"]
    describe = exchange_tcp(annke.ip, annke.ports["rtsp"], b"DESCRIBE rtsp://x/ RTSP/1.0\r\nCSeq: 2\r\n\r\n")
    assert b'WWW-Authenticate: Digest realm="Hikvision", nonce="' in describe
    assert b'WWW-Authenticate: Basic realm="/"\r\n' in describe
    der, _ = exchange_tls(annke.ip, annke.ports["https"], b"GET / HTTP/1.1\r\n\r\n")
    assert x509.load_der_x509_certificate(der).subject.rfc4514_string() == (
        "CN=hikvision.com,OU=HZ,O=HIKVISION,L=HZ,ST=ZJ,C=CN"
    )
