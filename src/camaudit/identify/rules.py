"""Compile fingerprint rules (``knowledge/data/rules/*.yaml``, read by the knowledge loader) into :class:`Rule`s.

The schema is in docs/rules.md and docs/schema/rules.schema.json. Every problem is reported with the file,
the rule id and what is wrong, because the people editing these files are adding fingerprints, not
debugging a loader.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from camaudit.identify.field_groups import group_members, is_known_field, member_covers
from camaudit.identify.regex_check import CAPTURE_NAMES, pattern_problems, required_literal
from camaudit.identify.selfreport import maker_id
from camaudit.knowledge.loader import RULES_DIR, KnowledgeError, canonical_vendor, load_file
from camaudit.knowledge.rules import RuleEntry, RulesFile, RuleSign

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
    #: Ids of rules that must match the same reply (one observation) for this rule's evidence to stand: named
    #: rules, or the rule's own signs (``<id>.requires.<n>``). The matcher checks them after its one pass per field,
    #: from the hits it already has (docs/rules.md, "Rules that need two signs of one reply").
    requires: tuple[str, ...] = ()
    #: For a sign of another rule (its ``requires``): that rule's id. A sign asserts nothing; its evidence is kept
    #: only beside the rule it serves, so a reader sees both halves of the conjunction.
    sign_of: str | None = None
    #: Whole replies (field -> value) the rule must fire on, and replies it must not (rules with ``requires``).
    replies: tuple[Mapping[str, str], ...] = ()
    counter_replies: tuple[Mapping[str, str], ...] = ()

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
    _check_requirements(rules)
    return tuple(rules)


def _check_requirements(rules: Sequence[Rule]) -> None:
    """Every id a rule ``requires`` names a loaded rule, and no rule needs itself through a chain of them."""
    by_id = {r.id: r for r in rules}
    for rule in rules:
        for needed in rule.requires:
            if needed not in by_id:
                # The id as written, escaped: a YAML string may hold a line break, and the refusal is one line.
                raise RuleError(rule.file, f"rule '{rule.id}'", f"requires unknown rule {needed!r}")
    done: set[str] = set()
    for rule in rules:
        _no_cycle(rule.id, by_id, done, [])


def _no_cycle(rid: str, by_id: Mapping[str, Rule], done: set[str], path: list[str]) -> None:
    """Walk what ``rid`` requires, depth first; raise naming the cycle when the walk returns to a rule on ``path``."""
    if rid in done:
        return
    if rid in path:
        cycle = " -> ".join([*path[path.index(rid) :], rid])
        raise RuleError(by_id[rid].file, f"rule '{rid}'", f"requires forms a cycle: {cycle}")
    path.append(rid)
    for needed in by_id[rid].requires:
        _no_cycle(needed, by_id, done, path)
    path.pop()
    done.add(rid)


def _load_file(path: Path) -> list[Rule]:
    try:
        doc = load_file(RulesFile, path)
    except KnowledgeError as exc:
        raise RuleError(exc.file, exc.entry, exc.problem) from None
    built: list[Rule] = []
    for entry in doc.rules:
        rule = _build(path.name, entry)
        built.append(rule)
        built.extend(_signs(path.name, entry, rule))
    return built


def _flags(names: Iterable[str]) -> int:
    flags = 0
    for name in names:
        flags |= FLAG_NAMES[name]
    return flags


def _checked(
    field: str, pattern: str, flag_names: Iterable[str], bad: Callable[[str], RuleError]
) -> tuple[re.Pattern[str], str | None, bool]:
    """A pattern read on ``field`` as every rule, and every sign a rule requires, is checked and compiled: the field is
    known and the pattern passes the ReDoS and Hyperscan checks (identify/regex_check.py). Its regex, the literal every
    match holds (the prefilter; ``None`` when there is none) and whether that literal is case-folded."""
    if not is_known_field(field):
        raise bad(f"unknown field {field!r} (see docs/observation-fields.md)")
    flags = _flags(flag_names)
    problems = pattern_problems(pattern, flags)
    if problems:
        raise bad("; ".join(problems))
    literal = required_literal(pattern, flags)
    return re.compile(pattern, flags), literal[0] if literal else None, literal[1] if literal else False


def _signs(file: str, entry: RuleEntry, rule: Rule) -> list[Rule]:
    """The signs of its own that ``rule`` requires, as rules that assert nothing (``<id>.requires.<n>``)."""
    signs: list[Rule] = []
    for position, sign in enumerate((s for s in entry.requires if isinstance(s, RuleSign)), start=1):
        sid = f"{rule.id}.requires.{position}"

        def bad(problem: str, sid: str = sid) -> RuleError:
            return RuleError(file, f"rule '{sid}'", problem)

        regex, literal, folded = _checked(sign.field, sign.pattern, sign.flags, bad)
        signs.append(
            Rule(
                id=sid,
                field=sign.field,
                pattern=sign.pattern,
                flags=tuple(sign.flags),
                asserts=MappingProxyType({}),
                certainty=rule.certainty,
                source=rule.source,
                examples=tuple(Example(value) for value in sign.examples),
                counter_examples=sign.counter_examples,
                file=file,
                regex=regex,
                literal=literal,
                literal_folded=folded,
                # Kept and left out with the rule it serves (leave-one-source-out): alone it is nothing.
                supports=rule.supports,
                sign_of=rule.id,
            )
        )
    return signs


def _requirement_ids(entry: RuleEntry, bad: Any) -> tuple[str, ...]:
    """The ids ``entry``'s ``requires`` names: another rule's id as written, a sign of its own as
    ``<id>.requires.<n>``."""
    ids: list[str] = []
    own = 0
    for needed in entry.requires:
        if isinstance(needed, RuleSign):
            own += 1
            ids.append(f"{entry.id}.requires.{own}")
        elif needed == entry.id:
            raise bad("requires itself")
        else:
            ids.append(needed)
    return tuple(ids)


def _replies(raw: Sequence[Mapping[str, str]], bad: Any) -> tuple[Mapping[str, str], ...]:
    out = []
    for reply in raw:
        for name in reply:
            if name.startswith("@") or not is_known_field(name):
                raise bad(f"a reply names {name!r}, which is not an observation field")
        out.append(MappingProxyType(dict(reply)))
    return tuple(out)


def _build(file: str, entry: RuleEntry) -> Rule:
    def bad(problem: str) -> RuleError:
        return RuleError(file, f"rule '{entry.id}'", problem)

    regex, literal, folded = _checked(entry.field, entry.pattern, entry.flags, bad)
    asserts = entry.asserts.values()
    if not asserts and not (set(regex.groupindex) & (CAPTURE_NAMES - {"made"})):
        raise bad("the rule neither asserts nor captures anything")
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
        literal=literal,
        literal_folded=folded,
        needs=entry.needs,
        supports=supports,
        requires=_requirement_ids(entry, bad),
        replies=_replies(entry.replies, bad),
        counter_replies=_replies(entry.counter_replies, bad),
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


def fires_on(rule: Rule, reply: Mapping[str, str], by_id: Mapping[str, Rule]) -> bool:
    """Does ``rule`` stand on ``reply`` (one observation's fields)? Its pattern matches a field it reads, and every
    rule it requires stands on the same reply. Written without the matcher: the oracle the matcher is tested
    against (a required id missing from ``by_id`` -- left out by leave-one-source-out -- never stands)."""
    if not any(rule.reads(name) and rule.regex.search(value) for name, value in reply.items()):
        return False
    return all(needed in by_id and fires_on(by_id[needed], reply, by_id) for needed in rule.requires)


def reply_problems(rule: Rule, by_id: Mapping[str, Rule]) -> list[str]:
    """Replies of ``rule`` it does not fire on, and counter-replies it fires on."""
    problems = [f"does not fire on reply {dict(r)!r}" for r in rule.replies if not fires_on(rule, r, by_id)]
    problems += [f"fires on counter-reply {dict(r)!r}" for r in rule.counter_replies if fires_on(rule, r, by_id)]
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
    """Run every rule's examples, counter-examples, replies and counter-replies, and (optionally) the pathological
    inputs.

    Many rules share one pattern (a layer entry compiles into a rule per field): each distinct compiled
    pattern is timed on the pathological inputs once, and its result is reported for every rule using it.
    """
    found: list[RuleProblem] = []
    timed: dict[tuple[str | bytes, int], list[str]] = {}
    rules = tuple(rules)
    by_id = {r.id: r for r in rules}
    for rule in rules:
        problems = example_problems(rule) + reply_problems(rule, by_id)
        if redos:
            shape = (rule.regex.pattern, rule.regex.flags)
            if shape not in timed:
                timed[shape] = redos_problems(rule, inputs)
            problems += timed[shape]
        found.extend(RuleProblem(rule.id, rule.file, p) for p in problems)
    return found
