"""``camaudit report`` on a register holding two real lab scans: every format, what a reader checks in each.

Expected numbers come from the register's own rows (read with sqlite3 here), never from the report code.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from auditlab import HOSTILE, OUT_DIR, PAYLOADS, AuditRegister, camaudit
from PIL import Image, ImageStat

from camaudit.lab.profile import HOSTILE_DIR, load_profiles

VIDEO = ("camera", "nvr", "dvr", "video_encoder", "intercom", "access_control", "thermal_camera", "video_device")


def _latest_counts(db: str) -> dict[str, int]:
    con = sqlite3.connect(db)
    try:
        scan = con.execute("SELECT max(id) FROM scans").fetchone()[0]
        marks = ",".join("?" * len(VIDEO))
        video = con.execute(
            f"SELECT count(*) FROM identities WHERE scan_id = ? AND device_type IN ({marks})",  # noqa: S608
            (scan, *VIDEO),
        ).fetchone()[0]
        restricted = con.execute(
            "SELECT count(DISTINCT i.id) FROM identities i JOIN findings f ON f.identity_id = i.id "
            "WHERE i.scan_id = ? AND f.kind = 'restricted' AND f.severity != 'info'", (scan,)
        ).fetchone()[0]
        devices = con.execute("SELECT count(*) FROM identities WHERE scan_id = ?", (scan,)).fetchone()[0]
    finally:
        con.close()
    return {"scan": scan, "video": video, "restricted": restricted, "devices": devices}


def _report(reg: AuditRegister, tmp_path: Path, fmt: str, *extra: str) -> Path:
    out = tmp_path / f"report.{fmt}"
    proc = camaudit("report", "--db", reg.db, "--format", fmt, "-o", str(out), *extra)
    assert proc.returncode == 0, proc.stderr
    return out


class _Resources(HTMLParser):
    """Every attribute that would make a browser fetch something."""

    def __init__(self) -> None:
        super().__init__()
        self.fetches: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "srcset", "data", "poster", "background", "xlink:href") and value:
                self.fetches.append(f"{tag}.{name}={value}")
            if tag == "link" and name == "href" and value:
                self.fetches.append(f"link.href={value}")


@pytest.fixture(scope="module")
def html_report(audit_register: AuditRegister, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The default HTML report of the register, rendered once for the tests that only read it."""
    return _report(audit_register, tmp_path_factory.mktemp("html"), "html").read_text(encoding="utf-8")


def test_html_report_is_self_contained_and_summarises_the_register(audit_register: AuditRegister,
                                                                   html_report: str) -> None:
    html = html_report
    parser = _Resources()
    parser.feed(html)
    assert parser.fetches == []
    assert "script" not in parser.tags and "iframe" not in parser.tags and "img" not in parser.tags
    assert not re.search(r"url\(|@import", html), "CSS must not load anything"
    counts = _latest_counts(audit_register.db)
    text = re.sub(r"<[^>]+>", "", html)
    assert f"This audit found {counts['video']} cameras and recorders" in " ".join(text.split())
    assert f"{counts['restricted']} were made by companies" in " ".join(text.split())
    assert "<svg" in html and html.count("<svg") >= 5
    assert 'name="viewport"' in html and "@page" in html and "size: A4" in html


def test_hostile_banners_are_inert_text_in_the_html_report(html_report: str) -> None:
    html = html_report
    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "{{7*7}}" in html and "${7*7}" in html
    assert "=HYPERLINK(&#34;http://x&#34;)" in html


def test_pdf_pages_render_non_blank_and_the_summary_is_text(audit_register: AuditRegister, tmp_path: Path) -> None:
    pdf = _report(audit_register, tmp_path, "pdf")
    assert pdf.read_bytes().startswith(b"%PDF-")
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    counts = _latest_counts(audit_register.db)
    flat = " ".join(first.split())
    assert "Summary" in flat and "The most urgent actions" in flat
    assert f"This audit found {counts['video']} cameras and recorders" in flat
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) > 3
    for page in pages:
        with Image.open(page) as img:
            extrema = img.convert("L").getextrema()
            # A blank page is white throughout; small grey text (a last page of conflicts) anti-aliases at 40 dpi
            # to no darker than ~128, so ink is anything clearly below white.
            assert extrema[0] < 200, f"{page.name} is blank"
            assert ImageStat.Stat(img.convert("L")).stddev[0] > 5, f"{page.name} is blank"
    whole = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for payload in ("<script>alert(1)</script>", "{{7*7}}", "${7*7}"):
        assert payload in whole, f"{payload} not shown literally in the PDF"
    OUT_DIR.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(OUT_DIR / "report-first-page")], check=True)


