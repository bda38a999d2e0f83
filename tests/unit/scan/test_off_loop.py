"""Finished hosts are handed to the caller off the event loop: in order, one at a time, every one before the run ends."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from camaudit.scan.engine import HostReport
from camaudit.scan.off_loop import Delivery


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
