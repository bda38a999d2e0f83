"""Generalising evidence layers: knowledge a human expert uses, compiled into ordinary rules.

Each layer is a YAML file under ``knowledge/data/layers/`` (schema in docs/rules.md, "Layers"):

* ``lexicon.yaml``   maker and brand names, legal names and product lines, matched on word boundaries in
                     every text field;
* ``models.yaml``    model-number grammars per maker (maker, model and, where the grammar says so, the
                     device type and capabilities);
* ``device_words.yaml`` device-type vocabulary ("IP Camera", "Network Video Recorder" ...);
* ``paths.yaml``     stream-URL and API-path conventions per maker, read wherever URLs appear;
* ``identifiers.yaml`` serial-number, firmware-version and host-name layouts, and MAC addresses inside
                     strings.

An entry compiles into one :class:`~camaudit.identify.rules.Rule` per name (lexicon) or one per pattern,
reading a field group (``@text``, ``@url`` ...), so the matcher, ``camaudit rules test``, the ReDoS
checks and the property tests treat layers exactly like rules. Entries marked ``prose`` also get a
variant reading page text (``@prose``) that never types the device and whose maker claim counts only
next to other video evidence (``needs: video``): a shop page naming a maker is not that maker's camera.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from camaudit.identify.field_groups import is_known_field
from camaudit.identify.regex_check import pattern_problems, required_literal
from camaudit.identify.rules import NEEDS, PUBLIC_LOCATOR, Example, Rule, RuleError
from camaudit.knowledge.loader import DATA_DIR, SAFE_LOADER, vendors
from camaudit.model import Capability, DeviceType

LAYERS_DIR = DATA_DIR / "layers"

#: Certainty of a prose variant relative to its entry, and its ceiling (always "weak", see resolve).
PROSE_FACTOR = 0.6
PROSE_CEILING = 0.4
#: The ending of a prose variant's rule id (``lexicon.mobotix.prose``): the resolver's base rates read it.
PROSE_SUFFIX = ".prose"

_ENTRY_KEYS = frozenset(
    {
        "id",
        "names",
        "pattern",
        "hostname",
        "case",
        "fields",
        "brand",
        "manufacturer",
        "device_type",
        "capabilities",
        "certainty",
        "needs",
        "prose",
        "source",
        "checked",
        "examples",
        "counter_examples",
        "supports",
        "ports",
        "note",
    }
)
_DEFAULT_KEYS = frozenset({"fields", "certainty", "prose", "needs", "case"})
_SUFFIX = re.compile(r"^[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9_-]+)*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def layer_files(directory: Path = LAYERS_DIR) -> list[Path]:
    """The layer YAML files, sorted."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml"))


def load_layers(paths: Iterable[Path] | None = None) -> tuple[Rule, ...]:
    """Compile every layer file under ``paths`` (default: the packaged layers) into rules.

    Raises :class:`~camaudit.identify.rules.RuleError` naming file, entry and problem.
    """
    files: list[Path] = []
    for path in [LAYERS_DIR] if paths is None else list(paths):
        files.extend(layer_files(path) if path.is_dir() else [path])
    rules: list[Rule] = []
    for path in files:
        rules.extend(_load_file(path))
    return tuple(rules)


