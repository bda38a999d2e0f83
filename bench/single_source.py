"""Which layer entries and rules rest on one public source? Count them, per file, instead of estimating.

    .venv/bin/python bench/single_source.py [--list] [--makers] [--layer FILE ...] [--rules FILE ...]

An entry's sources are the keys of its ``source`` and of every ``supports`` locator, normalised as leave-one-source-out
keys them (``camaudit.identify.provenance.example_keys``: a repository, a host, a well-known name; a locator naming none
counts as the research notes). Two pages of one site or two files of one repository are one key, and so are a source
and its copies: ``lineages`` in ``tests/unit/identify/single_source_makers.yaml`` maps a key written from another (a
fork of a gist, a port of a library) to the key of its origin, and the two count once. An entry whose keys number one is
*single-source*: it was written from one document, and leave-one-source-out drops it exactly when a reply like the one
that document shows is met again. Entries that name a maker (``brand`` or ``manufacturer``; in a rule file, under
``asserts``) are counted apart, since a maker named from one document is the likeliest to be a memorised document
rather than a general fact. A rule that only captures a brand the device states names no maker of its own.

Read: every layer file (``knowledge/data/layers``) and every rule file (``knowledge/data/rules``, shown as
``rules/<file>``), the knowledge files whose entries name a maker from a sign. Printed: per file, its entries, the
single-source ones, and of those the ones naming a maker; then the totals, and how many of those rest on a registry of
assignments where its identifier is read (``registries`` in the allow-list). ``--list`` prints each single-source entry
(file, id, maker, its one key); ``--makers`` only those naming a maker. The rule is held by
``tests/unit/identify/test_single_source_makers.py``: no maker-naming entry rests on one source unless
``single_source_makers.yaml`` lists it with a reason or it rests on such a registry.

helper-228 wrote it (2026-12-06): the docs counted such entries by hand ("about 75") for a handful of makers; helper-249
(2026-12-07) added the rule files and the lineages. helper-267 (2026-12-07) made it count the restricted makers' lines
too: two passes had counted them by hand, each its own way (73 and 84 for one list).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from camaudit.assess.restricted import corporate_chain, regime_match
from camaudit.identify.layers import LAYERS_DIR, layer_files
from camaudit.identify.provenance import example_keys, source_keys
from camaudit.identify.rules import rule_files
from camaudit.knowledge.loader import RULES_DIR, SAFE_LOADER, canonical_vendor, oem_relations, regimes, vendors

#: The largest layer file read: the biggest is a few hundred KiB.
MAX_LAYER_BYTES = 4 * 1024 * 1024
#: The allow-list the unit test holds the rule with, and the lineages both read.
ALLOWED_FILE = Path(__file__).resolve().parents[1] / "tests" / "unit" / "identify" / "single_source_makers.yaml"


@dataclass(frozen=True)
class Entry:
    """One entry's provenance: its file, full id, the maker it names (or None) and its distinct source keys."""

    layer: str
    id: str
    maker: str | None
    keys: frozenset[str]

    @property
    def single(self) -> bool:
        return len(self.keys) <= 1


def _allow_list(path: Path) -> dict[str, Any]:
    doc = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506
    return doc if isinstance(doc, dict) else {}


def lineages(path: Path = ALLOWED_FILE) -> dict[str, str]:
    """``lineages`` of the allow-list: a source key -> the key of the source it was copied or forked from."""
    return {str(key): str(origin) for key, origin in (_allow_list(path).get("lineages") or {}).items()}


def registries(path: Path = ALLOWED_FILE) -> dict[str, frozenset[str]]:
    """``registries`` of the allow-list: the key of an authority that assigns an identifier -> the files (as
    :class:`Entry` shows them) whose entries read that identifier."""
    found = _allow_list(path).get("registries") or {}
    return {str(key): frozenset(row.get("files") or ()) for key, row in found.items() if isinstance(row, dict)}


def registered(entry: Entry, assigned: Mapping[str, frozenset[str]]) -> bool:
    """Whether ``entry`` rests on one registry of assignments alone, in a file that reads that registry's identifier
    (an IANA enterprise number in rules/snmp.yaml): such an entry needs no second source."""
    return len(entry.keys) == 1 and any(entry.layer in assigned.get(key, frozenset()) for key in entry.keys)


def entry_keys(entry: Mapping[str, Any], lineage: Mapping[str, str] | None = None) -> frozenset[str]:
    """The distinct source keys of an entry: its ``source`` and each ``supports`` locator (see the module doc), each
    copy counted as its origin (``lineage``). A supporting locator that names no key adds none: leave-one-source-out
    (``provenance.rule_kept``) lets such a support keep nothing, so it is no second source."""
    keys = set(example_keys(str(entry.get("source") or "")))
    for support in entry.get("supports") or ():
        if isinstance(support, dict):
            keys |= source_keys(str(support.get("source") or ""))
    if lineage:
        keys = {lineage.get(key, key) for key in keys}
    # A package's registry name beside its own repository (pypi:aiodahua, brianegge/aiodahua: provenance keys every
    # mention of a known package by both) is one source, as leave-one-source-out removes a rule for either.
    names = {key.rpartition("/")[2] for key in keys if "/" in key}
    return frozenset(key for key in keys if not (key.startswith("pypi:") and key[5:] in names))


def _maker(raw: Mapping[str, Any], rule: bool) -> str | None:
    said = raw.get("asserts") if rule else raw
    if not isinstance(said, dict):
        return None
    maker = said.get("manufacturer") or said.get("brand")
    return str(maker) if maker else None


