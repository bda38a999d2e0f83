"""Compile fingerprint rules (``knowledge/data/rules/*.yaml``, read by the knowledge loader) into :class:`Rule`s.

The schema is in docs/rules.md and docs/schema/rules.schema.json. Every problem is reported with the file,
the rule id and what is wrong, because the people editing these files are adding fingerprints, not
debugging a loader.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from camaudit.identify.field_groups import group_members, is_known_field, member_covers
from camaudit.identify.regex_check import CAPTURE_NAMES, pattern_problems, required_literal
from camaudit.identify.selfreport import maker_id
from camaudit.knowledge.loader import RULES_DIR, KnowledgeError, canonical_vendor, load_file
from camaudit.knowledge.rules import RuleEntry, RulesFile

#: A public locator: an https URL or ``github:OWNER/REPO/PATH@COMMIT`` (TEAM.md provenance format).
PUBLIC_LOCATOR = re.compile(r"https://\S+|github:[\w.-]+/[\w.-]+/\S+@[0-9a-f]{7,40}")

FLAG_NAMES: Mapping[str, re.RegexFlag] = MappingProxyType(
    {"ignorecase": re.IGNORECASE, "multiline": re.MULTILINE, "dotall": re.DOTALL}
)
#: Longest text kept in :attr:`camaudit.model.Evidence.matched`.
MATCHED_KEEP = 200
#: What a rule's maker claim may depend on (see :attr:`camaudit.model.Evidence.needs`).
NEEDS = frozenset({"video"})


class RuleError(KnowledgeError):
    """A rule file that cannot be used. ``str()`` is one line naming file, rule and problem."""


@dataclass(frozen=True, slots=True)
class Example:
    """A value the rule must match, and optionally the captures it must produce."""

    value: str
    expect: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, eq=False)
class Rule:
    """One fingerprint: when ``field`` matches ``pattern``, the device is what ``asserts`` says."""

    id: str
    field: str
    pattern: str
    flags: tuple[str, ...]
    asserts: Mapping[str, str]
    certainty: float
    source: str
    examples: tuple[Example, ...]
    counter_examples: tuple[str, ...]
    file: str
    regex: re.Pattern[str]
    #: Literal text every match contains (folded when ``literal_folded``); the matcher's prefilter.
    literal: str | None = None
    literal_folded: bool = False
    #: ``"video"``: the maker claim counts only next to other video evidence.
    needs: str | None = None
    #: Further public sources that each show, on their own, a string this rule matches (locator, string):
    #: leave-one-source-out keeps the rule for an example whose source is not one of them
    #: (:func:`camaudit.identify.provenance.rule_kept`).
    supports: tuple[tuple[str, str], ...] = ()
    #: Ports whose answers the rule reads (layers' ``ports``); empty: any port. A port is the device's own
    #: choice, so it narrows a string that other software writes too (an embedded server's header) to the one
    #: product that serves it there; the matcher drops a hit on any other port, or when the port is unknown.
    ports: frozenset[int] = frozenset()

    def reads(self, name: str) -> bool:
        """True when this rule applies to the observed field ``name``: its field, or a member of its
        ``@group`` (:data:`camaudit.identify.field_groups.FIELD_GROUPS`)."""
        if name == self.field:
            return True
        return self.field.startswith("@") and any(member_covers(m, name) for m in group_members(self.field))

    def captures(self, match: re.Match[str]) -> dict[str, str]:
        """The non-empty named captures of ``match``, with a captured brand mapped to its vendor id.

        A captured ``brand`` that names no known vendor is dropped: identify never invents a maker. A
        captured ``maker`` is what the device calls its maker (ONVIF Manufacturer ...): it becomes the
        brand, and an unknown name is kept as a self-reported brand (:func:`selfreport.maker_id`).
        """
        out: dict[str, str] = {}
        for name, value in match.groupdict().items():
            if value is None or not value.strip():
                continue
            value = value.strip()
            if name == "brand":
                vendor_id = canonical_vendor(value)
                if vendor_id is None:
                    continue
                value = vendor_id
            elif name == "maker":
                reported = maker_id(value)
                if reported is None:
                    continue
                name, value = "brand", reported
            elif name == "model":
                value, version = _split_version_tail(value, match.string, match.end(name))
                if version and not match.groupdict().get("firmware"):
                    out["firmware"] = version
            out[name] = value
        return out

    def assertions(self, match: re.Match[str]) -> dict[str, str]:
        """What this match asserts: the literal ``asserts`` overlaid with the captures."""
        merged = dict(self.asserts)
        merged.update(self.captures(match))
        return merged


#: The last segment of a captured model when it is the start of a version number (``/V5`` of ``/V5.4.5``).
_MODEL_VERSION_TAIL = re.compile(r"[-/_]([Vv]?\d{1,4})$")
#: A dotted version number, as it continues after that segment (``V5.4.5``, ``V5.5.82 build 190909``).
_DOTTED_VERSION = re.compile(r"[Vv]?\d{1,4}(?:\.\d{1,6}){1,4}(?: ?build ?\d{6})?")


def _split_version_tail(model: str, text: str, end: int) -> tuple[str, str | None]:
    """A model and the firmware version glued to it, when a model grammar stopped inside that version.

    Servers write ``product/version`` (``DS-2CD2142FWD-I/V5.4.5``); a grammar that allows ``/V2`` hardware
    suffixes takes ``/V5`` and stops at the dot. A captured model followed by ``.<digit>`` ends before its last
    segment, and that segment with its dotted rest is the firmware. ``/V2`` at the end of a model stays. A
    grammar that stops before the slash leaves the model whole, and a dotted version after the slash is firmware.
    """
    if text[end : end + 1] == "/":
        # The grammar stopped before the version: ``model/V5.4.5`` keeps the model whole, the version is firmware.
        version = _DOTTED_VERSION.match(text, end + 1)
        return model, version.group(0) if version else None
    if text[end : end + 1] != "." or not text[end + 1 : end + 2].isdigit():
        return model, None
    tail = _MODEL_VERSION_TAIL.search(model)
    if tail is None or tail.start() == 0:
        return model, None
    version = _DOTTED_VERSION.match(text, end - len(tail.group(1)))
    return model[: tail.start()], version.group(0) if version else None


@dataclass(frozen=True, slots=True)
class RuleProblem:
    rule_id: str
    file: str
    problem: str


def rule_files(paths: Iterable[Path] | None = None) -> list[Path]:
    """The YAML files under ``paths`` (files or directories; default: the packaged rules), sorted."""
    found: list[Path] = []
    for path in [RULES_DIR] if paths is None else list(paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml")))
        else:
            found.append(path)
    return found


def load_rules(paths: Iterable[Path] | None = None) -> tuple[Rule, ...]:
    """Load, validate and compile every rule under ``paths``; raise :class:`RuleError` on the first problem.

    The knowledge loader checks each file's schema (keys, types, vendor ids, device types, certainty,
    examples); this adds what needs the matcher: field names, regex syntax, constructs RE2 and Hyperscan
    cannot run, catastrophic backtracking, duplicate ids across files. Examples are not run here (that is
    ``camaudit rules test`` and the test suite).
    """
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path in rule_files(paths):
        for rule in _load_file(path):
            if rule.id in seen:
                raise RuleError(path.name, f"rule '{rule.id}'", f"duplicate id (also in {seen[rule.id]})")
            seen[rule.id] = path.name
            rules.append(rule)
    return tuple(rules)


def _load_file(path: Path) -> list[Rule]:
    try:
        doc = load_file(RulesFile, path)
    except KnowledgeError as exc:
        raise RuleError(exc.file, exc.entry, exc.problem) from None
    return [_build(path.name, entry) for entry in doc.rules]


def _build(file: str, entry: RuleEntry) -> Rule:
    def bad(problem: str) -> RuleError:
        return RuleError(file, f"rule '{entry.id}'", problem)

    if not is_known_field(entry.field):
        raise bad(f"unknown field {entry.field!r} (see docs/observation-fields.md)")
    flags = 0
    for name in entry.flags:
        flags |= FLAG_NAMES[name]
    problems = pattern_problems(entry.pattern, flags)
    if problems:
        raise bad("; ".join(problems))
    asserts = entry.asserts.values()
    regex = re.compile(entry.pattern, flags)
    if not asserts and not (set(regex.groupindex) & (CAPTURE_NAMES - {"made"})):
        raise bad("the rule neither asserts nor captures anything")
    literal = required_literal(entry.pattern, flags)
    supports = tuple((s.source, s.shows) for s in entry.supports)
    for locator, shown in supports:
        if not PUBLIC_LOCATOR.search(locator):
            raise bad(f"a supporting source must hold a public locator, not {locator!r}")
        if regex.search(shown) is None:
            raise bad(f"a supporting source's string does not match the pattern: {shown!r}")
    return Rule(
        id=entry.id,
        field=entry.field,
        pattern=entry.pattern,
        flags=tuple(entry.flags),
        asserts=MappingProxyType(asserts),
        certainty=entry.certainty,
        source=entry.source,
        examples=tuple(Example(e.value, MappingProxyType(dict(e.expect))) for e in entry.examples),
        counter_examples=entry.counter_examples,
        file=file,
        regex=regex,
        literal=literal[0] if literal else None,
        literal_folded=literal[1] if literal else False,
        needs=entry.needs,
        supports=supports,
    )


# --- checks that run the rules (camaudit rules test, the test suite) ------------------------------

#: Inputs that make a backtracking regex show its worst case.
PATHOLOGICAL_INPUTS: tuple[str, ...] = (
    "a" * 100_000,
    "<" * 50_000,
    " " * 100_000,
    "1" * 100_000,
    "a " * 50_000,
    "\t\n" * 30_000,
    "-." * 50_000,
    "Login to " * 10_000,
    "<title>" * 10_000,
    "App-webs/" * 10_000,
)
#: CPU seconds one rule may spend on one pathological input. Measured as this thread's CPU time, not wall
#: time: catastrophic backtracking burns CPU, while a busy machine only adds waiting (which made the check
#: fail on healthy rules at load 10 on two cores).
REDOS_TIME_BOUND = 0.25


def example_problems(rule: Rule) -> list[str]:
    """Examples that fail to match (or capture the wrong thing) and counter-examples that match."""
    problems: list[str] = []
    for example in rule.examples:
        match = rule.regex.search(example.value)
        if match is None:
            problems.append(f"example does not match: {example.value!r}")
            continue
        got = rule.assertions(match)
        for key, want in example.expect.items():
            if got.get(key) != want:
                problems.append(f"example {example.value!r}: expected {key}={want!r}, got {got.get(key)!r}")
    for counter in rule.counter_examples:
        if rule.regex.search(counter) is not None:
            problems.append(f"counter-example matches: {counter!r}")
    return problems


def redos_problems(rule: Rule, inputs: Sequence[str] = PATHOLOGICAL_INPUTS) -> list[str]:
    """Pathological inputs on which ``rule`` spends more than :data:`REDOS_TIME_BOUND` CPU seconds."""
    problems: list[str] = []
    for text in inputs:
        start = time.thread_time()
        rule.regex.search(text)
        spent = time.thread_time() - start
        if spent > REDOS_TIME_BOUND:
            problems.append(f"slow on {text[:12]!r}×{len(text)}: {spent:.2f}s (bound {REDOS_TIME_BOUND}s)")
    return problems


def check_rules(
    rules: Iterable[Rule], *, redos: bool = True, inputs: Sequence[str] = PATHOLOGICAL_INPUTS
) -> list[RuleProblem]:
    """Run every rule's examples, counter-examples and (optionally) the pathological inputs.

    Many rules share one pattern (a layer entry compiles into a rule per field): each distinct compiled
    pattern is timed on the pathological inputs once, and its result is reported for every rule using it.
    """
    found: list[RuleProblem] = []
    timed: dict[tuple[str | bytes, int], list[str]] = {}
    for rule in rules:
        problems = example_problems(rule)
        if redos:
            shape = (rule.regex.pattern, rule.regex.flags)
            if shape not in timed:
                timed[shape] = redos_problems(rule, inputs)
            problems += timed[shape]
        found.extend(RuleProblem(rule.id, rule.file, p) for p in problems)
    return found
