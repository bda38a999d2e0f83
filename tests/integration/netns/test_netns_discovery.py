"""Namespace mode: a real (virtual) Ethernet LAN, discovery by multicast and broadcast, real MACs.

Needs root and iproute2 (CI runs as root); skipped elsewhere with the reason, a failure under CI. Every namespace is the
lab's own (``camlab-<pid>-...``, 198.18.0.0/16 inside); nothing touches this machine's interfaces.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import require

from camaudit.lab import LabError
from camaudit.lab.netns import NetnsLab, list_namespaces, unavailable_reason

pytestmark = [pytest.mark.netns]


@pytest.fixture(autouse=True)
def _namespaces_available() -> None:
    reason = unavailable_reason()
    require(reason is None, reason or "")

ROOT = Path(__file__).resolve().parents[3]
PYTHON = ROOT / ".venv" / "bin" / "python"
#: Which discovery protocol each kind of lab service answers.
PROTOCOL_OF_SERVICE = {"sadp": "sadp", "dhip": "dhip", "wsd": "wsd", "mdns": "mdns"}


def _ours(prefix: str = "camlab") -> list[str]:
    return [n for n in list_namespaces() if n.startswith(f"{prefix}-{os.getpid()}")]


def _in_scanner(lab: NetnsLab, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    python = str(PYTHON) if PYTHON.exists() else sys.executable
    return subprocess.run(
        ["ip", "netns", "exec", lab.scanner_netns, python, "-m", "camaudit", *args],
        capture_output=True, text=True, timeout=timeout, cwd=ROOT,
    )


@pytest.fixture(scope="module")
def lab() -> Iterator[NetnsLab]:
    with NetnsLab() as running:
        yield running
    assert not _ours(), "namespaces left behind"


@pytest.fixture(scope="module")
def discovered(lab: NetnsLab, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    out = tmp_path_factory.mktemp("netns") / "discover.json"
    result = _in_scanner(lab, "discover", "--interface", lab.scanner_iface, "--listen", "3", "--json", str(out))
    assert result.returncode == 0, result.stderr
    return {d["addresses"][0]["ip"]: d for d in json.loads(out.read_text())["devices"]}


def test_every_discovery_speaking_device_is_found_by_its_protocol_with_its_mac(
    lab: NetnsLab, discovered: dict[str, dict[str, Any]]
) -> None:
    expected = [d for d in lab.devices if set(d.ports) & set(PROTOCOL_OF_SERVICE)]
    assert len(expected) >= 20
    wrong = []
    for dev in expected:
        found = discovered.get(dev.ip)
        if found is None:
            wrong.append(f"{dev.name} ({dev.ip}) not found")
            continue
        if found["addresses"][0]["mac"] != dev.mac:
            wrong.append(f"{dev.name}: mac {found['addresses'][0]['mac']} != {dev.mac}")
        fields = {e["field"].split(".")[0] for e in found["identity"]["evidence"]}
        wanted = {PROTOCOL_OF_SERVICE[s] for s in dev.ports if s in PROTOCOL_OF_SERVICE}
        # WS-Discovery evidence shows as onvif.scope fields; SADP and DHIP as sadp.* / dhip.*.
        seen = {"wsd" if f == "onvif" else f for f in fields}
        if not wanted <= seen:
            wrong.append(f"{dev.name}: evidence from {sorted(seen)}, expected {sorted(wanted)}")
        if found["identity"]["manufacturer"] != dev.expect["manufacturer"]:
            wrong.append(f"{dev.name}: manufacturer {found['identity']['manufacturer']} != {dev.expect['manufacturer']}")
    assert not wrong, "\n".join(wrong)


def test_devices_without_discovery_stay_unannounced(lab: NetnsLab, discovered: dict[str, dict[str, Any]]) -> None:
    quiet = [d for d in lab.devices if not set(d.ports) & {"sadp", "dhip", "wsd", "xmeye", "mdns"}]
    assert quiet and not [d.name for d in quiet if d.ip in discovered]


def test_scan_after_discovery_names_every_discovered_device(
    lab: NetnsLab, discovered: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    out = tmp_path / "scan.json"
    result = _in_scanner(lab, "scan", "--discover", "--interface", lab.scanner_iface, "--json", str(out), timeout=240)
    assert result.returncode in (0, 1), result.stderr
    scanned = {d["addresses"][0]["ip"]: d for d in json.loads(out.read_text())["devices"]}
    wrong = []
    for dev in lab.devices:
        if dev.ip not in discovered or dev.expect["manufacturer"] is None:
            continue
        ident = scanned.get(dev.ip, {}).get("identity", {})
        for key in ("brand", "manufacturer"):
            if ident.get(key) != dev.expect[key]:
                wrong.append(f"{dev.name}: {key} {ident.get(key)!r} != {dev.expect[key]!r}")
        if scanned.get(dev.ip, {}).get("addresses", [{}])[0].get("mac") != dev.mac:
            wrong.append(f"{dev.name}: mac missing or wrong after scan")
    assert not wrong, "\n".join(wrong)


def test_namespaces_are_removed_when_the_body_fails() -> None:
    lab = NetnsLab(["hikvision-ipc", "dahua-ipc"])
    with pytest.raises(RuntimeError, match="on purpose"), lab:
        assert set(lab.namespaces) <= set(list_namespaces())
        raise RuntimeError("failing on purpose inside the lab")
    assert not set(lab.namespaces) & set(list_namespaces())


def test_a_killed_run_is_cleaned_up_by_the_next_one(tmp_path: Path) -> None:
    ready = tmp_path / "ready"
    code = (
        "import sys, time\nfrom pathlib import Path\nfrom camaudit.lab.netns import NetnsLab\n"
        "lab = NetnsLab(['nginx-web'], prefix='camlabk'); lab.start()\n"
        # Written whole, then renamed: the test must never read a half-written (or empty) tag.
        f"Path({str(ready)!r} + '.part').write_text(lab.tag)\n"
        f"Path({str(ready)!r} + '.part').replace({str(ready)!r})\ntime.sleep(120)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while not ready.exists() and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.1)
        assert ready.exists(), "the child lab never started"
        tag = ready.read_text()
        assert re.fullmatch(r"camlabk-\d+", tag), tag
        # "camlabk-123-" and not "camlabk-123": the pid 1234 of this test's own lab would match the shorter one.
        mine = f"{tag}-"
        assert any(n.startswith(mine) for n in list_namespaces())
    finally:
        child.send_signal(signal.SIGKILL)  # no atexit, no finally: what a crashed test leaves behind
        child.wait(10)
    assert any(n.startswith(mine) for n in list_namespaces())
    with NetnsLab(["nginx-web"], prefix="camlabk"):
        assert not any(n.startswith(mine) for n in list_namespaces())
    assert not any(n.startswith("camlabk-") for n in list_namespaces())


def test_bad_prefix_is_refused() -> None:
    with pytest.raises(LabError, match="prefix"):
        NetnsLab(["nginx-web"], prefix="Bad_Prefix")


def test_lab_up_netns_runs_until_sigterm_and_cleans_up(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_RUNTIME_DIR": str(tmp_path), "COLUMNS": "200"}
    camaudit = ROOT / ".venv" / "bin" / "camaudit"
    command = [str(camaudit)] if camaudit.exists() else [sys.executable, "-m", "camaudit"]
    proc = subprocess.Popen(
        [*command, "lab", "up", "--netns", "--prefix", "camlabcli", "-p", "hikvision-ipc", "-p", "uniview-ipc"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not [n for n in list_namespaces() if n.startswith("camlabcli-")]:
            time.sleep(0.2)
        time.sleep(1.0)
        names = [n for n in list_namespaces() if n.startswith(f"camlabcli-{proc.pid}-")]
        assert len(names) == 4, names  # bridge, scanner, two devices
        proc.send_signal(signal.SIGTERM)
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, stderr
    assert "198.18.0.10" in stdout and "c4:2f:90:1a:2b:3c" in stdout
    assert not [n for n in list_namespaces() if n.startswith(f"camlabcli-{proc.pid}-")]
