"""Real nmap against the lab on loopback, written with -oA: its normal and grepable outputs read as its XML is.

nmap -sV (a small version intensity) with the scripts a camera audit runs (http-title, http-server-header,
rtsp-methods, ssl-cert, banner) on three lab devices and three ports, 127.x addresses only. The normal output must
give the same hosts, open ports and identities as the XML of the same scan; the grepable output the same hosts and
only nmap's product names (it prints no script output, no device type, no CPE: docs/importers.md).
Under CI=1 a missing nmap fails (scripts/apt-packages.txt installs it).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.conftest import require

from camaudit.identify import identify
from camaudit.importers import FORMATS, ImportRecord
from camaudit.lab.runner import LabRunner

PROFILES = ["hikvision-ipc", "axis-ipc", "hp-printer"]
SCRIPTS = "http-title,http-server-header,rtsp-methods,ssl-cert,banner"


def _identities(records: list[ImportRecord]) -> dict[str | None, tuple[object, ...]]:
    found = {r.ip: identify(r.observations) for r in records}
    return {ip: (i.device_type, i.brand, i.manufacturer, i.model, i.confidence) for ip, i in found.items()}


def test_normal_and_grepable_outputs_of_a_real_scan_read_as_its_xml(tmp_path: Path) -> None:
    nmap = shutil.which("nmap")
    require(nmap is not None, "nmap is not installed (scripts/apt-packages.txt lists it)")
    assert nmap is not None
    with LabRunner(profiles=PROFILES, base="127.93.225.1") as lab:
        ips = [d.ip for d in lab.devices]
        subprocess.run([nmap, "-sV", "--version-intensity", "1", "-Pn", "-n", "-p", "80,443,554", "--script", SCRIPTS,
                        "-oA", str(tmp_path / "scan"), *ips], check=True, capture_output=True, timeout=300)
    read = FORMATS["nmap"]
    xml, text, grepable = (list(read(tmp_path / f"scan.{ext}")) for ext in ("xml", "nmap", "gnmap"))
    assert [r.ip for r in xml] == ips
    assert [r.ip for r in text] == ips and [r.ip for r in grepable] == ips
    assert all(r.error is None for r in xml + text + grepable)
    for from_xml, from_text in zip(xml, text, strict=True):
        assert {o.port for o in from_text.observations} - {None} == {o.port for o in from_xml.observations} - {None}
    assert _identities(text) == _identities(xml)
    named = _identities(xml)
    assert named["127.93.225.1"][:3] == ("camera", "hikvision", "hikvision")
    assert named["127.93.225.2"][2] == "axis"
    # The grepable output names products only: each is the XML's product (split the same way).
    for from_xml, from_grepable in zip(xml, grepable, strict=True):
        products = {o.port: o.fields.get("import.product") for o in from_xml.observations}
        for observation in from_grepable.observations:
            assert set(observation.fields) <= {"import.product", "import.version", "import.extrainfo"}
            assert observation.fields.get("import.product", "") in (products.get(observation.port) or "")
