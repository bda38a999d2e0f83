"""A lab's held time published for a scan in another process (``camaudit.lab_holds``): seen while a hold lasts, read
only from files that are a running lab's publication, and never anything but a number of seconds.

The lab here is a real process with a real event loop, held on purpose with ``time.sleep`` in the loop's thread.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camaudit import lab_holds
from camaudit.scan import held_time

#: A lab's loop in a process of its own: it publishes for 127.77.60.1-4, says "ready", holds its loop ``sys.argv[2]``
#: seconds once told to (a line on its input), and says "released" half a second after the hold.
LAB = """
import asyncio, sys, time
from pathlib import Path
from camaudit import lab_holds
from camaudit.scan import held_time
from camaudit.device_loops import HeldTime

async def main():
    publication = lab_holds.publish("127.77.60.1", "127.77.60.4", Path(sys.argv[1]))
    HeldTime(publish=publication.write).start()
    await asyncio.sleep(0.3)
    print("ready", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    time.sleep(float(sys.argv[2]))
    await asyncio.sleep(0.5)
    print("released", flush=True)
    await asyncio.sleep(60)

asyncio.run(main())
"""
HOLD_S = 1.5


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    private = tmp_path / "camaudit"
    private.mkdir(mode=0o700)
    return private


@pytest.fixture
def lab(folder: Path) -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen(
        [sys.executable, "-c", LAB, str(folder), str(HOLD_S)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline() == "ready\n"
        yield proc
    finally:
        proc.kill()
        proc.wait()


def test_a_hold_in_another_process_is_seen_while_it_lasts_and_after(lab: subprocess.Popen[str], folder: Path) -> None:
    [published] = lab_holds.beside(folder)
    assert published.pid == lab.pid
    assert [published.covers(ip) for ip in ("127.77.60.1", "127.77.60.4", "127.77.60.5", "127.77.59.255", "::1")] == [
        True, True, False, False, False
    ]
    before = published.held()
    _hold(lab)
    time.sleep(1.0)  # the hold is going on now, and the lab cannot write
    during = published.held()
    assert lab.poll() is None and lab.stdout is not None
    assert lab.stdout.readline() == "released\n"
    after = published.held()
    assert during - before >= 0.6
    assert HOLD_S - 0.1 <= after - before <= HOLD_S + 1.5  # the whole hold, once; a starved lab's lateness may add


def test_a_killed_lab_is_ignored_and_its_file_removed_by_the_next(lab: subprocess.Popen[str], folder: Path) -> None:
    [path] = folder.glob("held-*.bin")
    lab.kill()
    lab.wait()
    assert lab_holds.beside(folder) == []
    publication = lab_holds.publish("127.77.61.1", "127.77.61.1", folder)
    assert publication is not None
    assert not path.exists()
    assert [p.name for p in folder.glob("held-*.bin")] == [publication.path.name]
    publication.close()
    assert list(folder.iterdir()) == []


def test_nothing_is_published_for_addresses_outside_loopback(folder: Path) -> None:
    assert lab_holds.publish("198.18.0.10", "198.18.0.12", folder) is None
    assert lab_holds.publish("127.0.0.9", "128.0.0.1", folder) is None
    assert list(folder.iterdir()) == []


@pytest.fixture(scope="module")
def other() -> Iterator[int]:
    """The id of a running process other than this one."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        yield proc.pid
    finally:
        proc.kill()
        proc.wait()


def _hold(lab: subprocess.Popen[str]) -> None:
    assert lab.stdin is not None
    lab.stdin.write("hold\n")
    lab.stdin.flush()


def _write(folder: Path, content: bytes, name: str = "held-1-0.bin") -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


def _head(
    pid: int, first: str = "127.77.62.1", last: str = "127.77.62.9", magic: bytes = lab_holds.MAGIC, namespace: int = 0
) -> bytes:
    namespace = namespace or os.stat("/proc/self/ns/net").st_ino
    low, high = int(ipaddress.IPv4Address(first)), int(ipaddress.IPv4Address(last))
    return struct.pack("<8sIIII", magic, pid, low, high, namespace)


def _times(seq: int, held: float, due: float) -> bytes:
    return struct.pack("<Qdd", seq, held, due)


def test_a_well_formed_file_of_a_running_process_is_read(folder: Path, other: int) -> None:
    # A hold of 2 s in all, none going on (the next wake is an hour away).
    _write(folder, _head(other) + _times(2, 2.0, time.monotonic() + 3600))
    [published] = lab_holds.beside(folder)
    assert published.held() == 2.0


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(lambda pid: _head(pid) + _times(2, 2.0, 0.0)[:-1], id="short"),
        pytest.param(lambda pid: _head(pid) + _times(2, 2.0, 0.0) + b"\0", id="long"),
        pytest.param(lambda pid: _head(pid, magic=b"CAMHELD2") + _times(2, 2.0, 0.0), id="magic"),
        pytest.param(lambda pid: _head(pid, "10.0.0.1", "10.0.0.9") + _times(2, 2.0, 0.0), id="not-loopback"),
        pytest.param(lambda pid: _head(pid, "127.0.0.9", "128.0.0.1") + _times(2, 2.0, 0.0), id="leaves-loopback"),
        pytest.param(lambda pid: _head(pid, "127.0.0.9", "127.0.0.1") + _times(2, 2.0, 0.0), id="backwards"),
        pytest.param(lambda pid: _head(os.getpid()) + _times(2, 2.0, 0.0), id="own-process"),
        pytest.param(lambda pid: _head(pid, namespace=1) + _times(2, 2.0, 0.0), id="other-namespace"),
        pytest.param(lambda pid: _head(0) + _times(2, 2.0, 0.0), id="pid-0"),
        pytest.param(lambda pid: _head(0xFFFFFFFF) + _times(2, 2.0, 0.0), id="pid-too-large"),
    ],
)
def test_files_that_are_not_a_running_labs_publication_are_ignored(folder: Path, content: object, other: int) -> None:
    assert callable(content)
    _write(folder, content(other))
    assert lab_holds.beside(folder) == []


