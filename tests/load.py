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

import functools
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any

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


# --- time limits of work done in this process -----------------------------------------------------------------------

#: Wall seconds one example of a Hypothesis property under tests/unit may take on a quiet machine
#: (:func:`bounded_examples`, applied by tests/conftest.py). It stands for "no pattern or parser is catastrophically
#: slow on the hostile text the properties draw": backtracking that explodes costs seconds to hours on a few hundred
#: characters, while every example of tests/unit took at most 0.6 s of CPU on this machine run a second time (2026-12-05, all 140 files
#: with properties; first runs of 1.7-3.6 s were building a field's compiled patterns, see :func:`bounded_examples`).
#: Hypothesis's own deadline (0.2 s, fixed) is off (tests/conftest.py): it failed at load 10-14 on two cores though
#: nothing was slow.
EXAMPLE_SECONDS = 1.0


def check_time(spent: float, seconds: float, what: str) -> None:
    """Fail when ``spent`` wall seconds exceed ``seconds`` -- the limit on a quiet machine -- times the stretch
    measured now. Within the quiet limit nothing is measured, so quick work pays nothing for the check; past it, one
    reading of :data:`STRETCH_SAMPLE` CPU seconds is taken after the work, when only the machine's other processes
    compete with the reading: work that waited for a core passes, work that spent the time itself fails at any load."""
    if spent <= seconds:
        return
    load = stretch(STRETCH_SAMPLE)
    if spent > seconds * load:
        raise AssertionError(
            f"{what} took {spent:.2f} s: more than {seconds:g} s on a quiet machine times the load measured now "
            f"({load:.1f})"
        )


def held_call(work: Callable[[], object], seconds: float, what: str) -> None:
    """Run ``work`` (in-process, repeatable: parsing a hostile text) and hold it to :func:`check_time`. A first run over
    the quiet limit runs once more and the second time is the one held, the rule :func:`bounded_examples` applies to
    Hypothesis examples: the first call may build what its code builds once per process, or meet a burst of load that
    a reading taken after it no longer sees (a 50 ms parse was once timed at 1.6 s with the load read after it at
    1.6). Work that is itself slow is slow both times."""
    _, spent = _timed(work)
    if spent > seconds:
        _, spent = _timed(work)
    check_time(spent, seconds, what)


def _timed(work: Callable[[], Any]) -> tuple[Any, float]:
    """What ``work()`` returns, and the wall seconds it took."""
    began = time.perf_counter()
    result = work()
    return result, time.perf_counter() - began


@contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """``with time_limit(0.5, "reading a hostile page"): ...`` -- :func:`check_time` on the block's wall time."""
    began = time.perf_counter()
    yield
    check_time(time.perf_counter() - began, seconds, what)


def bounded_examples(test: Callable[..., Any], seconds: float = EXAMPLE_SECONDS) -> Callable[..., Any]:
    """``test`` (a Hypothesis test's ``inner_test``, run once per example) with each example held to :func:`check_time`.

    An example over the quiet limit runs once more with the same arguments and the second time is the one held: the
    first example that reaches a part of the code under test may build what that part builds once per process (a
    field's compiled patterns, a lexicon), which is no property of the example. Hypothesis checks its own deadline the
    same way, on a second run. An example drawing with ``st.data()`` cannot be run again with the same draws: the first
    such example over the limit is let through once per process (it may have been the one that built), every later one
    is held to its one run."""
    excused = False

    @functools.wraps(test)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        nonlocal excused
        result, spent = _timed(lambda: test(*args, **kwargs))
        if spent > seconds:
            if not any(type(a).__name__ == "DataObject" for a in (*args, *kwargs.values())):
                _, spent = _timed(lambda: test(*args, **kwargs))
            elif not excused:
                excused = True
                return result
        check_time(spent, seconds, f"one example of {test.__name__}")
        return result

    bounded.time_bounded = True  # type: ignore[attr-defined]
    bounded.seconds = seconds  # type: ignore[attr-defined]
    return bounded
