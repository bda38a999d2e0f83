"""Reports, dashboard users and the dashboard itself on a PostgreSQL register: three lab devices scanned
through the CLI into a real PostgreSQL server, then every report format and a logged-in API session."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from camaudit.lab.runner import LabRunner
from camaudit.register.db import open_register
from camaudit.web.app import create_app

BASE = "127.86.0.1"
PASSWORD = "postgres is real here"


def _camaudit(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "camaudit", *args], capture_output=True, text=True, timeout=240,
                          env=env, check=False, input=stdin)


def test_reports_and_dashboard_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    db = pg_url.replace("postgresql+psycopg://", "postgresql://")
    with LabRunner(profiles=["hikvision-ipc", "annke-ipc", "axis-ipc"], base=BASE) as lab:
        ips = {d.name: d.ip for d in lab.devices}
        scan = _camaudit("scan", *ips.values(), "--ports", ",".join(map(str, lab.ports)), "--timeout", "4",
                         "--db", db)
        assert scan.returncode == 0, scan.stderr
    assert _camaudit("annotate", ips["annke-ipc"], "--site", "Pool", "--location", "changing room",
                     "--db", db).returncode == 0
    added = _camaudit("users", "add", "alice", "--role", "admin", "--password-stdin", "--db", db,
                      stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr

    out = tmp_path / "r.json"
    assert _camaudit("report", "--db", db, "--format", "json", "-o", str(out)).returncode == 0
    doc = json.loads(out.read_text())
    by_ip = {d["address"]: d for d in doc["devices"]}
    assert set(by_ip) == set(ips.values())
    assert by_ip[ips["annke-ipc"]]["manufacturer"] == "hikvision" and by_ip[ips["annke-ipc"]]["site"] == "Pool"
    assert doc["summary"]["restricted"] == 2 and doc["summary"]["sensitive_places"] == 1
    pdf = tmp_path / "r.pdf"
    assert _camaudit("report", "--db", db, "--format", "pdf", "-o", str(pdf)).returncode == 0
    assert pdf.read_bytes().startswith(b"%PDF-")

    with open_register(db, create=False) as register:
        c = TestClient(create_app(register), base_url="https://testserver")
        token = re.search(r'name="login_token" value="([^"]+)"', c.get("/login").text)
        assert token
        done = c.post("/login", data={"username": "alice", "password": PASSWORD, "login_token": token.group(1)},
                      follow_redirects=False)
        assert done.status_code == 303
        assert len(c.get("/api/devices").json()) == 3
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/devices").text)
        assert csrf
        device = by_ip[ips["axis-ipc"]]["register_id"]
        changed = c.put(f"/api/devices/{device}/annotation", json={"site": "Pool", "location": "entrance"},
                        headers={"X-CSRF-Token": csrf.group(1)})
        assert changed.status_code == 200 and changed.json()["annotation"]["location"] == "entrance"
