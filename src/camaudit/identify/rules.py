"""Load and validate fingerprint rules (``knowledge/data/rules/*.yaml``) into :class:`Rule` objects.

The schema is in docs/rules.md. Every problem is reported with the file, the rule id and what is wrong,
because the people editing these files are adding fingerprints, not debugging a loader.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from camaudit.fields import is_known_field
from camaudit.identify.regex_check import CAPTURE_NAMES, pattern_problems, required_literal
from camaudit.knowledge.loader import RULES_DIR, canonical_vendor, vendors
from camaudit.model import DeviceType

FLAG_NAMES: Mapping[str, re.RegexFlag] = MappingProxyType(
    {"ignorecase": re.IGNORECASE, "multiline": re.MULTILINE, "dotall": re.DOTALL}
)
#: Keys a rule may assert, all literal values.
ASSERT_KEYS = frozenset({"brand", "manufacturer", "device_type", "model", "firmware", "serial"})
_VENDOR_KEYS = ("brand", "manufacturer")
_RULE_KEYS = frozenset(
    {"id", "field", "pattern", "flags", "asserts", "certainty", "source", "checked", "examples", "counter_examples"}
)
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9_-]+)+$")
#: Longest text kept in :attr:`camaudit.model.Evidence.matched`.
MATCHED_KEEP = 200


class RuleError(ValueError):
    """A rule file that cannot be used. ``str()`` is one line naming file, rule and problem."""

    def __init__(self, file: str, rule_id: str | None, problem: str) -> None:
        self.file = file
        self.rule_id = rule_id
        self.problem = problem
        where = f"{file}: rule '{rule_id}'" if rule_id else file
        super().__init__(f"{where}: {problem}")


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

    def reads(self, name: str) -> bool:
        """True when this rule applies to the observed field ``name``."""
        return name == self.field

    def captures(self, match: re.Match[str]) -> dict[str, str]:
        """The non-empty named captures of ``match``, with a captured brand mapped to its vendor id.

        A captured brand that names no known vendor is dropped: identify never invents a maker.
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
            out[name] = value
        return out

    def assertions(self, match: re.Match[str]) -> dict[str, str]:
        """What this match asserts: the literal ``asserts`` overlaid with the captures."""
        merged = dict(self.asserts)
        merged.update(self.captures(match))
        return merged


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

    Examples are not run here (that is ``camaudit rules test`` and the test suite); everything that
    makes a rule unusable or unsafe is checked: schema, field names, regex syntax, constructs RE2 and
    Hyperscan cannot run, catastrophic backtracking, vendor ids, duplicate ids.
    """
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path in rule_files(paths):
        for rule in _load_file(path):
            if rule.id in seen:
                raise RuleError(path.name, rule.id, f"duplicate id (also in {seen[rule.id]})")
            seen[rule.id] = path.name
            rules.append(rule)
    return tuple(rules)


def _load_file(path: Path) -> list[Rule]:
    name = path.name
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RuleError(str(path), None, f"cannot read: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise RuleError(name, None, f"not valid YAML: {' '.join(str(exc).split())}") from exc
    if doc is None:
        return []
    if not isinstance(doc, dict) or not isinstance(doc.get("rules", []), list) or set(doc) - {"rules"}:
        raise RuleError(name, None, "expected a mapping with one key, 'rules', holding a list")
    return [_build(name, index, entry) for index, entry in enumerate(doc.get("rules") or [])]


def _build(file: str, index: int, entry: Any) -> Rule:
    if not isinstance(entry, dict):
        raise RuleError(file, f"#{index + 1}", "a rule must be a mapping")
    rid = entry.get("id")
    if not isinstance(rid, str) or not _ID.match(rid):
        raise RuleError(file, f"#{index + 1}", f"'id' must be a dotted lower-case name, not {rid!r}")

    def bad(problem: str) -> RuleError:
        return RuleError(file, rid, problem)

    unknown_keys = set(entry) - _RULE_KEYS
    if unknown_keys:
        raise bad(f"unknown key(s): {', '.join(sorted(map(str, unknown_keys)))}")
    fname = entry.get("field")
    if not isinstance(fname, str) or not is_known_field(fname):
        raise bad(f"unknown field {fname!r} (see docs/observation-fields.md)")
    pattern = entry.get("pattern")
    if not isinstance(pattern, str) or not pattern:
        raise bad("'pattern' must be a non-empty string")
    flag_names = entry.get("flags", [])
    if not isinstance(flag_names, list) or any(f not in FLAG_NAMES for f in flag_names):
        raise bad(f"'flags' must be a list of {', '.join(FLAG_NAMES)}")
    flags = 0
    for f in flag_names:
        flags |= FLAG_NAMES[f]
    problems = pattern_problems(pattern, flags)
    if problems:
        raise bad("; ".join(problems))
    source = entry.get("source")
    if not isinstance(source, str) or not source.strip():
        raise bad("missing 'source' (where the fingerprint comes from)")
    certainty = entry.get("certainty")
    if isinstance(certainty, bool) or not isinstance(certainty, int | float) or not 0 < certainty <= 1:
        raise bad(f"'certainty' must be a number in (0, 1], not {certainty!r}")
    asserts = _asserts(entry.get("asserts", {}), bad)
    regex = re.compile(pattern, flags)
    if not asserts and not (set(regex.groupindex) & (CAPTURE_NAMES - {"mac", "made"})):
        raise bad("the rule neither asserts nor captures anything")
    examples = _examples(entry.get("examples"), bad)
    counter = entry.get("counter_examples", [])
    if not isinstance(counter, list) or not all(isinstance(c, str) for c in counter):
        raise bad("'counter_examples' must be a list of strings")
    literal = required_literal(pattern, flags)
    return Rule(
        id=rid,
        field=fname,
        pattern=pattern,
        flags=tuple(flag_names),
        asserts=MappingProxyType(asserts),
        certainty=float(certainty),
        source=source,
        examples=examples,
        counter_examples=tuple(counter),
        file=file,
        regex=regex,
        literal=literal[0] if literal else None,
        literal_folded=literal[1] if literal else False,
    )


def _asserts(raw: Any, bad: Any) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise bad("'asserts' must be a mapping")
    out: dict[str, str] = {}
    for key, value in raw.items():
        if key not in ASSERT_KEYS:
            raise bad(f"unknown assert {key!r}; allowed: {', '.join(sorted(ASSERT_KEYS))}")
        if not isinstance(value, str) or not value:
            raise bad(f"assert {key!r} must be a non-empty string")
        out[key] = value
    known_vendors = vendors()
    for key in _VENDOR_KEYS:
        if key in out and out[key] not in known_vendors:
            raise bad(f"{key} {out[key]!r} is not a vendor id in vendors.yaml")
    if "device_type" in out and out["device_type"] not in {t.value for t in DeviceType}:
        raise bad(f"device_type {out['device_type']!r} is not one of {', '.join(t.value for t in DeviceType)}")
    return out


def _examples(raw: Any, bad: Any) -> tuple[Example, ...]:
    if not isinstance(raw, list) or not raw:
        raise bad("'examples' must list at least one value the pattern matches")
    out: list[Example] = []
    for item in raw:
        if isinstance(item, str):
            out.append(Example(item))
        elif isinstance(item, dict) and isinstance(item.get("value"), str) and set(item) <= {"value", "expect"}:
            expect = item.get("expect", {})
            if not isinstance(expect, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in expect.items()
            ):
                raise bad("an example's 'expect' must map capture names to strings")
            out.append(Example(item["value"], MappingProxyType(dict(expect))))
        else:
            raise bad("each example must be a string or {value: ..., expect: {...}}")
    return tuple(out)


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
#: Seconds one rule may spend on one pathological input.
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
    """Pathological inputs on which ``rule`` takes longer than :data:`REDOS_TIME_BOUND` seconds."""
    problems: list[str] = []
    for text in inputs:
        start = time.perf_counter()
        rule.regex.search(text)
        spent = time.perf_counter() - start
        if spent > REDOS_TIME_BOUND:
            problems.append(f"slow on {text[:12]!r}×{len(text)}: {spent:.2f}s (bound {REDOS_TIME_BOUND}s)")
    return problems


def check_rules(rules: Iterable[Rule], *, redos: bool = True) -> list[RuleProblem]:
    """Run every rule's examples, counter-examples and (optionally) the pathological inputs."""
    found: list[RuleProblem] = []
    for rule in rules:
        problems = example_problems(rule) + (redos_problems(rule) if redos else [])
        found.extend(RuleProblem(rule.id, rule.file, p) for p in problems)
    return found
