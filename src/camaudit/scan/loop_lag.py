"""How late the event loop runs what it was asked to: a debugging aid for probes that time out under load.

Every read of a scan is timed by the event loop (``asyncio.timeout``). When the loop is held -- by a callback that
runs long, by another thread that keeps the GIL, by a lock the loop's thread waits for inside ``malloc`` -- a timer
fires late, and an answer that arrived meanwhile can be dropped as a timeout. :class:`LoopLag` measures that: a task
that sleeps :data:`PERIOD_S` and records how much later than asked it woke. On a late wake past :data:`STALL_S` it
keeps which threads of the process used CPU meanwhile (``/proc/self/task``), so a stall can be told apart from a
starved process; with ``dump_to`` the C-level watchdog of :mod:`faulthandler` writes every thread's stack when the
loop has not woken for :data:`DUMP_AFTER_S` -- it runs without the GIL, so it names a thread that holds it.

Set ``CAMAUDIT_LOOP_LAG`` to a file name and ``camaudit scan`` appends one JSON line of :meth:`LoopLag.summary` to
it at the end of the run (``bench/loop_lag.py`` does the same for any checkout); ``CAMAUDIT_LOOP_LAG_STACKS`` set as
well adds the stacks of the stalls.
"""

from __future__ import annotations

import asyncio
import contextlib
import faulthandler
import json
import os
import threading
import time
from array import array
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import IO, Any

#: The environment variable naming the file a scan appends its loop's lag to (unset: nothing is measured).
ENV = "CAMAUDIT_LOOP_LAG"
#: How long the monitor sleeps between wakes, seconds.
PERIOD_S = 0.01
#: A wake later than this is a stall: the threads' CPU meanwhile is kept for it.
STALL_S = 0.1
#: With ``dump_to``, every thread's stack is written when the loop has not woken for this long.
DUMP_AFTER_S = 1.0
#: Samples kept (about five hours at the period); past it only the maximum and the stalls are kept.
SAMPLES_KEPT = 2_000_000
#: Stalls kept in full, the latest ones first dropped.
STALLS_KEPT = 200
#: Per-thread CPU is read at most this often (a few file reads per thread).
THREAD_CPU_EVERY_S = 0.25

_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

#: What the process is doing besides the loop's own work, by label: (running now, times begun).
_busy: dict[str, list[int]] = {}
_busy_lock = threading.Lock()


@contextlib.contextmanager
def busy(label: str) -> Iterator[None]:
    """Mark work that may hold the loop back (a heap trim, a compile); a stall during it names ``label``."""
    with _busy_lock:
        state = _busy.setdefault(label, [0, 0])
        state[0] += 1
        state[1] += 1
    try:
        yield
    finally:
        with _busy_lock:
            state[0] -= 1


def _busy_snapshot() -> dict[str, tuple[int, int]]:
    with _busy_lock:
        return {label: (state[0], state[1]) for label, state in _busy.items()}


