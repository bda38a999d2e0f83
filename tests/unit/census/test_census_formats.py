"""Other input formats through the census: Censys hosts (several services per record), Parquet, fsspec URLs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from tests.unit.census.censusdata import HIK_HTTP, banner, census, write_lines

DATA = Path(__file__).resolve().parents[2] / "data" / "importers"


def test_censys_hosts_give_a_row_per_service(tmp_path: Path) -> None:
    path = tmp_path / "hosts.json"
    shutil.copy(DATA / "censys_hosts.jsonl", path)
    outcome = census([path], tmp_path / "out", by=("manufacturer",), format="censys")
    table = pq.read_table(tmp_path / "out" / "identities")
    assert outcome.summary["skipped_reasons"] == {"cannot interpret Censys host": 1}  # the fixture's last line
    # More rows than records: a Censys host record carries all of its services.
    assert table.num_rows > outcome.summary["records"] > 0
    assert any(r["manufacturer"] == "hikvision" for r in outcome.summary["rows"])


def test_parquet_rows_with_registry_field_columns(tmp_path: Path) -> None:
    table = pa.table({
        "ip": ["192.0.2.1", "192.0.2.1", "192.0.2.2", None],
        "port": [80, 554, 80, 80],
        "transport": ["tcp", "tcp", "tcp", "tcp"],
        "timestamp": ["2026-11-01T10:00:00Z"] * 4,
        "country": ["GB", "GB", "US", "US"],
        "protocol": ["http", "rtsp", "http", "http"],
        "http.server": ["App-webs/", None, "nginx/1.18.0", None],
        "rtsp.server": [None, "Dahua Rtsp Server", None, None],
        "not_a_field": ["x", "y", "z", "w"],
    })
    path = tmp_path / "scan.parquet"
    pq.write_table(table, path)
    summary = census([path], tmp_path / "out", by=("country", "port"), format="parquet").summary
    assert summary["records"] == 3
    assert summary["skipped_reasons"] == {"cannot interpret Parquet row": 1}
    assert summary["rows"] == [
        {"country": "GB", "port": 80, "hosts": 1, "services": 1},
        {"country": "GB", "port": 554, "hosts": 1, "services": 1},
    ]


def test_inputs_as_fsspec_urls(tmp_path: Path) -> None:
    for n in (1, 2):
        write_lines(tmp_path / f"day{n}.json", [banner(HIK_HTTP, f"192.0.2.{n}", "2026-11-01T10:00:00", "GB")])
    summary = census([f"file://{tmp_path}/day*.json"], tmp_path / "out", by=("manufacturer",)).summary
    assert summary["rows"] == [{"manufacturer": "hikvision", "hosts": 2, "services": 2}]
    assert [i["path"] for i in summary["inputs"]] == [f"file://{tmp_path}/day1.json", f"file://{tmp_path}/day2.json"]
    assert all(i["sha256"] for i in summary["inputs"])
