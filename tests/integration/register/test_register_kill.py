"""``kill -9`` in the middle of writing: the register stays sound, nothing committed is lost, no device
is duplicated, and resuming completes the scan.

Two writers are killed: a synthetic slow writer (many kill points, from before the database exists to
the middle of a host's transaction) and the real ``camaudit scan --db`` against the lab, continued with
``camaudit scan --resume``.
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
from pathlib import Path

import pytest
from sqlalchemy import func, select
from tests.conftest import ROOT

from camaudit.lab.runner import LabRunner
from camaudit.register.db import Register, integrity_problems, open_register
from camaudit.register.models import SCAN_COMPLETE, DeviceRow, IdentityRow
from camaudit.register.query import latest_unfinished, list_scans, recorded_hosts

#: Run as a module from the project root, so it imports the shared synthetic results as a package.
WRITER = ["-m", "tests.integration.register.register_writer"]
HOSTS = 150
#: Seconds after start: two before the writer can have opened the database, then spread over the run.
_RNG = random.Random(20261123)
KILL_DELAYS = [0.05, 0.3, *sorted(round(_RNG.uniform(0.5, 2.2), 2) for _ in range(10))]


def _scan_started(db: str) -> bool:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
    except sqlite3.Error:
        return False
    try:
        return bool(conn.execute("SELECT COUNT(*) FROM scans").fetchone()[0])
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def _kill_after(cmd: list[str], delay: float, *, after_scan_row_in: str | None = None) -> str:
    """Run ``cmd`` and SIGKILL it ``delay`` seconds after it starts (or after it records its scan row)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    if after_scan_row_in is not None:
        # Measured from the scan's start, not the process's: start-up time varies with machine load.
        deadline = time.monotonic() + 60
        while not _scan_started(after_scan_row_in) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
    time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    return out


def _count(reg: Register, model: type[DeviceRow] | type[IdentityRow]) -> int:
    with reg.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.mark.slow
@pytest.mark.parametrize("delay", KILL_DELAYS)
def test_kill_9_loses_nothing_committed_and_resume_completes(delay: float, tmp_path: Path) -> None:
    db = str(tmp_path / "register.db")
    writer = [sys.executable, *WRITER, db, f"1-{HOSTS}", "--delay", "0.008"]
    out = _kill_after(writer, delay)
    assert "complete" not in out, "the writer finished before the kill: lengthen the run"
    committed = {line.split()[1] for line in out.splitlines() if line.startswith("committed ")}
    resumable = False
    if Path(db).exists():
        with open_register(db) as reg:
            assert integrity_problems(reg) == []
            info = latest_unfinished(reg)
            recorded = recorded_hosts(reg, info.id) if info else frozenset()
            assert committed <= recorded, "a host reported committed was lost"
            assert len(recorded - committed) <= 1, "only the host whose commit raced the kill may be unreported"
            print(f"killed at {delay} s: {len(recorded)} host(s) recorded")
            assert _count(reg, DeviceRow) == len(recorded)
            resumable = info is not None
    else:
        assert not committed
    finish = subprocess.run(
        [*writer[:5], *(["--resume"] if resumable else [])], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert finish.returncode == 0, finish.stderr
    with open_register(db) as reg:
        assert integrity_problems(reg) == []
        assert latest_unfinished(reg) is None
        (scan,) = list_scans(reg)
        assert (scan.status, scan.hosts, scan.devices) == (SCAN_COMPLETE, HOSTS, HOSTS)
        assert _count(reg, DeviceRow) == HOSTS and _count(reg, IdentityRow) == HOSTS


LAB_PROFILES = ["hikvision-ipc", "dahua-ipc", "axis-ipc"]


def _camaudit(*args: str, timeout: float = 120) -> list[str]:
    return [sys.executable, "-m", "camaudit", *args]


@pytest.mark.slow
def test_kill_9_during_a_lab_scan_then_scan_resume_completes(tmp_path: Path) -> None:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    with LabRunner(profiles=LAB_PROFILES, base="127.81.0.1") as lab:
        targets = [d.ip for d in lab.devices]
        ports = ",".join(map(str, lab.ports))
        expected = {d.expect["brand"] for d in lab.devices}
        for delay in (0.0, 1.5, 3.0):
            db = str(tmp_path / f"killed-{delay}.db")
            # One host at a time, so that kills land between and inside hosts, not only at the end.
            scan = _camaudit("scan", *targets, "--ports", ports, "--concurrency", "1", "--timeout", "2", "--db", db)
            out = _kill_after(scan, delay, after_scan_row_in=db)
            assert "Result written" not in out
            with open_register(db) as reg:
                assert integrity_problems(reg) == []
                info = latest_unfinished(reg)
                assert info is not None, f"no running scan after {delay} s"
                with reg.session() as session:
                    before = set(session.execute(select(IdentityRow.id, IdentityRow.ip, IdentityRow.result_id)).all())
            result_path = tmp_path / f"resumed-{delay}.json"
            resumed = subprocess.run(
                _camaudit("scan", "--resume", "--db", db, "--json", str(result_path)),
                capture_output=True, text=True, timeout=120, env=env,
            )
            assert resumed.returncode == 0, resumed.stderr
            assert f"Resuming scan {info.id}" in resumed.stderr
            doc = json.loads(result_path.read_text())
            assert sorted(d["addresses"][0]["ip"] for d in doc["devices"]) == targets
            assert {d["identity"]["brand"] for d in doc["devices"]} == expected
            with open_register(db) as reg:
                assert integrity_problems(reg) == []
                assert latest_unfinished(reg) is None
                assert _count(reg, DeviceRow) == len(targets)
                with reg.session() as session:
                    after = set(session.execute(select(IdentityRow.id, IdentityRow.ip, IdentityRow.result_id)).all())
                assert before <= after, "hosts recorded before the kill were changed or lost"
                assert len(after) == len(targets)
