"""The lab scanned twice through the CLI — one device added, one removed, one with new firmware — and
``camaudit diff`` lists exactly those three, in SQLite and in PostgreSQL."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from camaudit.lab.profile import PROFILE_DIR
from camaudit.lab.runner import LabRunner

BASE = "127.81.2.1"
NEW_FIRMWARE = "11.1.50"


def camaudit(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "camaudit", *args], capture_output=True, text=True, timeout=180, env=env, check=False
    )


def _scan_lab(db: str, profiles: list[str], profile_dir: Path = PROFILE_DIR) -> dict[str, str]:
    with LabRunner(profiles=profiles, base=BASE, profile_dir=profile_dir) as lab:
        proc = camaudit("scan", *(d.ip for d in lab.devices), "--ports", ",".join(map(str, lab.ports)),
                        "--timeout", "2", "--db", db)
        assert proc.returncode == 0, proc.stderr
        return {d.name: d.ip for d in lab.devices}


def _firmware_updated_profiles(tmp_path: Path) -> Path:
    copy = tmp_path / "profiles"
    shutil.copytree(PROFILE_DIR, copy)
    axis = copy / "axis-ipc.yaml"
    text = axis.read_text()
    assert "firmware: 10.12.220" in text
    axis.write_text(text.replace("firmware: 10.12.220", f"firmware: {NEW_FIRMWARE}"))
    return copy


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_diff_lists_exactly_the_added_removed_and_reflashed_devices(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if backend == "postgresql":
        server = request.getfixturevalue("pg_server")
        # A plain postgresql:// URL, as a user would type it.
        db = server.create_database().replace("postgresql+psycopg://", "postgresql://")
    else:
        db = str(tmp_path / "register.db")
    first = _scan_lab(db, ["axis-ipc", "hikvision-ipc", "dahua-ipc"])
    second = _scan_lab(db, ["axis-ipc", "hikvision-ipc", "amcrest-ipc"], _firmware_updated_profiles(tmp_path))

    proc = camaudit("diff", "--db", db, "--json", "-")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert [d["identity"]["brand"] for d in doc["new"]] == ["amcrest"]
    assert [d["identity"]["brand"] for d in doc["gone"]] == ["dahua"]
    assert doc["gone"][0]["ip"] == first["dahua-ipc"]
    assert [(c["ip"], c["changes"]) for c in doc["changed"]] == [
        (second["axis-ipc"], {"firmware": {"before": "10.12.220", "after": NEW_FIRMWARE}})
    ]
    assert "1 new, 1 gone, 1 changed" in proc.stderr

    explicit = camaudit("diff", "1", "2", "--db", db, "--json", "-")
    assert json.loads(explicit.stdout) == doc, "the default is the last two complete scans"

    annotated = camaudit("annotate", second["amcrest-ipc"], "--db", db, "--site", "Depot", "--location",
                         "Loading bay", "--purpose", "Goods in", "--dpia", "planned")
    assert annotated.returncode == 0, annotated.stderr
    history = camaudit("history", "--db", db, "--json", "-")
    assert history.returncode == 0, history.stderr
    hist = json.loads(history.stdout)
    assert [(s["id"], s["status"], s["devices"]) for s in hist["scans"]] == [(1, "complete", 3), (2, "complete", 3)]
    by_brand = {d["brand"]: d for d in hist["devices"]}
    assert set(by_brand) == {"axis", "hikvision", "dahua", "amcrest"}
    assert by_brand["hikvision"]["scans"] == 2 and by_brand["dahua"]["scans"] == 1
    assert by_brand["amcrest"]["annotation"] == {
        "site": "Depot", "location": "Loading bay", "purpose": "Goods in", "dpia": "planned", "sensitive_place": None,
    }
