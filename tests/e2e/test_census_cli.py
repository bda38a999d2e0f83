"""``camaudit census`` as a user runs it: synth a crawl, count it, ask it a question; mistakes are one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CAMAUDIT = [sys.executable, "-m", "camaudit"]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run([*CAMAUDIT, *args], capture_output=True, text=True, timeout=300, env=env, check=False,
                          cwd=cwd)


def test_synth_census_and_query(tmp_path: Path) -> None:
    made = run("census", "synth", "--records", "3000", "--seed", "4", "-o", str(tmp_path / "crawl.json.gz"))
    assert made.returncode == 0, made.stderr
    assert "3,000 banners" in made.stderr
    counted = run("census", "crawl.json.gz", "--by", "manufacturer", "--out", "out", "--workers", "2",
                  "--json", "-", cwd=tmp_path)
    assert counted.returncode == 0, counted.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert json.loads(counted.stdout) == summary
    assert summary["inputs"][0]["path"] == "crawl.json.gz"
    assert summary["records"] == 3000
    hosts = sum(r["hosts"] for r in summary["rows"])
    assert f"{hosts:,} camera hosts" in counted.stderr
    assert (tmp_path / "out" / "report.html").stat().st_size > 5000

    asked = run("census", "query", str(tmp_path / "out"), "--as", "json",
                "--sql", "SELECT count(*) AS hosts FROM hosts WHERE manufacturer = 'hikvision'")
    assert asked.returncode == 0, asked.stderr
    hikvision = next(r["hosts"] for r in summary["rows"] if r["manufacturer"] == "hikvision")
    assert json.loads(asked.stdout) == [{"hosts": hikvision}]


@pytest.mark.parametrize(("args", "message"), [
    (["census", "x.json", "--by", "colour"], "unknown --by key 'colour'"),
    (["census", "x.json", "--format", "pcap"], "unknown --format 'pcap'"),
    (["census", "missing/*.json"], "no such file, folder or matching files"),
    (["census", "x.json", "--scheduler", "tcp://127.0.0.1:1"], "--scheduler needs --engine dask"),
    (["census", "x.json", "--count-memory", "lots"], "--count-memory 'lots' is not a size"),
    (["census", "query", ".", "--sql", "DROP VIEW hosts"], "not a census folder"),
])
def test_mistakes_are_one_line_and_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "x.json").write_text("{}\n")
    proc = run(*args, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("camaudit: error:") and message in lines[0], proc.stderr


def test_a_folder_with_other_files_is_not_overwritten(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text("{}\n")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.tex").write_text("precious")
    proc = run("census", "x.json", "--out", "mine", cwd=tmp_path)
    assert proc.returncode == 2
    assert "not empty and holds no census" in proc.stderr
    assert (tmp_path / "mine" / "thesis.tex").read_text() == "precious"


def test_counting_out_of_its_memory_keeps_the_identities_for_resume(tmp_path: Path) -> None:
    made = run("census", "synth", "--records", "2000", "--seed", "5", "-o", str(tmp_path / "crawl.json"))
    assert made.returncode == 0, made.stderr
    starved = run("census", "crawl.json", "--out", "out", "--workers", "1", "--count-memory", "1KB", cwd=tmp_path)
    assert starved.returncode == 1
    assert "counting ran out of its memory" in starved.stderr and "--count-memory" in starved.stderr
    assert "Traceback" not in starved.stderr
    resumed = run("census", "crawl.json", "--out", "out", "--workers", "1", "--resume", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert "1 of 1 tasks already done, 0 to run" in resumed.stderr  # identification was not done again
    assert json.loads((tmp_path / "out" / "summary.json").read_text())["records"] == 2000
