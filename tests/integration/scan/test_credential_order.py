"""Credentials never lock an account: the most specific entry is the one tried, and a device gets one guess.

The lab's Dahua NVR locks its account after ONE failed login (``lockout_after: 1``) and logs every
credential it is shown, so these tests see exactly what the scanner presented.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from camaudit.lab import LabRunner, load_profiles

NVR = "dahua-nvr"
(ACCOUNT,) = [p.credentials for p in load_profiles([NVR]) if p.credentials is not None]
WRONG = "Generic-Wr0ng-Pass!"


def _scan(lab: LabRunner, tmp: Path, entries: list[dict[str, Any]]) -> tuple[subprocess.CompletedProcess[str], Any]:
    creds = tmp / "creds.yaml"
    creds.write_text(yaml.safe_dump({"credentials": entries}))
    creds.chmod(0o600)
    out = tmp / "result.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAMAUDIT_")}
    proc = subprocess.run(
        [sys.executable, "-m", "camaudit", "scan", *(d.ip for d in lab.devices), "--ports",
         ",".join(map(str, lab.ports)), "--timeout", "2", "--credentials", str(creds), "--json", str(out)],
        capture_output=True, text=True, timeout=120, env={**env, "NO_COLOR": "1"},
    )
    return proc, json.loads(out.read_text()) if out.exists() else None


def test_a_generic_entry_listed_first_never_spends_the_device_specific_ones_attempt(tmp_path: Path) -> None:
    with LabRunner([NVR], base="127.84.0.1") as lab:
        ip = lab.device(NVR).ip
        proc, doc = _scan(lab, tmp_path, [
            {"username": ACCOUNT.username, "password": WRONG},  # generic: every device, every check
            {"username": ACCOUNT.username, "password": ACCOUNT.password, "targets": [ip], "checks": ["dahua"]},
        ])
        logins = lab.logins(NVR)
    assert proc.returncode == 0, proc.stderr
    assert [(r.api, r.username, r.outcome) for r in logins] == [("rpc2", ACCOUNT.username, "accepted")]
    (device,) = doc["devices"]
    assert "credentials-rejected" not in {f["kind"] for f in device["findings"]}
    assert device["identity"]["serial"], "the authenticated check read the recorder"
    assert WRONG not in proc.stdout + proc.stderr + json.dumps(doc)


def test_one_refusal_ends_the_guessing_and_the_message_says_which_entry_where_and_why(tmp_path: Path) -> None:
    with LabRunner([NVR], base="127.84.1.1") as lab:
        ip = lab.device(NVR).ip
        proc, doc = _scan(lab, tmp_path, [
            {"username": ACCOUNT.username, "password": "Also-Wr0ng-1", "targets": [ip], "checks": ["dahua"]},
            {"username": "operator", "password": "Also-Wr0ng-2", "targets": [ip]},
            {"username": ACCOUNT.username, "password": WRONG},
        ])
        logins = lab.logins(NVR)
    assert proc.returncode == 0, proc.stderr
    assert len(logins) == 1 and logins[0].username == ACCOUNT.username, logins  # no second guess, any account
    (device,) = doc["devices"]
    (finding,) = [f for f in device["findings"] if f["kind"] == "credentials-rejected"]
    text = finding["explanation"]
    assert "creds.yaml entry 1" in text and ip in text and "dahua" in text
    assert "No other entry was tried" in text and "lock" in text
    assert "Wr0ng" not in json.dumps(doc)
