"""Possibly restricted devices on the dashboard: their own line on the overview, with what to check, and a filter.

A register of its own, written by the product's pipeline (identify -> assess -> register) from observations
built here (not captured):

* 10.9.0.11, an undated Lorex: its MAC in Lorex Technology's IEEE block (00-1F-54), an RTSP realm "IP Camera"
  naming nobody, and a hostile Server header no device sent -- *possibly* restricted (Dahua 2018-2022,
  Hikvision before);
* 10.9.0.12, a KBVision whose only maker sign is its OEM row, graded weak (Dahua, 0.4) -- *possibly*;
* 10.9.0.13, a Hikvision camera that names its maker in its SADP answer -- *restricted*;
* 10.9.0.14, an nginx web server -- neither.

Counts are written out by hand. The browser is Debian's Chromium driven by Playwright, as in
test_web_browser.py; the JSON API is read through the TestClient.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from auditlab import OUT_DIR, camaudit
from tests.conftest import require
from webclient import CHROMIUM, FLAGS, PASSWORDS, client, dashboard_server, login

from camaudit.assess import assess
from camaudit.identify import identify
from camaudit.model import Address, Device, Observation, Scope, Service, device_id
from camaudit.register.db import open_register
from camaudit.register.store import begin_scan, finish_scan, record_host

HOST, PORT = "127.0.0.1", 18767
SEEN = "2026-12-03T10:01:00Z"
HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
LOREX, KBVISION, HIKVISION, NGINX = "10.9.0.11", "10.9.0.12", "10.9.0.13", "10.9.0.14"


def _observations(ip: str) -> list[Observation]:
    if ip == LOREX:
        return [
            Observation(ip, None, None, "arp", "discover", SEEN, {"mac": "00:1f:54:6a:7b:8c"}),
            Observation(ip, 554, "tcp", "rtsp", "scan", SEEN,
                        {"rtsp.status": "401", "rtsp.www_authenticate": 'Digest realm="IP Camera", nonce="1"'}),
            Observation(ip, 80, "tcp", "http", "scan", SEEN, {"http.status": "200", "http.server": HOSTILE}),
        ]
    if ip == KBVISION:
        return [Observation(ip, 80, "tcp", "onvif", "scan", SEEN, {"onvif.device_info.manufacturer": "KBVISION"})]
    if ip == HIKVISION:
        return [Observation(ip, 37020, "udp", "sadp", "discover", SEEN,
                            {"sadp.DeviceDescription": "DS-2CD2143G2-I",
                             "sadp.DeviceSN": "DS-2CD2143G2-I20210601AAWRG12345678"})]
    return [Observation(ip, 80, "tcp", "http", "scan", SEEN, {"http.status": "200", "http.server": "nginx/1.24.0"})]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("possible") / "register.db")
    register = open_register(path)
    ips = (LOREX, KBVISION, HIKVISION, NGINX)
    scan = begin_scan(register, Scope(targets=ips, ports=(80, 554)), started="2026-12-03T10:00:00Z",
                      tool_version="test", options={"policy": "us-federal"})
    for ip in ips:
        observations = _observations(ip)
        identity = identify(observations)
        device = Device(id=device_id(None, identity.manufacturer, identity.serial, ip), addresses=(Address(ip),),
                        services=tuple(Service(o.port, "tcp", o.protocol) for o in observations if o.port),
                        identity=identity, findings=assess(identity, policy="us-federal"))
        record_host(register, scan, ip, device, observations=observations, finished="2026-12-03T10:02:00Z")
    finish_scan(register, scan, finished="2026-12-03T10:02:00Z")
    register.close()
    for name, role in (("alice", "admin"),):
        proc = camaudit("users", "add", name, "--role", role, "--password-stdin", "--db", path,
                        stdin=PASSWORDS[name] + "\n")
        assert proc.returncode == 0, proc.stderr
    return path


def test_the_api_counts_them_apart_and_filters_them(db: str) -> None:
    with open_register(db, create=False) as register:
        c = client(register)
        login(c, "alice")
        summary = c.get("/api/summary").json()
        assert (summary["restricted"], summary["possibly_restricted"]) == (1, 2)
        # us-federal binds NDAA 889 at critical: a maybe there is high, and listed per regime.
        assert summary["possibly_restricted_by_regime"]["us-ndaa-889"] == 2
        possible = c.get("/api/devices", params={"restriction": "possible"})
        assert possible.headers["content-type"].startswith("application/json")
        assert {d["address"] for d in possible.json()} == {LOREX, KBVISION}
        assert all(d["restricted_under"] == [] and "us-ndaa-889" in d["possibly_restricted_under"]
                   for d in possible.json())
        assert {d["address"] for d in c.get("/api/devices", params={"restriction": "restricted"}).json()} == {
            HIKVISION}
        assert c.get("/api/devices", params={"restriction": "maybe"}).status_code == 422


@pytest.fixture(scope="module")
def server(db: str) -> Iterator[str]:
    with dashboard_server(db, HOST, PORT) as url:
        yield url


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[Any]:
    require(CHROMIUM.exists(), "Debian's chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        dialogs: list[str] = []
        context.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        tab = context.new_page()
        tab.goto(f"{server}/")
        tab.fill("input[name=username]", "alice")
        tab.fill("input[name=password]", PASSWORDS["alice"])
        tab.click("button[type=submit]")
        tab.wait_for_url(f"{server}/")
        yield tab
        chromium.close()
        assert dialogs == [], f"a dialog opened: {dialogs}"


def test_the_overview_shows_them_as_their_own_line_with_what_to_check(server: str, page: Any) -> None:
    page.goto(f"{server}/")
    assert page.locator("#possibly-restricted-count b").inner_text() == "2"
    assert page.locator("ul.numbers li.bad b").first.inner_text() == "1"  # the confirmed count, apart
    text = page.locator("#possibly-restricted").inner_text()
    assert "not counted as restricted" in text
    assert "date code or manufacture date" in text and "OUI" in text
    (OUT_DIR / "screenshots").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUT_DIR / "screenshots" / "overview-possibly-restricted.png"), full_page=True)
    page.click("#possibly-restricted >> text=Show them")
    page.wait_for_url("**/devices?restriction=possible")
    assert {a.inner_text() for a in page.locator("table.devices tbody a").all()} == {LOREX, KBVISION}


def test_the_devices_filter_picks_them_and_their_hostile_text_stays_text(server: str, page: Any) -> None:
    page.goto(f"{server}/devices")
    options = [o.inner_text() for o in page.locator("select[name=restriction] option").all()]
    assert options == ["any", "restricted", "possibly restricted (maker uncertain)", "neither"]
    page.select_option("select[name=restriction]", "possible")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/devices?*restriction=possible*")
    assert page.locator("#count").inner_text().startswith("2 of 4 device(s)")
    cells = page.locator("table.devices tbody .possible").all_inner_texts()
    assert len(cells) == 2 and all(c.startswith("possibly (maker uncertain):") for c in cells)
    page.select_option("select[name=restriction]", "restricted")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/devices?*restriction=restricted*")
    assert {a.inner_text() for a in page.locator("table.devices tbody a").all()} == {HIKVISION}
    page.goto(f"{server}/devices?restriction=possible&q={LOREX}")
    page.click(f"text={LOREX}")
    assert HOSTILE in page.locator("#said").inner_text()
    assert page.locator("main img, main script").count() == 0
    chains = page.locator(".finding .chain").all_inner_texts()
    assert any(c.startswith("brand Lorex -> possibly made by Dahua") for c in chains)