def test_a_symlink_or_a_folder_others_may_write_is_not_read(folder: Path, tmp_path: Path, other: int) -> None:
    real = _write(tmp_path, _head(other) + _times(2, 2.0, 0.0), "elsewhere.bin")
    (folder / "held-1-0.bin").symlink_to(real)
    assert lab_holds.beside(folder) == []
    (folder / "held-1-0.bin").unlink()
    _write(folder, _head(other) + _times(2, 2.0, 0.0))
    assert len(lab_holds.beside(folder)) == 1
    folder.chmod(0o777)
    assert lab_holds.beside(folder) == []


def test_a_missing_folder_is_no_lab(tmp_path: Path) -> None:
    assert lab_holds.beside(tmp_path / "none") == []


def test_the_state_folder_is_made_private_and_a_folder_others_may_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One check for the lab's state file (lab/serve.py state_dir) and its held-time publication: a missing folder is
    # made private; one someone else made readable first is refused by both, the state file with a one-line error.
    from camaudit.lab.device import LabError
    from camaudit.lab.serve import state_dir

    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    made = state_dir()
    assert made == tmp_path / "camaudit" and made.stat().st_mode & 0o777 == 0o700
    made.chmod(0o755)
    with pytest.raises(LabError, match="not a private folder"):
        state_dir()
    assert lab_holds.publish("127.0.0.1", "127.0.0.2") is None


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(min_size=24, max_size=24))
def test_whatever_a_publication_holds_it_reads_as_seconds(folder: Path, other: int, times: bytes) -> None:
    _write(folder, _head(other) + times)
    [published] = lab_holds.beside(folder)
    held = published.held()
    assert isinstance(held, float) and held >= 0.0 and held == held and held != float("inf")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=64))
def test_random_files_never_raise(folder: Path, content: bytes) -> None:
    _write(folder, content)
    for published in lab_holds.beside(folder):
        assert published.held() >= 0.0


def test_a_scan_forgives_a_labs_hold_for_that_labs_addresses_only(
    lab: subprocess.Popen[str], folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lab_holds, "folder", lambda: folder)

    def held_at(ip: str) -> float:
        with held_time.device_at(ip):
            return held_time.held()

    async def scan() -> tuple[float, float, float]:
        async with held_time.counting():
            lab_before, other_before, own_before = held_at("127.77.60.2"), held_at("127.77.61.2"), held_time.held()
            _hold(lab)
            assert lab.stdout is not None
            assert await asyncio.get_running_loop().run_in_executor(None, lab.stdout.readline) == "released\n"
            return (held_at("127.77.60.2") - lab_before, held_at("127.77.61.2") - other_before,
                    held_time.held() - own_before)

    lab_owed, other_owed, own_held = asyncio.run(scan())
    assert lab_owed >= HOLD_S - 0.1
    # Another address is owed what this scan's own loop was held (nothing, on a machine that gives it a core), never
    # the lab's hold.
    assert other_owed == pytest.approx(own_held, abs=0.05)
    assert held_at("127.77.60.2") == 0.0  # outside a scan nothing is counted
