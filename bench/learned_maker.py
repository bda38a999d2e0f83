"""Train the learned maker table from development data, and measure it leave-one-source-out on development data.

    .venv/bin/python bench/learned_maker.py --train     # (re)write knowledge/data/learned_maker.json
    .venv/bin/python bench/learned_maker.py [--grid]    # the curve: claims right / wrong at each threshold

**Training data** (development only; held-out files refused unopened, :func:`learned_data.sourced_development_records`):

* the labelled development corpora's records that carry a source (``shodan_sample`` has none and is left out): a
  camera of a known maker supports its tokens for that maker; a non-camera's tokens contradict every maker;
* the examples (and whole replies) of the packaged rules and layer entries, each under its rule's sources: a rule
  that names a maker supports its example's tokens for it; a rule that names none (device words, chip-SDK servers,
  streaming software, non-camera types) contradicts every maker for them; a maker rule's counter-example that no rule
  reads as that maker contradicts that maker (a generic API's same words: :func:`rule_examples`).

A maker is the manufacturer the labels accept for it: a relabelling brand is read as its OEM manufacturer when the
OEM table is sure (:data:`scoring.OEM_ACCEPT`), else as itself.

**Measurement**: every development record with a source is answered by the rules leave-one-source-out
(``accuracy.loso_answers``), and estimated by the table with the record's source keys left out (and those of any rule
whose examples hold its text: ``scoring.learned_leave_out``). Two figures:

* *wired* -- as identify would use the estimate: only for a device typed video whose rules name no maker (and no
  evidence names any maker);
* *alone* -- the estimate on every record, whatever the rules said: how often the tokens alone are right or wrong
  (a stress test of the table; non-cameras included).

A claim is *right* when the labelled maker is named (``scoring.names_maker``), *wrong* on a camera of another maker
and *false* on a non-camera; a camera whose label names no maker is *unjudged*.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import accuracy
import learned_data
from scoring import OEM_ACCEPT, learned_leave_out, names_maker

from camaudit.identify import Rule, RuleSet, packaged_rules
from camaudit.identify.field_groups import group_members
from camaudit.identify.learned.maker import (
    EVERY_MAKER,
    MARGIN,
    MIN_SCORE,
    MIN_SOURCES,
    TABLE_FILE,
    MakerTable,
    independent,
)
from camaudit.identify.learned.tokens import reply_tokens
from camaudit.identify.provenance import NOTES, example_keys, source_keys
from camaudit.importers.base import ImportRecord
from camaudit.knowledge.loader import oem_relations, vendors
from camaudit.model import is_video_device

#: Corpora with no source on their labels: they cannot be left out by source, so they train nothing.
UNSOURCED = frozenset({"shodan_sample.jsonl"})
#: English words (Debian's ``wamerican``, scripts/apt-packages.txt): ordinary language is every maker's, so a word
#: of it that went with one maker in this small data did so by chance and carries no weight.
WORDS_FILE = Path("/usr/share/dict/words")
#: Tokens with fewer letters (folded numbers not counted: "ns0" is DNS's ns1 as much as a model's) are too common to
#: carry weight.
MIN_TOKEN = 3
#: Terms of protocols and of the web that any firmware may write, which the development data happened to see with one
#: maker only: FastCGI (``cgiproxy.fcgi``), RTP's synchronisation source, XML-RPC's ``/RPC2`` endpoint (Dahua's too,
#: and supervisord's, rtorrent's ...), USB Video Class (UniFi's cameras are "UVC" too), resolutions and formats.
GENERIC_TOKENS = frozenset(
    {"fcgi", "cgi", "ssrc", "rtp", "rtcp", "rpc", "rpc0", "fhd", "uhd", "hdr", "unc", "apm", "mjpeg", "onvif", "uvc"}
)


@dataclass(frozen=True)
class Example:
    """One training example: its tokens, the maker they support (``None``: they support none), the makers they
    contradict (:data:`EVERY_MAKER` for all), its source keys."""

    tokens: frozenset[str]
    maker: str | None
    keys: frozenset[str]
    where: str
    against: str | None = None


def canonical_maker(maker: str) -> str:
    """The manufacturer a label's maker stands for: its surest OEM row at >= ``OEM_ACCEPT``, else the maker itself."""
    rows = [r for r in oem_relations(maker) if r.confidence >= OEM_ACCEPT]
    return rows[0].manufacturer if rows else maker