def _load_file(path: Path) -> list[Rule]:
    name = path.name
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506
    except OSError as exc:
        raise RuleError(str(path), None, f"cannot read: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise RuleError(name, None, f"not valid YAML: {' '.join(str(exc).split())}") from exc
    if not isinstance(doc, dict) or set(doc) - {"layer", "defaults", "entries", "generic_names", "component_makers"}:
        raise RuleError(name, None, "expected a mapping with 'layer', optional 'defaults', and 'entries'")
    layer = doc.get("layer")
    if not isinstance(layer, str) or not _SUFFIX.match(layer):
        raise RuleError(name, None, "'layer' must be a lower-case name")
    defaults = doc.get("defaults") or {}
    if not isinstance(defaults, dict) or set(defaults) - _DEFAULT_KEYS:
        raise RuleError(name, None, f"'defaults' may set only {', '.join(sorted(_DEFAULT_KEYS))}")
    entries = doc.get("entries") or []
    if not isinstance(entries, list):
        raise RuleError(name, None, "'entries' must be a list")
    rules: list[Rule] = []
    seen: set[str] = set()
    for index, raw in enumerate(entries):
        if not isinstance(raw, dict):
            raise RuleError(name, f"#{index + 1}", "an entry must be a mapping")
        entry = {**defaults, **raw}
        built = _compile_entry(name, layer, index, entry)
        for rule in built:
            if rule.id in seen:
                raise RuleError(name, rule.id, "duplicate id")
            seen.add(rule.id)
        rules.extend(built)
    return rules


def _compile_entry(file: str, layer: str, index: int, entry: dict[str, Any]) -> list[Rule]:
    suffix = entry.get("id")
    if not isinstance(suffix, str) or not _SUFFIX.match(suffix):
        raise RuleError(file, f"#{index + 1}", f"'id' must be a dotted lower-case name, not {suffix!r}")
    rid = f"{layer}.{suffix}"

    def bad(problem: str) -> RuleError:
        return RuleError(file, rid, problem)

    unknown = set(entry) - _ENTRY_KEYS
    if unknown:
        raise bad(f"unknown key(s): {', '.join(sorted(map(str, unknown)))}")
    source = entry.get("source")
    if not isinstance(source, str) or not PUBLIC_LOCATOR.search(source):
        raise bad("'source' must hold a public locator (https:// URL or github:OWNER/REPO/PATH@COMMIT)")
    checked = entry.get("checked")
    if not _DATE.match(str(checked or "")):
        raise bad("'checked' must be the date the source was checked, YYYY-MM-DD")
    certainty = entry.get("certainty")
    if isinstance(certainty, bool) or not isinstance(certainty, int | float) or not 0 < certainty <= 1:
        raise bad(f"'certainty' must be a number in (0, 1], not {certainty!r}")
    needs = entry.get("needs")
    if needs is not None and needs not in NEEDS:
        raise bad(f"'needs' must be one of {', '.join(sorted(NEEDS))}")
    fields = entry.get("fields", "@text")
    if not isinstance(fields, str) or not is_known_field(fields):
        raise bad(f"unknown field or group {fields!r}")
    asserts = _entry_asserts(entry, bad)
    case = entry.get("case", "fold")
    if case not in ("fold", "exact"):
        raise bad("'case' must be 'fold' or 'exact'")
    # Multi-valued fields (scopes, capability lists) join values with newlines: ^ and $ anchor each value.
    flags = (re.IGNORECASE if case == "fold" else 0) | re.MULTILINE
    patterns = _patterns(entry, bad)
    examples = _examples(entry.get("examples"), bad)
    counter = entry.get("counter_examples", [])
    if not isinstance(counter, list) or not all(isinstance(c, str) for c in counter):
        raise bad("'counter_examples' must be a list of strings")
    if not asserts and not any("(?P<" in p for _, p in patterns):
        raise bad("the entry neither asserts nor captures anything")
    supports = _supports(entry.get("supports"), bad)
    ports = _ports(entry.get("ports"), bad)

    rules: list[Rule] = []
    for label, pattern in patterns:
        problems = pattern_problems(pattern, flags)
        if problems:
            raise bad(f"{label!r}: " + "; ".join(problems))
        rules.append(
            _rule(
                f"{rid}.{label}" if label else rid,
                fields,
                pattern,
                flags,
                asserts,
                float(certainty),
                needs,
                source,
                file,
                counter,
            )
        )
    _attach_examples(rules, examples, bad)
    for shown in (text for _, text in supports):
        if not any(r.regex.search(shown) for r in rules):
            raise bad(f"a supporting source's string matches none of the entry's patterns: {shown!r}")
    rules = [_with(r, supports=tuple(s for s in supports if r.regex.search(s[1])), ports=ports) for r in rules]
    if entry.get("prose", False):
        prose_asserts = {k: v for k, v in asserts.items() if k in ("brand", "manufacturer")}
        if prose_asserts or any("(?P<" in r.pattern for r in rules):
            rules.extend(_prose_variant(r, prose_asserts) for r in list(rules))
    return rules


def _ports(raw: Any, bad: Any) -> frozenset[int]:
    """``ports``: the TCP/UDP ports whose answers the entry reads (none: any port)."""
    if raw is None:
        return frozenset()
    if (
        not isinstance(raw, list)
        or not raw
        or not all(isinstance(p, int) and not isinstance(p, bool) and 0 < p < 65536 for p in raw)
    ):
        raise bad("'ports' must be a non-empty list of port numbers (1-65535)")
    return frozenset(raw)


def _supports(raw: Any, bad: Any) -> list[tuple[str, str]]:
    """``supports``: independent public sources, each with the string it shows (which the entry must match)."""
    if raw is None:
        return []
    if not isinstance(raw, list) or not raw:
        raise bad("'supports' must be a non-empty list of {source: ..., shows: ...}")
    out = []
    for item in raw:
        if not isinstance(item, dict) or set(item) != {"source", "shows"}:
            raise bad("each of 'supports' is {source: <public locator>, shows: <the string seen there>}")
        source, shows = item["source"], item["shows"]
        if not isinstance(source, str) or not PUBLIC_LOCATOR.search(source):
            raise bad(f"a supporting source must hold a public locator, not {source!r}")
        if not isinstance(shows, str) or not shows:
            raise bad("a supporting source's 'shows' must be the string seen there")
        out.append((source, shows))
    return out


def _entry_asserts(entry: Mapping[str, Any], bad: Any) -> dict[str, str]:
    asserts: dict[str, str] = {}
    known = vendors()
    for key in ("brand", "manufacturer"):
        value = entry.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or value not in known:
            raise bad(f"{key} {value!r} is not a vendor id in vendors.yaml")
        asserts[key] = value
    device_type = entry.get("device_type")
    if device_type is not None:
        if device_type not in {t.value for t in DeviceType}:
            raise bad(f"device_type {device_type!r} is not one of {', '.join(t.value for t in DeviceType)}")
        asserts["device_type"] = device_type
    capabilities = entry.get("capabilities")
    if capabilities is not None:
        allowed = {c.value for c in Capability}
        if not isinstance(capabilities, list) or not capabilities or any(c not in allowed for c in capabilities):
            raise bad(f"'capabilities' must be a list of {', '.join(sorted(allowed))}")
        asserts["capabilities"] = ",".join(capabilities)
    return asserts


def _patterns(entry: Mapping[str, Any], bad: Any) -> list[tuple[str, str]]:
    """(label, regex) pairs: one per name (word-bounded literal), or the entry's own pattern."""
    names = entry.get("names")
    pattern = entry.get("pattern")
    hostname = entry.get("hostname")
    if sum(x is not None for x in (names, pattern, hostname)) != 1:
        raise bad("an entry has one of 'names', 'pattern' or 'hostname'")
    if hostname is not None:
        if not isinstance(hostname, str) or not hostname or "^" in hostname or "$" in hostname:
            raise bad("'hostname' must be a non-empty regex of the name alone, without anchors")
        return [("", host_name_pattern(hostname))]
    if pattern is not None:
        if not isinstance(pattern, str) or not pattern:
            raise bad("'pattern' must be a non-empty string")
        return [("", pattern)]
    if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
        raise bad("'names' must be a non-empty list of strings")
    out = []
    for position, name in enumerate(names, start=1):
        out.append((str(position) if len(names) > 1 else "", name_pattern(name)))
    return out


#: Where a device writes the name it gave itself (the ``@devname`` fields): the whole value or one line of it
#: (DHCP, mDNS, sysName, UPnP friendlyName, ONVIF GetHostname, a scanner's host names), a login prompt
#: ``<name> login:``, the uname line ``Linux <name> <release>`` (an SNMP agent's sysDescr, a shell banner), an
#: FTP or SMTP greeting ``220 <name> FTP|ESMTP ...`` and a certificate's ``CN=<name>``; a DNS suffix may follow.
_NAME_BEFORE = r"(?:^(?:Linux |220[ -])?|(?:^|[,+/])CN=)"
_NAME_DOMAIN = r"(?:\.[A-Za-z0-9-]{1,63}){0,4}"
_NAME_AFTER = r"(?:\r?$| login:| [0-9]| FTP| E?SMTP|[,+/])"


def host_name_pattern(name: str) -> str:
    """A regex matching the host name ``name`` (a regex of the name alone) wherever a device writes its own name:
    the whole value or line, a login prompt, a uname line, an FTP/SMTP greeting, a certificate CN (docs/rules.md,
    "Layers", ``hostname``). Anchored at both ends: ``mydvrdvs`` and ``dvrdvs2`` are other names."""
    return f"{_NAME_BEFORE}(?:{name}){_NAME_DOMAIN}{_NAME_AFTER}"


def name_pattern(name: str) -> str:
    """A regex matching ``name`` as a word: not inside a longer run of letters, spacing and dashes lax.

    Digits and ``_`` count as boundaries (``AXIS_00408C...``, ``HIKVISION2``), letters do not
    (``Axis`` is not in ``Taxis``). Inner spaces, dashes and dots match any one of them or none
    (``Hik-Connect`` = ``HikConnect`` = ``Hik Connect``). A trailing ``*`` drops the end boundary, for
    names that firmware glues to the next word (``AvigilonOnvifNvt``).
    """
    prefix_only = name.endswith("*")
    name = name.rstrip("*").strip()
    pieces = re.split(r"[\s._-]+", name)
    body = r"[\s._-]?".join(re.escape(p) for p in pieces if p)
    head = r"(?:^|[^A-Za-z])" if name[:1].isascii() and name[:1].isalpha() else ""
    tail = r"(?:[^A-Za-z]|$)" if name[-1:].isascii() and name[-1:].isalpha() and not prefix_only else ""
    return head + body + tail


def _examples(raw: Any, bad: Any) -> list[Example]:
    if not isinstance(raw, list) or not raw:
        raise bad("'examples' must list at least one text the entry matches")
    out: list[Example] = []
    for item in raw:
        if isinstance(item, str):
            out.append(Example(item))
        elif isinstance(item, dict) and isinstance(item.get("value"), str) and set(item) <= {"value", "expect"}:
            expect = item.get("expect", {})
            if not isinstance(expect, dict) or not all(isinstance(v, str) for v in expect.values()):
                raise bad("an example's 'expect' must map capture names to strings")
            out.append(Example(item["value"], MappingProxyType(dict(expect))))
        else:
            raise bad("each example must be a string or {value: ..., expect: {...}}")
    return out


def _rule(
    rid: str,
    fields: str,
    pattern: str,
    flags: int,
    asserts: Mapping[str, str],
    certainty: float,
    needs: str | None,
    source: str,
    file: str,
    counter: list[str],
) -> Rule:
    literal = required_literal(pattern, flags)
    return Rule(
        id=rid,
        field=fields,
        pattern=pattern,
        flags=(("ignorecase",) if flags & re.IGNORECASE else ()) + ("multiline",),
        asserts=MappingProxyType(dict(asserts)),
        certainty=certainty,
        source=source,
        examples=(),
        counter_examples=tuple(counter),
        file=file,
        regex=re.compile(pattern, flags),
        literal=literal[0] if literal else None,
        literal_folded=literal[1] if literal else False,
        needs=needs,
    )


def _attach_examples(rules: list[Rule], examples: list[Example], bad: Any) -> None:
    """Give each rule the entry's examples it matches; every example must be matched by some rule."""
    owned: dict[int, list[Example]] = {id(r): [] for r in rules}
    for example in examples:
        takers = [r for r in rules if r.regex.search(example.value)]
        if not takers:
            raise bad(f"example matches none of the entry's names or pattern: {example.value!r}")
        for rule in takers:
            owned[id(rule)].append(example)
    for position, rule in enumerate(rules):
        mine = owned[id(rule)]
        if not mine:
            raise bad(f"{rule.pattern!r} has no example of its own (add one that it matches)")
        rules[position] = _with(rule, examples=tuple(mine))


def _prose_variant(rule: Rule, asserts: Mapping[str, str]) -> Rule:
    return _with(
        rule,
        id=rule.id + PROSE_SUFFIX,
        field="@prose",
        asserts=MappingProxyType(dict(asserts)),
        certainty=round(min(rule.certainty * PROSE_FACTOR, PROSE_CEILING), 3),
        needs="video",
    )


def _with(rule: Rule, **changes: Any) -> Rule:
    values = {name: getattr(rule, name) for name in Rule.__dataclass_fields__}
    values.update(changes)
    return Rule(**values)
