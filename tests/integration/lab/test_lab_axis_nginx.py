"""Axis (contrast vendor) and a plain nginx web server (not a camera)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from cryptography import x509
from lab_io import exchange_tcp, exchange_tls, split_reply

from camaudit.lab import LabRunner

BASE = "127.77.12.1"


@pytest.fixture(scope="module")
def lab() -> Iterator[LabRunner]:
    with LabRunner(["axis-ipc", "nginx-web"], base=BASE) as runner:
        yield runner


def test_axis_root_redirects_to_index_titled_axis(lab: LabRunner) -> None:
    axis = lab.device("axis-ipc")
    status, headers, _ = split_reply(exchange_tcp(axis.ip, axis.ports["http"], b"GET / HTTP/1.1\r\n\r\n"))
    assert status == "HTTP/1.1 302 Found"
    assert "Location: /index.html" in headers
    body = split_reply(exchange_tcp(axis.ip, axis.ports["http"], b"GET /index.html HTTP/1.1\r\n\r\n"))[2]
    assert b"<title>AXIS</title>" in body


def test_axis_basic_device_info_is_open(lab: LabRunner) -> None:
    axis = lab.device("axis-ipc")
    payload = b'{"apiVersion":"1.0","method":"getAllUnrestrictedProperties"}'
    request = (
        b"POST /axis-cgi/basicdeviceinfo.cgi HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\n\r\n%s" % (len(payload), payload)
    )
    status, _, body = split_reply(exchange_tcp(axis.ip, axis.ports["http"], request))
    assert status == "HTTP/1.1 200 OK"
    props = json.loads(body)["data"]["propertyList"]
    assert props["Brand"] == "AXIS"
    assert props["ProdNbr"] == "P3245-LVE"
    assert props["ProdType"] == "Network Camera"
    assert props["Version"] == "10.12.220"
    assert props["SerialNumber"] == "ACCC8E5A3B7C"
    assert props["ProdFullName"] == "AXIS P3245-LVE Network Camera"


def test_axis_protected_paths_want_digest_with_mac_realm(lab: LabRunner) -> None:
    axis = lab.device("axis-ipc")
    reply = exchange_tcp(axis.ip, axis.ports["http"], b"GET /axis-cgi/param.cgi HTTP/1.1\r\n\r\n")
    assert reply.startswith(b"HTTP/1.1 401 Unauthorized\r\n")
    assert re.search(rb'WWW-Authenticate: Digest realm="AXIS_ACCC8E5A3B7C", nonce="[0-9a-f]{32}"', reply)
    rtsp = exchange_tcp(axis.ip, axis.ports["rtsp"], b"DESCRIBE rtsp://x/axis-media/media.amp RTSP/1.0\r\nCSeq: 5\r\n\r\n")
    assert rtsp.startswith(b"RTSP/1.0 401 Unauthorized\r\nCSeq: 5\r\n")
    assert b'Digest realm="AXIS_ACCC8E5A3B7C"' in rtsp


def test_axis_certificate_names_the_mac(lab: LabRunner) -> None:
    axis = lab.device("axis-ipc")
    der, _ = exchange_tls(axis.ip, axis.ports["https"], b"GET / HTTP/1.1\r\n\r\n")
    subject = x509.load_der_x509_certificate(der).subject.rfc4514_string()
    assert subject == "CN=axis-accc8e5a3b7c,O=Axis Communications AB"


def test_nginx_is_a_plain_web_server(lab: LabRunner) -> None:
    web = lab.device("nginx-web")
    assert web.expect["device_type"] == "web_server"
    status, headers, body = split_reply(exchange_tcp(web.ip, web.ports["http"], b"GET / HTTP/1.0\r\n\r\n"))
    assert status == "HTTP/1.1 200 OK"
    assert headers[0] == "Server: nginx/1.22.1"
    assert b"<title>Welcome to nginx!</title>" in body
    missing = exchange_tcp(web.ip, web.ports["http"], b"GET /missing HTTP/1.0\r\n\r\n")
    assert missing.endswith(b"<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n")


def test_keep_alive_serves_several_requests_on_one_connection(lab: LabRunner) -> None:
    web = lab.device("nginx-web")
    two = b"GET / HTTP/1.1\r\nHost: x\r\n\r\nHEAD /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    reply = exchange_tcp(web.ip, web.ports["http"], two)
    assert reply.count(b"HTTP/1.1 200 OK\r\n") == 2
    assert reply.endswith(b"\r\n\r\n")  # HEAD: headers only
