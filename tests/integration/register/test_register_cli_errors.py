"""Bad input to the register commands: each is one line on standard error, and no file is changed."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


def camaudit(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    env.pop("CAMAUDIT_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "camaudit", *args], capture_output=True, text=True, timeout=120, env=env, check=False
    )


def _one_line_error(proc: subprocess.CompletedProcess[str], code: int = 2) -> str:
    assert proc.returncode == code, (proc.returncode, proc.stdout, proc.stderr)
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("camaudit: error:"), proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    return lines[0]


@pytest.fixture
def foreign_db(tmp_path: Path) -> Path:
    path = tmp_path / "crm.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT)")
    conn.execute("INSERT INTO contacts (email) VALUES ('a@example.org')")
    conn.commit()
    conn.close()
    return path


@pytest.fixture
def not_a_db(tmp_path: Path) -> Path:
    path = tmp_path / "report.docx"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 40)
    return path


@pytest.fixture
def corrupt_db(tmp_path: Path) -> Path:
    from camaudit.register.db import open_register

    path = tmp_path / "register.db"
    with open_register(str(path)) as reg, reg.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE padding (x TEXT)")
        for i in range(400):
            conn.exec_driver_sql("INSERT INTO padding VALUES (?)", (f"row {i} " * 20,))
    data = bytearray(path.read_bytes())
    page = 40  # inside the padding table: an invalid b-tree page type and cell pointers
    assert len(data) > page * 4096
    data[(page - 1) * 4096 : (page - 1) * 4096 + 100] = b"\x5a" * 100
    path.write_bytes(bytes(data))
    return path


COMMANDS = [
    ("history",),
    ("annotate", "10.0.0.1", "--site", "x"),
    ("scan", "127.81.3.1", "--ports", "9"),
    ("scan", "--resume"),
]


@pytest.mark.parametrize("kind", ["foreign_db", "not_a_db", "corrupt_db"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0] + ("-resume" if "--resume" in c else ""))
def test_a_bad_register_file_is_refused_in_one_line_and_left_unchanged(
    kind: str, command: tuple[str, ...], request: pytest.FixtureRequest
) -> None:
    path: Path = request.getfixturevalue(kind)
    before = path.read_bytes()
    siblings = set(path.parent.iterdir())
    line = _one_line_error(camaudit(*command, "--db", str(path)))
    assert str(path) in line
    assert path.read_bytes() == before
    assert set(path.parent.iterdir()) == siblings, "no -wal, -shm or journal left beside it"


def test_import_assets_refuses_a_file_that_is_not_csv(tmp_path: Path) -> None:
    db = tmp_path / "register.db"
    picture = tmp_path / "assets.csv"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    line = _one_line_error(camaudit("import-assets", str(picture), "--db", str(db)))
    assert "not a CSV" in line
    assert not db.exists(), "nothing written"
    wrong = tmp_path / "people.csv"
    wrong.write_text("name,phone\nAda,123\n")
    assert "no 'ip' or 'mac' column" in _one_line_error(camaudit("import-assets", str(wrong), "--db", str(db)))
    assert not db.exists()


def test_import_assets_counts_malformed_rows_in_one_summary_line(tmp_path: Path) -> None:
    db = tmp_path / "register.db"
    assets = tmp_path / "assets.csv"
    assets.write_text("IP,Mac,Site\n10.0.0.1,,HQ\n10.0.0.999,,HQ\n,nonsense,HQ\n10.0.0.2,,HQ,extra\n10.0.0.3,,Depot\n")
    proc = camaudit("import-assets", str(assets), "--db", str(db))
    assert proc.returncode == 1, proc.stderr
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stdout
    assert lines[0].startswith("Imported 2 asset(s)")
    assert "skipped 3 row(s)" in lines[0] and "1 bad ip (line 3)" in lines[0] and "1 bad mac (line 4)" in lines[0]
    assert "wrong number of fields (line 5)" in lines[0]


def test_read_commands_on_a_missing_register_create_nothing(tmp_path: Path) -> None:
    db = tmp_path / "nothing-here.db"
    for command in (("history",), ("diff",), ("scan", "--resume")):
        assert "no register at" in _one_line_error(camaudit(*command, "--db", str(db)))
    assert not db.exists()


def test_annotate_rejects_unknown_devices_and_bad_dpia(tmp_path: Path) -> None:
    db = tmp_path / "register.db"
    from camaudit.register.db import open_register

    open_register(str(db)).close()
    assert "no device" in _one_line_error(camaudit("annotate", "10.1.2.3", "--site", "x", "--db", str(db)))
    assert "--dpia must be" in _one_line_error(camaudit("annotate", "1", "--dpia", "maybe", "--db", str(db)))
    assert "diff needs two" in _one_line_error(camaudit("diff", "--db", str(db)))
    assert "no unfinished scan" in _one_line_error(camaudit("scan", "--resume", "--db", str(db)))
