"""Authentication challenges read alike in HTTP and RTSP: what camaudit makes of a bare 401 in each protocol.

    .venv/bin/python bench/challenges.py [--list FILE] [--development] [--misses]

Most cameras answer an unauthenticated request with a challenge and little else: an HTTP 401 head with no body, an
RTSP 401 to DESCRIBE. The ``WWW-Authenticate`` header is the same header in both protocols (RFC 2617/7616 define it
once; RFC 2326 and 7826 take it over), so knowledge written for a realm or a challenge layout in one should hold in
the other. For each challenge this builds BOTH answers -- ``HTTP/1.1 401 Unauthorized`` and ``RTSP/1.0 401
Unauthorized`` to DESCRIBE, the same ``WWW-Authenticate`` lines (and the ``Server`` line where the source shows one),
nothing else -- identifies each as ``camaudit identify`` identifies a Shodan record, and prints per protocol: maker
named (itself or its real maker through the OEM table), typed video, WRONG maker, and non-cameras typed video or
given a maker; then the challenges whose two readings differ.

Two sets of challenges:

* the blind list (default ``tests/data/devchallenges_blind.jsonl``): one ``{"kind", "maker", "device",
  "challenges", "server", "source"}`` a line, transcribed from public pages no rule, layer entry or labelled batch
  cites (``bench/source_check.py`` on each before transcription); ``kind`` is ``camera`` (a camera, recorder or
  encoder) or ``not_camera``, ``maker`` a vendor id or null;
* ``--development``: every challenge in the development corpora (never a held-out one), labelled by its record's
  label. Not blind -- knowledge was written from these records -- but what it measures is the parity of the two
  protocols on the same header, which no entry was tuned for.

A non-camera's challenge sent as an RTSP 401 is typed video by the protocol itself: an RTSP server that asks a
password is a protected stream (``words.rtsp-protected-stream``), and routers, printers and phones do not answer RTSP,
so that column says what the transposition costs, not a mistake a real device would meet. Exit status 1 when any
wrong maker was named (either protocol), or a non-camera was typed video as an HTTP 401.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from camaudit.model import is_video_device

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import (
    DEFAULT_CORPORA,
    HELD_OUT,
    bench_address,
    identify_written,
    is_labels,
    labels_path,
    load_labels,
    read_records,
)
from scoring import makers_said, names_maker

LIST = Path(__file__).resolve().parent.parent / "tests" / "data" / "devchallenges_blind.jsonl"
PROTOCOLS = ("http", "rtsp")
#: The fields a challenge is read from, whichever protocol carried it.
CHALLENGE_FIELDS = ("http.www_authenticate", "rtsp.www_authenticate")


@dataclass(frozen=True)
class Row:
    """One device's challenge: the ``WWW-Authenticate`` lines it sent, in order, and its ``Server`` line if shown."""

    kind: str
    maker: str | None
    device: str
    challenges: tuple[str, ...]
    server: str | None
    source: str

    @property
    def is_camera(self) -> bool:
        return self.kind == "camera"


def read_list(path: Path) -> list[Row]:
    rows = []
    for text in path.read_text(encoding="utf-8").splitlines():
        if text.strip():
            item = json.loads(text)
            if item["kind"] not in ("camera", "not_camera"):
                raise ValueError(f"{path.name}: kind must be camera or not_camera, not {item['kind']!r}")
            rows.append(
                Row(
                    item["kind"],
                    item.get("maker"),
                    item.get("device", ""),
                    tuple(item["challenges"]),
                    item.get("server"),
                    item["source"],
                )
            )
    return rows


def answer(row: Row, protocol: str) -> str:
    """The bare 401 a device sends with ``row``'s challenge, in ``protocol`` (``http`` or ``rtsp``)."""
    head = ["HTTP/1.1 401 Unauthorized"] if protocol == "http" else ["RTSP/1.0 401 Unauthorized", "CSeq: 2"]
    if row.server:
        head.append(f"Server: {row.server}")
    head += [f"WWW-Authenticate: {line}" for line in row.challenges]
    if protocol == "http":
        head.append("Content-Length: 0")
    return "\r\n".join(head) + "\r\n\r\n"


def identify(rows: Sequence[Row], protocol: str) -> list[dict[str, Any]]:
    module, port = ("http", 80) if protocol == "http" else ("rtsp-tcp", 554)
    banners = (
        {
            "_shodan": {"module": module},
            "data": answer(row, protocol),
            "ip_str": bench_address(n),
            "port": port,
            "transport": "tcp",
        }
        for n, row in enumerate(rows)
    )
    return identify_written(banners, "shodan")


def development_corpora() -> list[Path]:
    """The development corpora as bench/accuracy.py counts them: the default ones outside ``HELD_OUT`` (its development
    Shodan sample ``shodan_holdout.jsonl`` included); no ``heldout_*`` file is opened."""
    held_out = {p.resolve() for p in HELD_OUT}
    return [p for p in DEFAULT_CORPORA if p.resolve() not in held_out and "heldout" not in p.name and p.exists()]


