"""``kb update`` against recorded responses served from 127.0.0.1: never the real internet."""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from tests.conftest import require
from typer.testing import CliRunner

from camaudit.assess.cvedata import kev_catalog, nvd_cvss
from camaudit.cli.app import _register, app
from camaudit.knowledge.loader import cves
from camaudit.knowledge.update import UpdateError, fetch, run_update

FIXTURES = Path(__file__).parent / "fixtures"
EMPTY_NVD = {"resultsPerPage": 0, "startIndex": 0, "totalResults": 0, "format": "NVD_CVE", "version": "2.0",
             "timestamp": "2026-11-20T10:00:00.000", "vulnerabilities": []}


@pytest.fixture
def kev_bytes(shared_data: Path) -> bytes:
    real_kev = shared_data / "kev" / "known_exploited_vulnerabilities.json"
    require(real_kev.is_file(), f"the recorded KEV catalog is not present at {real_kev}")
    return real_kev.read_bytes()


@pytest.fixture
def server(kev_bytes: bytes) -> Iterator[tuple[str, list[str]]]:
    seen: list[str] = []
    nvd = (FIXTURES / "nvd_hikvision.json").read_bytes()
    csl = (FIXTURES / "csl_consolidated.json").read_bytes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            url = urllib.parse.urlsplit(self.path)
            query = urllib.parse.parse_qs(url.query)
            if url.path == "/kev.json":
                body = kev_bytes
            elif url.path == "/rest/json/cves/2.0":
                body = nvd if query.get("keywordSearch") == ["Hikvision"] else json.dumps(EMPTY_NVD).encode()
            elif url.path == "/csl.json":
                body = csl
            elif url.path == "/big":
                body = b"x" * 4096
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(autouse=True)
def _xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    kev_catalog.cache_clear()
    nvd_cvss.cache_clear()
    yield tmp_path / "camaudit" / "kb"
    kev_catalog.cache_clear()
    nvd_cvss.cache_clear()


def test_update_writes_a_dated_overlay_from_loopback(
    server: tuple[str, list[str]], _xdg: Path, shared_data: Path
) -> None:
    base, seen = server
    report = run_update(kev_url=f"{base}/kev.json", nvd_url=f"{base}/rest/json/cves/2.0", csl_url=f"{base}/csl.json",
                        keep_ids=[c.id for c in cves()], timeout=5, nvd_delay=0)
    assert report.directory == _xdg
    kev = json.loads((_xdg / "kev.json").read_text())
    assert kev["catalogVersion"] == "2025.08.25" and kev["fetched"]
    subset = json.loads((shared_data / "kev" / "kev_video_surveillance_subset.json").read_text())
    assert {v["cveID"] for v in subset["vulnerabilities"]} <= {v["cveID"] for v in kev["vulnerabilities"]}
    nvd = json.loads((_xdg / "nvd.json").read_text())
    assert {c["id"] for c in nvd["cves"]} == {"CVE-2017-7921", "CVE-2021-36260"}
    csl = json.loads((_xdg / "csl.json").read_text())
    assert {e["vendor"] for e in csl["entries"]} == {"hikvision", "dahua"}
    assert all(p.startswith(("/kev.json", "/rest/json/cves/2.0?", "/csl.json")) for p in seen)
    # assess now reads the overlay: NVD's CVSS is available, KEV comes from the overlay file.
    assert kev_catalog().origin.endswith("kev.json")
    assert nvd_cvss()["CVE-2021-36260"].score == 9.8


def test_cli_update_from_file_is_offline_and_show_reports_it(kev_bytes: bytes, tmp_path: Path, _xdg: Path) -> None:
    _register()
    kev_file = tmp_path / "kev-full.json"
    kev_file.write_bytes(kev_bytes)
    snapshot = tmp_path / "snapshot.json"
    runner = CliRunner()
    result = runner.invoke(app, ["kb", "update", "--from-file", str(kev_file), "--snapshot-out", str(snapshot)])
    assert result.exit_code == 0, result.output
    assert "KEV 2025.08.25" in result.output and not (_xdg / "nvd.json").exists()
    shipped = Path(__file__).resolve().parents[3] / "src" / "camaudit" / "knowledge" / "data" / "kev_snapshot.json"
    assert json.loads(snapshot.read_text())["vulnerabilities"] == json.loads(shipped.read_text())["vulnerabilities"]
    kev_catalog.cache_clear()
    shown = runner.invoke(app, ["kb", "show", "--json"])
    assert shown.exit_code == 0, shown.output
    summary = json.loads(shown.stdout)
    assert summary["kev"]["origin"].endswith("kev.json") and summary["kev"]["entries"] == 15
    assert {r["id"] for r in summary["regimes"]} >= {"us-ndaa-889", "uk-2022-sensitive-sites"}
    reset = runner.invoke(app, ["kb", "update", "--offline-snapshot"])
    assert reset.exit_code == 0 and not (_xdg / "kev.json").exists()


def test_bad_sources_fail_with_one_line_and_keep_the_old_overlay(server: tuple[str, list[str]], _xdg: Path) -> None:
    base, _seen = server
    with pytest.raises(UpdateError, match="only http and https"):
        fetch("file:///etc/passwd", 1000, 1)
    with pytest.raises(UpdateError, match="larger than"):
        fetch(f"{base}/big", 1000, 5)
    with pytest.raises(UpdateError, match="KEV: expected"):
        run_update(kev_url=f"{base}/csl.json", nvd_url=None, csl_url=None, timeout=5)
    assert not (_xdg / "kev.json").exists()
    _register()
    result = CliRunner().invoke(app, ["kb", "update", "--kev-url", f"{base}/missing", "--nvd-url", f"{base}/x",
                                      "--csl-url", f"{base}/csl.json", "--timeout", "5"])
    assert result.exit_code == 1
    assert "camaudit: error:" in result.output and len(result.output.strip().splitlines()) == 1
