"""A scan on a cold rule cache compiles its rule databases while it holds the devices it found: the compiles' working
memory must not stack, or the scan's peak resident size grows by several compiles' worth (bench/fleet.py, the /16)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

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


@pytest.fixture
def cold_cache(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("CAMAUDIT_CACHE_DIR", "")  # set but empty: no cache, every database is compiled
    hyperscan_db.after_each_compile(heap.give_back)  # what a scan does (audit._prepared_hint)
    yield
    hyperscan_db.after_each_compile(None)


def _largest_pattern_sets(count: int) -> list[list[tuple[str, int]]]:
    rules = packaged_rules().rules
    largest = [field for field, _ in Counter(r.field for r in rules).most_common(count)]
    return [[(r.pattern, _re_flags(r)) for r in rules if r.field == field] for field in largest]


def test_two_threads_compiling_on_a_cold_cache_add_one_compile_to_the_peak(cold_cache: None) -> None:
    assert hyperscan_db.available()
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
    together = _peak() - base
    assert alone > 8 * MIB, f"one compile's working memory was only {alone / MIB:.1f} MiB"
    # One compile's working memory at a time, plus the databases kept (1-2 MiB each): never the two at once.
    assert together < alone * 1.4 + 4 * MIB, f"two at once {together / MIB:.1f} MiB, one {alone / MIB:.1f} MiB"
