"""Tables as a user sees them: in a narrow terminal, piped to a file, with ``--plain``, with ``NO_COLOR``.

The register holds one recorded scan (built by hand: no network) whose device carries a long firmware
string and hostile text; ``camaudit history --scan 1`` prints its table and summary.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from camaudit.assess import assess
from camaudit.model import SCHEMA_VERSION, Address, Device, Identity, ScanResult, Scope, Tool
from camaudit.register.annotations import Notes, annotate
from camaudit.register.db import open_register
from camaudit.register.store import store_result

CAMAUDIT = [sys.executable, "-m", "camaudit"]
FIRMWARE = "V5.4.0 build 160401 with a long vendor suffix that no 60-column terminal can show"
HOSTILE_MODEL = "DS-2CD2032F-I\x1b[2J\u202etab\there"


@pytest.fixture
def register_db(tmp_path: Path) -> str:
    identity = Identity(device_type="camera", brand="hikvision", manufacturer="hikvision", model=HOSTILE_MODEL,
                        firmware=FIRMWARE)
    findings = assess(identity)  # restricted maker: the table shows it in red
    devices = tuple(Device(f"dev-{i}", (Address(f"10.0.0.{i}"),), (), identity, findings) for i in (1, 2, 30))
    result = ScanResult(SCHEMA_VERSION, Tool("camaudit", "test"), "2026-05-01T10:00:00Z", "2026-05-01T10:05:00Z",
                        Scope(("10.0.0.0/24",)), devices)
    path = str(tmp_path / "reg.db")
    with open_register(path) as reg:
        store_result(reg, result)
        annotate(reg, "10.0.0.30", Notes(site="Leisure centre", location="changing room", sensitive_place=True))
    return path


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR")}
    return {**env, "TERM": "xterm-256color", **extra}


def _in_terminal(args: list[str], columns: int, **env: str) -> str:
    """Run camaudit with its output on a pseudo-terminal ``columns`` wide; return what it showed."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    proc = subprocess.Popen([*CAMAUDIT, *args], stdout=slave, stderr=slave, stdin=subprocess.DEVNULL, env=_env(**env))
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            proc.kill()
            raise AssertionError("no output within 60 s")
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    assert proc.wait(timeout=60) == 0
    return b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")


def _rows(text: str) -> list[str]:
    """The device rows, without style codes (bold stays on under NO_COLOR: it is not a colour)."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    return [line for line in text.splitlines() if line.strip().startswith("10.0.0.")]


def test_piped_output_keeps_every_value_on_one_line(register_db: str) -> None:
    proc = subprocess.run([*CAMAUDIT, "history", "--scan", "1", "--db", register_db], capture_output=True,
                          text=True, env=_env(), timeout=60, check=True)
    rows = _rows(proc.stdout)
    assert len(rows) == 3, proc.stdout
    assert all(FIRMWARE in row for row in rows), "a value was wrapped or cut in piped output"
    assert "\x1b" not in proc.stdout and "\u202e" not in proc.stdout
    assert "\\x1b[2J" in rows[0]


def test_a_narrow_terminal_cuts_long_values_with_an_ellipsis_instead_of_wrapping(register_db: str) -> None:
    shown = _in_terminal(["history", "--scan", "1", "--db", register_db], 60, NO_COLOR="1")
    table = shown.split("device(s) answered")[0]
    rows = _rows(table)
    assert len(rows) == 3, shown  # one line per device: nothing wrapped onto a second line
    assert all(len(row.rstrip()) <= 60 for row in rows)
    assert all("…" in row for row in rows)
    assert [row.split()[0] for row in rows] == ["10.0.0.1", "10.0.0.2", "10.0.0.30"]  # addresses never cut
    assert "\u202e" not in shown and "\x1b[2J" not in shown


def test_no_color_is_respected_on_a_terminal(register_db: str) -> None:
    coloured = _in_terminal(["history", "--scan", "1", "--db", register_db], 120)
    plain = _in_terminal(["history", "--scan", "1", "--db", register_db], 120, NO_COLOR="1")
    colour = "\x1b[31m"  # the red of "YES" and of restricted makers
    assert "\x1b[1;31m" in coloured or colour in coloured, "no colour at all on a terminal: the test proves nothing"
    assert "\x1b[31m" not in plain and "\x1b[1;31m" not in plain and "\x1b[38;" not in plain


def test_plain_prints_tab_separated_rows(register_db: str) -> None:
    proc = subprocess.run([*CAMAUDIT, "history", "--scan", "1", "--db", register_db, "--plain"],
                          capture_output=True, text=True, env=_env(), timeout=60, check=True)
    lines = proc.stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("address\t"))
    assert lines[header].split("\t") == ["address", "type", "brand", "made by", "model", "firmware", "restricted"]
    rows = [line.split("\t") for line in lines[header + 1: header + 4]]
    assert [r[0] for r in rows] == ["10.0.0.1", "10.0.0.2", "10.0.0.30"]
    assert all(len(r) == 7 and r[5] == FIRMWARE for r in rows)
    assert rows[0][4] == "DS-2CD2032F-I\\x1b[2J\\u202etab\\there".replace("\\u202e", "\\x202e")


def test_the_device_history_fits_a_terminal_with_whole_addresses_and_the_sensitive_flag(register_db: str) -> None:
    shown = _in_terminal(["history", "--db", register_db], 72, NO_COLOR="1")
    rows = _rows(shown.split("device(s)")[-1])
    assert len(rows) == 3 and all(len(row.rstrip()) <= 72 for row in rows), shown
    assert sorted(row.split()[0] for row in rows) == ["10.0.0.1", "10.0.0.2", "10.0.0.30"]
    flagged = next(row for row in rows if row.startswith("10.0.0.30"))
    assert flagged.rstrip().endswith("YES")
