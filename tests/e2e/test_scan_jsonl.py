"""``scan --jsonl``: each device is a JSON line as soon as its host is finished, the same as in the result."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from camaudit.lab.runner import LabRunner

PROFILES = ["hikvision-ipc", "dahua-ipc", "axis-ipc"]


def test_each_device_is_a_line_and_the_same_as_in_the_result(tmp_path: Path) -> None:
    with LabRunner(PROFILES, base="127.82.0.1", alt_ports=True) as lab:
        ips = [d.ip for d in lab.devices]
        proc = subprocess.run(
            [sys.executable, "-m", "camaudit", "scan", *ips, "127.82.0.200", "--ports", "8080,8443,8554,8000,37777",
             "--jsonl", "-", "--json", str(tmp_path / "r.json")],
            capture_output=True, text=True, timeout=300, check=False,
        )
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]  # nothing else on stdout: the table went to stderr
    result = json.loads((tmp_path / "r.json").read_text())
    # One line per device found (the silent address writes none), each exactly the result's device.
    assert sorted(d["addresses"][0]["ip"] for d in lines) == sorted(ips)
    by_ip = {d["addresses"][0]["ip"]: d for d in result["devices"]}
    assert all(by_ip[d["addresses"][0]["ip"]] == d for d in lines)
    assert {d["identity"]["manufacturer"] for d in lines} == {"hikvision", "dahua", "axis"}


def test_jsonl_and_json_cannot_both_take_standard_output() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "camaudit", "scan", "127.82.0.1", "--jsonl", "-", "--json", "-"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert proc.returncode == 2
    assert "cannot both write to standard output" in proc.stderr
