"""Start a namespace lab, run ``camaudit discover`` inside its scanner namespace, and say what it reported of each device.

One helper for the namespace tests that only need what ``discover`` reported (mDNS, its second round, Ubiquiti's
discovery): each starts a lab of packaged profiles or of profiles it writes, and reads the result by device. Traffic
stays on the lab's namespace LAN. Where namespaces cannot be made the test is skipped (failed under CI) with the reason.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from tests.conftest import require

from camaudit.lab.netns import NetnsLab, unavailable_reason
from camaudit.lab.profile import PROFILE_DIR
from camaudit.lab.runner import LabDevice

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"


@dataclass(frozen=True)
class Seen:
    """One lab device and what ``discover`` reported of it (``None``: the device was not reported)."""

    device: LabDevice
    reported: dict[str, Any] | None


def discover_in_lab(tmp_path: Path, *devices: str | Mapping[str, Any], listen: str = "2") -> dict[str, Seen]:
    """A namespace lab of ``devices`` and ``camaudit discover --listen <listen>`` run in it, by device name.

    ``devices`` are packaged profiles by name, or profiles written here (mappings with a ``name``): one lab holds one
    kind or the other, since a packaged profile's body files live beside it.
    """
    reason = unavailable_reason()
    require(reason is None, reason or "")
    written = [d for d in devices if not isinstance(d, str)]
    folder = PROFILE_DIR
    if written:
        assert len(written) == len(devices), "a lab of written profiles cannot also hold packaged ones"
        folder = tmp_path / "profiles"
        folder.mkdir()
        for profile in written:
            (folder / f"{profile['name']}.yaml").write_text(yaml.safe_dump(dict(profile)), encoding="utf-8")
    names = [d if isinstance(d, str) else str(d["name"]) for d in devices]
    with NetnsLab(names, profile_dir=folder) as lab:
        found = _discover(lab, tmp_path / "discover.json", listen)
        placed = [lab.device(name) for name in names]
    return {device.name: Seen(device, found.get(device.ip)) for device in placed}


def _discover(lab: NetnsLab, out: Path, listen: str) -> dict[str, dict[str, Any]]:
    """``camaudit discover --interface <the scanner's> --listen <listen> --json out``: each device by its first IP."""
    python = str(PYTHON) if PYTHON.exists() else sys.executable
    result = subprocess.run(
        ["ip", "netns", "exec", lab.scanner_netns, python, "-m", "camaudit", "discover", "--interface",
         lab.scanner_iface, "--listen", listen, "--json", str(out)],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    return {d["addresses"][0]["ip"]: d for d in json.loads(out.read_text())["devices"]}
