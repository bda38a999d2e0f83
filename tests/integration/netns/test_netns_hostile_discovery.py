"""Hostile discovery replies on a real (virtual) LAN: replies that name other addresses (ONVIF XAddrs,
SADP/DHIP/XMEye addresses), a reply flood, entity bombs, XXE and deep nesting. ``discover`` and
``scan --discover`` record who answered, keep going, and never contact the addresses the replies name -- a
canary listens on each of them inside the scanner's own namespace.

Needs root and iproute2 (CI runs as root): ``require`` fails under CI when they are missing.
"""

from __future__ import annotations

import ipaddress
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import require
from tests.load import LoadMeter

from camaudit.lab.netns import LAN, NetnsLab, unavailable_reason

ROOT = Path(__file__).resolve().parents[3]
PYTHON = ROOT / ".venv" / "bin" / "python"
CANARY = ROOT / "tests" / "integration" / "scan" / "canary.py"
HOSTILE = ["hostile/hostile-names-elsewhere", "hostile/hostile-discovery-flood", "hostile/hostile-xxe",
           "hostile/hostile-entity-bomb", "hostile/hostile-deep-nesting", "hostile/hostile-payloads"]
NORMAL = ["hikvision-ipc", "dahua-ipc", "uniview-ipc", "xiongmai-dvr"]


def _python() -> str:
    return str(PYTHON) if PYTHON.exists() else sys.executable


def _in_scanner(lab: NetnsLab, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["ip", "netns", "exec", lab.scanner_netns, _python(), "-m", "camaudit", *args],
                          capture_output=True, text=True, timeout=timeout, cwd=ROOT, env={**os.environ, "NO_COLOR": "1"})


@pytest.fixture(scope="module")
def hostile_lan(tmp_path_factory: pytest.TempPathFactory, warm_rule_cache: Path) -> Iterator[dict[str, Any]]:
    # discover_seconds is held to 30 s on a warm cache (warm_rule_cache): with a cold cache's compilation inside it,
    # `discover --listen 3` took 55.3 s at load 11-14 on two cores (docs/testing.md).
    require(unavailable_reason() is None, f"namespace mode: {unavailable_reason()}")
    tmp = tmp_path_factory.mktemp("netns-hostile")
    contacts = tmp / "canary.json"
    with NetnsLab([*NORMAL, *HOSTILE], prefix="camlabh") as lab:
        # The canaries sit on the scanner namespace's own loopback, where the hostile replies point.
        canary = subprocess.Popen(["ip", "netns", "exec", lab.scanner_netns, "sh", "-c",
                                   f'ip link set lo up && exec "{_python()}" "{CANARY}" "{contacts}"'], cwd=ROOT)
        try:
            deadline = time.monotonic() + 30
            while not Path(f"{contacts}.ready").exists() and time.monotonic() < deadline:
                time.sleep(0.1)
            assert Path(f"{contacts}.ready").exists(), "the canary did not start"
            with LoadMeter() as load:
                began = time.monotonic()
                found = _in_scanner(lab, "discover", "--interface", lab.scanner_iface, "--listen", "3",
                                    "--json", str(tmp / "discover.json"))
                took = time.monotonic() - began
            scanned = _in_scanner(lab, "scan", "--discover", "--interface", lab.scanner_iface, "--timeout", "2",
                                  "--host-timeout", "20", "--json", str(tmp / "scan.json"))
        finally:
            canary.send_signal(signal.SIGTERM)
            canary.wait(30)
        yield {
            "lab": {d.ip: d for d in lab.devices}, "discover": found, "scan": scanned, "discover_seconds": took,
            "discover_stretch": load.stretch,
            "discovered": json.loads((tmp / "discover.json").read_text()) if found.returncode == 0 else None,
            "scanned": json.loads((tmp / "scan.json").read_text()) if (tmp / "scan.json").exists() else None,
            "canary": json.loads(contacts.read_text()),
        }


def test_no_address_a_reply_names_is_ever_contacted(hostile_lan: dict[str, Any]) -> None:
    assert hostile_lan["discover"].returncode == 0, hostile_lan["discover"].stderr
    assert hostile_lan["scan"].returncode == 0, hostile_lan["scan"].stderr
    assert hostile_lan["canary"] == []


def test_devices_are_who_answered_and_the_flood_crowds_out_no_one(hostile_lan: dict[str, Any]) -> None:
    for doc in (hostile_lan["discovered"], hostile_lan["scanned"]):
        addresses = {d["addresses"][0]["ip"] for d in doc["devices"]}
        assert all(ipaddress.ip_address(ip) in LAN for ip in addresses), addresses  # senders only
        named = {d.name for ip, d in hostile_lan["lab"].items() if ip in addresses}
        assert set(n.split("/")[-1] for n in [*NORMAL, "hostile-names-elsewhere", "hostile-discovery-flood"]) <= named
        assert len(addresses) == len(doc["devices"]), "one device per sender, flood or not"
    assert set(hostile_lan["scanned"]["scope"]["targets"]) <= set(hostile_lan["lab"])
    # 30 s on a quiet machine, times the load measured while `discover` ran (tests/load.py): with the rule databases
    # compiled first it still took 22.4 s at load 8-10 on two cores (27.1 s at a measured stretch of 9.8). A discover
    # the flood holds up for good still fails: its command's own timeout (180 s) ends the test.
    took, stretch = hostile_lan["discover_seconds"], hostile_lan["discover_stretch"]
    assert took < 30 * stretch, f"discover took {took:.1f} s at a measured load stretch of {stretch:.1f}"


def test_nothing_hostile_leaks_into_the_results(hostile_lan: dict[str, Any]) -> None:
    text = json.dumps(hostile_lan["discovered"]) + json.dumps(hostile_lan["scanned"])
    assert "root:x:0:0" not in text and "lollollol" not in text
    assert "Traceback" not in hostile_lan["discover"].stderr + hostile_lan["scan"].stderr


def test_a_looping_mdns_answer_floods_in_vain(hostile_lan: dict[str, Any]) -> None:
    # hostile-discovery-flood answers the mDNS query 200 times with an owner name whose pointer loops.
    flood = [ip for ip, d in hostile_lan["lab"].items() if d.name.endswith("hostile-discovery-flood")]
    [device] = [d for d in hostile_lan["discovered"]["devices"] if d["addresses"][0]["ip"] in flood]
    assert not [e for e in device["identity"]["evidence"] if e["field"].startswith("mdns.")]
