"""A device's answer that arrives while the scanner's event loop is held is read, not dropped as a timeout.

Under load the loop is held for a second at a time (the process starved of CPU, or another of its threads keeping
the GIL: docs/scanning.md, "The event loop's lag"). The timer of a read and the answer that came meanwhile are then
due together, and the timer used to win: a normal device reported as "stopped answering". These hold the loop on
purpose, both ways, while a real socket's answer arrives from another process.
"""

from __future__ import annotations

import asyncio
import ctypes
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from camaudit.scan import held_time
from camaudit.scan.net import Deadline, ProbeError, read_until

#: A device in a process of its own (so that it answers whatever this process's GIL does): it accepts one connection
#: and answers after ``sys.argv[1]`` seconds, or never when negative.
DEVICE = """
import socket, sys, time
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen(1)
print(server.getsockname()[1], flush=True)
conn, _ = server.accept()
delay = float(sys.argv[1])
if delay >= 0:
    time.sleep(delay)
    conn.sendall(b"RTSP/1.0 200 OK\\r\\nCSeq: 1\\r\\n\\r\\n")
time.sleep(10)
"""
DEADLINE_S = 0.6
HOLD_S = 1.0


@pytest.fixture
def device(request: pytest.FixtureRequest) -> Iterator[int]:
    proc = subprocess.Popen([sys.executable, "-c", DEVICE, str(request.param)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        yield int(proc.stdout.readline())
    finally:
        proc.kill()
        proc.wait()


def _hold_the_loop() -> None:
    time.sleep(HOLD_S)  # a long call in the loop's own thread


def _hold_the_gil() -> None:
    # A C call made with the GIL held (PyDLL keeps it): the loop's thread cannot run, though nothing of it blocks.
    usleep = ctypes.PyDLL(None).usleep
    threading.Thread(target=usleep, args=(int(HOLD_S * 1e6),), daemon=True).start()


async def _read_answer(port: int, hold: Callable[[], None]) -> tuple[bytes, float]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        deadline = Deadline(DEADLINE_S)
        asyncio.get_running_loop().call_later(0.05, hold)  # the device answers 0.2 s in: during the hold
        began = time.monotonic()
        answer = await read_until(reader, b"\r\n\r\n", deadline)
        return answer, time.monotonic() - began
    finally:
        writer.close()


async def _in_a_scan(port: int, hold: Callable[[], None]) -> tuple[bytes, float]:
    async with held_time.counting():
        return await _read_answer(port, hold)


@pytest.mark.parametrize("device", [0.2], indirect=True)
@pytest.mark.parametrize("hold", [_hold_the_loop, _hold_the_gil], ids=["loop-held", "gil-held"])
def test_an_answer_that_came_while_the_scanner_was_held_is_read(device: int, hold: Callable[[], None]) -> None:
    answer, _seconds = asyncio.run(_in_a_scan(device, hold))
    assert answer.startswith(b"RTSP/1.0 200 OK")


@pytest.mark.parametrize("device", [0.2], indirect=True)
def test_without_the_count_the_same_hold_drops_the_answer_as_a_timeout(device: int) -> None:
    # What a scan did before: the same device, the same hold, the answer lost (this test shows the hold is real).
    with pytest.raises(ProbeError) as lost:
        asyncio.run(_read_answer(device, _hold_the_loop))
    assert lost.value.kind == "timeout"


@pytest.mark.parametrize("device", [-1.0], indirect=True)
def test_a_device_that_never_answers_still_times_out_within_twice_its_deadline_and_the_hold(device: int) -> None:
    began = time.monotonic()
    with pytest.raises(ProbeError) as silent:
        asyncio.run(_in_a_scan(device, _hold_the_loop))
    assert silent.value.kind == "timeout"
    assert time.monotonic() - began < 2 * DEADLINE_S + HOLD_S + 1.5  # the 1.5 s: a loaded machine's slack


def test_outside_a_scan_nothing_is_counted() -> None:
    async def run() -> float:
        return held_time.held()

    assert asyncio.run(run()) == 0.0


def test_a_host_deadline_is_put_off_by_the_time_the_loop_was_held_but_not_by_the_time_it_stood_stopped() -> None:
    class Clock:
        now = 0.0

        def held(self) -> float:
            return self.now

    async def run() -> tuple[float | None, float | None, bool]:
        loop = asyncio.get_running_loop()
        clock = Clock()
        async with asyncio.timeout(None) as timeout:
            deadline = held_time._Credited(clock, timeout, 10.0)  # type: ignore[arg-type]
            clock.now = 2.0  # held 2 s while it ran: owed
            deadline._due()
            put_off = deadline.when()
            deadline.reschedule(None)  # stopped (a maker hint runs: the scanner's time)
            clock.now = 7.0  # held 5 s more while stopped: not owed
            deadline.reschedule(loop.time() + 1.0)
            deadline._due()
            after_stop = deadline.when()
            fell = timeout.when() is not None and timeout.when() <= loop.time()  # type: ignore[operator]
            timeout.reschedule(None)
            deadline.cancel()
        return put_off, after_stop, fell

    put_off, after_stop, fell = asyncio.run(run())
    assert put_off is not None  # 2 s owed: not fallen
    assert fell  # nothing owed for the 5 s it stood stopped: it falls
    assert after_stop is not None


@pytest.mark.parametrize("counted", [True, False], ids=["in-a-scan", "plain"])
def test_a_host_that_spent_less_than_its_deadline_on_the_device_is_not_cut_off(counted: bool) -> None:
    async def host() -> None:
        async with held_time.device_timeout(0.5):
            asyncio.get_running_loop().call_later(0.05, _hold_the_loop)  # 1 s of the scanner's own time
            await asyncio.sleep(0.2)  # the device's time, after the hold

    async def run() -> bool:
        try:
            if counted:
                async with held_time.counting():
                    await host()
            else:
                await host()
        except TimeoutError:
            return False
        return True

    assert asyncio.run(run()) is counted
