"""Device text with terminal escape sequences is stored raw in the register, and escaped in EVERY output:
the scan table, JSON and JSON lines, history and diff (tables and JSON), identify's JSON lines and summary.

The payload device (lab/profiles/hostile/hostile-payloads) puts ESC [2J (clear screen), an OSC window title,
a C1 CSI (U+009B) and a right-to-left override into its RTSP Server header, which becomes the identity's
firmware; identify reads the same escapes in an IQinVision page title, which becomes the model.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator

import pytest

from camaudit.lab.profile import HOSTILE_DIR, load_profiles
from camaudit.lab.runner import LabRunner

CAMAUDIT = [sys.executable, "-m", "camaudit"]
ENV = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
#: What a terminal acts on: ESC, BEL, C1 CSI, the bidi overrides.
ACTIVE = ("\x1b", "\x07", "\x9b", "\u202e", "\u2066")
(PAYLOAD,) = load_profiles(["hostile-payloads"], HOSTILE_DIR)
#: The terminal part of the payload (no spaces): ESC [2J, an OSC title, C1 CSI, RLO.
ESCAPES = PAYLOAD.vars["payload"].split()[-1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CAMAUDIT, *args], capture_output=True, text=True, timeout=180, env=ENV, check=False)


def _inert(where: str, text: str) -> None:
    found = [repr(c) for c in ACTIVE if c in text]
    assert not found, f"{where}: raw {', '.join(found)}"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    tmp = tmp_path_factory.mktemp("escaped")
    db = str(tmp / "audit.db")
    got: dict[str, str] = {}
    with LabRunner(["hikvision-ipc", "hostile/hostile-payloads"], base="127.87.0.1", alt_ports=True) as lab:
        ports = ",".join(map(str, lab.ports))
        first = run("scan", lab.devices[0].ip, "--ports", ports, "--timeout", "3", "--db", db)
        assert first.returncode == 0, first.stderr
        scan = run("scan", *(d.ip for d in lab.devices), "--ports", ports, "--timeout", "3", "--db", db,
                   "--json", str(tmp / "scan.json"), "--jsonl", str(tmp / "scan.jsonl"))
        assert scan.returncode == 0, scan.stderr
    got["scan table"] = scan.stdout + scan.stderr
    got["scan json"] = (tmp / "scan.json").read_text()
    got["scan json lines"] = (tmp / "scan.jsonl").read_text()
    history = run("history", "--db", db, "--json", str(tmp / "history.json"))
    got["history table"], got["history json"] = history.stdout + history.stderr, (tmp / "history.json").read_text()
    diff = run("diff", "--db", db, "--json", str(tmp / "diff.json"))
    got["diff table"], got["diff json"] = diff.stdout + diff.stderr, (tmp / "diff.json").read_text()
    banner = {"ip_str": "192.0.2.9", "port": 80, "transport": "tcp",
              "data": f"HTTP/1.1 200 OK\r\nServer: {PAYLOAD.vars['payload']}\r\n\r\n",
              "http": {"status": 200, "title": f"IQ{ESCAPES}<img/src=x/onerror=alert(2)> IQEYE1: Live Images",
                       "html": "<html></html>"}}
    records = tmp / "banners.jsonl"
    records.write_text(json.dumps(banner) + "\n" + '{"ip_str": "\\u001b[2J\\u202e", "port": 80}\n')
    identify = run("identify", "--format", "shodan", str(records))
    got["identify json lines"], got["identify summary"] = identify.stdout, identify.stderr
    with sqlite3.connect(db) as conn:
        got["register"] = "\n".join(str(row) for row in conn.execute("SELECT model, firmware FROM identities"))
    yield got


def test_the_register_keeps_device_text_as_the_device_sent_it(outputs: dict[str, str]) -> None:
    assert "\x1b[2J" in outputs["register"] or "\\x1b[2J" in outputs["register"]
    assert ESCAPES.startswith("\x1b[2J") and "\u202e" in ESCAPES


@pytest.mark.parametrize("where", ["scan table", "scan json", "scan json lines", "history table", "history json", "diff table",
                                   "diff json", "identify json lines", "identify summary"])
def test_every_output_escapes_it(outputs: dict[str, str], where: str) -> None:
    text = outputs[where]
    assert text.strip(), f"{where} is empty"
    _inert(where, text)


def test_the_payload_is_there_escaped_not_dropped(outputs: dict[str, str]) -> None:
    assert "\\x1b[2J" in outputs["scan table"] and "\\x1b[2J" in outputs["history table"]
    assert "\\x1b[2J" in outputs["diff table"]
    for where in ("scan json", "history json", "diff json", "identify json lines"):
        assert "\\u001b[2J" in outputs[where], where
    # A right-to-left override reaches the scan's evidence (the ONVIF name scope) and identify's model; history
    # and diff list identity fields, where the RTSP header (read as Latin-1) brings C1 controls instead.
    for where in ("scan json", "identify json lines"):
        assert "\\u202e" in outputs[where], where
    for where in ("history json", "diff json"):
        assert "\\u009b" in outputs[where], where
    assert json.loads(outputs["scan json"])  # escaped, and still the same data
    (payload,) = [d["identity"] for d in json.loads(outputs["scan json"])["devices"]
                  if d["identity"]["model"] == PAYLOAD.expect.model]
    assert payload["firmware"].startswith("1.\x1b[2J\x1b]0;pwned\x07")
    (identified,) = [json.loads(line) for line in outputs["identify json lines"].splitlines()[:1]]
    assert identified["model"] == f"IQ{ESCAPES}<img/src=x/onerror=alert(2)>"
