"""A real kernel with no route to the targets (a network namespace with only loopback): the scan says so."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT, require

ISOLATED = ROOT / "scripts" / "isolated"


def test_a_scan_with_no_route_to_its_targets_says_nothing_was_asked() -> None:
    require(os.geteuid() == 0, "a network namespace needs root here (CI runs as root)")
    env = {**os.environ, "COLUMNS": "400", "NO_COLOR": "1"}
    # 192.0.2.0/29 (TEST-NET-1) has no route inside the namespace: no packet can leave it in any case.
    done = subprocess.run([str(ISOLATED), sys.executable, "-m", "camaudit", "scan", "192.0.2.0/29", "--ports", "80,554",
                           "--no-sip"], capture_output=True, text=True, timeout=120, env=env, check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "0 device(s) answered, 0 camera(s)/recorder(s), 0 restricted." in lines
    warning = [line for line in lines if line.startswith("Warning: no route from this machine to any target")]
    assert len(warning) == 1, done.stdout
    assert "Probe errors: none." not in lines
