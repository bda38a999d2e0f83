"""Namespace mode: ``camaudit discover`` asks mDNS on a real (virtual) LAN and the lab's Axis camera answers.

The query goes to 224.0.0.251:5353 from the scanner's namespace only (198.18.0.0/16 inside); the lab's
responder answers the one-shot query unicast, as RFC 6762 §6.7 asks. Needs root and iproute2 (CI runs as root);
skipped elsewhere with the reason.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import require

from camaudit.lab.netns import NetnsLab, unavailable_reason

pytestmark = [pytest.mark.netns]
ROOT = Path(__file__).resolve().parents[3]
PYTHON = ROOT / ".venv" / "bin" / "python"


def _discover(lab: NetnsLab, out: Path) -> dict[str, dict[str, Any]]:
    python = str(PYTHON) if PYTHON.exists() else sys.executable
    result = subprocess.run(
        ["ip", "netns", "exec", lab.scanner_netns, python, "-m", "camaudit", "discover", "--interface",
         lab.scanner_iface, "--listen", "2", "--json", str(out)],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    return {d["addresses"][0]["ip"]: d for d in json.loads(out.read_text())["devices"]}


def test_an_axis_camera_answering_mdns_is_named_with_model_and_mac(tmp_path: Path) -> None:
    reason = unavailable_reason()
    require(reason is None, reason or "")
    with NetnsLab(["axis-ipc", "nginx-web"]) as lab:
        found = _discover(lab, tmp_path / "discover.json")
        axis = lab.device("axis-ipc")
        web = lab.device("nginx-web")
    device = found[axis.ip]
    identity = device["identity"]
    assert (identity["manufacturer"], identity["model"]) == ("axis", "P3245-LVE")
    fields = {e["field"] for e in identity["evidence"]}
    assert {"mdns.instance", "mdns.service"} <= fields
    assert device["addresses"][0]["mac"] == axis.mac
    assert web.ip not in found  # a host that answers no discovery protocol stays unannounced
