"""Stream-path conventions measured on a URL list nobody wrote from: what camaudit makes of a camera's RTSP answer.

    .venv/bin/python bench/stream_paths.py [--list FILE] [--misses]

The list (default ``tests/data/devstreampaths_blind.jsonl``) holds one ``{"maker", "path", "port", "source"}`` a line,
transcribed from public multi-brand RTSP URL tables that no rule, layer entry or labelled batch cites (checked with
``bench/source_check.py`` before transcription). ``maker`` is a vendor id, or null where the table calls the path
generic. For each row the answer a camera gives to DESCRIBE on that path is built -- ``Content-Base`` and the
track's ``a=control`` carry the path, no ``Server`` header, a neutral session name, one H.264 video track -- and
identified as ``camaudit identify`` identifies a Shodan record; leave-one-source-out is not needed, since no entry
cites the list. The same answer cut to its head (a collector that kept no body) is measured too.

Printed per maker: rows, maker named (itself or, through the OEM table, its real maker), typed video, WRONG maker
(another maker named), and how many rows a stream-path entry (``paths.*``) read at all. A maker named on a path the
table calls generic is printed apart: it cannot be judged, but it is a wrong maker waiting to happen. Then the shared
paths: one path listed under makers the OEM table does not relate (or under a maker and "generic"); a maker named
there is wrong for at least one of them. Exit status 1 when any wrong maker was named.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from camaudit.knowledge.loader import vendors
from camaudit.model import is_video_device

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import bench_address, identify_written
from scoring import makers_said as said_makers
from scoring import names_maker

LIST = Path(__file__).resolve().parent.parent / "tests" / "data" / "devstreampaths_blind.jsonl"
#: The camera's own address in its answer (TEST-NET-1: documentation only).
CAMERA = "192.0.2.10"
GENERIC = "(generic)"


@dataclass(frozen=True)
class Row:
    maker: str | None
    path: str
    port: int
    source: str


def read_list(path: Path) -> list[Row]:
    rows = []
    for text in path.read_text(encoding="utf-8").splitlines():
        if text.strip():
            item = json.loads(text)
            rows.append(Row(item.get("maker"), item["path"], int(item.get("port") or 554), item["source"]))
    return rows


def describe_answer(row: Row, body: bool = True) -> str:
    """The DESCRIBE answer of a camera streaming on ``row.path``: the path in Content-Base and in a=control."""
    base = f"rtsp://{CAMERA}:{row.port}{row.path}"
    content_base = base if base.endswith("/") else base + "/"
    sdp = (
        f"v=0\r\no=- 1700000000 1 IN IP4 {CAMERA}\r\ns=Stream\r\nt=0 0\r\na=control:*\r\n"
        f"m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:{content_base}trackID=1\r\n"
    )
    head = (
        f"RTSP/1.0 200 OK\r\nCSeq: 3\r\nContent-Base: {content_base}\r\nContent-Type: application/sdp\r\n"
        f"Content-Length: {len(sdp)}\r\n\r\n"
    )
    return head + sdp if body else head


def identify(rows: Sequence[Row], body: bool = True) -> list[dict[str, Any]]:
    banners = (
        {
            "_shodan": {"module": "rtsp-tcp"},
            "data": describe_answer(row, body),
            "ip_str": bench_address(n),
            "port": row.port,
            "transport": "tcp",
        }
        for n, row in enumerate(rows)
    )
    return identify_written(banners, "shodan")


def path_read(answer: dict[str, Any]) -> bool:
    return any(ev["rule_id"].startswith("paths.") for ev in answer.get("evidence", ()))


def verdict(row: Row, answer: dict[str, Any], known: set[str]) -> str:
    """``right``, ``wrong``, ``generic`` (a maker named on a generic path), ``unjudged`` or ``silent``."""
    said = said_makers(answer)
    if not said:
        return "silent"
    if row.maker is None:
        return "generic"
    if row.maker not in known:
        return "unjudged"
    return "right" if names_maker(row.maker, said) else "wrong"


def related(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and (a == b or names_maker(a, [b]) or names_maker(b, [a]))


def shared_paths(rows: Sequence[Row]) -> dict[str, list[str | None]]:
    """Paths listed under makers the OEM table does not relate (a generic listing counts as unrelated)."""
    makers: dict[str, list[str | None]] = defaultdict(list)
    for row in rows:
        if row.maker not in makers[row.path]:
            makers[row.path].append(row.maker)
    return {
        path: listed
        for path, listed in makers.items()
        if any(not related(a, b) for i, a in enumerate(listed) for b in listed[i + 1 :])
    }


def report(rows: Sequence[Row], answers: Sequence[dict[str, Any]], misses: bool = False) -> int:
    known = set(vendors())
    per: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    wrong = 0
    for row, answer in zip(rows, answers, strict=True):
        tally = per[row.maker or GENERIC]
        said = verdict(row, answer, known)
        tally["rows"] += 1
        tally[said] += 1
        tally["video"] += is_video_device(answer.get("device_type"))
        tally["path"] += path_read(answer)
        wrong += said == "wrong"
        if misses and said in ("silent", "wrong", "generic"):
            print(f"  {said:7} {row.maker or GENERIC:10} {row.path!r} -> {sorted(said_makers(answer)) or '-'}")
    print(f"  {'maker':12} rows  named  video  WRONG  path-read  (generic: maker named on a generic path)")
    for maker in sorted(per):
        t = per[maker]
        named = t["right"] if maker != GENERIC else t["generic"]
        print(f"  {maker:12} {t['rows']:4}  {named:5}  {t['video']:5}  {t['wrong']:5}  {t['path']:9}")
    judged = [r for r in rows if r.maker is not None and r.maker in known]
    right = sum(per[m]["right"] for m in per)
    total_rows = len(rows)
    print(
        f"  all: maker named {right}/{len(judged)}, typed video {sum(t['video'] for t in per.values())}/{total_rows},"
        f" WRONG maker {wrong}, maker named on a generic path {per[GENERIC]['generic']}/{per[GENERIC]['rows']},"
        f" a stream-path entry read {sum(t['path'] for t in per.values())}/{total_rows}"
    )
    return wrong


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--list", type=Path, default=LIST, help="the {maker, path, port, source} list")
    parser.add_argument("--misses", action="store_true", help="print each silent or wrong row")
    args = parser.parse_args(argv)
    rows = read_list(args.list)
    print(f"{args.list.name}: {len(rows)} (maker, path) rows, {len({r.maker for r in rows})} makers incl. generic")
    print("DESCRIBE answer with its description:")
    answers = identify(rows)
    wrong = report(rows, answers, args.misses)
    print("the same answer cut to its head:")
    wrong += report(rows, identify(rows, body=False), args.misses)
    shared = shared_paths(rows)
    print(f"shared paths ({len(shared)}): listed under unrelated makers (or a maker and generic):")
    for path, listed in sorted(shared.items()):
        # The full answers above: a row's identity does not depend on which rows were identified beside it.
        said = sorted({m for r, a in zip(rows, answers, strict=True) if r.path == path for m in said_makers(a)})
        print(f"  {path!r}: {', '.join(m or GENERIC for m in listed)} -> camaudit names {said or 'no maker'}")
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