def development_rows(corpora: Iterable[Path] | None = None) -> list[Row]:
    """Every challenge a labelled development record carries, once per (label, challenge, server)."""
    rows: dict[tuple[Any, ...], Row] = {}
    for corpus in development_corpora() if corpora is None else corpora:
        if is_labels(corpus) or not labels_path(corpus).exists():
            continue
        labels = load_labels(labels_path(corpus))
        for line, record in enumerate(read_records(corpus), start=1):
            label = labels.get(line)
            if label is None:
                continue
            for seen in record.observations:
                for name in CHALLENGE_FIELDS:
                    value = seen.fields.get(name)
                    if not value:
                        continue
                    server = seen.fields.get(name.split(".")[0] + ".server") or None
                    challenges = tuple(part.strip() for part in value.split("\n") if part.strip())
                    kind = "camera" if label["is_video"] else "not_camera"
                    key = (kind, label.get("maker"), challenges, server)
                    rows.setdefault(
                        key,
                        Row(
                            kind,
                            label.get("maker"),
                            f"{corpus.name}:{line}",
                            challenges,
                            server,
                            str(label.get("source", "")),
                        ),
                    )
    return list(rows.values())


def verdict(row: Row, said: dict[str, Any]) -> str:
    """``right``, ``wrong`` (another maker, or a maker for a non-camera), ``unjudged`` or ``silent``."""
    makers = makers_said(said)
    if not makers:
        return "silent"
    if not row.is_camera:
        return "wrong"
    if not row.maker:
        return "unjudged"
    return "right" if names_maker(row.maker, makers) else "wrong"


def reading(said: dict[str, Any]) -> tuple[frozenset[str], bool]:
    return frozenset(makers_said(said)), is_video_device(said.get("device_type"))


def report(rows: Sequence[Row], answers: dict[str, list[dict[str, Any]]], misses: bool = False) -> int:
    cameras = [i for i, r in enumerate(rows) if r.is_camera]
    others = [i for i, r in enumerate(rows) if not r.is_camera]
    judged = [i for i in cameras if rows[i].maker]
    failures = 0
    for protocol in PROTOCOLS:
        said = answers[protocol]
        verdicts = [verdict(row, s) for row, s in zip(rows, said, strict=True)]
        named = sum(verdicts[i] == "right" for i in judged)
        wrong = sum(verdicts[i] == "wrong" for i in cameras)
        video = sum(is_video_device(said[i].get("device_type")) for i in cameras)
        other_video = sum(is_video_device(said[i].get("device_type")) for i in others)
        other_maker = sum(verdicts[i] == "wrong" for i in others)
        failures += wrong + other_maker + (other_video if protocol == "http" else 0)
        print(
            f"  {protocol:4}: maker named {named}/{len(judged)}, cameras typed video {video}/{len(cameras)},"
            f" WRONG maker {wrong}, non-cameras typed video {other_video}/{len(others)},"
            f" non-cameras given a maker {other_maker}/{len(others)}"
        )
        if misses:
            for i, row in enumerate(rows):
                bad = verdicts[i] == "wrong" or (not row.is_camera and is_video_device(said[i].get("device_type")))
                silent = row.is_camera and row.maker and verdicts[i] == "silent"
                if bad or silent:
                    print(
                        f"    {'WRONG' if bad else 'silent'} {row.maker or row.kind} {row.challenges[0][:90]!r}"
                        f" -> {said[i].get('manufacturer') or said[i].get('brand')} {said[i].get('device_type')}"
                    )
    differ = [i for i in range(len(rows)) if reading(answers["http"][i]) != reading(answers["rtsp"][i])]
    print(f"  read differently in HTTP and RTSP: {len(differ)}/{len(rows)}")
    for i in differ:
        h, r = (reading(answers[p][i]) for p in PROTOCOLS)
        print(
            f"    {rows[i].maker or rows[i].kind:12} {rows[i].challenges[0][:80]!r}: http {sorted(h[0]) or '-'}"
            f" video={h[1]} / rtsp {sorted(r[0]) or '-'} video={r[1]}"
        )
    return failures


def measure(rows: Sequence[Row], title: str, misses: bool = False) -> int:
    cams = sum(r.is_camera for r in rows)
    print(f"{title}: {len(rows)} challenges ({cams} cameras, {len(rows) - cams} not cameras)")
    return report(rows, {p: identify(rows, p) for p in PROTOCOLS}, misses)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--list", type=Path, default=LIST, help="the blind {kind, maker, challenges ...} list")
    parser.add_argument("--development", action="store_true", help="also every development record's challenge")
    parser.add_argument("--misses", action="store_true", help="print each silent or wrong row")
    args = parser.parse_args(argv)
    failures = measure(read_list(args.list), f"{args.list.name} (blind)", args.misses)
    if args.development:
        failures += measure(development_rows(), "development records' challenges (not blind)", args.misses)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
