"""Helpers for lab tests: real sockets, send bytes, read until the device closes or goes quiet."""

from __future__ import annotations

import socket
import ssl
import time


def exchange_tcp(ip: str, port: int, data: bytes, *, limit: int = 1 << 20, quiet: float = 1.0) -> bytes:
    """Send ``data`` and return what arrives until close, ``limit`` bytes, or ``quiet`` seconds of silence."""
    with socket.create_connection((ip, port), timeout=5) as sock:
        sock.sendall(data)
        return _drain(sock, limit, quiet)


def exchange_tls(ip: str, port: int, data: bytes) -> tuple[bytes, bytes]:
    """The peer certificate (DER) and the reply to ``data`` over TLS."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    with socket.create_connection((ip, port), timeout=5) as raw, ctx.wrap_socket(raw) as sock:
        der = sock.getpeercert(binary_form=True)
        assert der is not None
        sock.sendall(data)
        return der, _drain(sock, 1 << 20, 1.0)


def exchange_udp(ip: str, port: int, data: bytes, timeout: float = 3.0) -> bytes | None:
    """One datagram out, the first reply back (None if the device stays silent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.settimeout(timeout)
        sock.sendto(data, (ip, port))
        try:
            return sock.recvfrom(65535)[0]
        except TimeoutError:
            return None


def _drain(sock: socket.socket, limit: int, quiet: float) -> bytes:
    out = b""
    sock.settimeout(quiet)
    deadline = time.monotonic() + 10
    while len(out) < limit and time.monotonic() < deadline:
        try:
            chunk = sock.recv(65536)
        except (TimeoutError, ssl.SSLError):
            break
        if not chunk:
            break
        out += chunk
    return out


def split_reply(reply: bytes) -> tuple[str, list[str], bytes]:
    """Status line, header lines as sent, body."""
    head, _, body = reply.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    return lines[0], lines[1:], body
