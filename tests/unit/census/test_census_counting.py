"""The counting rules of docs/census.md, on a small crawl whose answer was worked out by hand.

Two files from a crawl over several days:

a.json                                          b.json
 1 192.0.2.1:80   Hikvision web     GB 11-01     8 192.0.2.1:80   Hikvision web   GB 11-04  (same service again)
 2 192.0.2.1:554  Hikvision RTSP    GB 11-01     9 192.0.2.2:80   nginx           US 11-04  (address now a web server)
 3 192.0.2.1:22   OpenSSH           GB 11-01    10 192.0.2.5:80   nginx           DE 11-02  (older than record 7)
 4 192.0.2.2:80   Amcrest (Dahua)   US 11-01    11 192.0.2.6:80   Hikvision web   FR 11-02 12:00
 5 192.0.2.3:554  Dahua RTSP        US 11-01       a line that is not JSON
 6 192.0.2.4:80   nginx             DE 11-01
 7 192.0.2.5:80   Hikvision web     DE 11-03
12 192.0.2.6:80   Amcrest (Dahua)   FR 11-02 12:00  (same time as 11: the later input path, b.json, wins)

Latest records: .1 has two camera services (80, 554) and SSH; .2 is a web server now; .3 one Dahua camera
service; .4 never a camera; .5 a Hikvision camera (11-03 beats 11-02); .6 Hikvision (tie -> b.json).
So 4 camera hosts: GB/hikvision (2 services), DE/hikvision, FR/hikvision, US/dahua (1 service each).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from tests.unit.census.censusdata import (
    AMCREST_HTTP,
    DAHUA_RTSP,
    HIK_HTTP,
    HIK_RTSP,
    NGINX,
    banner,
    census,
    write_lines,
)


def _ssh(ip: str, when: str, country: str) -> dict[str, object]:
    return {"ip_str": ip, "port": 22, "transport": "tcp", "timestamp": when + ".000000",
            "data": "SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6\nKey type: ssh-ed25519\n",
            "_shodan": {"module": "ssh"}, "location": {"country_code": country}}


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("crawl")
    a = write_lines(folder / "a.json", [
        banner(HIK_HTTP, "192.0.2.1", "2026-11-01T10:00:00", "GB"),
        banner(HIK_RTSP, "192.0.2.1", "2026-11-01T10:01:00", "GB", port=554),
        _ssh("192.0.2.1", "2026-11-01T10:02:00", "GB"),
        banner(AMCREST_HTTP, "192.0.2.2", "2026-11-01T11:00:00", "US", port=80),
        banner(DAHUA_RTSP, "192.0.2.3", "2026-11-01T12:00:00", "US", port=554),
        banner(NGINX, "192.0.2.4", "2026-11-01T13:00:00", "DE", port=80),
        banner(HIK_HTTP, "192.0.2.5", "2026-11-03T09:00:00", "DE"),
        banner(AMCREST_HTTP, "192.0.2.6", "2026-11-02T12:00:00", "FR", port=80),
    ])
    b = write_lines(folder / "b.json", [
        banner(HIK_HTTP, "192.0.2.1", "2026-11-04T10:00:00", "GB"),
        banner(NGINX, "192.0.2.2", "2026-11-04T11:00:00", "US", port=80),
        banner(NGINX, "192.0.2.5", "2026-11-02T09:00:00", "DE", port=80),
        banner(HIK_HTTP, "192.0.2.6", "2026-11-02T12:00:00", "FR"),
        "{this is not json",
    ])
    return [a, b]


def test_hosts_and_services_by_country_and_maker(crawl: list[Path], tmp_path: Path) -> None:
    summary = census(crawl, tmp_path / "out").summary
    assert summary["by"] == ["country", "manufacturer"]
    assert summary["rows"] == [
        {"country": "GB", "manufacturer": "hikvision", "hosts": 1, "services": 2},
        {"country": "DE", "manufacturer": "hikvision", "hosts": 1, "services": 1},
        {"country": "FR", "manufacturer": "hikvision", "hosts": 1, "services": 1},
        {"country": "US", "manufacturer": "dahua", "hosts": 1, "services": 1},
    ]
    assert summary["records"] == 12
    assert summary["skipped"] == 1
    assert summary["skipped_reasons"] == {"not JSON": 1}
    assert [i["records"] for i in summary["inputs"]] == [8, 4]
    assert [i["sha256"] for i in summary["inputs"]] == [hashlib.sha256(p.read_bytes()).hexdigest() for p in crawl]
    written = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert written == summary
    assert list(written) == ["by", "rows", "records", "skipped", "skipped_reasons", "inputs", "tool_version",
                             "knowledge_version", "restricted"]
    # Hikvision and Dahua makers named by the devices themselves: every camera host confirmed, none possible.
    assert (written["restricted"]["confirmed"], written["restricted"]["possible"]) == (4, 0)


def test_a_host_counts_once_per_maker_and_once_per_port(crawl: list[Path], tmp_path: Path) -> None:
    assert census(crawl, tmp_path / "m", by=("manufacturer",)).summary["rows"] == [
        {"manufacturer": "hikvision", "hosts": 3, "services": 4},
        {"manufacturer": "dahua", "hosts": 1, "services": 1},
    ]
    # Per port, host 192.0.2.1 is in both rows: the port is a property of a service, not of the host.
    assert census(crawl, tmp_path / "p", by=("port",)).summary["rows"] == [
        {"port": 80, "hosts": 3, "services": 3},
        {"port": 554, "hosts": 2, "services": 2},
    ]


def test_regimes_and_kev_are_counted_per_host(crawl: list[Path], tmp_path: Path) -> None:
    # uk-school (policies.yaml) binds three regimes; each covers both Hikvision and Dahua (regimes.yaml).
    rows = census(crawl, tmp_path / "r", by=("regime",), policy="uk-school").summary["rows"]
    assert rows == [
        {"regime": "uk-2022-sensitive-sites", "hosts": 4, "services": 5},
        {"regime": "us-fcc-covered-list", "hosts": 4, "services": 5},
        {"regime": "us-ndaa-889", "hosts": 4, "services": 5},
    ]
    assert census(crawl, tmp_path / "n", by=("regime",), policy="none").summary["rows"] == [
        {"regime": None, "hosts": 4, "services": 5},
    ]
    # Banners without model and firmware: the KEV-listed CVEs of both makers cannot be checked.
    assert census(crawl, tmp_path / "k", by=("kev",)).summary["rows"] == [
        {"kev": "unchecked", "hosts": 4, "services": 5},
    ]


def test_every_service_record_is_a_row_of_the_identities(crawl: list[Path], tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    census(crawl, tmp_path / "out")
    table = pq.read_table(tmp_path / "out" / "identities")
    assert table.num_rows == 12
    rows = sorted(table.select(["ip", "port", "manufacturer", "camera"]).to_pylist(),
                  key=lambda r: (r["ip"], r["port"], str(r["manufacturer"])))
    assert rows[:4] == [
        {"ip": "192.0.2.1", "port": 22, "manufacturer": None, "camera": False},
        {"ip": "192.0.2.1", "port": 80, "manufacturer": "hikvision", "camera": True},
        {"ip": "192.0.2.1", "port": 80, "manufacturer": "hikvision", "camera": True},
        {"ip": "192.0.2.1", "port": 554, "manufacturer": "hikvision", "camera": True},
    ]
    for name in ("ip", "port", "transport", "timestamp", "country", "asn", "device_type", "brand", "manufacturer",
                 "model", "firmware", "confidence", "regimes", "kev"):
        assert name in table.column_names


def test_kev_exposed_when_model_and_firmware_are_in_a_kev_range(tmp_path: Path) -> None:
    # camaudit's own observation JSONL (an authenticated ONVIF reading): model and firmware are known.
    line = {"ip": "192.0.2.9", "port": 80, "transport": "tcp", "protocol": "onvif", "source": "scan",
            "seen_at": "2026-11-01T10:00:00Z", "country": "NL",
            "fields": {"onvif.device_info.manufacturer": "HIKVISION", "onvif.device_info.model": "DS-2CD2043G0-I",
                       "onvif.device_info.firmware": "V5.5.0 build 190101"}}
    path = write_lines(tmp_path / "obs.jsonl", [line])
    outcome = census([path], tmp_path / "out", by=("manufacturer", "kev"), format="jsonl")
    assert outcome.summary["rows"] == [{"manufacturer": "hikvision", "kev": "exposed", "hosts": 1, "services": 1}]
    import pyarrow.parquet as pq

    row = pq.read_table(tmp_path / "out" / "identities").to_pylist()[0]
    # CVE-2021-36260 (cves.yaml: DS-2CD builds before 2021-06-28) is on CISA's KEV list.
    assert row["kev"] == ["CVE-2021-36260"]
    assert row["model"] == "DS-2CD2043G0-I"
