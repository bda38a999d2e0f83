"""An undated Lorex camera, recorded in a register, reaches every output as "possibly made by a restricted maker".

The observations are built here, not captured: the MAC is in Lorex Technology's IEEE block (00-1F-54, in the
registry netaddr bundles), the RTSP answer says "IP Camera" and names nobody, and the HTTP Server header is a
hostile string no device sent. The pipeline is the product's own: identify -> assess -> register -> the
``camaudit report`` command in a child process. Expected values are written out, not computed by the code.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from auditlab import camaudit

from camaudit.assess import assess
from camaudit.identify import identify
from camaudit.model import (
    SCHEMA_VERSION,
    Address,
    Device,
    Observation,
    RunStatus,
    ScanResult,
    Scope,
    Service,
    Tool,
    device_id,
    to_jsonable,
)
from camaudit.register.db import open_register
from camaudit.register.store import begin_scan, finish_scan, record_host

IP, MAC = "10.20.30.40", "00:1f:54:6a:7b:8c"
HOSTILE = "<script>alert(1)</script>"
SEEN = "2026-12-03T10:01:00Z"


def _observations() -> list[Observation]:
    return [
        Observation(IP, None, None, "arp", "discover", SEEN, {"mac": MAC}),
        Observation(IP, 554, "tcp", "rtsp", "scan", SEEN,
                    {"rtsp.status": "401", "rtsp.www_authenticate": 'Digest realm="IP Camera", nonce="1"'}),
        Observation(IP, 80, "tcp", "http", "scan", SEEN, {"http.status": "200", "http.server": HOSTILE}),
    ]


def _recorded(tmp_path: Path) -> tuple[str, Device]:
    observations = _observations()
    identity = identify(observations)
    device = Device(
        id=device_id(MAC, identity.manufacturer, identity.serial, IP),
        addresses=(Address(IP, MAC),),
        services=(Service(80, "tcp", "http"), Service(554, "tcp", "rtsp")),
        identity=identity,
        findings=assess(identity, policy="us-federal"),
    )
    db = str(tmp_path / "register.db")
    register = open_register(db)
    scan = begin_scan(register, Scope(targets=(IP,), ports=(80, 554)), started="2026-12-03T10:00:00Z",
                      tool_version="test", options={"policy": "us-federal"})
    record_host(register, scan, IP, device, observations=observations, finished="2026-12-03T10:02:00Z")
    finish_scan(register, scan, finished="2026-12-03T10:02:00Z")
    return db, device


def test_the_result_json_carries_the_possible_finding_and_no_confirmed_one(tmp_path: Path) -> None:
    _, device = _recorded(tmp_path)
    result = ScanResult(SCHEMA_VERSION, Tool("camaudit", "test"), "2026-12-03T10:00:00Z", "2026-12-03T10:02:00Z",
                        Scope(targets=(IP,)), (device,), (), RunStatus(complete=True, hosts=1, finished=1))
    doc = json.loads(json.dumps(to_jsonable(result)))
    (dev,) = doc["devices"]
    assert (dev["identity"]["brand"], dev["identity"]["manufacturer"]) == ("lorex", None)
    kinds = {(f["kind"], f["regime"]): f["severity"] for f in dev["findings"]}
    assert ("restricted", "us-ndaa-889") not in kinds
    # us-federal: NDAA 889 binds at critical, so a maybe is high.
    assert kinds[("restricted-possible", "us-ndaa-889")] == "high"
    ndaa = next(f for f in dev["findings"] if f["kind"] == "restricted-possible" and f["regime"] == "us-ndaa-889")
    assert set(ndaa) >= {"kind", "severity", "title", "explanation", "remediation", "references"}
    assert [c["manufacturer"] for c in ndaa["details"]["candidates"]] == ["dahua", "hikvision"]


def test_the_html_report_shows_it_with_its_chain_and_what_to_check(tmp_path: Path) -> None:
    db, _ = _recorded(tmp_path)
    out = tmp_path / "report.html"
    proc = camaudit("report", "--db", db, "--format", "html", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    html = out.read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Possibly made by Dahua or Hikvision: restricted under US NDAA FY2019 Section 889 if so" in text
    assert "possibly made by Dahua (made from 2018-01-01 until 2022-11-24, confidence 0.8)" in text
    assert "date code or manufacture date" in text
    assert "None was made by a company that the policy “us-federal” restricts" in text
    assert "1 more carries a brand that has sold devices made by a restricted company" in text
    assert "possibly (maker uncertain)" in text
    # The first page gives it its own line, apart from the confirmed count, with what to check.
    assert re.search(r'id="possibly-restricted-count"><b>1</b>possibly restricted \(maker uncertain\)', html)
    assert "Possibly restricted: settle who made it" in text
    assert f"{IP} (no site recorded) Lorex Dahua or Hikvision" in text
    assert "whether the first half of its MAC address (the OUI) is registered to one of the possible makers" in text
    # Per site: restricted 0, possibly restricted 1, in columns of their own.
    assert "restricted possibly restricted sensitive places" in text
    assert "(no site recorded) 1 1 0 1 0 0 high" in text
    # The device's own text is inert.
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_register_keeps_it_and_a_report_under_another_policy_reweighs_it(tmp_path: Path) -> None:
    db, _ = _recorded(tmp_path)
    out = tmp_path / "report.json"
    proc = camaudit("report", "--db", db, "--format", "json", "--policy", "uk-school", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    findings = [f for d in doc["devices"] for f in d.get("findings", [])]
    possible = {f["regime"]: f["severity"] for f in findings if f["kind"] == "restricted-possible"}
    # uk-school: the UK direction binds at medium (a maybe: low); US measures are for information.
    assert possible == {"uk-2022-sensitive-sites": "low", "us-ndaa-889": "info", "us-fcc-covered-list": "info"}


def test_the_pdf_report_says_it_too(tmp_path: Path) -> None:
    db, _ = _recorded(tmp_path)
    out = tmp_path / "report.pdf"
    proc = camaudit("report", "--db", db, "--format", "pdf", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "Possibly made by Dahua or Hikvision: restricted under US NDAA FY2019 Section 889 if so" in flat
    assert "1 more carries a brand that has sold devices made by a restricted company" in flat
    # The executive page (page 1): the count on its own line, the device and what settles it.
    first = " ".join(subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(out), "-"], capture_output=True,
                                    text=True, check=True).stdout.split())
    assert "restricted under “us-federal”" in first and "possibly restricted (maker uncertain)" in first
    assert "None was made by a company that the policy “us-federal” restricts. 1 more carries a brand" in first
    assert "Possibly restricted: settle who made it" in first and "It is not counted as restricted above" in first
    assert f"{IP} (no site recorded) Lorex Dahua or Hikvision US NDAA FY2019 Section 889" in first
    assert "the date code or manufacture date on its label" in first
