"""The load measure that time limits of the lab and end-to-end tests follow (tests/load.py) sees a busy machine."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from tests.load import MAX_STRETCH, LoadMeter, stretch

#: A child that keeps one core busy for a while (stopped by the test before it ends).
BUSY = "import time\nend = time.monotonic() + 20\nwhile time.monotonic() < end:\n    pass\n"


def test_busy_processes_on_every_core_stretch_the_measure() -> None:
    """One busy process per core and one more: with the measuring loop, four runnable processes share two cores, so
    the loop's wall time is about twice its CPU time on an otherwise idle machine (more on a busy one; 1.3 asked);
    every sample stays in range."""
    children = [subprocess.Popen([sys.executable, "-c", BUSY]) for _ in range((os.cpu_count() or 1) + 1)]
    try:
        time.sleep(0.5)  # the children have started spinning
        with LoadMeter(interval=0.2) as load:
            time.sleep(1.2)
    finally:
        for child in children:
            child.kill()
            child.wait()
    assert len(load.samples) >= 4, load.samples
    assert load.stretch >= 1.3, load.samples
    assert all(1.0 <= sample <= MAX_STRETCH for sample in load.samples), load.samples


def test_the_measure_is_a_ratio_of_at_least_one() -> None:
    assert 1.0 <= stretch(0.01) <= MAX_STRETCH
