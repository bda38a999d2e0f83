"""``camaudit report -o -``: standard output is the report and nothing else (it ended with a status line)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from tests.unit.register.synthetic import device, result

from camaudit.register.db import open_register
from camaudit.register.store import store_result


def _report(db: Path, fmt: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "camaudit", "report", "--db", str(db), "-f", fmt, "-o", "-"],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "NO_COLOR": "1"},
                          check=False)


def test_a_report_to_standard_output_is_only_the_report(tmp_path: Path) -> None:
    db = tmp_path / "register.db"
    with open_register(str(db)) as register:
        store_result(register, result(device("192.0.2.10"), device("192.0.2.11", manufacturer="axis",
                                                                      restricted=False)))
    as_json = _report(db, "json")
    assert as_json.returncode == 0, as_json.stderr
    doc = json.loads(as_json.stdout)  # "Extra data" before: the status line followed the document
    assert sorted(d["address"] for d in doc["devices"]) == ["192.0.2.10", "192.0.2.11"]
    assert as_json.stderr.strip() == "Report (json) of scan 1, 2 device(s), written to standard output"
    as_csv = _report(db, "csv")
    assert as_csv.returncode == 0, as_csv.stderr
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout.lstrip("\ufeff"))))
    assert sorted(r["address"] for r in rows) == ["192.0.2.10", "192.0.2.11"]
