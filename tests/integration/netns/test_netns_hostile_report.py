"""The hostile payload device (``hostile-payloads``) on a namespace LAN, found by real SSDP multicast: what its SSDP reply and UPnP
description say reaches the register and comes out of the HTML report and the CSV as inert text.

Needs root and iproute2 (CI runs as root); skipped elsewhere with the reason.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from camaudit.lab.netns import NetnsLab, unavailable_reason
from camaudit.lab.profile import HOSTILE_DIR

pytestmark = [
    pytest.mark.netns,
    pytest.mark.skipif(unavailable_reason() is not None, reason=unavailable_reason() or ""),
]

ROOT = Path(__file__).resolve().parents[3]


def _camaudit(*args: str, netns: str | None = None) -> subprocess.CompletedProcess[str]:
    prefix = ["ip", "netns", "exec", netns] if netns else []
    return subprocess.run([*prefix, sys.executable, "-m", "camaudit", *args], capture_output=True, text=True,
                          timeout=240, cwd=ROOT, check=False)


def test_ssdp_and_upnp_payloads_are_inert_in_the_report(tmp_path: Path) -> None:
    db = str(tmp_path / "hostile.db")
    with NetnsLab(profiles=["hostile-payloads"], profile_dir=HOSTILE_DIR, prefix="camxss") as lab:
        scan = _camaudit("scan", "--discover", "--interface", lab.scanner_iface, "--db", db,
                         netns=lab.scanner_netns)
        assert scan.returncode in (0, 1), scan.stderr
    html_path, csv_path = tmp_path / "r.html", tmp_path / "r.csv"
    assert _camaudit("report", "--db", db, "-o", str(html_path)).returncode == 0
    assert _camaudit("report", "--db", db, "-o", str(csv_path), "--format", "csv").returncode == 0
    html = html_path.read_text(encoding="utf-8")
    assert "upnp.server" in html, "the SSDP reply did not reach the report"
    assert "upnp.model_name" in html and "upnp.friendly_name" in html, "the UPnP description did not reach the report"
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 2
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in rows[1])
