"""What the probe stage hands to threads, so that nothing slow runs in the event loop that times every read.

A timer that fires while the loop is held drops an answer already received as a timeout ("the device stopped
answering"). Two things a live scan does per host are slow next to those deadlines: identifying the host
between its probe rounds (:class:`HostHint`) and building its device once it is finished (the caller's
``progress``, :class:`Delivery`). Both run in worker threads. The delivering thread also hands the memory
the finished hosts freed back to the system (:mod:`camaudit.scan.heap`).

Threads are not free for the loop either: Python runs one thread at a time (the GIL), and the loop's thread gives it
up at every socket call, then waits for it back behind every other runnable thread, each of which keeps it for the
interpreter's switch interval (5 ms by default). Measured with ``bench/lab_lag.py`` (docs/scanning.md, "The event
loop's lag"): with six threads matching at once the loop ran a sixth of its I/O and woke 45 ms late at the median,
and under load a thread that holds the GIL when the system takes its core away holds every other one with it. So
hints run in :data:`HINT_THREADS` threads (the default executor had six on two cores), and a scan hands the GIL over
every :data:`SWITCH_INTERVAL_S` (:func:`loop_first`).
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import sys
import threading
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from camaudit.scan.heap import FreedMemory
from camaudit.scan.held_time import HostDeadline

if TYPE_CHECKING:
    from camaudit.scan.engine import HostReport, MakerHint

#: Threads answering maker hints. Matching is Python, which runs one thread at a time whatever the number of threads;
#: two let one hint match while another waits for a compile (Hyperscan compiles without the GIL).
HINT_THREADS = 2
#: How long a thread keeps the GIL while another waits for it, during a scan (Python's default: 5 ms).
SWITCH_INTERVAL_S = 0.001

_hint_pool: ThreadPoolExecutor | None = None
_hint_pool_lock = threading.Lock()


def _hint_threads() -> ThreadPoolExecutor:
    global _hint_pool
    with _hint_pool_lock:
        if _hint_pool is None:
            _hint_pool = ThreadPoolExecutor(HINT_THREADS, thread_name_prefix="camaudit-hint")
        return _hint_pool


@contextlib.contextmanager
def loop_first() -> Iterator[None]:
    """Hand the GIL to a waiting thread after :data:`SWITCH_INTERVAL_S` rather than Python's 5 ms, while the body runs.

    The loop's thread asks for the GIL back after every socket call; the threads that hold it meanwhile (hints,
    device builds, rule compiles) are CPU-bound. A fifth of the interval cut the loop's median lateness beside six such
    threads from 45 to 11 ms and tripled its I/O (docs/scanning.md); the threads lose a switch per millisecond (a few
    microseconds each). Process-wide, so the interval before is restored at the end.
    """
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, SWITCH_INTERVAL_S))
    try:
        yield
    finally:
        sys.setswitchinterval(before)


class HostHint:
    """One host's maker hint, asked in a worker thread, never twice at once, off the host's deadline.

    The hint identifies the device, and while the scan's rule databases compile (seconds on a cold cache and a
    loaded machine; Hyperscan releases the GIL) it waits for them. Asked in the event loop it would stall every
    other host's reads past their deadlines (answers already received dropped as timeouts,
    tests/integration/scan/test_hostile_lab.py). The matching is kept in the ledger, so building the device
    later matches only what came after.

    The hint's time is the scanner's, not the device's: the host's deadline (``--host-timeout``, there for
    devices that answer slowly or never) stops while it runs. Counted, a cold cache on a loaded machine cut
    the first hosts off before their second round, and a host cancelled while its hint still matched in its
    thread was matched again on the way out (tests/integration/scan/test_identify_once.py failed at load
    10-12). Should a host still be cancelled while its hint runs (its deadline fell due just before),
    :meth:`settled` lets that matching finish before the host is handed back, so no observation is matched
    twice.
    """

    def __init__(self, maker_hint: MakerHint, report: HostReport) -> None:
        self._maker_hint, self._report = maker_hint, report
        self._asked: asyncio.Future[Collection[str]] | None = None
        #: The host's deadline, stopped while the hint runs.
        self.deadline: HostDeadline | None = None

    async def ask(self) -> Collection[str]:
        """The makers the host's observations so far point at."""
        if not self._report.observations:
            return frozenset()  # nothing to identify
        loop = asyncio.get_running_loop()
        self._asked = loop.run_in_executor(_hint_threads(), self._maker_hint, list(self._report.observations))
        with self._deadline_stopped(loop):
            # Shielded: a cancelled host leaves the matching running, for settled() to wait for.
            return await asyncio.shield(self._asked)

    async def settled(self) -> None:
        """Return once no matching of this host runs in a thread."""
        if self._asked is not None and not self._asked.done():
            with contextlib.suppress(Exception):  # its failure is the hint's, already the host's
                await asyncio.shield(self._asked)

    @contextlib.contextmanager
    def _deadline_stopped(self, loop: asyncio.AbstractEventLoop) -> Iterator[None]:
        due = self.deadline.when() if self.deadline is not None else None
        if self.deadline is None or due is None:
            yield
            return
        left = due - loop.time()
        self.deadline.reschedule(None)
        try:
            yield
        finally:
            self.deadline.reschedule(loop.time() + left)


