"""``camaudit passive`` as a user runs it: a real process, real files, the register."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from tests.unit.passive.lan import DAHUA, DVR, HIKVISION, Lan

from camaudit.register.db import open_register
from camaudit.register.query import list_devices, list_scans, load_result
from camaudit.schema import result_schema


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "camaudit", "passive", *args], capture_output=True, text=True,
                          timeout=120, env=env, check=False)


@pytest.fixture(scope="module")
def capture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Lan().build().write(tmp_path_factory.mktemp("cli") / "site.pcapng", pcapng=True)


def test_the_result_is_scan_json_and_the_register_merges_by_mac(capture: Path, tmp_path: Path) -> None:
    out, db = tmp_path / "result.json", tmp_path / "register.db"
    first = run(str(capture), "--db", str(db), "--json", str(out))
    assert first.returncode == 0, first.stderr
    assert "Devices sending traffic to vendor clouds: easy4ip (1), hik-connect (1), xmeye (1)." in first.stdout
    doc = json.loads(out.read_text())
    jsonschema.validate(doc, result_schema())
    flagged = {d["addresses"][0]["ip"] for d in doc["devices"] if any(f["kind"] == "cloud-traffic" for f in d["findings"])}
    assert flagged == {HIKVISION[1], DAHUA[1], DVR[1]}
    assert run(str(capture), "--db", str(db)).returncode == 0
    register = open_register(str(db))
    try:
        scans = list_scans(register)
        assert len(scans) == 2
        # The second reading found the same devices: merged by MAC, not added again.
        assert len(list_devices(register)) == len(doc["devices"])
        stored = load_result(register, scans[-1].id)
        assert {d.identity.manufacturer for d in stored.devices} >= {"hikvision", "dahua", "axis", "xiongmai"}
    finally:
        register.close()


def test_an_unreadable_file_is_one_line_exit_1_and_the_rest_is_kept(capture: Path, tmp_path: Path) -> None:
    junk = tmp_path / "junk.pcap"
    junk.write_bytes(b"GIF89a not a capture")
    out = tmp_path / "result.json"
    proc = run(str(junk), str(capture), "--json", str(out))
    assert proc.returncode == 1
    assert f"camaudit: error: {junk}: not a pcap or pcapng capture, nor a Zeek log" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(json.loads(out.read_text())["devices"]) >= 5


def test_a_bad_local_net_is_a_usage_error(capture: Path) -> None:
    proc = run(str(capture), "--local-net", "10.0.0.0/33")
    assert proc.returncode == 2
    assert proc.stderr.strip() == "camaudit: error: --local-net '10.0.0.0/33' is not an IPv4 or IPv6 network"
