"""How busy this machine is, measured, so that a test's time limit follows the load instead of failing under it.

A limit chosen on a quiet machine (the demo in 60 s, a lab device answering a probe within 6 s) fails when ten
processes share two cores, though nothing is slower than the machine. :func:`stretch` measures how many times longer
than its own CPU time a short busy loop takes in wall time: about 1 on an idle core, about 5 when five runnable
processes share each core. A limit multiplied by it still fails work that is really slow -- a device hanging until
its timeouts, a scan that waits on nothing, costs wall time at any load, and at stretch 1 the limit is the quiet one
-- but not work that only waited for a core. :class:`LoadMeter` samples the stretch while timed work runs in another
process (the demo as a user runs it), so the limit follows the load that work actually met.

The loop measures this process's time slices, not the GIL: sample in a thread only while the other threads of this
process wait (a child process running, ``subprocess.run``), and before in-process work (a scan of the lab) starts.
"""

from __future__ import annotations

import threading
import time
from types import TracebackType

#: CPU seconds one measurement spins for: several scheduler slices (4 ms at 250 Hz), little load of its own.
SAMPLE_CPU = 0.05
#: CPU seconds of one measurement taken before in-process work whose deadlines it sets (a scan of the lab): one
#: reading decides them, so it spans more slices than a sample of :class:`LoadMeter`.
STRETCH_SAMPLE = 0.2
#: Seconds between two samples of :class:`LoadMeter`.
INTERVAL = 0.5
#: No limit grows beyond this many times its quiet value: a machine this busy measures nothing else.
MAX_STRETCH = 10.0


def stretch(cpu_seconds: float = SAMPLE_CPU) -> float:
    """Wall time over CPU time of a busy loop of ``cpu_seconds`` in this thread: >= 1, at most :data:`MAX_STRETCH`."""
    wall_began, cpu_began = time.perf_counter(), time.thread_time()
    while time.thread_time() - cpu_began < cpu_seconds:
        pass
    ratio = (time.perf_counter() - wall_began) / max(time.thread_time() - cpu_began, 1e-9)
    return min(max(ratio, 1.0), MAX_STRETCH)


class LoadMeter:
    """``with LoadMeter() as load: ...`` samples :func:`stretch` every :data:`INTERVAL` seconds while the block runs;
    ``load.stretch`` is the mean of the samples, one taken on entry and one on exit at least."""

    def __init__(self, interval: float = INTERVAL) -> None:
        self.interval = interval
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="load-meter", daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(self.interval):
            self.samples.append(stretch())

    def __enter__(self) -> LoadMeter:
        self.samples.append(stretch())
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join()
        self.samples.append(stretch())

    @property
    def stretch(self) -> float:
        return sum(self.samples) / len(self.samples)
