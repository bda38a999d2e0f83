"""Run ``camaudit discover`` inside a namespace lab's scanner namespace and return what it found, by address.

One helper for the namespace tests that only need the devices ``discover`` reported (mDNS, its second round,
Ubiquiti's discovery); traffic stays on the lab's namespace LAN."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from camaudit.lab.netns import NetnsLab

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"


def discover(lab: NetnsLab, out: Path, *, listen: str = "2") -> dict[str, dict[str, Any]]:
    """``camaudit discover --interface <the scanner's> --listen <listen> --json out``: each device by its first IP."""
    python = str(PYTHON) if PYTHON.exists() else sys.executable
    result = subprocess.run(
        ["ip", "netns", "exec", lab.scanner_netns, python, "-m", "camaudit", "discover", "--interface",
         lab.scanner_iface, "--listen", listen, "--json", str(out)],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    return {d["addresses"][0]["ip"]: d for d in json.loads(out.read_text())["devices"]}
