"""Partial scans never look complete: a time limit, a probe budget or Ctrl-C ends with exit code 3, a
line saying what is missing and how to finish, and a result whose ``status`` says it is partial; a
second Ctrl-C ends at once without a traceback."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from camaudit.lab.runner import LabRunner
from camaudit.register.db import integrity_problems, open_register
from camaudit.register.query import latest_unfinished, list_scans

CAMAUDIT = [sys.executable, "-m", "camaudit"]
ENV = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}


@pytest.fixture(scope="module")
def lab() -> Iterator[LabRunner]:
    # A healthy camera and a hostile device whose drip and tarpit ports hold a host until its deadline.
    with LabRunner(["axis-ipc", "garbage", "hikvision-ipc", "dahua-ipc"], base="127.85.0.1", alt_ports=True) as running:
        yield running


def _scan(lab: LabRunner, *extra: str, timeout: float = 120, hosts: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    ports = ",".join(map(str, lab.ports))
    targets = hosts if hosts is not None else [d.ip for d in lab.devices]
    return subprocess.run(
        [*CAMAUDIT, "scan", *targets, "--ports", ports, "--timeout", "2", *extra],
        capture_output=True, text=True, timeout=timeout, env=ENV, check=False,
    )


def _partial_line(stderr: str) -> str:
    lines = [ln for ln in stderr.splitlines() if "PARTIAL" in ln]
    assert len(lines) == 1, stderr
    return lines[0]


#: The run's time limit, and what the hostile device's drip and tarpit would hold its host for without it (probes
#: may take 30 s each, the host's deadline is 60 s).
TIME_LIMIT = 6
HOST_HOLD = 60


def test_a_time_limit_is_a_partial_result_with_exit_3(lab: LabRunner, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    hold = ("--timeout", "30", "--host-timeout", str(HOST_HOLD))
    # The baseline, measured in this run: the same command on the healthy devices alone, which finish by themselves
    # (starting camaudit, scanning, identifying, writing the result). Alone it takes ~4.5 s and the limited run ~8 s; a
    # loaded machine (load 14 once made the limited run 47.6 s) slows both, so a fixed bound fails for the load.
    began = time.monotonic()
    healthy = _scan(lab, *hold, "--json", str(tmp_path / "healthy.json"),
                    hosts=[d.ip for d in lab.devices if d.name != "garbage"])
    baseline = time.monotonic() - began
    assert healthy.returncode == 0, healthy.stderr
    began = time.monotonic()
    proc = _scan(lab, *hold, "--max-time", str(TIME_LIMIT), "--json", str(out))
    elapsed = time.monotonic() - began
    # Stopped at the limit: no longer than the limit plus one more healthy run's worth of this machine's time now
    # (starting, stopping the held host, writing a partial result), where a limit that failed would wait out the
    # hostile host's 60 s deadline. Which limit ended the run is the result's own word (status.stopped, below).
    assert elapsed < 2 * baseline + TIME_LIMIT, (elapsed, baseline)
    assert proc.returncode == 3, proc.stderr
    line = _partial_line(proc.stderr)
    assert "time limit" in line and "host(s) not finished" in line and "scan again" in line
    assert "Traceback" not in proc.stderr
    status = json.loads(out.read_text())["status"]
    assert status["complete"] is False and status["stopped"] == "run-timeout"
    assert status["hosts"] == 4 and status["finished"] < 4
    assert f"{4 - status['finished']} of 4 host(s) not finished" in line


def test_a_probe_budget_stops_early_and_resume_finishes_the_scan(lab: LabRunner, tmp_path: Path) -> None:
    db = str(tmp_path / "audit.db")
    # One host at a time, and a budget above any one host's probes (18 at most here since the P2P LAN search joined the
    # UDP discovery probes; the budget was 18, so no run could finish a host): each run finishes one.
    proc = _scan(lab, "--max-probes", "24", "--concurrency", "1", "--host-timeout", "8", "--db", db)
    assert proc.returncode == 3, proc.stderr
    line = _partial_line(proc.stderr)
    assert "probe budget" in line and f"camaudit scan --resume --db {db}" in line
    with open_register(db) as reg:
        assert latest_unfinished(reg) is not None
    for _ in range(12):  # each resumed run spends its own budget, and finishes more hosts
        resumed = subprocess.run([*CAMAUDIT, "scan", "--resume", "--db", db], capture_output=True, text=True,
                                 timeout=120, env=ENV, check=False)
        if resumed.returncode == 0:
            break
        assert resumed.returncode == 3, resumed.stderr
    assert resumed.returncode == 0, resumed.stderr
    assert "PARTIAL" not in resumed.stderr
    with open_register(db) as reg:
        assert integrity_problems(reg) == [] and latest_unfinished(reg) is None
        (scan,) = list_scans(reg)
        assert (scan.status, scan.hosts) == ("complete", 4)


def _healthy_found(found: Path, healthy: int) -> bool:
    try:
        return found.read_text(encoding="utf-8").count("\n") >= healthy
    except OSError:
        return False


def _interrupt(lab: LabRunner, tmp_path: Path, gaps: list[float]) -> tuple[int, str, Path]:
    out, found = tmp_path / "r.json", tmp_path / "found.jsonl"
    ports = ",".join(map(str, lab.ports))
    proc = subprocess.Popen(
        [*CAMAUDIT, "scan", *(d.ip for d in lab.devices), "--ports", ports, "--timeout", "30",
         "--host-timeout", "120", "--json", str(out), "--jsonl", str(found)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
    )
    # Ctrl-C once the healthy hosts are finished (each writes its line to --jsonl) while the hostile one is
    # held: a wait on that, bounded, rather than a fixed sleep that is too long when idle and short when busy.
    healthy = sum(d.name != "garbage" for d in lab.devices)
    deadline = time.monotonic() + 60
    while not _healthy_found(found, healthy) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    for gap in gaps:
        proc.send_signal(signal.SIGINT)
        time.sleep(gap)
    _stdout, stderr = proc.communicate(timeout=60)
    return proc.returncode, stderr, out


def test_ctrl_c_once_is_a_partial_result_with_exit_3(lab: LabRunner, tmp_path: Path) -> None:
    code, stderr, out = _interrupt(lab, tmp_path, [0])
    assert code == 3, stderr
    assert "interrupted" in _partial_line(stderr) and "Traceback" not in stderr
    doc = json.loads(out.read_text())
    assert doc["status"]["stopped"] == "interrupted" and doc["status"]["complete"] is False
    assert "axis" in {d["identity"]["manufacturer"] for d in doc["devices"]}


@pytest.mark.parametrize("gap", [0.0, 0.02, 0.1, 0.3, 0.6, 1.0])
def test_a_second_ctrl_c_ends_quietly(lab: LabRunner, tmp_path: Path, gap: float) -> None:
    code, stderr, _out = _interrupt(lab, tmp_path, [gap, 0])
    assert code == 3, stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    assert "interrupted" in stderr
