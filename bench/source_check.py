"""Is a candidate page already a source? Check it before transcribing its reply into a labelled batch.

A held-out batch must share no source with a rule (tests/unit/identify/test_heldout_sources.py), and a new batch --
held-out or development -- gains nothing from a page a held-out batch already cites: the same reply is measured
twice, and a development fix written from it is post-hoc. Leave-one-source-out keys a source by its host, its
repository or a well-known name (camaudit.identify.provenance), so two posts on one forum are one source. This prints,
for each candidate locator, its keys and every labelled example, rule, layer entry or OEM row that shares one.

    python bench/source_check.py https://forum.example.org/t/123 github:owner/repo/path/file.py ...
    python bench/source_check.py --text saved-reply.txt --records candidates.jsonl   # by content too

A page is keyed by where it is, so a mirror of a held-out page on another domain, or a thread moved to another
repository, passes the locator check; a fork or copy of a cited source is found through the ``lineages`` of
``tests/unit/identify/single_source_makers.yaml`` (a key and the key it was copied from are looked up together, as
``bench/single_source.py`` counts them as one source). ``--text FILE`` (a candidate reply or page, saved) and
``--records FILE`` (a JSON-lines file of candidate records, one a line) compare the text itself with every held-out
record (``bench/heldout_content.py``: normalised windows, boilerplate removed) and print each shared distinctive run.

helper-170 (2026-12-05) wrote it after transcribing eleven replies from Q&A pages and blogs, five of which came from
pages held-out batches already cite: each then had to be dropped unmeasured. helper-178 (2026-12-05) added the replay
lab's held-out devices (src/camaudit/lab/replay, ``heldout: true``), matched page by page: three replies of an RTSP
development batch turned out to be the very exchanges three held-out replay devices replay, which the labels alone did
not show.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import yaml

from camaudit.identify import ruleset
from camaudit.identify.provenance import NOTES, example_keys, source_keys

sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_content
import heldout_records
import single_source
from accuracy import is_labels, labels_path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
REPLAY = Path(__file__).resolve().parent.parent / "src" / "camaudit" / "lab" / "replay"
#: The largest labels file read: the biggest labelled corpus is a few hundred KiB.
MAX_LABELS_BYTES = 8 * 1024 * 1024
#: The largest replay profile read: profiles are a few KiB.
MAX_PROFILE_BYTES = 256 * 1024
_PAGE = re.compile(r"https?://[^\s\"'()<>]+", re.IGNORECASE)


def page(locator: str) -> str:
    """The first web page a locator names, so the same page cited twice compares equal: scheme, "www." and a
    trailing slash or fragment dropped, lower-cased; empty when it names no URL."""
    found = _PAGE.search(locator)
    if not found:
        return ""
    url = re.sub(r"^https?://(?:www\.)?", "", found.group(0), flags=re.IGNORECASE).split("#", 1)[0]
    return url.rstrip("/.,;:").lower()


def replay_pages(replay: Path | None = None) -> dict[str, list[str]]:
    """Each page a held-out replay-lab profile cites, with the profile's file name. Matched page by page, not by
    source key: rules already cite other pages of the repositories the replay lab's held-out devices come from."""
    pages: dict[str, list[str]] = defaultdict(list)
    for path in sorted((replay or REPLAY).glob("*.yaml")):
        if path.stat().st_size > MAX_PROFILE_BYTES:
            continue
        profile = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(profile, dict) and profile.get("heldout") is True:
            cited = page(str(profile.get("source") or ""))
            if cited:
                pages[cited].append(path.name)
    return dict(pages)


def label_citations(data: Path | None = None) -> dict[str, list[str]]:
    """Each source key of a labelled example under ``data`` (tests/data), with "<file> line <n>" for every label
    citing it. A development list that carries its source on each row and has no labels file (devchallenges_blind,
    devstreampaths_blind, the model lists ...) cites its rows' sources too: helper-273 (2026-12-08) was told a page
    was unused whose reply was already line 1 of devchallenges_blind.jsonl."""
    data = data or DATA
    cited: dict[str, list[str]] = defaultdict(list)
    for path in sorted(data.glob("**/*.jsonl")):
        labels = is_labels(path)
        if not labels and labels_path(path).exists():
            continue  # a corpus read through its labels file
        if path.stat().st_size > MAX_LABELS_BYTES:
            continue
        for number, text in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            row = _row(text)
            source = row.get("source") if row is not None else None
            if not isinstance(source, str):
                continue
            where = f"{path.relative_to(data)} line {row.get('line', number) if labels else number}"
            for key in example_keys(source) - {NOTES}:
                cited[key].append(where)
    return dict(cited)


