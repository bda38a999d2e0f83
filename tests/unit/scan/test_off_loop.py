"""Finished hosts are handed to the caller off the event loop: in order, one at a time, every one before the run ends."""

from __future__ import annotations

import asyncio
import sys
import threading
import time
from collections.abc import Collection

import pytest

from camaudit.model import Observation
from camaudit.scan.engine import HostReport
from camaudit.scan.off_loop import HINT_THREADS, Delivery, HostHint, loop_first


def test_hosts_are_handed_over_in_order_one_at_a_time_outside_the_loop_thread() -> None:
    seen: list[str] = []
    threads: set[str] = set()
    inside = threading.Lock()
    overlapped: list[str] = []

    def progress(report: HostReport) -> None:
        if not inside.acquire(blocking=False):
            overlapped.append(report.ip)
            return
        try:
            threads.add(threading.current_thread().name)
            time.sleep(0.001)
            seen.append(report.ip)
        finally:
            inside.release()

    async def run() -> None:
        delivery = Delivery(progress)
        handed = [delivery.put(HostReport(f"192.0.2.{i}"), handed=i % 2 == 0) for i in range(40)]
        await asyncio.gather(*(f for f in handed if f is not None))
        await delivery.close()

    asyncio.run(run())
    assert seen == [f"192.0.2.{i}" for i in range(40)]
    assert overlapped == []
    assert threads and threading.main_thread().name not in threads


def test_an_exit_raised_while_handing_over_ends_the_run_and_no_host_waits_forever() -> None:
    handed_to: list[str] = []

    def progress(report: HostReport) -> None:
        handed_to.append(report.ip)
        if report.ip == "192.0.2.1":
            raise SystemExit(1)  # what a register failure turns into in the CLI

    async def run() -> None:
        delivery = Delivery(progress)
        handed = [delivery.put(HostReport(f"192.0.2.{i}"), handed=True) for i in range(3)]
        await asyncio.wait_for(asyncio.gather(*(f for f in handed if f is not None)), 10)
        await delivery.close()

    with pytest.raises(SystemExit):
        asyncio.run(run())
    assert handed_to == ["192.0.2.0", "192.0.2.1"]  # none handed over after the exit


def test_a_failure_of_one_host_does_not_stop_the_others() -> None:
    handed_to: list[str] = []

    def progress(report: HostReport) -> None:
        if report.ip == "192.0.2.1":
            raise ValueError("a bug in the caller")
        handed_to.append(report.ip)

    async def run() -> None:
        delivery = Delivery(progress)
        for i in range(3):
            delivery.put(HostReport(f"192.0.2.{i}"), handed=False)
        await delivery.close()

    asyncio.run(run())
    assert handed_to == ["192.0.2.0", "192.0.2.2"]


def test_hints_take_at_most_two_threads_at_once_and_every_host_gets_its_answer() -> None:
    at_once = [0, 0]
    lock = threading.Lock()

    def maker_hint(observations: object) -> frozenset[str]:
        with lock:
            at_once[0] += 1
            at_once[1] = max(at_once[1], at_once[0])
        time.sleep(0.02)
        with lock:
            at_once[0] -= 1
        return frozenset({"hikvision"})

    async def run() -> list[Collection[str]]:
        reports = []
        for i in range(12):
            report = HostReport(f"192.0.2.{i}")
            report.observations.append(Observation(f"192.0.2.{i}", 80, "tcp", "http", "scan", "2026-12-06T00:00:00Z", {"http.server": "x"}))
            reports.append(report)
        return list(await asyncio.gather(*(HostHint(maker_hint, r).ask() for r in reports)))

    answers = asyncio.run(run())
    assert answers == [frozenset({"hikvision"})] * 12
    # Python matches in one thread at a time anyway; more threads only made the loop's thread wait for the GIL.
    assert at_once[1] == HINT_THREADS == 2


def test_a_scan_hands_the_gil_over_every_millisecond_and_restores_the_interval_after() -> None:
    before = sys.getswitchinterval()
    with loop_first():
        assert sys.getswitchinterval() == pytest.approx(0.001)
    assert sys.getswitchinterval() == before
