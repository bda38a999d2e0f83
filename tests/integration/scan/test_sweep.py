"""The sweep stage on loopback: open ports found, every address settled once, live hosts streamed early."""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from camaudit.scan.engine import OWN_PROCESS_FROM, HostReport, ScanOptions, run_scan
from camaudit.scan.sweep import BATCH, ConnectSweep, SweptHost
from camaudit.scan.sweep_process import ChildSweep, SweepJob
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
    """The first live host (early in a /20) is handed over while most of the addresses are not settled yet."""
    hosts = build_scope(["127.84.0.0/20"]).hosts()
    settled: list[str] = []
    sweep = ConnectSweep(build_scope(["127.84.0.0/20"]).compiled(), PORTS, timeout=1.0, host_rate=50.0,
                         run_bucket=None, max_in_flight=1024)
    asyncio.run(sweep.run(hosts, lambda host: settled.append(host.ip)))
    assert sorted(settled) == sorted(hosts)
    assert settled.index("127.84.0.5") < len(hosts) / 2


def test_where_every_address_answers_at_once_the_first_hosts_settle_first(listeners: list[socket.socket]) -> None:
    """A LAN of resets with a high open-files limit (the engine's usual case): hosts on probation do not count
    against the window, so admitting them without a bound would interleave the whole scope's attempts and
    settle no host before the very end."""
    # A /18: the window (about 4,000 hosts at 50/s each) must be well under half the scope to tell.
    hosts = build_scope(["127.84.0.0/18"]).hosts()
    attempts_before: dict[str, int] = {}
    sweep = ConnectSweep(build_scope(["127.84.0.0/18"]).compiled(), PORTS, timeout=1.0, host_rate=50.0,
                         run_bucket=None, max_in_flight=1_000_000)
    asyncio.run(sweep.run(hosts, lambda host: attempts_before.setdefault(host.ip, sweep.stats.attempts)))
    assert sorted(attempts_before) == sorted(hosts)
    # At most a window of hosts (and one turn's admissions) is being swept when the first one settles.
    bound = (sweep.window + BATCH) * len(PORTS)
    assert bound < len(hosts) * len(PORTS) / 2
    assert attempts_before["127.84.0.5"] <= bound, "the first live host waited for most of the sweep"


def test_a_finished_run_holds_no_host_reports(listeners: list[socket.socket]) -> None:
    """Streaming: with a per-host callback, finished hosts are handed over and not kept."""
    hosts = build_scope(["127.84.0.0/27"]).hosts()
    finished = []
    run = asyncio.run(run_scan(build_scope(["127.84.0.0/27"]), hosts, ScanOptions(ports=PORTS), finished.append,
                               maker_hint=lambda _: ()))
    assert run.reports == []
    assert len(finished) == len(hosts) == run.finished
    assert {r.ip for r in finished if r.services} == {"127.84.0.5", "127.84.0.9"}


def test_a_large_scope_is_swept_in_a_process_of_its_own(listeners: list[socket.socket]) -> None:
    """From OWN_PROCESS_FROM addresses on, the sweep runs in a child process (a second core) with the same
    results; stopping the run mid-way ends the child too."""
    guard = build_scope(["127.84.0.0/21"])
    hosts = guard.hosts()
    assert len(hosts) >= OWN_PROCESS_FROM
    finished: list[HostReport] = []
    run = asyncio.run(run_scan(guard, hosts, ScanOptions(ports=PORTS), finished.append, maker_hint=lambda _: ()))
    assert "in a process of its own" in run.notes[0]
    assert run.sweep is not None and run.sweep.attempts == len(hosts) * len(PORTS)
    assert {(r.ip, s.port) for r in finished for s in r.services if s.transport == "tcp"} == OPEN

    async def stopped_early() -> int:
        stop = asyncio.Event()
        asyncio.get_running_loop().call_later(0.3, stop.set)
        big = build_scope(["127.84.0.0/16"])
        run = await run_scan(big, big.hosts(), ScanOptions(ports=PORTS), lambda _: None, stop,
                             maker_hint=lambda _: ())
        assert run.stopped == "interrupted"
        return len(_sweep_children())

    assert asyncio.run(stopped_early()) == 0


def _sweep_children() -> list[int]:
    """Processes of this test's that run the sweep module."""
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat[1]) == os.getpid() and b"camaudit.scan.sweep_child" in cmdline:
            pids.append(int(proc.name))
    return pids


def test_the_sweep_process_waits_while_the_probe_stage_is_behind() -> None:
    """Backpressure: while the probe stage is behind, the parent stops reading and the child's writes block,
    so what is held in between stays small; once it catches up, every address arrives."""
    scope = build_scope(["127.86.0.0/18"])
    hosts = scope.hosts()
    behind = [True]
    got: list[SweptHost] = []
    sweep = ChildSweep(SweepJob(scope, hosts, (8000, 8001), 1.0, None, 1024, 1),
                       backlog=lambda: 1 if behind[0] else 0, max_backlog=1)

    async def held_back() -> str:
        task = asyncio.ensure_future(sweep.run(got.append))
        state = ""
        for _ in range(600):
            await asyncio.sleep(0.1)
            children = _sweep_children()
            state = Path(f"/proc/{children[0]}/wchan").read_text() if children else ""
            if state.endswith("pipe_write"):  # the kernel names it pipe_write or anon_pipe_write
                break
        behind[0] = False
        await task
        return state

    assert asyncio.run(held_back()).endswith("pipe_write"), "the sweep process never waited on the full pipe"
    assert sorted(h.ip for h in got) == sorted(hosts)


def test_the_sweep_process_holds_no_tls_library() -> None:
    """The sweep process runs beside the scanner for a campus scan's whole sweep, so its memory is part of the
    scan's peak: it opens plain TCP connections only and must not carry OpenSSL (4.4 of its 22 MB when asyncio
    loaded it). It still sweeps: every address arrives."""
    scope = build_scope(["127.86.64.0/20"])
    hosts = scope.hosts()
    got: list[SweptHost] = []
    sweep = ChildSweep(SweepJob(scope, hosts, (8000, 8001), 1.0, None, 1024, 1), backlog=lambda: 0, max_backlog=1)

    async def looked_at() -> tuple[str, int]:
        task = asyncio.ensure_future(sweep.run(got.append))
        maps, peak_kib = "", 0
        while not task.done():
            for child in _sweep_children():
                try:  # the last look while it ran: the high-water mark only grows
                    maps = Path(f"/proc/{child}/maps").read_text()
                    peak_kib = int(Path(f"/proc/{child}/status").read_text().split("VmHWM:")[1].split()[0])
                except (OSError, IndexError):
                    pass
            await asyncio.sleep(0.05)
        await task
        return maps, peak_kib

    maps, peak_kib = asyncio.run(looked_at())
    assert maps, "the sweep process was never seen"
    assert "libssl" not in maps and "_ssl." not in maps
    assert peak_kib < 20 * 1024, f"the sweep process peaked at {peak_kib / 1024:.1f} MB"
    assert sorted(h.ip for h in got) == sorted(hosts)
