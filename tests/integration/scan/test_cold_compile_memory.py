"""A scan on a cold rule cache compiles its rule databases while it holds the devices it found: the compiles' working
memory must not stack, or the scan's peak resident size grows by several compiles' worth (bench/fleet.py, the /16).

The peaks are measured in a fresh interpreter: in a test worker that has run other tests first, the allocator reuses
memory those tests freed without raising the resident size, so "one compile alone" read low (11.8 MiB against 25-28
in a fresh process, the final suite of 7 December) and the comparison failed on the measurement, not the code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

from camaudit.identify import hyperscan_db, packaged_rules
from camaudit.identify.matcher import _re_flags
from camaudit.scan import heap

MIB = 1 << 20


def _resident() -> int:
    return int(Path("/proc/self/status").read_text().split("VmRSS:")[1].split()[0]) * 1024


def _peak() -> int:
    return int(Path("/proc/self/status").read_text().split("VmHWM:")[1].split()[0]) * 1024


def _from_here() -> int:
    """Hand freed memory back, restart the high-water mark at the resident size, and return that size."""
    heap.give_back()
    Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM (Linux 4.0 and later)
    return _resident()


def _largest_pattern_sets(count: int) -> list[list[tuple[str, int]]]:
    rules = packaged_rules().rules
    largest = [field for field, _ in Counter(r.field for r in rules).most_common(count)]
    return [[(r.pattern, _re_flags(r)) for r in rules if r.field == field] for field in largest]


def _measure() -> tuple[int, int]:
    """Peak growth (bytes) of compiling the largest field's patterns alone, then the two largest fields' at once in two
    threads, with no rule cache and a scan's hook after each compile (audit._prepared_hint)."""
    os.environ["CAMAUDIT_CACHE_DIR"] = ""  # set but empty: no cache, every database is compiled
    hyperscan_db.after_each_compile(heap.give_back)
    first, second = _largest_pattern_sets(2)
    assert min(len(first), len(second)) > 200  # big enough that the compile's working memory shows

    base = _from_here()
    hyperscan_db.PatternDatabases(first)
    alone = _peak() - base

    base = _from_here()
    threads = [threading.Thread(target=hyperscan_db.PatternDatabases, args=(p,)) for p in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return alone, _peak() - base


def test_two_threads_compiling_on_a_cold_cache_add_one_compile_to_the_peak() -> None:
    assert hyperscan_db.available()
    done = subprocess.run(
        [sys.executable, __file__], capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "CAMAUDIT_CACHE_DIR": ""},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    alone, together = json.loads(done.stdout.strip().splitlines()[-1])
    assert alone > 8 * MIB, f"one compile's working memory was only {alone / MIB:.1f} MiB"
    # One compile's working memory at a time, plus the databases kept (1-2 MiB each): never the two at once.
    assert together < alone * 1.4 + 4 * MIB, f"two at once {together / MIB:.1f} MiB, one {alone / MIB:.1f} MiB"


if __name__ == "__main__":
    print(json.dumps(_measure()))
