"""Which layer entries rest on one public source? Count them, per layer, instead of estimating.

    .venv/bin/python bench/single_source.py [--list] [--makers] [--layer FILE ...]

An entry's sources are the keys of its ``source`` and of every ``supports`` locator, normalised as leave-one-source-out
keys them (``camaudit.identify.provenance.example_keys``: a repository, a host, a well-known name; a locator naming none
counts as the research notes). Two pages of one site or two files of one repository are one key. An entry whose keys
number one is *single-source*: it was written from one document, and leave-one-source-out drops it exactly when a reply
like the one that document shows is met again. Entries that name a maker (``brand`` or ``manufacturer``) are counted
apart, since a maker named from one document is the likeliest to be a memorised document rather than a general fact.

Printed: per layer file, its entries, the single-source ones, and of those the ones naming a maker; then the totals.
``--list`` prints each single-source entry (layer, id, maker, its one key); ``--makers`` only those naming a maker.
``tests/unit/identify/test_single_source_makers.py`` holds the rule: in the layers it checks, no maker-naming entry
rests on one source unless ``single_source_makers.yaml`` lists it with a reason.

helper-228 wrote it (2026-12-06): the docs counted such entries by hand ("about 75") for a handful of makers.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from camaudit.identify.layers import LAYERS_DIR, layer_files
from camaudit.identify.provenance import example_keys, source_keys
from camaudit.knowledge.loader import SAFE_LOADER

#: The largest layer file read: the biggest is a few hundred KiB.
MAX_LAYER_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Entry:
    """One layer entry's provenance: its file, full id, the maker it names (or None) and its distinct source keys."""

    layer: str
    id: str
    maker: str | None
    keys: frozenset[str]

    @property
    def single(self) -> bool:
        return len(self.keys) <= 1


def entry_keys(entry: dict[str, Any]) -> frozenset[str]:
    """The distinct source keys of an entry: its ``source`` and each ``supports`` locator (see the module doc). A
    supporting locator that names no key adds none: leave-one-source-out (``provenance.rule_kept``) lets such a
    support keep nothing, so it is no second source."""
    keys = set(example_keys(str(entry.get("source") or "")))
    for support in entry.get("supports") or ():
        if isinstance(support, dict):
            keys |= source_keys(str(support.get("source") or ""))
    return frozenset(keys)


def read_entries(path: Path) -> Iterator[Entry]:
    """Every entry of one layer file, as :class:`Entry` (a malformed file yields nothing: the loader reports it)."""
    if path.stat().st_size > MAX_LAYER_BYTES:
        raise ValueError(f"{path.name}: larger than {MAX_LAYER_BYTES} bytes")
    doc = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506
    if not isinstance(doc, dict):
        return
    prefix = str(doc.get("layer") or path.stem)
    for raw in doc.get("entries") or ():
        if not isinstance(raw, dict):
            continue
        maker = raw.get("manufacturer") or raw.get("brand")
        yield Entry(path.name, f"{prefix}.{raw.get('id')}", str(maker) if maker else None, entry_keys(raw))


def entries(paths: Iterable[Path] | None = None) -> list[Entry]:
    """The entries of the given layer files (default: every packaged layer), in file order."""
    return [e for path in (layer_files(LAYERS_DIR) if paths is None else paths) for e in read_entries(path)]


def single_source(found: Iterable[Entry], makers_only: bool = False) -> list[Entry]:
    """The single-source entries among ``found`` (only those naming a maker, with ``makers_only``)."""
    return [e for e in found if e.single and (e.maker or not makers_only)]


def summary(found: list[Entry]) -> list[tuple[str, int, int, int]]:
    """Per layer file: (file, entries, single-source, single-source naming a maker), and a last row of totals."""
    rows: dict[str, tuple[int, int, int]] = {}
    for entry in found:
        total, single, naming = rows.get(entry.layer, (0, 0, 0))
        rows[entry.layer] = (total + 1, single + entry.single, naming + (entry.single and entry.maker is not None))
    out = [(name, *row) for name, row in rows.items()]
    totals = [sum(row[i] for row in rows.values()) for i in range(3)]
    out.append(("total", totals[0], totals[1], totals[2]))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true", help="print each single-source entry")
    parser.add_argument("--makers", action="store_true", help="with --list: only the entries naming a maker")
    parser.add_argument("--layer", action="append", default=[], help="a layer file name (repeatable; default all)")
    args = parser.parse_args(argv)
    paths = [LAYERS_DIR / name for name in args.layer] or None
    found = entries(paths)
    print(f"{'layer':28} {'entries':>7} {'single':>6} {'naming a maker':>14}")
    for name, total, single, naming in summary(found):
        print(f"{name:28} {total:7d} {single:6d} {naming:14d}")
    if args.list:
        for entry in single_source(found, makers_only=args.makers):
            print(f"{entry.layer}\t{entry.id}\t{entry.maker or '-'}\t{','.join(sorted(entry.keys)) or '(none)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
