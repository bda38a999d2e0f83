"""Helpers for the register of two real lab scans that the report and dashboard tests share.

The whole default fleet plus the hostile payload device ``hostile-payloads`` (script, template, formula and
terminal payloads in every banner) is scanned through the CLI on loopback; sites and a sensitive place are noted with ``camaudit
annotate``; a second scan leaves the Annke camera out (removed from the Leisure centre). Built once per test
session: run under ``scripts/isolated`` when another run may use the same loopback addresses, so they do not
collide with other runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from camaudit.lab.profile import HOSTILE_DIR
from camaudit.lab.runner import LabRunner

#: The payload device of the hostile lab set (lab/profiles/hostile).
HOSTILE = "hostile-payloads"

ROOT = Path(__file__).resolve().parents[2]
#: Test artifacts (screenshots, rendered pages): gitignored.
OUT_DIR = ROOT / "out"
LAB_BASE, HOSTILE_BASE = "127.84.0.1", "127.85.0.1"
PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{7*7}}",
    "${7*7}",
    '=HYPERLINK("http://x")',
)


def camaudit(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real CLI in a child process."""
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "camaudit", *args], capture_output=True, text=True, timeout=300, env=env,
        check=False, input=stdin,
    )


@dataclass(frozen=True)
class AuditRegister:
    db: str
    #: Lab profile name -> address.
    ips: dict[str, str]

    @property
    def hostile_ip(self) -> str:
        return self.ips[HOSTILE]


def build_audit_register(db: str) -> AuditRegister:
    """Scan the lab twice into ``db`` with notes in between (see the module docstring)."""
    with LabRunner(base=LAB_BASE) as lab, LabRunner([HOSTILE], base=HOSTILE_BASE, profile_dir=HOSTILE_DIR) as bad:
        ips = {d.name: d.ip for d in (*lab.devices, *bad.devices)}
        targets = [d.ip for d in (*lab.devices, *bad.devices)]
        ports = ",".join(map(str, sorted(set(lab.ports) | set(bad.ports))))
        first = camaudit("scan", *targets, "--ports", ports, "--timeout", "4", "--db", db)
        assert first.returncode == 0, first.stderr
        for ref, site, location in (
            (ips["hikvision-ipc"], "Town Hall", "reception"),
            (ips["dahua-ipc"], "Town Hall", "car park"),
            (ips["annke-ipc"], "Leisure centre", "changing room"),
            (ips[HOSTILE], "Leisure centre", "pool"),
            (ips["axis-ipc"], "Leisure centre", "entrance"),
        ):
            noted = camaudit("annotate", ref, "--site", site, "--location", location, "--db", db)
            assert noted.returncode == 0, noted.stderr
        second = camaudit("scan", *targets, "--exclude", ips["annke-ipc"], "--ports", ports, "--timeout", "4",
                          "--db", db)
        assert second.returncode == 0, second.stderr
    return AuditRegister(db, ips)
