"""A lab device's answer is not lost because the lab's event loop was held: the scan forgives that, as its own.

The lab (``LabRunner`` used synchronously, as by ``camaudit demo`` and most tests) serves its devices from an event
loop in a thread of the scanning process. On a loaded machine that loop is held for hundreds of milliseconds at a
time (measured with four busy loops beside an in-process lab scan: 4.9-7.5 s held in all, the longest hold 0.47-0.77
s; docs/testing.md), and its devices then answer late for no fault of their own. A scan counts that loop's held time
with its own (``camaudit.device_loops``, ``scan/held_time.py``). Here the lab's loop is held on purpose, for longer
than the read's deadline, while the scanner's own loop runs free: a normal device is read, a device that never
finishes its answer still times out.
"""

from __future__ import annotations

import asyncio
import time

import pytest

from camaudit.lab import LabRunner
from camaudit.lab.profile import HOSTILE_DIR
from camaudit.scan import held_time
from camaudit.scan.net import Deadline, ProbeError, read_until

BASE = "127.77.41.1"
DEADLINE_S = 2.0
#: Longer than the deadline, shorter than twice it (a device deadline forgives at most its own length), a second from
#: each: the answer, sent once the hold ends, has a second to arrive (a few milliseconds of work, 1.56-1.58 s in all
#: with a 1.5 s hold at load 5-8 beside four busy loops), and without the count the deadline falls a second before it.
HOLD_S = 3.0


async def _read_head(lab: LabRunner, ip: str, port: int, request: bytes) -> bytes:
    reader, writer = await asyncio.open_connection(ip, port)
    try:
        deadline = Deadline(DEADLINE_S)
        # The lab's loop sleeps before the request reaches it, so it can answer only after the hold; time.sleep lets
        # the GIL go, so this loop -- the scanner's -- is not held meanwhile.
        loop = lab.loop
        assert loop is not None
        loop.call_soon_threadsafe(time.sleep, HOLD_S)
        writer.write(request)
        await writer.drain()
        return await read_until(reader, b"\r\n\r\n", deadline)
    finally:
        writer.close()


async def _in_a_scan(lab: LabRunner, ip: str, port: int, request: bytes) -> bytes:
    async with held_time.counting():
        return await _read_head(lab, ip, port, request)


def test_an_answer_the_held_lab_sent_late_is_read() -> None:
    with LabRunner(["nginx-web"], base=BASE, alt_ports=True) as lab:
        dev = lab.devices[0]
        began = time.monotonic()
        answer = asyncio.run(_in_a_scan(lab, dev.ip, dev.ports["http"], b"GET / HTTP/1.0\r\n\r\n"))
        waited = time.monotonic() - began
    assert answer.startswith(b"HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\n")
    assert waited >= HOLD_S  # the answer did come after the hold, past the deadline the scan forgave


def test_outside_a_scan_the_same_hold_is_a_timeout() -> None:
    # Nothing counts the lab's hold outside a scan: the read ends at its deadline (this test shows the hold is real).
    with LabRunner(["nginx-web"], base=BASE, alt_ports=True) as lab:
        dev = lab.devices[0]
        with pytest.raises(ProbeError) as lost:
            asyncio.run(_read_head(lab, dev.ip, dev.ports["http"], b"GET / HTTP/1.0\r\n\r\n"))
    assert lost.value.kind == "timeout"


def test_a_device_that_never_finishes_its_answer_still_times_out() -> None:
    # The hostile SIP agent drips its TCP answer a byte every 0.5 s: its head would take 37 s. The lab's hold is
    # forgiven, at most the deadline's own length, and the deadline then ends the drip.
    with LabRunner(["hostile-sip"], base=BASE, profile_dir=HOSTILE_DIR) as lab:
        dev = lab.devices[0]
        began = time.monotonic()
        with pytest.raises(ProbeError) as dripped:
            asyncio.run(_in_a_scan(lab, dev.ip, dev.ports["sip_tcp"], b"OPTIONS sip:x SIP/2.0\r\n\r\n"))
        waited = time.monotonic() - began
    assert dripped.value.kind == "timeout"
    assert waited < 20  # a hang guard: the drip's head is 37 s away; 2 x 2 s forgiven plus the connect is the bound
