"""Dahua and its Amcrest relabel: no Server header, login challenge, DVRIP realm, DHIP discovery."""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Iterator

import pytest
from cryptography import x509
from lab_io import exchange_tcp, exchange_tls, exchange_udp, split_reply

from camaudit.lab import LabDevice, LabRunner

BASE = "127.77.11.1"
LOGIN = (
    b'{"method":"global.login","params":{"userName":"admin","password":"","clientType":"Web3.0",'
    b'"loginType":"Direct"},"id":1}'
)


@pytest.fixture(scope="module")
def lab() -> Iterator[LabRunner]:
    with LabRunner(["dahua-ipc", "amcrest-ipc"], base=BASE) as runner:
        yield runner


@pytest.fixture(params=["dahua-ipc", "amcrest-ipc"])
def device(lab: LabRunner, request: pytest.FixtureRequest) -> LabDevice:
    return lab.device(request.param)


def _dhip(body: bytes) -> bytes:
    return struct.pack("<I", 0x20) + b"DHIP" + struct.pack("<IIIIII", 0, 0, len(body), 0, len(body), 0) + body


def test_web_page_has_no_server_header_and_dahua_markers(device: LabDevice) -> None:
    reply = exchange_tcp(device.ip, device.ports["http"], b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    status, headers, body = split_reply(reply)
    assert status == "HTTP/1.1 200 OK"
    assert not [h for h in headers if h.lower().startswith("server:")]
    assert headers[0] == "CONNECTION: close"
    assert f"CONTENT-LENGTH: {len(body)}" in headers
    assert body.startswith(b"\xef\xbb\xbf<!DOCTYPE html")
    assert b"<title>WEB SERVICE</title>" in body
    assert b"ui-dialog-content" in body


def test_amcrest_page_names_amcrest() -> None:
    with LabRunner(["amcrest-ipc"], base="127.77.11.20") as lab:
        dev = lab.devices[0]
        body = split_reply(exchange_tcp(dev.ip, dev.ports["http"], b"GET / HTTP/1.1\r\n\r\n"))[2]
    assert b"Amcrest Technologies" in body
    assert b"LDAPUser" in body


def test_rpc2_login_challenge_carries_mac_and_realm(device: LabDevice) -> None:
    request = b"POST /RPC2_Login HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s" % (len(LOGIN), LOGIN)
    status, headers, body = split_reply(exchange_tcp(device.ip, device.ports["http"], request))
    assert status == "HTTP/1.1 200 OK"
    assert not [h for h in headers if h.lower().startswith("server:")]
    challenge = json.loads(body)
    assert challenge["error"] == {"code": 268632079, "message": "Component error: login challenge!"}
    assert challenge["result"] is False
    params = challenge["params"]
    assert params["mac"] == device.mac.replace(":", "").upper()
    assert params["realm"] == f"Login to {device.expect['serial']}"
    assert re.fullmatch(r"[0-9a-f]{40}", params["authorization"])
    assert params["random"].isdigit()
    assert isinstance(challenge["session"], int)
    assert body.startswith(b'{"error":{"code":268632079,')


def test_rpc2_login_without_login_body_is_not_a_challenge(device: LabDevice) -> None:
    reply = exchange_tcp(device.ip, device.ports["http"], b"POST /RPC2_Login HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}")
    assert reply.startswith(b"HTTP/1.1 404 ")


def test_rtsp_is_dahua_rtsp_server(device: LabDevice) -> None:
    port = device.ports["rtsp"]
    options = exchange_tcp(device.ip, port, b"OPTIONS rtsp://x/ RTSP/1.0\r\nCSeq: 3\r\n\r\n")
    assert options.startswith(b"RTSP/1.0 200 OK\r\nCSeq: 3\r\nServer: Dahua Rtsp Server\r\nPublic: OPTIONS,")
    describe = exchange_tcp(device.ip, port, b"DESCRIBE rtsp://x/cam/realmonitor RTSP/1.0\r\nCSeq: 4\r\n\r\n")
    serial = device.expect["serial"]
    assert re.match(
        rb'RTSP/1.0 401 Unauthorized\r\nCSeq: 4\r\nWWW-Authenticate: Digest realm="Login to '
        + serial.encode()  # type: ignore[union-attr]
        + rb'", nonce="[0-9a-f]{32}"\r\nWWW-Authenticate: Basic realm="device"\r\nServer: Dahua Rtsp Server\r\n\r\n$',
        describe,
    )


def test_dvrip_realm_request(device: LabDevice) -> None:
    request = bytes.fromhex("a0010000") + bytes(20) + bytes.fromhex("050201010000a1aa")
    assert len(request) == 32
    reply = exchange_tcp(device.ip, device.ports["dvrip"], request, quiet=0.5)
    assert reply[0] == 0xB0
    length = struct.unpack_from("<I", reply, 4)[0]
    body = reply[32:]
    assert length == len(body)
    assert re.fullmatch(rb"Realm:Login to " + device.expect["serial"].encode() + rb"\r\nRandom:\d+\r\n\r\n", body)  # type: ignore[union-attr]


def test_dvrip_is_silent_until_spoken_to(device: LabDevice) -> None:
    assert exchange_tcp(device.ip, device.ports["dvrip"], b"", quiet=0.5) == b""


def test_dhip_discovery_reply_is_framed_and_describes_the_device(device: LabDevice) -> None:
    search = b'{"method":"DHDiscover.search","params":{"mac":"","uni":1}}\n'
    reply = exchange_udp(device.ip, device.ports["dhip"], _dhip(search))
    assert reply is not None
    assert reply[:8] == b"\x20\x00\x00\x00DHIP"
    size = struct.unpack_from("<I", reply, 16)[0]
    assert size == struct.unpack_from("<I", reply, 24)[0] == len(reply) - 32
    message = json.loads(reply[32:])
    assert message["method"] == "client.notifyDevInfo"
    assert message["mac"] == device.mac
    info = message["params"]["deviceInfo"]
    assert info["DeviceType"] == device.expect["model"]
    assert info["SerialNo"] == device.expect["serial"]
    assert info["Version"] == device.expect["firmware"]
    assert info["DeviceClass"] == "IPC"
    assert info["IPv4Address"]["IPAddress"] == device.ip
    assert info["HttpPort"] == device.ports["http"]
    assert info["Port"] == device.ports["dvrip"]
    assert info["Vendor"] == {"dahua-ipc": "Dahua", "amcrest-ipc": "Amcrest"}[device.name]
    assert "Init" in info


def test_dhip_ignores_bare_json(device: LabDevice) -> None:
    bare = b'{"method":"DHDiscover.search","params":{"mac":"","uni":1}}\n'
    assert exchange_udp(device.ip, device.ports["dhip"], bare, timeout=0.5) is None


def test_amcrest_firmware_carries_oem_code(lab: LabRunner) -> None:
    amcrest = lab.device("amcrest-ipc")
    assert re.fullmatch(r"\d+\.\d+\.\d{2}AC\d.*", amcrest.expect["firmware"] or "")
    assert (amcrest.expect["serial"] or "").startswith("AMC")
    assert (amcrest.expect["brand"], amcrest.expect["manufacturer"]) == ("amcrest", "dahua")


def test_dahua_certificate_subject_and_issuer(lab: LabRunner) -> None:
    dahua = lab.device("dahua-ipc")
    der, reply = exchange_tls(dahua.ip, dahua.ports["https"], b"GET / HTTP/1.1\r\n\r\n")
    cert = x509.load_der_x509_certificate(der)
    assert cert.subject.rfc4514_string() == "OU=DAHUATECH,O=DAHUA,L=HANGZHOU,ST=ZHEJIANG,C=CN,CN=192.168.1.108"
    assert cert.issuer.rfc4514_string() == "O=DahuaTech,L=HangZhou,ST=ZheJiang,C=CN,CN=Product Root CA"
    assert b"<title>WEB SERVICE</title>" in reply
