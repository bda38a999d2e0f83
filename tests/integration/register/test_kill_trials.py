"""Twenty ``kill -9`` trials at random moments of a real scan and of its resume (issue 10).

After every kill: the register passes its integrity check, holds no duplicate device or identity, and lists
the scan as stale (its process is gone); ``scan --resume`` then completes it with every device, once. A
stale scan can also be closed instead, after which nothing resumes it and ``diff`` ignores it.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path

import pytest
from concurrent_trials import running_trials, selected_params
from sqlalchemy import func, select

from camaudit.lab.runner import LabRunner
from camaudit.register.db import integrity_problems, open_register
from camaudit.register.models import SCAN_CLOSED, SCAN_COMPLETE, DeviceRow, IdentityRow
from camaudit.register.query import latest_unfinished, list_scans, recorded_hosts
from camaudit.register.stale import stale_scans

PROFILES = ["hikvision-ipc", "dahua-ipc", "axis-ipc", "uniview-ipc", "hanwha-ipc"]
ENV = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
_RNG = random.Random(20261201)
#: (what is killed, hosts recorded before the kill may come, then seconds more): ten kills of a scan, ten of
#: a resume, spread over start-up (0 hosts), between hosts and inside them.
TRIALS = [("scan", _RNG.randrange(len(PROFILES)), round(_RNG.uniform(0.0, 1.5), 2)) for _ in range(10)] + [
    ("resume", _RNG.randrange(len(PROFILES)), round(_RNG.uniform(0.0, 1.5), 2)) for _ in range(10)
]


def _camaudit(*args: str) -> list[str]:
    return [sys.executable, "-m", "camaudit", *args]


def _count(db: str, table: str) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])  # noqa: S608 - a fixed name
    except sqlite3.Error:
        return 0


def _kill_after(cmd: list[str], db: str, hosts: int, delay: float) -> None:
    """Start ``cmd``; once it has a scan row and ``hosts`` more hosts recorded, wait ``delay`` s and SIGKILL it."""
    before = _count(db, "scan_hosts")
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    deadline = time.monotonic() + 90
    while proc.poll() is None and time.monotonic() < deadline and (
        _count(db, "scans") < 1 or _count(db, "scan_hosts") < before + hosts
    ):
        time.sleep(0.02)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)


def _assert_sound(db: str) -> None:
    with open_register(db) as reg:
        assert integrity_problems(reg) == []
        with reg.session() as session:
            identities = session.execute(select(IdentityRow.scan_id, IdentityRow.ip)).all()
            assert len(identities) == len(set(identities)), "an identity was recorded twice"
            macs = session.scalars(select(DeviceRow.mac).where(DeviceRow.mac.is_not(None))).all()
            assert len(macs) == len(set(macs)), "a device was recorded twice"


@pytest.fixture(scope="module")
def lab() -> Iterator[LabRunner]:
    with LabRunner(PROFILES, base="127.88.0.1", alt_ports=True) as running:
        yield running


def _scan_args(lab: LabRunner, db: str) -> list[str]:
    ports = ",".join(map(str, lab.ports))
    # One host at a time, so kills land between and inside hosts rather than only at the end.
    return _camaudit("scan", *(d.ip for d in lab.devices), "--ports", ports, "--concurrency", "1",
                     "--timeout", "2", "--db", db)


def _kill_trial(lab: LabRunner, db: str, phase: str, hosts: int, delay: float) -> str:
    """One trial against its own lab and register: kill, check, resume, check; returns what was recorded."""
    if phase == "scan":
        _kill_after(_scan_args(lab, db), db, hosts, delay)
    else:  # killed early in the scan, then the resume is killed at the trial's moment
        _kill_after(_scan_args(lab, db), db, 1, 0.0)
    _assert_sound(db)
    if phase == "resume":
        with open_register(db) as reg:
            running = latest_unfinished(reg)
            left = len(PROFILES) - len(recorded_hosts(reg, running.id)) if running else 0
        if left:
            _kill_after(_camaudit("scan", "--resume", "--db", db), db, min(hosts, left - 1), delay)
            _assert_sound(db)
    with open_register(db) as reg:
        running = latest_unfinished(reg)
        listed = stale_scans(reg)  # the command line is exercised by the tests below
        recorded = len(recorded_hosts(reg, running.id)) if running else len(PROFILES)
    summary = f"kill -9 during the {phase} ({hosts} more host(s) + {delay} s): {recorded} of {len(PROFILES)} recorded"
    assert [s.id for s in listed] == ([running.id] if running else [])
    assert all("is gone" in s.reason for s in listed)
    if running is not None:
        done = subprocess.run(_camaudit("scan", "--resume", "--db", db), capture_output=True, text=True,
                              timeout=180, env=ENV)
        assert done.returncode == 0, done.stderr
    _assert_sound(db)
    with open_register(db) as reg:
        assert latest_unfinished(reg) is None
        (scan,) = list_scans(reg)
        assert (scan.status, scan.hosts, scan.devices) == (SCAN_COMPLETE, len(PROFILES), len(PROFILES))
        with reg.session() as session:
            assert session.scalar(select(func.count()).select_from(DeviceRow)) == len(PROFILES)
    return summary


@pytest.fixture(scope="module")
def trials(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[tuple[str, int, float], Future[str]]]:
    """Every selected trial, started side by side as the module starts, each on a lab and register of its own
    (127.88.10.1 onwards), so one trial's kills and resumes cannot touch another's."""

    def trial(slot: int, params: tuple[str, int, float]) -> str:
        db = str(tmp_path_factory.mktemp(f"kill-trial-{slot}") / "audit.db")
        with LabRunner(PROFILES, base=f"127.88.{10 + slot}.1", alt_ports=True) as own_lab:
            return _kill_trial(own_lab, db, *params)

    wanted = selected_params(request, test_kill_9_then_resume_completes_with_every_device_once,
                             ("phase", "hosts", "delay"))
    with running_trials(trial, wanted) as futures:
        yield futures


@pytest.mark.slow
@pytest.mark.parametrize(("phase", "hosts", "delay"), TRIALS, ids=[f"{p}-{h}-{d}" for p, h, d in TRIALS])
def test_kill_9_then_resume_completes_with_every_device_once(
    trials: dict[tuple[str, int, float], Future[str]], phase: str, hosts: int, delay: float
) -> None:
    # The trial ran (or runs) in the module's pool; its own assertion errors are raised here.
    print(trials[(phase, hosts, delay)].result())


def test_a_stale_scan_can_be_closed_and_is_then_neither_resumed_nor_diffed(lab: LabRunner, tmp_path: Path) -> None:
    db = str(tmp_path / "audit.db")
    _kill_after(_scan_args(lab, db), db, 1, 0.5)
    with open_register(db) as reg:
        running = latest_unfinished(reg)
    assert running is not None
    closed = subprocess.run(_camaudit("scans", "close", str(running.id), "--db", db), capture_output=True,
                            text=True, timeout=60, env=ENV)
    assert closed.returncode == 0 and f"Scan {running.id} closed." in closed.stdout, closed.stderr
    again = subprocess.run(_camaudit("scans", "close", str(running.id), "--db", db), capture_output=True,
                           text=True, timeout=60, env=ENV)
    assert again.returncode == 2 and "not running" in again.stderr
    resume = subprocess.run(_camaudit("scan", "--resume", "--db", db), capture_output=True, text=True, timeout=60,
                            env=ENV)
    assert resume.returncode == 2 and "no unfinished scan" in resume.stderr
    with open_register(db) as reg:
        (scan,) = list_scans(reg)
        assert scan.status == SCAN_CLOSED and scan.finished
        assert integrity_problems(reg) == []
    diff = subprocess.run(_camaudit("diff", "--db", db), capture_output=True, text=True, timeout=60, env=ENV)
    assert diff.returncode == 2 and "0 complete scan(s)" in diff.stderr


def test_a_live_scan_is_not_stale_and_is_not_closed_without_force(tmp_path: Path) -> None:
    db = str(tmp_path / "audit.db")
    with LabRunner(["hostile/hostile-tarpit"], base="127.88.1.1", alt_ports=True) as pit:
        # A tarpit holds the scan open (each probe waits until the lab ends the connection), and once its scan row is
        # written the scan is paused (SIGSTOP) while the other commands look at it: its process is alive, as a scan
        # that is busy is, however long the two commands take to start. Before, only the tarpit's hold kept it going:
        # a 30 s probe timeout did not outlast two command starts at load 13 (the scan was complete by the time
        # `scans close` asked), and any hold is some machine's command start time.
        live = subprocess.Popen(_camaudit("scan", pit.devices[0].ip, "--ports", ",".join(map(str, pit.ports)),
                                          "--timeout", "120", "--host-timeout", "300", "--db", db),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
        try:
            deadline = time.monotonic() + 60
            while _count(db, "scans") < 1 and time.monotonic() < deadline:
                time.sleep(0.05)
            live.send_signal(signal.SIGSTOP)
            stale = subprocess.run(_camaudit("scans", "stale", "--db", db, "--json", "-"), capture_output=True,
                                   text=True, timeout=60, env=ENV)
            refused = subprocess.run(_camaudit("scans", "close", "1", "--db", db), capture_output=True, text=True,
                                     timeout=60, env=ENV)
            still_running = live.poll() is None
        finally:
            live.send_signal(signal.SIGTERM)
            live.send_signal(signal.SIGCONT)
            live.wait(60)
    assert still_running, "the scan ended before it could be looked at"
    assert json.loads(stale.stdout) == []
    assert refused.returncode == 2 and "may still be running" in refused.stderr
