"""Web-UI keywords measured on a fingerprint table nobody wrote from: what camaudit makes of a page or a head.

    .venv/bin/python bench/web_keywords.py [--list FILE] [--misses] [--by-sign]

The list (default ``tests/data/devwebkeys_blind.jsonl``) holds one ``{"product", "kind", "keyword", "maker", "video",
"source"}`` a line, transcribed from one public web-fingerprint table (its first line, ``_about``, says which and how):
every camera, NVR/DVR, encoder and VMS keyword rule of the table, one row per alternative of a ``(a|b|c)`` pattern,
and a sample of its non-video rules. ``kind`` is ``body`` (the rule reads the page) or ``header`` (it reads the
header block). Each row becomes the smallest reply the table's rule matches, as a Shodan banner would hold it:

* ``body``: ``200 OK`` whose page is the keyword and nothing else a camera page would add;
* ``header``: the keyword as a header line -- ``WWW-Authenticate`` with a ``401`` when it is a realm, the line itself
  when it names its header (``server: ...``, ``set-cookie: ...``), else ``Server: <keyword>`` (the header such a
  product name is most often in) -- and no page.

The replies are synthetic: a real device's page carries far more (its title, scripts, realm), so the figures are a
floor for the keyword alone. Printed per kind: video rows, maker named (itself or through the OEM table), typed video,
WRONG maker (another maker named); non-video rows typed video and non-video rows given a maker. A row whose keyword a
later entry was written beside (``"posthoc": "<why>"``) is counted apart, so the blind figure stays blind. Exit status
1 when any wrong maker was named.
"""

from __future__ import annotations

import argparse
import json
import re
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
from scoring import makers_said, names_maker

LIST = Path(__file__).resolve().parent.parent / "tests" / "data" / "devwebkeys_blind.jsonl"
_NAMED_HEADER = re.compile(r"[a-z][a-z0-9-]{1,40}\s?:\s", re.IGNORECASE)
_REALM = re.compile(r"^\s*(?:(basic|digest)\s+)?realm=", re.IGNORECASE)


@dataclass(frozen=True)
class Row:
    product: str
    kind: str
    keyword: str
    maker: str | None
    video: bool
    source: str
    posthoc: str | None = None


def read_list(path: Path) -> list[Row]:
    rows = []
    for text in path.read_text(encoding="utf-8").splitlines():
        if not text.strip():
            continue
        item = json.loads(text)
        if "_about" in item:
            continue
        rows.append(
            Row(
                item["product"],
                item["kind"],
                item["keyword"],
                item.get("maker"),
                bool(item["video"]),
                item["source"],
                item.get("posthoc"),
            )
        )
    return rows


def header_line(keyword: str) -> tuple[int, str]:
    """The status and the one header line a head needs for the table's header rule to match ``keyword``."""
    realm = _REALM.match(keyword)
    if realm:
        scheme = (realm.group(1) or "basic").capitalize()
        value = keyword[realm.end() :]
        if not value.startswith('"'):
            value = f'"{value}"'
        elif value.count('"') == 1:
            value += '"'
        return 401, f"WWW-Authenticate: {scheme} realm={value}"
    if " realm=" in keyword:  # the table kept the space before it: the realm is the last parameter written
        return 401, f"WWW-Authenticate: Basic{keyword}{'' if keyword.endswith(chr(34)) else chr(34)}"
    if _NAMED_HEADER.match(keyword):
        return 200, keyword.strip()
    return 200, f"Server: {keyword.strip()}"


_ASSET = re.compile(r"\.(?:js|css|cab|exe|ocx|cgi|asp|aspx|htm|html|php|jsp|xml|png|gif|jpe?g|ico)\b|/[a-z0-9_-]", re.I)
_CODE = re.compile(r"[=;(){}<>\"']")


def sign(row: Row) -> str:
    """What kind of sign the table's rule reads: a page title, a realm, a ``Server`` value, another header, an asset
    or path a page links, script or markup of the page, or plain page text."""
    if row.kind == "header":
        if _REALM.match(row.keyword) or " realm=" in row.keyword:
            return "realm"
        named = _NAMED_HEADER.match(row.keyword)
        if named and not row.keyword.lower().startswith("server"):
            return "other header"
        return "server"
    if "<title" in row.keyword.lower():
        return "title"
    if _ASSET.search(row.keyword):
        return "asset or path"
    return "script or markup" if _CODE.search(row.keyword) else "page text"


