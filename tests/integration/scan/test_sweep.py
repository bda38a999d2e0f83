"""The sweep stage on loopback: open ports found, every address settled once, live hosts streamed early."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator

import pytest

from camaudit.scan.engine import ScanOptions, run_scan
from camaudit.scan.sweep import ConnectSweep, SweptHost
from camaudit.targets import OutOfScopeError, build_scope

OPEN = {("127.84.0.5", 8080), ("127.84.0.5", 8554), ("127.84.0.9", 8443)}
PORTS = (8000, 8080, 8443, 8554, 9000)


@pytest.fixture
def listeners() -> Iterator[list[socket.socket]]:
    socks = [socket.create_server(addr) for addr in OPEN]
    yield socks
    for sock in socks:
        sock.close()


def _sweep(targets: list[str], hosts: list[str], ports: tuple[int, ...] = PORTS) -> tuple[list[SweptHost], ConnectSweep]:
    sweep = ConnectSweep(build_scope(targets).compiled(), ports, timeout=1.0, host_rate=None, run_bucket=None,
                         max_in_flight=256)
    got: list[SweptHost] = []
    asyncio.run(sweep.run(hosts, got.append))
    return got, sweep


def test_the_sweep_finds_the_open_ports_and_settles_every_address_once(listeners: list[socket.socket]) -> None:
    hosts = build_scope(["127.84.0.0/27"]).hosts()
    got, sweep = _sweep(["127.84.0.0/27"], hosts)
    assert sorted(h.ip for h in got) == sorted(hosts)
    assert {(h.ip, p) for h in got for p in h.open_ports} == OPEN
    assert all(h.answered and not h.abandoned for h in got)  # loopback refuses at once: nothing is dark
    assert sweep.stats.attempts == len(hosts) * len(PORTS)
    assert sweep.stats.open == len(OPEN) and sweep.stats.timeouts == 0


def test_an_address_outside_the_scope_is_never_sent_a_syn(listeners: list[socket.socket]) -> None:
    with pytest.raises(OutOfScopeError):
        _sweep(["127.84.0.1-4"], ["127.84.0.2", "127.84.0.5"])
    listeners[0].settimeout(0.2)
    with pytest.raises(TimeoutError):
        listeners[0].accept()  # nothing connected to 127.84.0.5


def test_live_hosts_reach_the_probe_stage_while_the_sweep_goes_on(listeners: list[socket.socket]) -> None:
    """The first live host (early in a /20) is handed over long before the last address is settled."""
    hosts = build_scope(["127.84.0.0/20"]).hosts()
    stamps: dict[str, float] = {}
    began = time.monotonic()

    def seen(host: SweptHost) -> None:
        stamps[host.ip] = time.monotonic() - began

    sweep = ConnectSweep(build_scope(["127.84.0.0/20"]).compiled(), PORTS, timeout=1.0, host_rate=50.0,
                         run_bucket=None, max_in_flight=1024)
    asyncio.run(sweep.run(hosts, seen))
    assert len(stamps) == len(hosts)
    assert stamps["127.84.0.5"] < max(stamps.values()) / 3


def test_a_finished_run_holds_no_host_reports(listeners: list[socket.socket]) -> None:
    """Streaming: with a per-host callback, finished hosts are handed over and not kept."""
    hosts = build_scope(["127.84.0.0/27"]).hosts()
    finished = []
    run = asyncio.run(run_scan(build_scope(["127.84.0.0/27"]), hosts, ScanOptions(ports=PORTS), finished.append,
                               maker_hint=lambda _: ()))
    assert run.reports == []
    assert len(finished) == len(hosts) == run.finished
    assert {r.ip for r in finished if r.services} == {"127.84.0.5", "127.84.0.9"}