def _row(text: str) -> dict[str, object] | None:
    """One JSON-lines row as an object, or ``None`` (a blank line, a record that is not an object, a broken line)."""
    if not text.strip():
        return None
    try:
        row = json.loads(text)
    except ValueError:
        return None
    return row if isinstance(row, dict) else None


def knowledge_citations() -> dict[str, list[str]]:
    """Each source key a rule or layer entry (source or supporting source) or an OEM row names, with who names it."""
    from camaudit.knowledge.loader import packaged
    from camaudit.knowledge.vendors import OemsFile

    cited: dict[str, set[str]] = defaultdict(set)
    for rule in ruleset().rules:
        for locator in (rule.source, *(loc for loc, _shown in rule.supports)):
            for key in source_keys(locator):
                cited[key].add(rule.id)
    for row in packaged(OemsFile).oems:
        for key in source_keys(row.source):
            cited[key].add(f"oems.yaml {row.brand}->{row.manufacturer}")
    return {key: sorted(names) for key, names in cited.items()}


def lineage_of(keys: Iterable[str], lineage: Mapping[str, str]) -> set[str]:
    """The keys of the same lineage as ``keys`` (their origins and the other copies of those origins), ``keys`` left
    out: a fork of a cited source is that source."""
    given = set(keys)
    origins = {lineage.get(key, key) for key in given}
    return ({key for key, origin in lineage.items() if origin in origins} | origins) - given


def _held_out(where: str) -> bool:
    """Whether a label's place ("<file> line <n>" under tests/data) is in a held-out corpus."""
    return heldout_records.is_held_out_place(where.split(" line ")[0])


def report(locators: Iterable[str], labels: Mapping[str, Sequence[str]], knowledge: Mapping[str, Sequence[str]],
           *, shown: int = 5, replay: Mapping[str, Sequence[str]] | None = None,
           lineage: Mapping[str, str] | None = None) -> list[str]:
    """One block of lines per locator: its keys, then who already cites each (at most ``shown`` of each kind);
    ``replay`` (:func:`replay_pages`) adds the held-out replay devices that replay the same page; ``lineage`` (default:
    the allow-list's, :func:`single_source.lineages`) adds the keys a locator's source was copied from or shares an
    origin with."""
    lines: list[str] = []
    copies = single_source.lineages() if lineage is None else lineage
    for locator in locators:
        keys = sorted(source_keys(locator))
        if not keys:
            lines.append(f"{locator}: names no source key (a bare name counts as camaudit's notes)")
            continue
        kin = sorted(lineage_of(keys, copies))
        every = [*keys, *kin]
        held = [where for key in every for where in labels.get(key, ()) if _held_out(where)]
        held += [f"replay {name}" for name in (replay or {}).get(page(locator), ())]
        other = [where for key in every for where in labels.get(key, ()) if not _held_out(where)]
        rules = [name for key in every for name in knowledge.get(key, ())]
        verdict = "HELD-OUT SOURCE, do not use" if held else ("already cited" if other or rules else "unused")
        same = f" (one lineage with {', '.join(kin)})" if kin else ""
        lines.append(f"{locator}: keys {', '.join(keys)}{same} -- {verdict}")
        for title, found in (("held-out labels", held), ("other labels", other), ("rules, layers, OEM rows", rules)):
            if found:
                more = f" (+{len(found) - shown} more)" if len(found) > shown else ""
                lines.append(f"  {title}: {', '.join(found[:shown])}{more}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Print the report for the locators given as arguments (or one a line on standard input) and for the candidate
    texts and records given with ``--text`` and ``--records``; 1 if any is a held-out source or shares a held-out
    record's distinctive run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("locators", nargs="*", help="candidate pages (URLs, github: locators)")
    parser.add_argument("--text", type=Path, action="append", default=[], help="a candidate reply or page, saved")
    parser.add_argument("--records", type=Path, action="append", default=[],
                        help="a JSON-lines file of candidate records, one a line")
    args = parser.parse_args(argv)
    found = False
    locators = list(args.locators)
    if not locators and not args.text and not args.records:
        locators = [line.strip() for line in sys.stdin if line.strip()]
    if locators:
        lines = report(locators, label_citations(), knowledge_citations(), replay=replay_pages())
        print("\n".join(lines))
        found = any("HELD-OUT SOURCE" in line for line in lines)
    candidates = heldout_content.candidate_texts(args.text, args.records)
    if candidates:
        index = heldout_content.index_without([*args.text, *args.records])
        lines = heldout_content.report(candidates, index)
        print("\n".join(lines) or f"{len(candidates)} candidate text(s): no run shared with a held-out record")
        found = found or bool(lines)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
