"""Small inputs must not burn minutes or memory: per-input budgets stop the work with a reason, after every
record read before it, and say what was skipped."""

from __future__ import annotations

import io
import json
import math
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from camaudit.cli.identify import run
from camaudit.importers import FORMATS, shodan
from camaudit.importers.base import ImportRecord, open_binary
from camaudit.importers.budget import InputBudget

DATA = Path(__file__).resolve().parents[1] / "data" / "importers"
#: Runs camaudit as a child and prints its exit code, wall time, CPU time (user + system) and peak resident memory
#: (KiB) as JSON. The budgets are held on the CPU time: it is the work done, whatever else the machine runs, where the
#: wall time also counts the waits for a core (several times the work on a loaded two-core machine).
MEASURE = (
    "import json, resource, subprocess, sys, time\n"
    "t = time.monotonic(); p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(json.dumps({'code': p.returncode, 'seconds': time.monotonic() - t, 'cpu': u.ru_utime + u.ru_stime,\n"
    "  'stdout': p.stdout, 'stderr': p.stderr, 'rss_kib': u.ru_maxrss}))\n"
)


def _measure(*args: str) -> dict[str, object]:
    proc = subprocess.run([sys.executable, "-c", MEASURE, sys.executable, "-m", "camaudit", *args],
                          capture_output=True, text=True, timeout=600, check=True)
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def newline_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 1 MB of gzip that holds 1 GiB of newlines (written chunk by chunk: never 1 GiB in memory)."""
    path = tmp_path_factory.mktemp("bomb") / "newlines.json.gz"
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"\n" * (1 << 20)
    with path.open("wb") as out:
        out.write(b"".join(packer.compress(chunk) for _ in range(1024)) + packer.flush())
    assert path.stat().st_size < 1_100_000
    return path


def test_a_gzip_of_a_gigabyte_of_newlines_finishes_fast_and_says_what_it_skipped(newline_bomb: Path) -> None:
    got = _measure("identify", "--format", "shodan", str(newline_bomb))
    # 2 s of CPU on a quiet 2-core machine; the unbounded reader took > 300 s, all of it CPU (reading newlines).
    assert got["cpu"] < 60, got
    (line,) = [json.loads(x) for x in str(got["stdout"]).splitlines()]
    assert "compression bomb" in line["error"] and "the rest was not read" in line["error"]
    assert "1 x input budget" in str(got["stderr"])


def test_blank_lines_are_skipped_in_bulk_even_without_the_expansion_limit(newline_bomb: Path) -> None:
    began = time.process_time()
    stream, _ = open_binary(newline_bomb, InputBudget(max_expansion=math.inf))
    assert list(shodan.read(stream)) == []  # a billion blank lines are not records
    assert time.process_time() - began < 30  # ~3 s of CPU: decompression, not a billion loop turns


def test_a_50_mb_nmap_attribute_costs_seconds_and_little_memory(tmp_path: Path) -> None:
    xml = tmp_path / "big-attribute.xml"
    with xml.open("w") as out:
        out.write('<?xml version="1.0"?>\n<!DOCTYPE nmaprun>\n<nmaprun scanner="nmap">\n')
        out.write((DATA / "nmap_cameras.xml").read_text().split("<host", 1)[1].join(["<host", ""]).split("</host>")[0])
        out.write("</host>\n")
        out.write('<host><address addr="192.0.2.99" addrtype="ipv4"/><ports><port protocol="tcp" portid="80">'
                  '<state state="open"/><service name="http"/><script id="http-favicon" output="')
        out.write("a1" * (25 << 20))  # 50 MB of hex, the worst case for the favicon MD5 search
        out.write('"/></port></ports></host>\n</nmaprun>\n')
    got = _measure("identify", "--format", "nmap", str(xml))
    assert got["cpu"] < 60, got  # the unbounded reader took 2 min 46 s, searching the attribute
    assert int(got["rss_kib"]) < 200 * 1024, got  # and 254 MB
    lines = [json.loads(x) for x in str(got["stdout"]).splitlines()]
    assert lines[0]["manufacturer"] == "hikvision"  # the host before it is kept
    assert "without markup" in lines[-1]["error"] and "the rest was not read" in lines[-1]["error"]


def test_record_and_byte_budgets_stop_with_a_reason(tmp_path: Path) -> None:
    banners = DATA / "shodan_banners.jsonl"
    capped = _measure("identify", "--format", "shodan", str(banners), "--max-records", "3")
    lines = [json.loads(x) for x in str(capped["stdout"]).splitlines()]
    assert len(lines) == 4 and all("error" not in x for x in lines[:3])
    assert "3 records read (--max-records)" in lines[3]["error"]
    small = _measure("identify", "--format", "shodan", str(banners), "--max-bytes", "3000")  # the file: 4,716
    lines = [json.loads(x) for x in str(small["stdout"]).splitlines()]
    assert lines[0]["manufacturer"] == "hikvision" and all("error" not in x for x in lines[:-1])
    assert "more than 3,000 bytes read" in lines[-1]["error"]


def test_a_record_over_its_time_budget_is_answered_as_an_error_and_not_counted() -> None:
    records = list(FORMATS["shodan"](DATA / "shodan_banners.jsonl"))

    def slow(observations: object) -> object:
        from camaudit.identify import identify

        time.sleep(0.3)
        return identify(observations)  # type: ignore[arg-type]

    out = io.BytesIO()
    summary = run(iter(records[:2]), out, identifier=slow, max_record_seconds=0.1)  # type: ignore[arg-type]
    assert summary.video == 0 and summary.unreadable == 2
    first = json.loads(out.getvalue().splitlines()[0])
    assert first["ip"] == records[0].ip and "over 0.1 s" in first["error"] and first["manufacturer"] is None
    assert isinstance(records[0], ImportRecord)
