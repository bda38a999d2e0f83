"""The runner: alternative ports, async use, clean stop, loopback-only, bounded connections."""

from __future__ import annotations

import asyncio
import contextlib
import socket

import pytest
from lab_io import exchange_tcp

from camaudit.lab import LabError, LabRunner
from camaudit.lab import device as device_module


def test_alt_ports_use_documented_alternatives() -> None:
    with LabRunner(["hikvision-ipc", "nginx-web"], base="127.77.14.1", alt_ports=True) as lab:
        hik = lab.device("hikvision-ipc")
        assert dict(hik.ports) == {"http": 8080, "https": 8443, "rtsp": 8554, "sdk": 8000, "sadp": 37020}
        assert lab.ports == [8000, 8080, 8443, 8554]
        assert exchange_tcp(hik.ip, 8080, b"GET / HTTP/1.0\r\n\r\n").startswith(b"HTTP/1.0 200 OK")
        assert exchange_tcp(hik.ip, 8554, b"OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n").startswith(b"RTSP/1.0 200")


def test_stop_frees_every_port_and_a_second_lab_can_bind_them() -> None:
    for _ in range(2):
        with LabRunner(["nginx-web"], base="127.77.15.1") as lab:
            port = lab.devices[0].ports["http"]
        with pytest.raises(OSError):
            socket.create_connection(("127.77.15.1", port), timeout=1).close()


def test_async_use_on_the_callers_loop() -> None:
    async def main() -> bytes:
        async with LabRunner(["nginx-web"], base="127.77.16.1") as lab:
            dev = lab.devices[0]
            reader, writer = await asyncio.open_connection(dev.ip, dev.ports["http"])
            writer.write(b"GET / HTTP/1.0\r\n\r\n")
            data = await reader.read()
            writer.close()
            return data

    assert asyncio.run(main()).startswith(b"HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\n")


@pytest.mark.parametrize("base", ["10.0.0.1", "0.0.0.0", "192.168.1.64", "::1", "not-an-ip"])
def test_non_loopback_base_is_refused(base: str) -> None:
    with pytest.raises(LabError):
        LabRunner(["nginx-web"], base=base)


def test_addresses_must_stay_inside_loopback() -> None:
    with pytest.raises(LabError, match=r"127\.255\.255\.254"):
        LabRunner(["nginx-web", "axis-ipc"], base="127.255.255.254")


def _can_bind(ip: str, port: int, kind: socket.SocketKind) -> bool:
    with socket.socket(socket.AF_INET, kind) as sock:
        try:
            sock.bind((ip, port))
        except OSError:
            return False
        return True


def test_busy_address_is_a_clear_error_and_leaves_nothing_bound() -> None:
    # The second device's web port is taken, so the first device is already bound when the start fails.
    first_ip, second_ip = "127.77.17.1", "127.77.17.2"
    first_ports = {"http": 8080, "https": 8443, "rtsp": 8554, "sdk": 8000, "sadp": 37020}
    with socket.create_server((second_ip, 8080)), pytest.raises(LabError, match="cannot bind"):
        LabRunner(["hikvision-ipc", "nginx-web"], base=first_ip, alt_ports=True).start()
    still_bound = [
        (name, port) for name, port in first_ports.items()
        if not _can_bind(first_ip, port, socket.SOCK_DGRAM if name == "sadp" else socket.SOCK_STREAM)
    ]
    assert still_bound == []
    assert _can_bind(second_ip, 8080, socket.SOCK_STREAM)
    # And the same lab starts cleanly on those addresses now.
    with LabRunner(["hikvision-ipc", "nginx-web"], base=first_ip, alt_ports=True) as lab:
        assert dict(lab.device("hikvision-ipc").ports) == first_ports


def test_connections_per_device_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(device_module, "MAX_CONNECTIONS_PER_DEVICE", 3)
    with LabRunner(["garbage"], base="127.77.18.1") as lab:
        dev = lab.device("garbage")
        held = [socket.create_connection((dev.ip, dev.ports["tarpit"]), timeout=2) for _ in range(3)]
        try:
            extra = socket.create_connection((dev.ip, dev.ports["tarpit"]), timeout=2)
            extra.settimeout(2)
            # over the cap the lab closes at once (EOF or reset) instead of holding the connection
            with contextlib.suppress(ConnectionResetError):
                assert extra.recv(10) == b""
            extra.close()
        finally:
            for sock in held:
                sock.close()
