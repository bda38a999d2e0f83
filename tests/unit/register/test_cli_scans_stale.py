"""``camaudit scans stale`` as a user reads it: a sentence when there is nothing, whole rows in a log or pipe."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.unit.register.synthetic import result

from camaudit.register.db import open_register
from camaudit.register.stale import runner_info
from camaudit.register.store import begin_scan


def _stale(db: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}  # a pipe: Rich assumes 80
    return subprocess.run([sys.executable, "-m", "camaudit", "scans", "stale", "--db", str(db)], capture_output=True,
                          text=True, timeout=120, env={**env, "NO_COLOR": "1"}, check=False)


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_no_stale_scan_is_a_sentence_not_an_empty_box(tmp_path: Path) -> None:
    db = tmp_path / "register.db"
    with open_register(str(db)):
        pass
    done = _stale(db)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"No stale scans in register {db}.\n"


def test_a_stale_scan_is_one_row_whose_values_are_whole_in_a_pipe(tmp_path: Path) -> None:
    db = tmp_path / "register.db"
    pid = _dead_pid()
    with open_register(str(db)) as register:
        begin_scan(register, result().scope, started="2026-12-01T11:59:00Z",
                   options={"runner": {**runner_info(), "pid": pid}})
    done = _stale(db)
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if "2026-12-01T11:" in line or "is gone" in line]
    # Before, Rich folded every cell at 80 columns: "2026-12-01T11:5" / "9:00Z" on the next line.
    assert len(rows) == 1 and rows[0].split()[:2] == ["1", "2026-12-01T11:59:00Z"], done.stdout
    assert rows[0].rstrip().endswith(f"its process (pid {pid} on this machine) is gone")
    assert done.stdout.splitlines()[-1] == ("Finish one with `camaudit scan --resume --db ...`, or give up on it "
                                           "with `camaudit scans close ID`.")