def banner(row: Row, n: int) -> dict[str, Any]:
    """The Shodan banner of the smallest reply the table's rule for ``row`` matches."""
    if row.kind == "body":
        page = f"<html><head></head><body>\n{row.keyword}\n</body></html>"
        head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(page.encode())}\r\n\r\n"
        http: dict[str, Any] = {"status": 200, "html": page}
    else:
        status, line = header_line(row.keyword)
        reason = "Unauthorized" if status == 401 else "OK"
        head = f"HTTP/1.1 {status} {reason}\r\n{line}\r\nContent-Length: 0\r\n\r\n"
        http = {"status": status}
    return {
        "_shodan": {"module": "http"},
        "data": head,
        "http": http,
        "ip_str": bench_address(n),
        "port": 80,
        "transport": "tcp",
    }


def identify(rows: Sequence[Row]) -> list[dict[str, Any]]:
    return identify_written((banner(row, n) for n, row in enumerate(rows)), "shodan")


def verdict(row: Row, answer: dict[str, Any], known: set[str]) -> str:
    """``right``, ``wrong``, ``unjudged`` (a maker named where the row's maker is unknown to camaudit or null) or
    ``silent``."""
    said = makers_said(answer)
    if not said:
        return "silent"
    if row.maker is None or row.maker not in known:
        return "unjudged"
    return "right" if names_maker(row.maker, said) else "wrong"


def tally(
    rows: Sequence[Row], answers: Sequence[dict[str, Any]], misses: bool, by_sign: bool = False
) -> dict[str, dict[str, int]]:
    known = set(vendors())
    per: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row, answer in zip(rows, answers, strict=True):
        group = f"{'post-hoc ' if row.posthoc else ''}{sign(row) if by_sign else row.kind}"
        t = per[group]
        said = verdict(row, answer, known)
        video = is_video_device(answer.get("device_type"))
        if row.video:
            t["video"] += 1
            t["judged"] += row.maker is not None and row.maker in known
            t[said] += 1
            t["typed"] += video
        else:
            t["other"] += 1
            t["other_typed"] += video
            t["other_maker"] += said != "silent"
        if misses and ((row.video and (said in ("silent", "wrong") or not video)) or (not row.video and video)):
            named = sorted(makers_said(answer)) or "-"
            print(
                f"  {'video' if row.video else 'other'} {said:8} typed={answer.get('device_type')!s:12} "
                f"{row.kind:6} {row.product}: {row.keyword!r} -> {named}"
            )
    return per


def report(per: dict[str, dict[str, int]]) -> int:
    print(f"  {'rows':18} video  maker named  typed video  WRONG  unjudged | non-video  typed video  given a maker")
    total: dict[str, int] = defaultdict(int)
    for group in sorted(per):
        t = per[group]
        print(
            f"  {group:18} {t['video']:5}  {t['right']:4}/{t['judged']:<6} {t['typed']:5}        {t['wrong']:5}  "
            f"{t['unjudged']:8} | {t['other']:9}  {t['other_typed']:11}  {t['other_maker']:13}"
        )
        if not group.startswith("post-hoc"):
            for key, value in t.items():
                total[key] += value
    print(
        f"  blind rows: maker named {total['right']}/{total['judged']},"
        f" typed video {total['typed']}/{total['video']},"
        f" WRONG maker {total['wrong']}, non-video typed video {total['other_typed']}/{total['other']},"
        f" non-video given a maker {total['other_maker']}/{total['other']}"
    )
    return sum(t["wrong"] for t in per.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--list", type=Path, default=LIST, help="the {product, kind, keyword, maker, video} list")
    parser.add_argument("--misses", action="store_true", help="print each video row missed and non-video row typed")
    parser.add_argument("--by-sign", action="store_true", help="group the rows by the kind of sign the rule reads")
    args = parser.parse_args(argv)
    rows = read_list(args.list)
    print(
        f"{args.list.name}: {len(rows)} rows, {sum(r.video for r in rows)} video, "
        f"{sum(r.posthoc is not None for r in rows)} post-hoc"
    )
    wrong = report(tally(rows, identify(rows), args.misses, args.by_sign))
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
