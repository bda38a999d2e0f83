"""Stale scans: running in the register while nobody writes them; closing one keeps its hosts."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from tests.unit.register.synthetic import device, result

from camaudit.register.db import Register
from camaudit.register.models import SCAN_CLOSED
from camaudit.register.query import complete_scan_ids, latest_unfinished, list_scans
from camaudit.register.stale import StaleError, close_scan, runner_info, stale_scans
from camaudit.register.store import begin_scan, record_host

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def _started(hours_ago: float) -> str:
    return (NOW - timedelta(hours=hours_ago)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_scan_whose_process_is_gone_is_stale_at_once(register: Register) -> None:
    runner = {**runner_info(), "pid": _dead_pid()}
    scan_id = begin_scan(register, result().scope, started=_started(0.01), options={"runner": runner})
    (stale,) = stale_scans(register, now=NOW)
    assert stale.id == scan_id and "is gone" in stale.reason


def test_a_scan_of_a_live_camaudit_process_is_not_stale_until_it_dies(register: Register) -> None:
    # A stand-in recording process: alive, and "camaudit" on its command line as the real one has.
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", "camaudit"])
    deadline = time.monotonic() + 30
    while b"camaudit" not in Path(f"/proc/{child.pid}/cmdline").read_bytes() and time.monotonic() < deadline:
        time.sleep(0.01)  # until the child has exec'd (before, /proc shows the parent's command line)
    try:
        begin_scan(register, result().scope, started=_started(5), options={"runner": {**runner_info(), "pid": child.pid}})
        assert stale_scans(register, now=NOW) == []
        with pytest.raises(StaleError, match="may still be running"):
            close_scan(register, 1)
    finally:
        child.kill()
        child.wait()
    assert [s.id for s in stale_scans(register, now=NOW)] == [1]


@pytest.mark.parametrize(("runner", "hours", "stale"), [
    ({"host": "other-host", "pid": 1, "boot": "x"}, 2.0, True),
    ({"host": "other-host", "pid": 1, "boot": "x"}, 0.2, False),
    (None, 2.0, True),
    (None, 0.2, False),
])
def test_scans_of_other_machines_are_stale_after_an_hour_without_progress(
    register: Register, runner: dict[str, object] | None, hours: float, stale: bool
) -> None:
    options = {"runner": runner} if runner else {}
    scan_id = begin_scan(register, result().scope, started=_started(hours + 1), options=options)
    record_host(register, scan_id, "10.0.0.1", device("10.0.0.1"), finished=_started(hours))
    assert bool(stale_scans(register, now=NOW)) is stale


def test_closing_keeps_hosts_and_stops_resume_and_diff(register: Register) -> None:
    scan_id = begin_scan(register, result().scope, options={"runner": {**runner_info(), "pid": _dead_pid()}})
    record_host(register, scan_id, "10.0.0.1", device("10.0.0.1"))
    close_scan(register, scan_id)
    (info,) = list_scans(register)
    assert (info.status, info.hosts) == (SCAN_CLOSED, 1) and info.finished
    assert latest_unfinished(register) is None and complete_scan_ids(register) == []
    with pytest.raises(StaleError, match="not running"):
        close_scan(register, scan_id)
    with pytest.raises(StaleError, match="no scan 99"):
        close_scan(register, 99)
