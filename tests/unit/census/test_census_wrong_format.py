"""A census whose every record is unreadable says that --format is probably wrong, and exits 1 (as identify)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CENSYS = Path(__file__).resolve().parents[2] / "data" / "importers" / "censys_hosts.jsonl"


def _census(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "camaudit", "census", *args, "--workers", "1", "--no-report"],
                          capture_output=True, text=True, timeout=180, env={**os.environ, "NO_COLOR": "1"},
                          check=False)


def test_censys_hosts_read_as_shodan_banners_is_an_error_not_zero_cameras(tmp_path: Path) -> None:
    wrong = _census(str(CENSYS), "--out", str(tmp_path / "wrong"))  # --format left at its default, shodan
    # Before: exit 0 and "0 camera hosts", an answer that was never asked.
    assert wrong.returncode == 1, wrong.stderr
    assert wrong.stderr.splitlines()[-1] == "camaudit: error: no record could be read as 'shodan'; is --format right?"
    assert (tmp_path / "wrong" / "summary.json").is_file()  # what it did is still written
    right = _census(str(CENSYS), "--format", "censys", "--out", str(tmp_path / "right"))
    assert right.returncode == 0, right.stderr
    assert "0 camera hosts" not in right.stderr