def read_entries(path: Path, lineage: Mapping[str, str] | None = None) -> Iterator[Entry]:
    """Every entry of one layer file (``entries``) or rule file (``rules``), as :class:`Entry` (a malformed file yields
    nothing: the loader reports it). A rule file's entries are shown as ``rules/<file>`` and keep their own ids."""
    if path.stat().st_size > MAX_LAYER_BYTES:
        raise ValueError(f"{path.name}: larger than {MAX_LAYER_BYTES} bytes")
    doc = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506
    if not isinstance(doc, dict):
        return
    rule = "rules" in doc
    prefix = "" if rule else f"{doc.get('layer') or path.stem}."
    shown = f"rules/{path.name}" if rule else path.name
    for raw in doc.get("rules" if rule else "entries") or ():
        if isinstance(raw, dict):
            yield Entry(shown, f"{prefix}{raw.get('id')}", _maker(raw, rule), entry_keys(raw, lineage))


def knowledge_files(layers: Path = LAYERS_DIR, rules: Path = RULES_DIR) -> list[Path]:
    """Every file the check reads: the layer files, then the rule files."""
    return [*layer_files(layers), *rule_files([rules])]


def entries(paths: Iterable[Path] | None = None, lineage: Mapping[str, str] | None = None) -> list[Entry]:
    """The entries of the given layer and rule files (default: every packaged one, :func:`knowledge_files`), in file
    order, copies counted as their origin (default: the allow-list's :func:`lineages`)."""
    folded = lineages() if lineage is None else lineage
    return [e for path in (knowledge_files() if paths is None else paths) for e in read_entries(path, folded)]


def single_source(found: Iterable[Entry], makers_only: bool = False) -> list[Entry]:
    """The single-source entries among ``found`` (only those naming a maker, with ``makers_only``)."""
    return [e for e in found if e.single and (e.maker or not makers_only)]


#: How the restriction data covers a maker, surest first: a regime names it or its parent (``named``), the OEM table
#: relabels the brand from such a maker (``oem``: any row, whatever its grade or product line), or a regime covers the
#: country it is registered in and names nobody for it (``country``).
BASES = ("named", "oem", "country")


def _covered(vendor_id: str, by_country: bool) -> bool:
    known = vendors()
    chain = corporate_chain(vendor_id, known)
    matches = (regime_match(regime, chain, known) for regime in regimes())
    return any(m is not None and (by_country or m.member is not None) for m in matches)


def restriction_basis(maker: str | None) -> str | None:
    """How the restriction data (``regimes.yaml`` members, ``vendors.yaml`` parents, ``oems.yaml`` rows and regimes'
    ``covers_country``) covers ``maker`` -- one of :data:`BASES` -- or ``None`` when it does not (or no maker)."""
    vendor_id = canonical_vendor(maker) if maker else None
    if vendor_id is None:
        return None
    makers = [row.manufacturer for row in oem_relations(vendor_id)]
    if _covered(vendor_id, by_country=False):
        return "named"
    if any(_covered(m, by_country=False) for m in makers):
        return "oem"
    if _covered(vendor_id, by_country=True) or any(_covered(m, by_country=True) for m in makers):
        return "country"
    return None


def restricted_counts(found: Iterable[Entry], listed: Iterable[str] | None = None) -> dict[str, int]:
    """Per :data:`BASES` entry, the single-source entries among ``found`` naming a maker the restriction data covers
    that way (only those whose ids are in ``listed``, when given: the allow-list's backlog)."""
    keep = None if listed is None else set(listed)
    counts = dict.fromkeys(BASES, 0)
    for entry in single_source(found, makers_only=True):
        basis = restriction_basis(entry.maker)
        if basis is not None and (keep is None or entry.id in keep):
            counts[basis] += 1
    return counts


def backlog(path: Path = ALLOWED_FILE) -> list[str]:
    """The ids under the allow-list's ``backlog`` (no second source looked for yet)."""
    return [str(key) for key in (_allow_list(path).get("backlog") or {})]


def summary(found: list[Entry]) -> list[tuple[str, int, int, int]]:
    """Per file: (file, entries, single-source, single-source naming a maker), and a last row of totals."""
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
    parser.add_argument("--layer", action="append", default=[], help="a layer file name (repeatable)")
    parser.add_argument("--rules", action="append", default=[], help="a rule file name (repeatable)")
    args = parser.parse_args(argv)
    paths = [*(LAYERS_DIR / name for name in args.layer), *(RULES_DIR / name for name in args.rules)] or None
    found = entries(paths)
    print(f"{'file':30} {'entries':>7} {'single':>6} {'naming a maker':>14}")
    for name, total, single, naming in summary(found):
        print(f"{name:30} {total:7d} {single:6d} {naming:14d}")
    assigned = registries()
    on_registry = [e for e in single_source(found, makers_only=True) if registered(e, assigned)]
    print(f"of those naming a maker, {len(on_registry)} rest on a registry of assignments where its identifier is read"
          " (not listed); the rest must be in single_source_makers.yaml")
    listed = (("on the backlog", backlog()), ("single-source in all (backlog, searched, on a registry)", None))
    for label, ids in listed:
        counts = restricted_counts(found, ids)
        named, oem, country = (counts[basis] for basis in BASES)
        print(f"naming a restricted maker, {label}: {named + oem} (a regime names the maker or its parent: {named}; the"
              f" OEM table relabels the brand from one: {oem}); {country} more covered only by registered country")
    if args.list:
        for entry in single_source(found, makers_only=args.makers):
            print(f"{entry.layer}\t{entry.id}\t{entry.maker or '-'}\t{','.join(sorted(entry.keys)) or '(none)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
