"""``camaudit passive`` says "(--verbose lists them)" under its error count: the option must exist and list them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.unit.passive.lan import Lan


def _passive(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "camaudit", "passive", *args], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}, check=False)


def test_the_verbose_option_the_summary_names_lists_each_error(tmp_path: Path) -> None:
    whole = Lan().build().write(tmp_path / "site.pcap", pcapng=False)
    cut = tmp_path / "cut.pcap"
    cut.write_bytes(whole.read_bytes()[:-7])  # the last packet cut short
    counted = _passive(str(cut))
    assert counted.returncode == 0, counted.stderr
    assert "Probe errors: 1 on 1 address(es): 1 passive-skipped (--verbose lists them)." in counted.stdout
    listed = _passive(str(cut), "--verbose")
    assert listed.returncode == 0, listed.stderr  # was 2: "No such option: --verbose"
    lines = listed.stdout.splitlines()
    at = lines.index("Probe errors: 1 on 1 address(es): 1 passive-skipped:")
    assert lines[at + 1].startswith(f"  {cut} passive-skipped: 1 × the capture ends in the middle of a packet")
    plain = _passive(str(cut), "--plain")
    assert plain.returncode == 0 and "\t" in plain.stdout.splitlines()[0]
