"""The dashboard in a real browser: Debian's Chromium driven by Playwright against ``camaudit serve``.

One server and one browser for the whole module. Screenshots go to ``out/screenshots`` (gitignored) as
test artifacts. Playwright never downloads a browser here: it launches /usr/bin/chromium by path.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from auditlab import OUT_DIR, AuditRegister
from tests.conftest import require
from webclient import CHROMIUM, FLAGS, PASSWORDS, dashboard_server

SHOTS = OUT_DIR / "screenshots"
HOST, PORT = "127.0.0.1", 18765


@pytest.fixture(scope="module")
def server(web_db: str) -> Iterator[str]:
    with dashboard_server(web_db, HOST, PORT) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require(CHROMIUM.exists(), "Debian's chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    dialogs: list[str] = []
    context.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    tab = context.new_page()
    tab.dialogs = dialogs
    yield tab
    context.close()
    assert dialogs == [], f"a dialog opened: {dialogs}"


def _login(page: Any, base: str, name: str) -> None:
    page.goto(f"{base}/")
    assert "/login" in page.url
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORDS[name])
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    assert page.title().startswith("Overview")


def test_admin_logs_in_filters_opens_a_device_and_edits_its_notes(server: str, page: Any,
                                                                  audit_register: AuditRegister) -> None:
    _login(page, server, "alice")
    page.screenshot(path=str(SHOTS / "overview.png"), full_page=True)
    page.click("nav >> text=Devices")
    page.select_option("select[name=site]", "Town Hall")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/devices?*site=Town+Hall*")
    shown = {a.inner_text() for a in page.locator("table.devices tbody a").all()}
    assert shown == {audit_register.ips["hikvision-ipc"], audit_register.ips["dahua-ipc"]}
    page.screenshot(path=str(SHOTS / "devices-filtered.png"), full_page=True)
    page.click(f"text={audit_register.ips['hikvision-ipc']}")
    assert page.locator("#model").inner_text() == "DS-2CD2143G2-I"
    page.fill("#notes input[name=location]", "reception desk, facing the door")
    page.click("#notes button[type=submit]")
    assert page.locator(".flash").inner_text() == "Notes saved."
    assert page.locator("#notes input[name=location]").input_value() == "reception desk, facing the door"
    page.screenshot(path=str(SHOTS / "device-saved.png"), full_page=True)


def test_viewer_sees_no_form_and_is_refused_by_the_server(server: str, page: Any) -> None:
    _login(page, server, "bob")
    page.goto(f"{server}/devices/1")
    assert page.locator("form#notes").count() == 0
    assert "Only an admin can change notes." in page.content()
    csrf = page.locator("form.logout input[name=csrf_token]").input_value()
    refused = page.request.post(f"{server}/devices/1/annotation",
                                form={"csrf_token": csrf, "site": "Viewer was here"}, max_redirects=0)
    assert refused.status == 403
    page.goto(f"{server}/devices/1")
    assert "Viewer was here" not in page.content()
    page.screenshot(path=str(SHOTS / "viewer-device.png"), full_page=True)


def test_hostile_banners_show_as_literal_text_and_run_nothing(server: str, page: Any,
                                                              audit_register: AuditRegister, tmp_path: Path) -> None:
    _login(page, server, "alice")
    page.goto(f"{server}/devices?q={audit_register.hostile_ip}")
    page.click(f"text={audit_register.hostile_ip}")
    assert page.locator("#model").inner_text() == '=2+HYPERLINK("http:'
    said = page.locator("#said").inner_text()
    for payload in ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{7*7}}", "${7*7}",
                    '=HYPERLINK("http://x")'):
        assert payload in said
    assert page.locator("main img, main script").count() == 0
    page.screenshot(path=str(SHOTS / "hostile-device.png"), full_page=True)
    # The HTML report of the same register, opened from disk: the same text, still inert.
    with page.expect_download() as got:
        page.goto(f"{server}/reports")
        page.click("#downloads >> text=HTML")
    report = tmp_path / got.value.suggested_filename
    got.value.save_as(report)
    assert report.suffix == ".html"
    page.goto(report.as_uri())
    assert "<script>alert(1)</script>" in page.inner_text("body")
    assert page.locator("img, script").count() == 0


def test_pdf_report_downloads_from_the_reports_page(server: str, page: Any, tmp_path: Path) -> None:
    _login(page, server, "alice")
    page.goto(f"{server}/reports")
    assert [a.inner_text() for a in page.locator("#downloads a").all()] == ["HTML", "PDF", "CSV", "JSON", "CYCLONEDX"]
    # One site's PDF through the form: a few pages, so the test stays quick on a busy machine.
    page.select_option("select[name=site]", "Town Hall")
    with page.expect_download(timeout=180_000) as got:
        page.click("form.filters button[type=submit]")
    saved = tmp_path / got.value.suggested_filename
    got.value.save_as(saved)
    assert saved.name.endswith(".pdf") and saved.read_bytes().startswith(b"%PDF-"), saved.read_bytes()[:300]
    text = subprocess.run(["pdftotext", str(saved), "-"], capture_output=True, text=True, check=True).stdout
    assert "Camera audit — Town Hall" in text and "The most urgent actions" in text, text[:600]


def test_report_reads_on_a_phone(browser: Any, audit_register: AuditRegister, tmp_path: Path) -> None:
    from auditlab import camaudit

    report = tmp_path / "report.html"
    assert camaudit("report", "--db", audit_register.db, "-o", str(report)).returncode == 0
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    phone = context.new_page()
    phone.goto(report.as_uri())
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a 390 px phone: it scrolls sideways"
    phone.screenshot(path=str(SHOTS / "report-phone.png"))
    context.close()


def test_report_prints_on_a4_from_the_browser(browser: Any, audit_register: AuditRegister, tmp_path: Path) -> None:
    from auditlab import camaudit

    report = tmp_path / "report.html"
    assert camaudit("report", "--db", audit_register.db, "-o", str(report)).returncode == 0
    context = browser.new_context(viewport={"width": 695, "height": 1000})  # A4 less 13 mm margins, at 96 dpi
    tab = context.new_page()
    tab.goto(report.as_uri())
    tab.emulate_media(media="print")
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= 695, f"printed, the report is {width} px wide on a {695} px A4 text column"
    printed = tmp_path / "printed.pdf"
    tab.pdf(path=str(printed), format="A4", print_background=True)
    context.close()
    info = subprocess.run(["pdfinfo", str(printed)], capture_output=True, text=True, check=True).stdout
    assert "595.92 x 842.88" in info or "595 x 842" in info, info
    first = subprocess.run(["pdftotext", "-l", "1", str(printed), "-"], capture_output=True, text=True,
                           check=True).stdout
    assert "The most urgent actions" in first, "the summary is not on the first printed page"
