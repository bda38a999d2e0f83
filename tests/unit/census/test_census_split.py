"""A large plain NDJSON file is read as byte ranges by several tasks: every line exactly once, same counts."""

from __future__ import annotations

import io
from pathlib import Path

from tests.unit.census.censusdata import DAHUA_RTSP, HIK_HTTP, NGINX, banner, census, write_lines

from camaudit.census.plan import Input, find_inputs, plan_tasks
from camaudit.census.streams import RangeReader


def _ranges(data: bytes, size: int) -> list[bytes]:
    out = []
    for start in range(0, len(data), size):
        end = start + size if start + size < len(data) else None
        out.append(RangeReader(io.BytesIO(data), start, end).readall())
    return out


def test_byte_ranges_cover_every_line_exactly_once() -> None:
    lines = [b"x" * n + b"\n" for n in (0, 1, 5, 17, 3, 64, 2, 9, 0, 33)]
    data = b"".join(lines) + b"last line without newline"
    for size in range(1, len(data) + 2):
        parts = _ranges(data, size)
        assert b"".join(parts) == data, size
        filled = [part for part in parts if part]
        # Each range holds whole lines: all but the one with the unterminated last line end in a newline.
        assert all(part.endswith(b"\n") for part in filled[:-1]), size


def test_a_split_file_counts_the_same_as_a_whole_one(tmp_path: Path) -> None:
    records = []
    for i in range(60):
        line = (HIK_HTTP, DAHUA_RTSP, NGINX)[i % 3]
        records.append(banner(line, f"192.0.2.{i % 25 + 1}", f"2026-11-0{i % 7 + 1}T10:00:00", ("GB", "FR")[i % 2],
                              port=80 + i % 4))
    path = write_lines(tmp_path / "crawl.json", records)
    tasks = plan_tasks(find_inputs([str(path)]), "shodan", split_bytes=700)
    assert sum(1 for t in tasks if not t.hash_only) > 5
    whole = census([path], tmp_path / "whole").summary
    split = census([path], tmp_path / "split", split_bytes=700).summary
    assert split == whole
    assert split["records"] == 60


def test_gzip_and_arrays_are_never_split(tmp_path: Path) -> None:
    array = tmp_path / "array.json"
    array.write_text("[" + ",".join(["{}"] * 500) + "]")
    gz = tmp_path / "x.json.gz"
    gz.write_bytes(b"\x1f\x8b" + b"\0" * 5000)
    tasks = plan_tasks([Input(str(array), array.stat().st_size, 0), Input(str(gz), 5002, 0)], "shodan", 100)
    assert [(t.start, t.end, t.hash_only) for t in tasks] == [(0, None, False), (0, None, False)]
