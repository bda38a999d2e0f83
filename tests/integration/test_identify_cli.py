"""``camaudit identify`` as a user runs it: the installed command, real files, broken ones included.

The contract under test: one JSON line per input record, in input order, the same keys on every line,
unreadable records answered with an all-null identity and an ``error``, and a summary on standard
error that counts every unreadable record by reason.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "importers"
CAMAUDIT = Path(sys.executable).with_name("camaudit")
KEYS = ["ip", "port", "device_type", "brand", "manufacturer", "model", "firmware", "confidence", "evidence"]


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CAMAUDIT), "identify", *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def lines(result: subprocess.CompletedProcess[str]) -> list[dict[str, object]]:
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.mark.parametrize(
    ("fmt", "name", "records"),
    [
        ("shodan", "shodan_banners.jsonl", 7),
        ("shodan", "shodan_download.json.gz", 7),
        ("shodan", "shodan_array.json", 3),
        ("censys", "censys_hosts.jsonl", 4),
        ("nmap", "nmap_cameras.xml", 4),
        ("masscan", "masscan_oJ_old.json", 3),
        ("zgrab2", "zgrab2_results.jsonl", 7),
        ("zoomeye", "zoomeye_host_search.json", 4),
        ("zoomeye", "zoomeye_v2_search.json", 3),
        ("fofa", "fofa_results.jsonl", 5),
        ("netlas", "netlas_download.jsonl", 4),
        ("binaryedge", "binaryedge_events.jsonl", 5),
        ("jsonl", "observations.jsonl", 4),
    ],
)
def test_one_line_per_record_with_the_contract_keys(fmt: str, name: str, records: int) -> None:
    result = run("--format", fmt, str(DATA / name))
    assert result.returncode == 0, result.stderr
    out = lines(result)
    assert len(out) == records
    for line in out:
        assert list(line)[: len(KEYS)] == KEYS
        assert set(line) - set(KEYS) <= {"error"}
    assert result.stderr.startswith(f"identify: {records} records, ")


def test_a_hikvision_banner_is_named() -> None:
    first = lines(run("--format", "shodan", str(DATA / "shodan_banners.jsonl")))[0]
    assert (first["ip"], first["port"], first["manufacturer"]) == ("192.0.2.65", 80, "hikvision")
    evidence = first["evidence"]
    assert isinstance(evidence, list) and evidence
    assert set(evidence[0]) == {"rule_id", "field", "matched"}


def test_broken_records_are_answered_in_place_and_counted() -> None:
    result = run("--format", "shodan", str(DATA / "shodan_broken.jsonl"))
    assert result.returncode == 0
    out = lines(result)
    assert len(out) == 6  # the blank line is not a record
    errors = [i for i, line in enumerate(out) if "error" in line]
    assert errors == [1, 2, 4]
    for i in errors:
        assert all(out[i][k] is None for k in KEYS[2:8]) and out[i]["evidence"] == []
    summary = result.stderr.splitlines()
    assert summary[0] == "identify: 6 records, 2 identified as cameras/recorders, 3 unreadable"
    assert any(line.strip().startswith("1 x not JSON") for line in summary)
    assert any(line.strip().startswith("2 x cannot interpret Shodan banner") for line in summary)


def test_truncated_gzip_keeps_what_came_before(tmp_path: Path) -> None:
    banners = (DATA / "shodan_banners.jsonl").read_bytes()
    packed = gzip.compress(banners * 200)
    cut = tmp_path / "cut.json.gz"
    cut.write_bytes(packed[: len(packed) * 2 // 3])
    result = run("--format", "shodan", str(cut))
    assert result.returncode == 0
    out = lines(result)
    assert "error" not in out[0] and "truncated gzip" in str(out[-1]["error"])
    assert f"identify: {len(out)} records" in result.stderr
    assert "1 unreadable" in result.stderr


def test_over_long_line_is_an_error_record_not_an_oom(tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    with big.open("wb") as f:
        f.write(b'{"ip_str": "192.0.2.1", "port": 80, "data": "' + b"A" * (9 * 1024 * 1024) + b'"}\n')
        f.write((DATA / "shodan_banners.jsonl").read_bytes())
    result = run("--format", "shodan", str(big))
    assert result.returncode == 0
    out = lines(result)
    assert len(out) == 8
    assert str(out[0]["error"]).startswith("record longer than")
    assert "record longer than 8388608 bytes" in result.stderr


def test_wrong_format_reads_nothing_and_says_so() -> None:
    result = run("--format", "shodan", str(DATA / "nmap_cameras.xml"))
    assert result.returncode == 1
    out = lines(result)
    assert out and all("error" in line for line in out)
    assert len(out) == len([ln for ln in (DATA / "nmap_cameras.xml").read_text().splitlines() if ln.strip()])
    assert "is --format right?" in result.stderr

    # --format nmap reads nmap's XML, normal and grepable outputs: JSON is none of them, and it says so once.
    as_nmap = run("--format", "nmap", str(DATA / "shodan_banners.jsonl"))
    assert as_nmap.returncode == 1
    assert len(lines(as_nmap)) == 1 and "not nmap output" in as_nmap.stdout


def test_entity_bomb_is_refused() -> None:
    result = run("--format", "nmap", str(DATA / "nmap_entity_bomb.xml"))
    (line,) = lines(result)
    assert "refused unsafe XML" in str(line["error"])
    assert "aaaaaaaaaa" not in result.stdout


def test_output_file_and_stdin(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    data = (DATA / "masscan_oD.ndjson").read_bytes()
    result = run("--format", "masscan", "-", "-o", str(target), stdin=data)
    assert result.returncode == 0 and result.stdout == ""
    assert len(target.read_text().splitlines()) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "csv", str(DATA / "shodan_banners.jsonl")], "unknown --format 'csv'"),
        (["--format", "shodan", "/nonexistent/file.json"], "cannot read /nonexistent/file.json"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr
