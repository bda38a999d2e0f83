"""A census killed mid-run (SIGKILL, no chance to clean up) and started again with ``--resume`` skips the
inputs it had finished and ends with the same summary as a run that was never interrupted."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from camaudit.census import synth

CAMAUDIT = Path(sys.executable).parent / "camaudit"


def _census(inputs: Path, out: Path, *extra: str) -> list[str]:
    return [str(CAMAUDIT), "census", str(inputs), "--out", str(out), "--workers", "1", "--no-report", *extra]


@pytest.mark.slow
def test_a_killed_run_resumes_where_it_stopped(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    synth.write_parts(inputs, 3000, seed=5, parts=6)
    out = tmp_path / "out"
    done = out / ".census" / "done"
    run = subprocess.Popen(_census(inputs, out), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and run.poll() is None:
            if done.is_dir() and len(list(done.glob("*.json"))) >= 2:
                break
            time.sleep(0.05)
        assert run.poll() is None, "the run ended before it could be killed: give it more work"
        os.killpg(run.pid, signal.SIGKILL)
    finally:
        run.wait(timeout=30)
    finished = {p.name: p.stat().st_mtime_ns for p in done.glob("*.json")}
    assert 2 <= len(finished) < 6
    parts = {p.name: p.stat().st_mtime_ns for p in (out / "identities").glob("part-*.parquet")}
    assert not (out / "summary.json").exists()

    resumed = subprocess.run(_census(inputs, out, "--resume"), capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    assert f"resuming: {len(finished)} of 6 tasks already done, {6 - len(finished)} to run" in resumed.stderr
    # The finished tasks were not run again: their markers and Parquet parts are untouched.
    for name, mtime in finished.items():
        assert (done / name).stat().st_mtime_ns == mtime
    for name, mtime in parts.items():
        if (done / f"{name.removeprefix('part-').split('.')[0]}.json").exists():
            assert (out / "identities" / name).stat().st_mtime_ns == mtime

    clean = subprocess.run(_census(inputs, tmp_path / "clean"), capture_output=True, text=True, timeout=600)
    assert clean.returncode == 0, clean.stderr
    after_resume = json.loads((out / "summary.json").read_text())
    uninterrupted = json.loads((tmp_path / "clean" / "summary.json").read_text())
    assert after_resume == uninterrupted
    assert after_resume["records"] == 3000