def _busy_between(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> list[str]:
    """The labels that were running at some time between two snapshots."""
    return sorted(
        label for label, (running, begun) in after.items()
        if running or begun != before.get(label, (0, 0))[1] or before.get(label, (0, 0))[0]
    )


def _thread_cpu() -> dict[str, float]:
    """CPU seconds (user + system) used so far by each thread of this process, by thread name (same names summed)."""
    names = {t.native_id: t.name for t in threading.enumerate()}
    cpu: dict[str, float] = {}
    try:
        tids = os.listdir("/proc/self/task")
    except OSError:
        return cpu
    for tid in tids:
        try:
            with open(f"/proc/self/task/{tid}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        name = names.get(int(tid), f"native-{tid}")
        cpu[name] = cpu.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / _TICKS
    return cpu


class LoopLag:
    """Samples the running loop's lateness until :meth:`stop`; :meth:`summary` says how late and when."""

    def __init__(self, *, period: float = PERIOD_S, stall: float = STALL_S, dump_to: IO[str] | None = None) -> None:
        self._period, self._stall, self._dump_to = period, stall, dump_to
        self._lags = array("d")
        self._max = 0.0
        self._count = 0
        self._stalls: list[dict[str, Any]] = []
        self._by_label: dict[str, array[float]] = {}
        self._task: asyncio.Task[None] | None = None
        self._began = 0.0
        self._phase = "start"

    def phase(self, name: str) -> None:
        """Name what the scan does from now on (kept with every sample: the lag of each phase is reported)."""
        self._phase = name

    def start(self) -> None:
        """Begin sampling in the running loop."""
        self._began = time.monotonic()
        self._task = asyncio.get_running_loop().create_task(self._run(), name="camaudit-loop-lag")

    async def stop(self) -> None:
        """End sampling."""
        if self._dump_to is not None:
            faulthandler.cancel_dump_traceback_later()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        cpu, cpu_at = _thread_cpu(), time.monotonic()
        armed_at = 0.0
        while True:
            busy_before = _busy_snapshot()
            asked = loop.time()
            if self._dump_to is not None and asked - armed_at >= DUMP_AFTER_S / 10:
                faulthandler.dump_traceback_later(DUMP_AFTER_S, file=self._dump_to)
                armed_at = asked
            await asyncio.sleep(self._period)
            late = max(0.0, loop.time() - asked - self._period)
            labels = [self._phase, *_busy_between(busy_before, _busy_snapshot())]
            self._record(late, labels)
            now = time.monotonic()
            if late >= self._stall or now - cpu_at >= THREAD_CPU_EVERY_S:
                latest = _thread_cpu()
                if late >= self._stall:
                    self._keep_stall(late, labels, cpu, latest, now - cpu_at)
                cpu, cpu_at = latest, now

    def _record(self, late: float, labels: list[str]) -> None:
        self._count += 1
        self._max = max(self._max, late)
        if len(self._lags) < SAMPLES_KEPT:
            self._lags.append(late)
            for label in labels:
                self._by_label.setdefault(label, array("d")).append(late)

    def _keep_stall(
        self, late: float, labels: list[str], before: dict[str, float], after: dict[str, float], window: float
    ) -> None:
        used = {name: round(after[name] - before.get(name, 0.0), 3) for name in after}
        self._stalls.append({
            "at_s": round(time.monotonic() - self._began, 3),
            "late_ms": round(late * 1000, 1),
            "during": labels,
            "thread_cpu_s": {name: spent for name, spent in sorted(used.items()) if spent > 0},
            "cpu_window_s": round(window, 3),
        })
        if len(self._stalls) > STALLS_KEPT:
            del self._stalls[0]

    def summary(self) -> dict[str, Any]:
        """Samples, maximum, 50th/99th percentiles (ms), the same per phase or busy label, and the stalls kept."""
        return {
            "samples": self._count,
            "period_ms": self._period * 1000,
            **_figures(self._lags, self._max),
            "stalls_over_ms": {str(int(ms)): sum(1 for x in self._lags if x * 1000 >= ms) for ms in (100, 500, 1000)},
            "by_label": {label: {"samples": len(lags), **_figures(lags, max(lags))}
                         for label, lags in sorted(self._by_label.items())},
            "stalls": self._stalls,
        }


def _figures(lags: array[float], largest: float) -> dict[str, float]:
    ordered = sorted(lags)
    if not ordered:
        return {"max_ms": 0.0, "p50_ms": 0.0, "p99_ms": 0.0}
    return {
        "max_ms": round(largest * 1000, 1),
        "p50_ms": round(ordered[len(ordered) // 2] * 1000, 2),
        "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 1),
    }


@contextlib.asynccontextmanager
async def measured(target: str | None = None, *, stacks: bool | None = None) -> AsyncIterator[LoopLag | None]:
    """Measure the loop's lag for the ``async with`` body when ``target`` (default: ``$CAMAUDIT_LOOP_LAG``) names a
    file; the summary is appended to it as one JSON line. With ``stacks`` (default: ``$CAMAUDIT_LOOP_LAG_STACKS``
    set), every thread's stack is written beside it (``<file>.stacks``) at each stall past :data:`DUMP_AFTER_S`:
    :mod:`faulthandler` reads the other threads' frames while they run, which is for debugging only. Yields the
    monitor, or None when nothing is measured."""
    target = target if target is not None else os.environ.get(ENV)
    if not target:
        yield None
        return
    path = Path(target)
    wanted = stacks if stacks is not None else bool(os.environ.get(ENV + "_STACKS"))
    with contextlib.ExitStack() as files:
        dump_to = files.enter_context(open(path.with_name(path.name + ".stacks"), "a")) if wanted else None
        monitor = LoopLag(dump_to=dump_to)
        monitor.start()
        try:
            yield monitor
        finally:
            await monitor.stop()
            with open(path, "a") as out:
                out.write(json.dumps(monitor.summary()) + "\n")
