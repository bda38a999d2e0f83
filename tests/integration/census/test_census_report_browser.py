"""``report.html`` of a census in a real browser (Debian's Chromium via Playwright): hostile scan data stays text.

Every string a scanned device or a scan file controls (country, ASN, organisation, the input's file name)
carries markup that would run script if it were not escaped. The page must run none of it, show it as
text, and load nothing from anywhere (it is one self-contained file).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import require
from tests.unit.census.censusdata import AMCREST_HTTP, HIK_HTTP, HIK_RTSP, banner, census, write_lines

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
HOSTILE = "<img src=x onerror=alert(1)><script>alert(2)</script>"


def test_hostile_scan_data_is_shown_as_text_and_runs_nothing(tmp_path: Path) -> None:
    require(CHROMIUM.exists(), "Debian's chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    name = f"crawl{HOSTILE.replace('/', '_')}.json"
    path = write_lines(tmp_path / name, [
        banner(HIK_HTTP, "192.0.2.1", "2026-11-01T10:00:00", HOSTILE, org=HOSTILE, asn=HOSTILE),
        banner(HIK_RTSP, "192.0.2.1", "2026-11-01T10:00:00", HOSTILE, org=HOSTILE, asn=HOSTILE),
        banner(AMCREST_HTTP, "192.0.2.2", "2026-11-01T10:00:00", "US", port=80),
    ])
    out = tmp_path / "out"
    census([path], out, by=("country", "asn", "org", "brand"), report=True)
    page_file = out / "report.html"

    dialogs: list[str] = []
    requests: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            page = browser.new_page()

            def dialog(d: Any) -> None:
                dialogs.append(d.message)
                d.dismiss()

            page.on("dialog", dialog)
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_file.as_uri())
            page.wait_for_load_state("load")
            scripts = page.locator("script").count()
            images = page.locator("img").count()
            rows = page.locator("#rows tbody").inner_text()
            inputs = page.locator("#method").inner_text()
        finally:
            browser.close()

    assert dialogs == []  # no alert() ran
    assert scripts == 0 and images == 0  # the markup never became elements
    assert requests == [page_file.as_uri()]  # the page alone: no image, font or script fetched
    assert HOSTILE in rows  # the hostile country/ASN/organisation is shown, as the text it was
    assert "amcrest" in rows and "hikvision" in rows
    assert name in inputs  # and so is the hostile file name
