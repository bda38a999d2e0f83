"""Small things a new user trips over, each as the user meets it: a real ``camaudit`` process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from camaudit.model import SCHEMA_VERSION, Address, Device, Identity, ScanResult, Scope, Tool
from camaudit.register.db import open_register
from camaudit.register.store import store_result

ROOT = Path(__file__).resolve().parents[2]
CAMAUDIT = [sys.executable, "-m", "camaudit"]
#: Nothing listens here (the lab never uses 127.79.0.0/16), so a scan of it is quick and empty.
QUIET = "127.79.0.9"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run([*CAMAUDIT, *args], capture_output=True, text=True, timeout=120, env=env, cwd=cwd,
                          check=False)


def _one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert proc.returncode == 2 and len(lines) == 1 and lines[0].startswith("camaudit: error:"), proc.stderr
    return lines[0]


@pytest.mark.parametrize("command", [("scan",), ("demo",), ("annotate",), ("history",), ("diff",), ("lab", "up")])
def test_help_shows_no_type_after_on_off_flags(command: tuple[str, ...]) -> None:
    proc = run(*command, "--help")
    assert proc.returncode == 0, proc.stderr
    assert "<bool>" not in proc.stdout
    if command == ("scan",):
        flag = next(ln for ln in proc.stdout.splitlines() if "--discover " in ln)
        assert "<" not in flag
        assert "<str>" in next(ln for ln in proc.stdout.splitlines() if "--ports" in ln)  # options with a value


def test_targets_can_be_a_comma_list(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    proc = run("scan", f"{QUIET},127.79.0.10", "--ports", "80", "--timeout", "0.5", "--json", str(out))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(out.read_text())["scope"]["targets"] == [QUIET, "127.79.0.10"]


def test_a_reversed_port_range_is_called_reversed() -> None:
    line = _one_line_error(run("scan", QUIET, "--ports", "90-80"))
    assert "reversed range" in line and "80-90" in line and "outside" not in line


def test_excluding_every_target_is_an_error_not_an_empty_scan() -> None:
    line = _one_line_error(run("scan", f"{QUIET},127.79.0.10", "--exclude", "127.79.0.0/24", "--ports", "80"))
    assert "--exclude removes every target" in line


def test_db_in_a_missing_folder_is_refused_like_json(tmp_path: Path) -> None:
    line = _one_line_error(run("scan", QUIET, "--ports", "80", "--db", str(tmp_path / "typo" / "reg.db")))
    assert "does not exist" in line
    assert not (tmp_path / "typo").exists()


def test_scan_db_says_which_scan_it_wrote_where(tmp_path: Path) -> None:
    proc = run("scan", QUIET, "--ports", "80", "--timeout", "0.5", "--db", "audit.db", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Wrote scan 1 with 0 device(s) to register audit.db." in proc.stdout.splitlines()
    again = run("scan", QUIET, "--ports", "80", "--timeout", "0.5", "--db", "audit.db", cwd=tmp_path)
    assert "Wrote scan 2 with 0 device(s) to register audit.db." in again.stdout.splitlines()


@pytest.fixture
def two_scans(tmp_path: Path) -> str:
    identity = Identity(device_type="camera", brand="axis", manufacturer="axis", model="P3245-LVE")
    path = str(tmp_path / "reg.db")
    with open_register(path) as reg:
        for day in ("01", "02"):
            store_result(reg, ScanResult(
                SCHEMA_VERSION, Tool("camaudit", "test"), f"2026-05-{day}T10:00:00Z", f"2026-05-{day}T10:05:00Z",
                Scope(("10.0.0.16",)), (Device("dev-1", (Address("10.0.0.16", "ac:cc:8e:00:00:01"),), (), identity),),
            ))
    return path


def test_diff_wants_the_older_scan_first(two_scans: str) -> None:
    assert "older scan first: diff 1 2" in _one_line_error(run("diff", "2", "1", "--db", two_scans))
    assert "two different scans" in _one_line_error(run("diff", "1", "1", "--db", two_scans))
    assert run("diff", "1", "2", "--db", two_scans).returncode == 0


def test_annotate_answers_with_the_address_not_an_internal_id(two_scans: str) -> None:
    proc = run("annotate", "ac:cc:8e:00:00:01", "--location", "changing room", "--sensitive-place",
               "--db", two_scans)
    assert proc.returncode == 0, proc.stderr
    first = proc.stdout.splitlines()[0]
    assert first.startswith("Annotated 10.0.0.16 (axis P3245-LVE) in register ")
    assert "location 'changing room', sensitive place yes" in first
    assert "Device 1" not in proc.stdout
    history = run("history", "--db", two_scans, "--plain")
    header, *rows = [ln.split("\t") for ln in history.stdout.splitlines() if ln.startswith(("address\t", "10.0.0.16\t"))]
    assert header[-3:] == ["site", "location", "sensitive"]
    assert rows[0][-2:] == ["changing room", "YES"]


def test_make_demo_says_what_it_installs_and_how_long_it_takes() -> None:
    proc = subprocess.run([str(ROOT / "scripts" / "bootstrap.sh"), "--dry-run"], capture_output=True, text=True,
                          timeout=60, check=True)
    said = proc.stdout
    assert "postgresql" in said and "nmap" in said  # the Debian packages (scripts/apt-packages.txt)
    assert "sqlalchemy" in said and "typer" in said  # the Python packages (pyproject.toml)
    assert "minute" in said
    assert "starting the lab" in (ROOT / "Makefile").read_text()
