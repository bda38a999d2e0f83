"""The hostile device misbehaves on every port, and the lab stays up through all of it."""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Iterator

import pytest
from lab_io import exchange_tcp, split_reply

from camaudit.lab import LabRunner

BASE = "127.77.13.1"


@pytest.fixture(scope="module")
def lab() -> Iterator[LabRunner]:
    with LabRunner(["garbage", "nginx-web"], base=BASE) as runner:
        yield runner


def test_random_bytes_on_http(lab: LabRunner) -> None:
    dev = lab.device("garbage")
    reply = exchange_tcp(dev.ip, dev.ports["http"], b"GET / HTTP/1.1\r\n\r\n")
    assert len(reply) == 65536
    assert not reply.startswith(b"HTTP/")


def test_endless_header_on_rtsp_never_ends(lab: LabRunner) -> None:
    dev = lab.device("garbage")
    reply = exchange_tcp(dev.ip, dev.ports["rtsp"], b"OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n", limit=1 << 20)
    assert reply.startswith(b"RTSP/1.0 200 OK\r\nCSeq: 1\r\nX-Endless: AAAA")
    assert len(reply) >= 1 << 20
    assert b"\r\n\r\n" not in reply


def test_drip_sends_one_byte_at_a_time(lab: LabRunner) -> None:
    dev = lab.device("garbage")
    with socket.create_connection((dev.ip, dev.ports["http_drip"]), timeout=5) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\n\r\n")
        start = time.monotonic()
        first = sock.recv(100)
        second = sock.recv(100)
        assert first + second == b"HT"
        assert time.monotonic() - start >= 0.8


def test_reset_on_https(lab: LabRunner) -> None:
    dev = lab.device("garbage")
    with socket.create_connection((dev.ip, dev.ports["https"]), timeout=5) as sock:
        sock.sendall(b"\x16\x03\x01\x00\x05hello")
        with pytest.raises(ConnectionResetError):
            sock.recv(100)


def test_tarpit_and_giant_header(lab: LabRunner) -> None:
    dev = lab.device("garbage")
    assert exchange_tcp(dev.ip, dev.ports["tarpit"], b"anything\r\n", quiet=0.5) == b""
    giant = exchange_tcp(dev.ip, dev.ports["http_giant"], b"GET / HTTP/1.1\r\n\r\n", limit=2 << 20)
    assert len(giant) > 1 << 20
    assert giant.endswith(b"\r\nContent-Length: 0\r\n\r\n")


def test_script_in_banners_is_served_verbatim(lab: LabRunner) -> None:
    dev = lab.device("garbage")
    _, headers, body = split_reply(exchange_tcp(dev.ip, dev.ports["http_script"], b"GET / HTTP/1.1\r\n\r\n"))
    assert "Server: <script>alert(1)</script>" in headers
    assert b"<script>alert(4)</script>" in body


def test_lab_survives_abuse_and_keeps_answering(lab: LabRunner) -> None:
    dev = lab.device("garbage")
    for port in dev.ports.values():
        with socket.create_connection((dev.ip, port), timeout=5) as sock:
            sock.sendall(b"\x00\xff" * 1000)
    # a client that sends a head larger than the lab reads is cut off, not buffered forever
    web = lab.device("nginx-web")
    huge = b"GET / HTTP/1.1\r\nX: " + b"a" * (1 << 20) + b"\r\n\r\n"
    with (
        socket.create_connection((web.ip, web.ports["http"]), timeout=5) as sock,
        contextlib.suppress(BrokenPipeError, ConnectionResetError),
    ):
        sock.sendall(huge)
    reply = exchange_tcp(web.ip, web.ports["http"], b"GET / HTTP/1.0\r\n\r\n")
    assert reply.startswith(b"HTTP/1.1 200 OK")
