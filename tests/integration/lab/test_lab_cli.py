"""``camaudit lab`` as a user runs it: real processes, real sockets, a private state folder."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lab_io import exchange_tcp

ROOT = Path(__file__).resolve().parents[3]
CAMAUDIT = ROOT / ".venv" / "bin" / "camaudit"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    return {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "COLUMNS": "200"}


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = [str(CAMAUDIT)] if CAMAUDIT.exists() else [sys.executable, "-m", "camaudit"]
    return subprocess.run([*command, *args], env=env, capture_output=True, text=True, timeout=60)


def test_detach_list_down_round_trip(env: dict[str, str]) -> None:
    up = _run(env, "lab", "up", "--detach", "--base", "127.77.30.1", "-p", "nginx-web", "-p", "dahua-ipc")
    assert up.returncode == 0, up.stderr
    assert "127.77.30.2" in up.stdout and "dahua-ipc" in up.stdout
    state = json.loads((Path(env["XDG_RUNTIME_DIR"]) / "camaudit" / "lab.json").read_text())
    # The lab's held time, for a scan beside it to forgive (camaudit.lab_holds): one file of this run's process.
    published = list((Path(env["XDG_RUNTIME_DIR"]) / "camaudit").glob("held-*.bin"))
    try:
        assert [p.name.split("-")[1] for p in published] == [str(state["pid"])]
        assert [d["name"] for d in state["devices"]] == ["nginx-web", "dahua-ipc"]
        web = state["devices"][0]
        assert exchange_tcp(web["ip"], web["ports"]["http"], b"GET / HTTP/1.0\r\n\r\n").startswith(b"HTTP/1.1 200")
        listed = _run(env, "lab", "list")
        assert listed.returncode == 0
        assert "hikvision-ipc" in listed.stdout and "garbage" in listed.stdout
        assert f"Running lab (pid {state['pid']})" in listed.stdout
        again = _run(env, "lab", "up", "--detach", "--base", "127.77.31.1")
        assert again.returncode == 2
        assert "already running" in again.stderr
    finally:
        down = _run(env, "lab", "down")
    assert down.returncode == 0
    assert "Lab stopped" in down.stdout
    assert not published[0].exists()
    with pytest.raises(OSError):
        exchange_tcp(web["ip"], web["ports"]["http"], b"GET / HTTP/1.0\r\n\r\n")
    assert "No lab is running" in _run(env, "lab", "down").stdout
    assert "No lab is running" in _run(env, "lab", "list").stdout


@pytest.mark.parametrize("base", ["10.1.2.3", "0.0.0.0", "localhost"])
def test_non_loopback_base_is_refused_in_one_line(env: dict[str, str], base: str) -> None:
    result = _run(env, "lab", "up", "--base", base)
    assert result.returncode == 2
    assert result.stderr.startswith("camaudit: error: ")
    assert result.stderr.count("\n") == 1


def test_unknown_profile_is_refused(env: dict[str, str]) -> None:
    result = _run(env, "lab", "up", "--profile", "sony-ipc")
    assert result.returncode == 2
    assert "no profile 'sony-ipc'" in result.stderr


def test_foreground_lab_stops_on_sigterm(env: dict[str, str]) -> None:
    command = [str(CAMAUDIT)] if CAMAUDIT.exists() else [sys.executable, "-m", "camaudit"]
    proc = subprocess.Popen(
        [*command, "lab", "up", "--base", "127.77.32.1", "--alt-ports", "-p", "axis-ipc"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                reply = exchange_tcp("127.77.32.1", 8080, b"GET / HTTP/1.0\r\n\r\n")
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the foreground lab never answered")
        assert reply.startswith(b"HTTP/1.1 302 Found")
        proc.send_signal(signal.SIGTERM)
        stdout, _ = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    assert "axis-ipc" in stdout and "8443" in stdout
    assert "Lab stopped." in stdout


def test_fleet_detached_round_trip(env: dict[str, str]) -> None:
    up = _run(env, "lab", "up", "--detach", "--fleet", "64", "--net", "127.77.50.0/26", "--live", "8", "--seed", "2")
    assert up.returncode == 0, up.stderr
    state = json.loads((Path(env["XDG_RUNTIME_DIR"]) / "camaudit" / "lab.json").read_text())
    try:
        devices = state["devices"]
        assert len(devices) == 8 and all(d["ip"].startswith("127.77.50.") for d in devices)
        web = next(d for d in devices if "http" in d["ports"])
        assert exchange_tcp(web["ip"], web["ports"]["http"], b"GET / HTTP/1.0\r\n\r\n").startswith(b"HTTP/1.")
    finally:
        down = _run(env, "lab", "down")
    assert down.returncode == 0 and "8 devices" in down.stdout


def test_fleet_outside_loopback_is_refused(env: dict[str, str]) -> None:
    result = _run(env, "lab", "up", "--fleet", "16", "--net", "10.0.0.0/28")
    assert result.returncode == 2
    assert "not inside 127.0.0.0/8" in result.stderr