def development_corpora() -> list[Path]:
    """The labelled development corpora with sources (bench/learned_data.py's list, which the video layer trains on)."""
    return [corpus for corpus in learned_data.development_corpora() if corpus.name not in UNSOURCED]


def record_tokens(record: ImportRecord) -> frozenset[str]:
    """The tokens of all of a record's replies."""
    return frozenset(token for seen in record.observations for token in reply_tokens(seen.fields))


def sourced_development_records_by_corpus() -> Iterator[tuple[Path, ImportRecord, dict[str, Any]]]:
    """``(corpus, record, label)`` of each development record with a source, over every sourced development corpus."""
    for corpus in development_corpora():
        # Refuses a held-out file before opening it.
        for record, label, _keys in learned_data.sourced_development_records(corpus):
            yield corpus, record, label


def record_examples() -> Iterator[Example]:
    """Development records: a camera of a known maker supports; a non-camera contradicts; others say nothing."""
    for corpus, record, label in sourced_development_records_by_corpus():
        if label["is_video"] and not label.get("maker"):
            continue
        keys = example_keys(label.get("source"))
        where = f"{corpus.name}:{record.position}"
        if label["is_video"]:
            yield Example(record_tokens(record), canonical_maker(label["maker"]), keys, where)
        else:
            yield Example(record_tokens(record), None, keys, where, against=EVERY_MAKER)


def text_field(rule: Rule) -> str:
    """A field the rule reads that the matcher and the tokeniser know: its own, or its group's first plain member."""
    plain = [m for m in group_members(rule.field) if not m.endswith(".") and "*" not in m]
    return plain[0] if plain else "banner"


def _texts(rule: Rule, counter: bool) -> Iterator[dict[str, str]]:
    field = text_field(rule)
    for text in rule.counter_examples if counter else (e.value for e in rule.examples):
        yield {field: text}
    for reply in rule.counter_replies if counter else rule.replies:
        yield dict(reply)


def rule_maker(rule: Rule) -> str | None:
    """The vendor a rule names (manufacturer first), ``None`` when it names none."""
    known = vendors()
    for key in ("manufacturer", "brand"):
        value = rule.asserts.get(key)
        if value and value in known:
            return canonical_maker(value)
    return None


def names_of(fields: dict[str, str], rules: RuleSet) -> set[str]:
    """The makers (canonical) the rules name from ``fields``."""
    found = rules.match_fields(fields)
    return {canonical_maker(v) for e in found for k in ("manufacturer", "brand") if (v := e.asserts.get(k))}


def rule_examples(rules: RuleSet) -> Iterator[Example]:
    """The rules' and layers' examples under their sources: a maker rule's examples support its maker, a rule naming
    none contradicts every maker. A maker rule's counter-example that no rule reads as that maker is a string the
    knowledge base decided is not that maker's (a generic API with the same words): it contradicts that maker; one
    another rule of the maker reads is only not this rule's shape, and says nothing."""
    for rule in rules.rules:
        maker = rule_maker(rule)
        names_someone = any(rule.asserts.get(k) for k in ("manufacturer", "brand"))
        if names_someone and maker is None:  # a captured name: the example's maker is not known here
            continue
        keys = source_keys(rule.source) or frozenset({NOTES})
        for fields in _texts(rule, counter=False):
            tokens = frozenset(reply_tokens(fields))
            if tokens:
                yield Example(tokens, maker, keys, f"rule {rule.id}", None if maker else EVERY_MAKER)
        if maker is None:
            continue
        for fields in _texts(rule, counter=True):
            tokens = frozenset(reply_tokens(fields))
            if tokens and maker not in names_of(fields, rules):
                yield Example(tokens, None, keys, f"rule {rule.id} counter-example", maker)


HEX_DIGITS = frozenset("0123456789abcdef")


def english_words(path: Path = WORDS_FILE) -> frozenset[str]:
    """The lower-case words of the word list (possessives left out)."""
    if not path.exists():
        raise SystemExit(f"{path} is missing: install Debian's wamerican (scripts/apt-packages.txt)")
    words = path.read_text(encoding="utf-8", errors="replace").split()
    return frozenset(w.lower() for w in words if "'" not in w)


def vendor_words() -> frozenset[str]:
    """The tokens of every vendor's id and aliases: names are the lexicon's (with its counter-examples), not ours."""
    names = [name for entry in vendors().values() for name in (entry.id, *entry.aliases)]
    return frozenset(reply_tokens({"banner": " ".join(names)}, limit=1 << 20))


