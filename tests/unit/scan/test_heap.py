"""A long scan hands the memory it freed back to the system, so its resident size follows what it still holds."""

from __future__ import annotations

import platform

from camaudit.scan import heap

MIB = 1 << 20


def _fragmented_heap() -> list[bytearray]:
    """80 MiB of 64 KiB blocks from the C heap (below malloc's mmap threshold), every eighth kept: the freed
    seven eighths sit between kept blocks, where free() alone cannot give them back."""
    blocks = [bytearray(64 * 1024) for _ in range(1280)]
    for block in blocks:
        block[::4096] = b"\x01" * len(block[::4096])  # touch every page, so it is resident
    return blocks[::8]


def test_giving_back_returns_the_pages_freed_between_blocks_still_held() -> None:
    assert platform.libc_ver()[0] != "glibc" or heap.can_give_back()
    if not heap.can_give_back():
        return  # nothing to hand back with (not glibc): give_back must then be harmless
    heap.give_back()
    kept = _fragmented_heap()
    before = heap.resident_bytes()
    assert before is not None
    heap.give_back()
    after = heap.resident_bytes()
    assert after is not None
    assert before - after >= 40 * MIB, f"resident {before / MIB:.0f} MiB -> {after / MIB:.0f} MiB"
    assert all(block[0] == 1 for block in kept)  # what is held is untouched


def test_the_keeper_trims_only_after_enough_growth_and_not_too_often() -> None:
    keeper = heap.FreedMemory(growth=32 * MIB, look_every=0.0)
    keeper.after_work()
    assert keeper.trims == 0  # nothing grew since it started
    kept = _fragmented_heap()
    keeper.after_work()
    assert keeper.trims == (1 if heap.can_give_back() else 0)
    keeper.after_work()
    assert keeper.trims == (1 if heap.can_give_back() else 0)  # measured again from after the trim
    slow = heap.FreedMemory(growth=0, look_every=3600.0)
    slow.after_work()
    slow.after_work()
    assert slow.trims <= 1  # the resident size is looked at once an hour at most
    del kept