class Delivery:
    """Hands finished hosts to the caller's ``progress`` in a thread of its own, one at a time, in the order
    they finished.

    What the caller does with a host is slow next to the event loop's deadlines: the audit builds its device
    (identifies the answers of the second round, assesses it; the first build loads the self-report lexicon,
    ~0.3 s warm at load 8) and writes it to the register. Done in the loop, that held every other host's reads
    and dropped answers already received as timeouts. One thread keeps the calls in order and never two at
    once, so the register sees them as before; a kill loses at most the hosts queued here, which the register
    never recorded and ``scan --resume`` scans again.

    A host's answers are freed once ``progress`` returns for it; after each host the thread trims the heap when
    enough was freed (:class:`~camaudit.scan.heap.FreedMemory`), so a campus scan's resident size follows the
    devices it holds rather than every answer it read.
    """

    def __init__(self, progress: Callable[[HostReport], None]) -> None:
        self._progress = progress
        self._freed = FreedMemory()
        self._stopped: BaseException | None = None
        self._loop = asyncio.get_running_loop()
        self._queue: queue.SimpleQueue[tuple[HostReport, asyncio.Future[None] | None] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="camaudit-devices", daemon=True)
        self._thread.start()

    def put(self, report: HostReport, *, handed: bool) -> asyncio.Future[None] | None:
        """Queue ``report``; with ``handed``, return a future done once ``progress`` has returned for it."""
        future = self._loop.create_future() if handed else None
        self._queue.put((report, future))
        return future

    async def close(self) -> None:
        """Wait until every queued host has been handed over; re-raise what stopped the handing over (an exit
        or interrupt raised by ``progress``), as it would have left the loop when ``progress`` ran there."""
        self._queue.put(None)
        await asyncio.shield(asyncio.to_thread(self._thread.join))
        if self._stopped is not None:
            raise self._stopped

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            report, future = item
            del item
            try:
                if self._stopped is None:
                    self._progress(report)
            except Exception:  # noqa: S110 - the caller's failure is the caller's (the audit keeps it)
                pass
            except BaseException as exc:  # SystemExit, KeyboardInterrupt: no more hosts are handed over
                self._stopped = exc
            finally:
                if future is not None:
                    with contextlib.suppress(RuntimeError):  # the loop is gone: nobody waits any more
                        self._loop.call_soon_threadsafe(_settle, future)
                del report, future  # the host's answers go before the heap is looked at
                self._freed.after_work()


def _settle(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)