def weightless() -> frozenset[str]:
    """Tokens that never carry maker weight: English words and makers' names."""
    return english_words() | vendor_words()


def carries_weight(token: str, stop: frozenset[str]) -> bool:
    """Whether ``token`` may carry maker weight: enough letters, no English word (nor its plural), no maker's name,
    no generic term, no hex identifier (a file or header token is judged by its stem, a token with a folded number by
    its letters too)."""
    stem = token.split(":", 1)[1].rsplit(".", 1)[0] if token[:2] in ("f:", "h:") else token
    letters = stem.replace("0", "")  # "axis0" (AXIS211) is Axis's name with a number folded in
    if len(letters) < MIN_TOKEN or {stem, letters, token, stem.removesuffix("s")} & (stop | GENERIC_TOKENS):
        return False
    # Hex digits only (a MAC block "accc8e", a placeholder "0abcdef"): an identifier, not vocabulary.
    return not (len(stem) >= 4 and set(stem) <= HEX_DIGITS)


def build_table(examples: Sequence[Example], stop: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The table as data: source groups, and each token some maker's independent sources support."""
    group_ids: dict[frozenset[str], int] = {}
    for keys in sorted({e.keys for e in examples}, key=lambda k: sorted(k)):
        group_ids[keys] = len(group_ids)
    support: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    against: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for example in examples:
        gid = group_ids[example.keys]
        for token in example.tokens:
            if example.maker is not None:
                support[token][example.maker].add(gid)
            if example.against is not None:
                against[token][example.against].add(gid)
    groups = list(group_ids)
    tokens: dict[str, Any] = {}
    for token in sorted(support):
        if not carries_weight(token, stop):
            continue
        makers = support[token]
        if not any(independent(groups[i] for i in ids) >= MIN_SOURCES for ids in makers.values()):
            continue
        tokens[token] = {
            "makers": {maker: sorted(ids) for maker, ids in sorted(makers.items())},
            "against": {maker: sorted(ids) for maker, ids in sorted(against.get(token, {}).items())},
        }
    return {
        "about": "Generated by bench/learned_maker.py --train from development replies and the rules' public examples;"
        " do not edit (docs/identification/learned.md, 'Learned maker').",
        "groups": [sorted(keys) for keys in groups],
        "tokens": tokens,
    }


def training_examples() -> list[Example]:
    """Every training example, in a fixed order."""
    return [*record_examples(), *rule_examples(packaged_rules())]


def trained() -> dict[str, Any]:
    """The table the packaged data should hold."""
    return build_table(training_examples(), weightless())


def dumps(table: dict[str, Any]) -> str:
    """The table's file text: one token per line, so a regeneration's diff reads."""
    lines = ["{", f'"about": {json.dumps(table["about"])},', f'"groups": {json.dumps(table["groups"])},', '"tokens": {']
    items = list(table["tokens"].items())
    for n, (token, entry) in enumerate(items):
        lines.append(f"{json.dumps(token)}: {json.dumps(entry, sort_keys=True)}" + ("," if n < len(items) - 1 else ""))
    lines += ["}", "}"]
    return "\n".join(lines) + "\n"


# --- measurement -----------------------------------------------------------------------------------------------


@dataclass
class Case:
    """One development record as the curve reads it."""

    where: str
    tokens: frozenset[str]
    #: the source keys left out when it is judged: its own, and those of rules whose examples hold its text
    keys: frozenset[str]
    is_video: bool
    maker: str | None
    #: the rules (LOSO) typed it video and no evidence named any maker: where identify would ask the table
    open_to_estimate: bool
    #: the rules (LOSO) named the labelled maker
    rules_named: bool


def cases() -> list[Case]:
    """Every development record with a source, answered by the rules leave-one-source-out."""
    rules = packaged_rules().rules
    naming = {rule.id for rule in rules if any(rule.asserts.get(k) for k in ("manufacturer", "brand"))}
    found: list[Case] = []
    by_corpus: dict[Path, list[tuple[ImportRecord, dict[str, Any]]]] = defaultdict(list)
    for corpus, record, label in sourced_development_records_by_corpus():
        by_corpus[corpus].append((record, label))
    for corpus, pairs in by_corpus.items():
        labels = {record.position: label for record, label in pairs}
        answers = accuracy.loso_answers([record for record, _ in pairs], labels, rules)
        for record, label in pairs:
            answer = answers[record.position]
            said = {answer.get("brand"), answer.get("manufacturer")} - {None}
            named_by_evidence = any(e["rule_id"] in naming for e in answer.get("evidence", []))
            maker = label.get("maker") if label["is_video"] else None
            found.append(
                Case(
                    where=f"{corpus.name}:{record.position}",
                    tokens=record_tokens(record),
                    keys=learned_leave_out(
                        example_keys(label.get("source")), accuracy.copied_from(record, rules), rules
                    ),
                    is_video=bool(label["is_video"]),
                    maker=maker,
                    open_to_estimate=is_video_device(answer.get("device_type")) and not said and not named_by_evidence,
                    rules_named=bool(maker) and names_maker(maker, said),
                )
            )
    return found


@dataclass
class Point:
    """Claims at one threshold: right, wrong maker on a camera, false on a non-camera, unjudged."""

    right: int = 0
    wrong: int = 0
    false: int = 0
    unjudged: int = 0
    open_makers: int = 0


def judge(
    table: MakerTable,
    found: Sequence[Case],
    *,
    wired: bool,
    min_score: int,
    margin: float,
    in_sample: bool = False,
) -> tuple[Point, list[str]]:
    """Count the estimates at one threshold; list the wrong and false ones. ``in_sample``: leave nothing out (what
    the table says of the data it was trained on: its reach, not its accuracy)."""
    point, bad = Point(), []
    for case in found:
        if wired and not case.open_to_estimate:
            continue
        point.open_makers += bool(case.is_video and case.maker)
        leave_out = frozenset() if in_sample else case.keys
        estimate = table.estimate(case.tokens, leave_out=leave_out, min_score=min_score, margin=margin)
        if estimate is None:
            continue
        if not case.is_video:
            point.false += 1
            bad.append(f"{case.where} non-camera named {estimate.maker}: {estimate.describe()}")
        elif not case.maker:
            point.unjudged += 1
        elif names_maker(case.maker, {estimate.maker}):
            point.right += 1
        else:
            point.wrong += 1
            bad.append(f"{case.where} camera of {case.maker} named {estimate.maker}: {estimate.describe()}")
    return point, bad


SCORES = (2, 3, 4, 5, 6, 8)
MARGINS = (1.5, 2.0, 3.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--train", action="store_true", help=f"write {TABLE_FILE.name} and stop")
    parser.add_argument("--grid", action="store_true", help="every threshold of the grid, not only the chosen one")
    parser.add_argument("--list", action="store_true", help="list wrong and false claims at the chosen threshold")
    args = parser.parse_args(argv)
    if args.train:
        table = trained()
        TABLE_FILE.write_text(dumps(table), encoding="utf-8")
        print(f"{TABLE_FILE}: {len(table['tokens'])} tokens, {len(table['groups'])} source groups")
        return 0
    table = MakerTable.from_json(trained())
    found = cases()
    makers = sum(bool(c.maker) for c in found)
    print(
        f"development records with a source: {len(found)} (cameras of a known maker {makers}, of them named by the"
        f" rules LOSO {sum(c.rules_named for c in found)}; non-cameras {sum(not c.is_video for c in found)})"
    )
    grid = [(s, m) for s in SCORES for m in MARGINS] if args.grid else [(MIN_SCORE, MARGIN)]
    print(
        "min_score margin | LOSO wired: open right wrong false unjudged | LOSO alone: right wrong false unjudged"
        " | in-sample alone: right wrong false unjudged"
    )
    for min_score, margin in grid:
        wired, _ = judge(table, found, wired=True, min_score=min_score, margin=margin)
        alone, _ = judge(table, found, wired=False, min_score=min_score, margin=margin)
        seen, _ = judge(table, found, wired=False, min_score=min_score, margin=margin, in_sample=True)
        print(
            f"{min_score:9} {margin:6} | {wired.open_makers:15} {wired.right:5} {wired.wrong:5} {wired.false:5}"
            f" {wired.unjudged:8} | {alone.right:16} {alone.wrong:5} {alone.false:5} {alone.unjudged:8}"
            f" | {seen.right:21} {seen.wrong:5} {seen.false:5} {seen.unjudged:8}"
        )
    if args.list:
        for wired in (True, False):
            _, bad = judge(table, found, wired=wired, min_score=MIN_SCORE, margin=MARGIN)
            print(f"{'wired' if wired else 'alone'}: {len(bad)} wrong or false")
            print("\n".join("  " + line for line in bad))
    return 0


if __name__ == "__main__":
    sys.exit(main())