def test_csv_has_one_row_per_device_and_no_live_formula(audit_register: AuditRegister, tmp_path: Path) -> None:
    raw = _report(audit_register, tmp_path, "csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw)))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["site", "location", "address", "mac"] and "restricted_under" in header
    assert len(body) == _latest_counts(audit_register.db)["devices"]
    for row in body:
        assert len(row) == len(header)
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    hostile = next(r for r in body if r[2] == audit_register.hostile_ip)
    model = hostile[header.index("model")]
    assert model.startswith("'=2+HYPERLINK("), model
    assert hostile[header.index("site")] == "Leisure centre"


def test_json_report_matches_the_csv(audit_register: AuditRegister, tmp_path: Path) -> None:
    doc = json.loads(_report(audit_register, tmp_path, "json").read_text(encoding="utf-8"))
    counts = _latest_counts(audit_register.db)
    assert doc["report_version"] == "1" and doc["scan"]["id"] == counts["scan"]
    assert len(doc["devices"]) == counts["devices"]
    assert doc["summary"]["restricted"] == counts["restricted"]
    hostile = next(d for d in doc["devices"] if d["address"] == audit_register.hostile_ip)
    assert hostile["model"] == '=2+HYPERLINK("http:'  # JSON keeps the device's words; only CSV neutralises
    assert any(f["kind"] == "restricted" for f in hostile["findings"])
    assert 1 <= len(doc["summary"]["actions"]) <= 3 and all(a["who"] for a in doc["summary"]["actions"])


def test_cyclonedx_validates_against_the_1_6_schema(audit_register: AuditRegister, tmp_path: Path) -> None:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    text = _report(audit_register, tmp_path, "cyclonedx").read_text(encoding="utf-8")
    error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(text)
    assert error is None, error
    bom = json.loads(text)
    assert bom["specVersion"] == "1.6"
    devices = bom["components"]
    assert devices and all(c["type"] == "device" for c in devices)
    hilook = next(c for c in devices if {"name": "camaudit:brand", "value": "hilook"} in c["properties"])
    assert hilook["manufacturer"]["name"] == "Hikvision" and hilook["supplier"]["name"] == "HiLook"
    assert hilook["components"][0]["type"] == "firmware" and hilook["components"][0]["version"] == hilook["version"]
    assert any(p["name"] == "camaudit:restricted_under" for p in hilook["properties"])
    cve = next(v for v in bom["vulnerabilities"] if v["id"] == "CVE-2021-36260")
    old = audit_register.ips["hikvision-ipc-cve-2017-7921"]
    affected = {a["ref"] for a in cve["affects"]}
    refs = {c["bom-ref"]: c for c in devices}
    assert any({"name": "camaudit:address", "value": old} in refs[r]["properties"] for r in affected)


def test_policy_changes_what_counts_as_restricted(audit_register: AuditRegister, tmp_path: Path) -> None:
    none = json.loads(_report(audit_register, tmp_path, "json", "--policy", "none").read_text())
    assert none["policy"] == "none" and none["summary"]["restricted"] == 0
    assert all(not d["restricted_under"] for d in none["devices"])
    school = json.loads(_report(audit_register, tmp_path, "json", "--policy", "uk-school").read_text())
    assert {r for d in school["devices"] for r in d["restricted_under"]} == {"uk-2022-sensitive-sites"}


def test_site_report_shows_the_removal_in_progress(audit_register: AuditRegister, tmp_path: Path) -> None:
    html = _report(audit_register, tmp_path, "html", "--site", "Leisure centre").read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Restricted devices fell by 1 since scan 1: removal is happening." in text
    doc = json.loads(_report(audit_register, tmp_path, "json", "--site", "Leisure centre").read_text())
    assert {d["address"] for d in doc["devices"]} == {audit_register.ips[n] for n in (HOSTILE, "axis-ipc")}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scan", "99"], "no scan 99"),
        (["--format", "docx"], "--format must be one of"),
        (["--site", "Nowhere"], "no device of scan"),
        (["--policy", "bogus"], "unknown policy"),
    ],
)
def test_bad_requests_get_one_line(audit_register: AuditRegister, tmp_path: Path, args: list[str],
                                   message: str) -> None:
    proc = camaudit("report", "--db", audit_register.db, "-o", str(tmp_path / "x.html"), *args)
    assert proc.returncode == 2
    assert message in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.html").exists()


def test_payloads_fixture_is_what_the_lab_serves() -> None:
    (profile,) = load_profiles([HOSTILE], HOSTILE_DIR)
    for payload in PAYLOADS:
        assert payload in profile.vars["payload"]
