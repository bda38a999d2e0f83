"""--host-rate and --rate hold at the device, in the sweep and the probe stage alike.

Listeners on a few loopback addresses note the time every connection arrived, as the kernel saw it (the age
of the connection in TCP_INFO when it is accepted, so a listener thread held up by a loaded machine does not
bunch the arrivals it accepts late); the scan runs as the user runs it. Counted per sliding second, at most the
rate plus one (the window's edge) plus one (the kernel's clock ticks in milliseconds) may arrive.
"""

from __future__ import annotations

import json
import selectors
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.rate_windows import busiest_second

#: Arrival times are measured against the scan's pacing: run alone, after the parallel tests (``make test``).
pytestmark = pytest.mark.timing

#: Ports of the cameras preset above 1024 (no root needed to bind them).
PORTS = (5000, 5001, 7001, 7443, 8000, 8080, 8081, 8082, 8088, 8090, 8443, 8554, 8888, 9000, 9443, 10080)


#: struct tcp_info (linux/tcp.h): tcpi_last_data_recv, milliseconds since the last data came -- for a connection
#: nothing was sent on, since the handshake's last ACK made it (tcp_create_openreq_child sets lrcvtime then).
_LAST_DATA_RECV = 52


def arrived(conn: socket.socket) -> float:
    """When the connection was made, on time.monotonic()'s clock, from the kernel's own note of it."""
    now = time.monotonic()
    info = conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104)
    return now - struct.unpack_from("I", info, _LAST_DATA_RECV)[0] / 1000


class Listeners:
    """Accept every connection on every (address, port) and note when it came."""

    def __init__(self, ips: list[str]) -> None:
        self.times: dict[str, list[float]] = {ip: [] for ip in ips}
        self.selector = selectors.DefaultSelector()
        self.socks = []
        for ip in ips:
            for port in PORTS:
                sock = socket.create_server((ip, port), backlog=128)
                sock.setblocking(False)
                self.selector.register(sock, selectors.EVENT_READ, ip)
                self.socks.append(sock)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            for key, _ in self.selector.select(0.05):
                try:
                    conn, _ = key.fileobj.accept()  # type: ignore[union-attr]
                except OSError:
                    continue
                self.times[key.data].append(arrived(conn))
                conn.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(2)
        for sock in self.socks:
            sock.close()


@pytest.fixture
def listeners() -> Iterator[Listeners]:
    lst = Listeners(["127.83.0.1", "127.83.0.2", "127.83.0.3"])
    yield lst
    lst.close()


def _scan(tmp_path: Path, targets: list[str], *extra: str) -> dict:  # type: ignore[type-arg]
    out = tmp_path / "r.json"
    proc = subprocess.run(
        [sys.executable, "-m", "camaudit", "scan", *targets, "--ports", ",".join(map(str, PORTS)),
         "--timeout", "1", "--json", str(out), *extra],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(out.read_text())


def test_host_rate_holds_in_both_stages(listeners: Listeners, tmp_path: Path) -> None:
    doc = _scan(tmp_path, ["127.83.0.1"], "--host-rate", "8")
    arrivals = listeners.times["127.83.0.1"]
    # The sweep found every port open, then the probe stage connected to them again.
    assert len(doc["devices"]) == 1
    assert len(arrivals) > len(PORTS) + 8, "the probe stage's connections should be counted too"
    assert busiest_second(arrivals) <= 8 + 2, sorted(arrivals)
    assert (len(arrivals) - 1) / (max(arrivals) - min(arrivals)) <= 8 * 1.05


def test_run_rate_holds_across_hosts(listeners: Listeners, tmp_path: Path) -> None:
    ips = ["127.83.0.1", "127.83.0.2", "127.83.0.3"]
    _scan(tmp_path, ips, "--rate", "15", "--host-rate", "1000")
    arrivals = [t for ip in ips for t in listeners.times[ip]]
    assert len(arrivals) > 3 * len(PORTS)
    assert busiest_second(arrivals) <= 15 + 2
    assert (len(arrivals) - 1) / (max(arrivals) - min(arrivals)) <= 15 * 1.05
