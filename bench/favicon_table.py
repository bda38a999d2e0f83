"""Favicon hashes measured on a fingerprint table nobody wrote from: what camaudit makes of an answer carrying an icon.

    .venv/bin/python bench/favicon_table.py [--list FILE] [--misses]

The list (default ``tests/data/devfavicons_blind.jsonl``) holds one row a line: ``hash`` (Shodan's signed mmh3 in
decimal, or a lower-case MD5 of the icon bytes, as ``hash_kind`` says), the ``product`` and ``table_vendor`` as the
table names them, ``maker`` (a vendor id, or null where the table names no maker camaudit knows), ``video`` (the
product is a camera, recorder, encoder or video-management system), ``kind``, the row's ``lineage`` (where the table
itself took the hash from) and ``source`` (the table's path@commit). Rows marked ``"posthoc": true`` carry a hash an
entry added after the list was written reads; they are counted apart, since the list was seen when that entry was
written.

Each row becomes the answer an httpx scan (``httpx -json -favicon``) records for a web UI showing that icon: an HTTP
200 on port 80 carrying nothing but ``favicon`` (mmh3) or ``favicon_md5``. It is read by the JSON-lines importer and
identified as ``camaudit identify`` identifies a record; leave-one-source-out is not needed, since no entry cites the
table (``tests/unit/test_favicon_table_bench.py`` checks it).

Printed: for video rows, maker named (itself or, through the OEM table, its real maker), typed video and WRONG maker
(another maker named); for non-video rows, typed video and a maker named (a claim the table does not make). Exit
status 1 when a wrong maker is named or a non-video row is typed video.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from camaudit.model import is_video_device

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import bench_address, identify_written
from scoring import makers_said as said_makers
from scoring import names_maker

LIST = Path(__file__).resolve().parent.parent / "tests" / "data" / "devfavicons_blind.jsonl"
KINDS = ("mmh3", "md5")


@dataclass(frozen=True)
class Row:
    hash: str
    hash_kind: str
    product: str
    maker: str | None
    video: bool
    source: str
    posthoc: bool = False


def read_list(path: Path) -> list[Row]:
    rows = []
    for text in path.read_text(encoding="utf-8").splitlines():
        if not text.strip():
            continue
        item = json.loads(text)
        if item["hash_kind"] not in KINDS:
            raise ValueError(f"{path.name}: hash_kind {item['hash_kind']!r} is none of {KINDS}")
        rows.append(
            Row(
                str(item["hash"]),
                item["hash_kind"],
                str(item["product"]),
                item.get("maker"),
                bool(item["video"]),
                str(item["source"]),
                bool(item.get("posthoc", False)),
            )
        )
    return rows


def httpx_line(row: Row, n: int) -> dict[str, Any]:
    """The httpx result of a web UI showing the row's icon and nothing else (TEST-NET-2 benchmark addresses)."""
    address = bench_address(n)
    key = "favicon" if row.hash_kind == "mmh3" else "favicon_md5"
    return {
        "url": f"http://{address}/",
        "host": address,
        "port": "80",
        "scheme": "http",
        "status_code": 200,
        key: row.hash,
    }


def identify(rows: Sequence[Row]) -> list[dict[str, Any]]:
    return identify_written((httpx_line(row, n) for n, row in enumerate(rows)), "jsonl")


@dataclass
class Tally:
    rows: int = 0
    named: int = 0
    video: int = 0
    wrong: int = 0
    said: int = 0


def verdict(row: Row, answer: dict[str, Any]) -> str:
    """``right``, ``wrong`` (another maker named for a row with a maker), ``said`` (a maker named where the table
    names none) or ``silent``."""
    said = said_makers(answer)
    if not said:
        return "silent"
    if row.maker is None:
        return "said"
    return "right" if names_maker(row.maker, said) else "wrong"


def tally(
    rows: Sequence[Row], answers: Sequence[dict[str, Any]], misses: bool = False
) -> dict[tuple[bool, bool], Tally]:
    """Counts keyed by (video row, post-hoc row)."""
    out: dict[tuple[bool, bool], Tally] = {}
    for row, answer in zip(rows, answers, strict=True):
        t = out.setdefault((row.video, row.posthoc), Tally())
        said = verdict(row, answer)
        typed_video = is_video_device(answer.get("device_type"))
        t.rows += 1
        t.named += said == "right"
        t.wrong += said == "wrong"
        t.said += said == "said"
        t.video += typed_video
        bad = said == "wrong" or (not row.video and typed_video)
        if misses and (bad or (row.video and (said != "right" or not typed_video))):
            print(
                f"  {'VIDEO' if row.video else 'other'} {row.hash_kind}:{row.hash} {row.product!r} (maker"
                f" {row.maker or '-'}) -> {sorted(said_makers(answer)) or '-'}, {answer.get('device_type')}"
            )
    return out


def report(rows: Sequence[Row], answers: Sequence[dict[str, Any]], misses: bool = False) -> int:
    """Print the figures; the number of hard failures (wrong makers, non-video rows typed video)."""
    counts = tally(rows, answers, misses)
    failures = 0
    for posthoc in (False, True):
        label = "post-hoc rows" if posthoc else "rows"
        video = counts.get((True, posthoc), Tally())
        other = counts.get((False, posthoc), Tally())
        if not (video.rows or other.rows):
            continue
        judged = sum(1 for r in rows if r.video and r.posthoc == posthoc and r.maker)
        print(
            f"  {label}: video {video.rows}: maker named {video.named}/{judged},"
            f" typed video {video.video}/{video.rows},"
            f" WRONG maker {video.wrong}; non-video {other.rows}: typed video {other.video},"
            f" WRONG maker {other.wrong}, a maker named where the table names none {other.said}"
        )
        failures += video.wrong + other.wrong + other.video
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--list", type=Path, default=LIST, help="the favicon list (JSON lines)")
    parser.add_argument("--misses", action="store_true", help="print each video row not named or typed, each failure")
    args = parser.parse_args(argv)
    rows = read_list(args.list)
    print(
        f"{args.list.name}: {len(rows)} rows, {sum(r.video for r in rows)} video,"
        f" {sum(r.hash_kind == 'md5' for r in rows)} MD5 / {sum(r.hash_kind == 'mmh3' for r in rows)} mmh3"
    )
    failures = report(rows, identify(rows), args.misses)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
