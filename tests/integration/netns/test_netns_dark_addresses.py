"""A LAN where most addresses never answer: the scan ends within its stated bound and finds the live devices.

On a real network a dark address sends nothing back, not even a reset, so every attempt costs a timeout.
Here the namespace LAN (198.18.0.0/16, root only) has a few lab devices on a /24 whose other addresses have
no host at all (ARP goes unanswered), and one device that answers ARP but whose replies are dropped (a
blackhole route back to the scanner inside its namespace): present and silent, as behind a firewall.
``docs/scanning.md`` states the bound this test holds the scan to.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import require

from camaudit.lab.netns import SCANNER_IP, NetnsLab, unavailable_reason

pytestmark = [pytest.mark.netns]

ROOT = Path(__file__).resolve().parents[3]
PYTHON = ROOT / ".venv" / "bin" / "python"
PROFILES = ["hikvision-ipc", "dahua-ipc", "axis-ipc", "hanwha-ipc", "reolink-ipc", "uniview-ipc"]
SILENT = "uniview-ipc"
#: The bound docs/scanning.md states for a /24 that is mostly empty (seconds, the whole scan).
BOUND = 60.0


@pytest.fixture(scope="module")
def lan() -> Iterator[NetnsLab]:
    reason = unavailable_reason()
    require(reason is None, reason or "")
    with NetnsLab(PROFILES, prefix="camdark") as lab:
        # The silent device still answers ARP, but every reply it sends the scanner goes nowhere.
        subprocess.run(
            ["ip", "netns", "exec", lab.device_netns(SILENT), "ip", "route", "add", "blackhole", f"{SCANNER_IP}/32"],
            check=True, capture_output=True, timeout=30,
        )
        yield lab


@pytest.fixture(scope="module")
def scanned(
    lan: NetnsLab, tmp_path_factory: pytest.TempPathFactory, warm_rule_cache: Path
) -> tuple[dict[str, Any], float]:
    # The bound is the scan's, on a warm cache: the scan reads the session's cache, compiled first (warm_rule_cache).
    # A first scan also compiles the rule databases: 56.9 s at load 12-15 on two cores, 11.8 s warm (docs/testing.md).
    out = tmp_path_factory.mktemp("dark") / "scan.json"
    python = str(PYTHON) if PYTHON.exists() else sys.executable
    began = time.monotonic()
    proc = subprocess.run(
        ["ip", "netns", "exec", lan.scanner_netns, python, "-m", "camaudit", "scan", "198.18.0.0/24",
         "--json", str(out)],
        capture_output=True, text=True, timeout=600, cwd=ROOT, check=False,
    )
    elapsed = time.monotonic() - began
    assert proc.returncode == 0, proc.stderr
    return json.loads(out.read_text()), elapsed


def test_a_mostly_dark_lan_ends_within_the_bound(scanned: tuple[dict[str, Any], float]) -> None:
    _, elapsed = scanned
    print(f"scan of the /24: {elapsed:.1f} s")
    assert elapsed < BOUND, f"the scan took {elapsed:.1f} s"


def test_live_devices_are_found_with_their_maker(lan: NetnsLab, scanned: tuple[dict[str, Any], float]) -> None:
    doc, _ = scanned
    found = {d["addresses"][0]["ip"]: d for d in doc["devices"]}
    for dev in lan.devices:
        if dev.name == SILENT:
            assert dev.ip not in found, "a host whose replies are all dropped has nothing to report"
            continue
        assert dev.ip in found, f"{dev.name} not found"
        assert found[dev.ip]["identity"]["manufacturer"] == dev.expect["manufacturer"], dev.name


def test_the_result_says_what_was_taken_as_dark(lan: NetnsLab, scanned: tuple[dict[str, Any], float]) -> None:
    doc, _ = scanned
    notes = " ".join(doc["scope"]["notes"])
    empty = 254 - len(lan.devices) - 1  # every host address but the devices and the scanner itself
    abandoned = int(notes.split("not tried further: ")[1].split(" of ")[0])
    assert abandoned >= empty
    print(notes)
    assert "neighbour table" in notes
    # The silent device answered ARP: firewalled, not absent, so every port of it was tried.
    assert "1 of them silent and tried on every port" in notes
