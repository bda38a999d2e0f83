"""Bad input costs only what is bad: truncated gzip, non-JSON lines, another format's records, a vanished
file -- each counted in ``skipped_reasons``, and the run completes with everything else counted."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

from tests.unit.census.censusdata import DAHUA_RTSP, HIK_HTTP, banner, census, write_lines

from camaudit.census import engines
from camaudit.census.plan import Task
from camaudit.census.worker import Settings, TaskResult, run_task


def _gzip(path: Path, records: list[dict[str, object]]) -> bytes:
    data = gzip.compress("".join(json.dumps(r) + "\n" for r in records).encode())
    path.write_bytes(data)
    return data


def test_every_kind_of_bad_input_is_counted_and_the_rest_is_kept(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    # Each banner carries a distinct id (as Shodan's do), so the compressed stream grows with the records.
    good = [
        banner(
            HIK_HTTP,
            f"192.0.2.{i}",
            "2026-11-01T10:00:00",
            "GB",
            _shodan={"id": hashlib.sha256(bytes([i])).hexdigest()},
        )
        for i in range(1, 41)
    ]
    data = _gzip(inputs / "1-truncated.json.gz", good)
    # Cut the gzip stream short: the records before the cut are read, the loss is one counted reason.
    (inputs / "1-truncated.json.gz").write_bytes(data[: len(data) * 2 // 3])
    write_lines(
        inputs / "2-mixed.json",
        [
            banner(DAHUA_RTSP, "198.51.100.1", "2026-11-01T10:00:00", "US", port=554),
            "not json at all",
            '{"truncated": ',
            banner(DAHUA_RTSP, "198.51.100.2", "2026-11-01T10:00:00", "US", port=554),
        ],
    )
    # Censys hosts given as Shodan: JSON, but not Shodan banners.
    censys = Path(__file__).resolve().parents[2] / "data" / "importers" / "censys_hosts.jsonl"
    (inputs / "3-censys.json").write_bytes(censys.read_bytes())
    summary = census([inputs], tmp_path / "out", by=("manufacturer",)).summary

    reasons = summary["skipped_reasons"]
    assert reasons["input ends early"] == 1
    assert reasons["not JSON"] == 2
    censys_lines = len([x for x in censys.read_text().splitlines() if x.strip()])
    assert reasons["cannot interpret Shodan banner"] == censys_lines
    assert summary["skipped"] == sum(reasons.values())
    by_path = {i["path"].rsplit("/", 1)[-1]: i for i in summary["inputs"]}
    kept = by_path["1-truncated.json.gz"]["records"]
    assert 0 < kept < 40
    assert by_path["2-mixed.json"]["records"] == 2
    assert by_path["3-censys.json"]["records"] == 0
    assert sorted(summary["rows"], key=lambda r: r["manufacturer"]) == [
        {"manufacturer": "dahua", "hosts": 2, "services": 2},
        {"manufacturer": "hikvision", "hosts": kept, "services": kept},
    ]
    # The hash is of the file as it is (the truncated bytes), read to its end despite the broken stream.
    assert (
        by_path["1-truncated.json.gz"]["sha256"]
        == hashlib.sha256((inputs / "1-truncated.json.gz").read_bytes()).hexdigest()
    )


def test_an_input_that_vanishes_after_the_run_started_is_one_counted_skip(tmp_path: Path, monkeypatch) -> None:
    inputs = [
        write_lines(tmp_path / f"{n}.json", [banner(HIK_HTTP, f"192.0.2.{n}", "2026-11-01T10:00:00", "GB")])
        for n in (1, 2, 3)
    ]
    real = engines.run_serial

    def vanish_after_first(tasks: list[Task], settings: Settings, on_result: engines.OnResult) -> None:
        def on_first(task: Task, result: TaskResult) -> None:
            inputs[2].unlink(missing_ok=True)  # the third file goes while the run is under way
            on_result(task, result)

        real(tasks, settings, on_first)

    monkeypatch.setattr(engines, "run_serial", vanish_after_first)
    summary = census(inputs, tmp_path / "out", by=("manufacturer",)).summary
    assert summary["skipped_reasons"] == {"input vanished": 1}
    assert summary["rows"] == [{"manufacturer": "hikvision", "hosts": 2, "services": 2}]
    assert summary["inputs"][2]["sha256"] is None
    assert summary["inputs"][2]["records"] == 0


def test_a_task_on_a_missing_file_reports_instead_of_raising(tmp_path: Path) -> None:
    from camaudit.census.plan import Input

    task = Task(Input(str(tmp_path / "gone.json"), 10, 0), "shodan")
    result = run_task(task, Settings(str(tmp_path / "identities"), "all"))
    assert result.skipped == {"input vanished": 1}
    assert result.records == 0
    assert not (tmp_path / "identities").exists()
