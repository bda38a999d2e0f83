"""A camera the owner notes as being in a changing room gets a privacy finding at the next scan."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from camaudit.lab.runner import LabRunner


def _camaudit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "camaudit", *args], capture_output=True, text=True, timeout=120,
                          check=False)


def test_annotation_reaches_the_findings(tmp_path: Path) -> None:
    db = str(tmp_path / "register.db")
    out = tmp_path / "second.json"
    with LabRunner(profiles=["hikvision-ipc", "axis-ipc"], base="127.87.0.1", alt_ports=True) as lab:
        hik, axis = (d.ip for d in lab.devices)
        ports = ",".join(map(str, lab.ports))
        first = _camaudit("scan", hik, axis, "--ports", ports, "--db", db)
        assert first.returncode == 0, first.stderr
        noted = _camaudit("annotate", hik, "--site", "Leisure centre", "--location", "Changing room B", "--dpia", "no",
                          "--db", db)
        assert noted.returncode == 0, noted.stderr
        second = _camaudit("scan", hik, axis, "--ports", ports, "--db", db, "--json", str(out))
        assert second.returncode == 0, second.stderr
    devices = {d["addresses"][0]["ip"]: d for d in json.loads(out.read_text())["devices"]}
    [privacy] = [f for f in devices[hik]["findings"] if f["kind"] == "privacy-sensitive-location"]
    assert privacy["severity"] == "high" and privacy["details"]["dpia"] == "missing"
    assert "ICO" in " ".join(r["title"] for r in privacy["references"])
    assert not [f for f in devices[axis]["findings"] if f["kind"] == "privacy-sensitive-location"]
