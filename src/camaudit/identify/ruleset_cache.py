"""An on-disk cache of the packaged rules as loaded and checked, so a command does not read, validate and
ReDoS-check every rule and layer file each time it starts (about 0.8 s of a one-device scan's start-up).

The entry lives in the same directory as the compiled matcher databases (:mod:`camaudit.identify.db_cache`,
which stores bytes with a magic, the key and a SHA-256, and rewrites anything that fails them). Its key
hashes everything the loaded rules depend on: the bytes of every file of the knowledge data (rules, layers,
vendors, fields), of every module of the package that reads them, and the Python version (whose ``re``
compiles the patterns). A changed rule file is a new key, so the old entry is simply never asked for.

Nothing read back is trusted: the body must be JSON of exactly the shape :func:`encode` writes, with every
value of the type its field holds, and every pattern must compile to the flags recorded with it; anything
else (cut short, another version's layout, a foreign file) means the rules are loaded from the files again
and the entry is rewritten. Patterns are compiled again on every start (a compiled ``re`` pattern cannot be
stored); what is saved is the YAML, the schema checks, the static backtracking check and the example
matching that loading does.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from types import MappingProxyType
from typing import Any

from camaudit.identify import db_cache
from camaudit.identify.rules import Example, Rule

#: Part of every key: a new layout of the body gets a new format name.
FORMAT = b"camaudit-ruleset-3"
PACKAGE_DIR = Path(__file__).resolve().parents[1]
#: Longest body written or read back (the packaged rules need about 2 MB).
MAX_BODY_BYTES = db_cache.MAX_ENTRY_BYTES

_KEYS = frozenset(
    {"id", "field", "pattern", "flags", "regex_flags", "asserts", "certainty", "source", "examples",
     "counter_examples", "file", "literal", "literal_folded", "needs", "supports", "ports", "requires", "sign_of",
     "replies", "counter_replies"}
)


def package_inputs(package: Path = PACKAGE_DIR) -> list[Path]:
    """Every file the packaged rule set is built from: the knowledge data and the package's modules."""
    data = [p for p in (package / "knowledge" / "data").rglob("*") if p.is_file()]
    code = list(package.rglob("*.py"))
    return sorted(data + code)


def key(inputs: Iterable[Path], root: Path) -> str | None:
    """The cache key of the rules built from ``inputs`` (names relative to ``root``), or None when one of
    them cannot be read (then nothing is cached)."""
    parts = [FORMAT, sys.version.encode()]
    for path in inputs:
        try:
            body = path.read_bytes()
        except OSError:
            return None
        parts += [path.relative_to(root).as_posix().encode(), hashlib.sha256(body).digest()]
    return db_cache.key(parts)


def encode(rules: Iterable[Rule]) -> bytes:
    """The rules as JSON: every field of :class:`Rule`, the regex as its flags (the pattern is a field)."""
    out = [
        {
            "id": r.id, "field": r.field, "pattern": r.pattern, "flags": list(r.flags), "regex_flags": r.regex.flags,
            "asserts": dict(r.asserts), "certainty": r.certainty, "source": r.source,
            "examples": [[e.value, dict(e.expect)] for e in r.examples],
            "counter_examples": list(r.counter_examples), "file": r.file, "literal": r.literal,
            "literal_folded": r.literal_folded, "needs": r.needs, "supports": [list(s) for s in r.supports],
            "ports": sorted(r.ports), "requires": list(r.requires), "sign_of": r.sign_of,
            "replies": [dict(x) for x in r.replies], "counter_replies": [dict(x) for x in r.counter_replies],
        }
        for r in rules
    ]
    return json.dumps(out, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode(body: bytes) -> tuple[Rule, ...] | None:
    """The rules in ``body``, or None when it is not exactly what :func:`encode` writes."""
    if len(body) > MAX_BODY_BYTES:
        return None
    try:
        raw = json.loads(body.decode("utf-8"))
        if not isinstance(raw, list):
            return None
        return tuple(_rule(item) for item in raw)
    except (ValueError, TypeError, KeyError, re.error, RecursionError):
        return None


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not a string")
    return value


def _strs(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise TypeError("not a list")
    return tuple(_str(v) for v in value)


def _str_map(value: Any) -> MappingProxyType[str, str]:
    if not isinstance(value, dict):
        raise TypeError("not a mapping")
    return MappingProxyType({_str(k): _str(v) for k, v in value.items()})


def _optional_str(value: Any) -> str | None:
    return None if value is None else _str(value)


def _rule(item: Any) -> Rule:
    if not isinstance(item, dict) or set(item) != _KEYS:
        raise KeyError("not a rule")
    flags, certainty, folded = item["regex_flags"], item["certainty"], item["literal_folded"]
    if type(flags) is not int or type(certainty) is not float or type(folded) is not bool:
        raise TypeError("not a number or a flag")
    pattern = _str(item["pattern"])
    regex = re.compile(pattern, flags)
    if regex.flags != flags:
        raise ValueError("flags differ")
    examples, supports = item["examples"], item["supports"]
    if not isinstance(examples, list) or not isinstance(supports, list):
        raise TypeError("not a list")
    return Rule(
        id=_str(item["id"]),
        field=_str(item["field"]),
        pattern=pattern,
        flags=_strs(item["flags"]),
        asserts=_str_map(item["asserts"]),
        certainty=certainty,
        source=_str(item["source"]),
        examples=tuple(_example(e) for e in examples),
        counter_examples=_strs(item["counter_examples"]),
        file=_str(item["file"]),
        regex=regex,
        literal=_optional_str(item["literal"]),
        literal_folded=folded,
        needs=_optional_str(item["needs"]),
        supports=tuple(_pair(s) for s in supports),
        ports=_ports(item["ports"]),
        requires=_strs(item["requires"]),
        sign_of=_optional_str(item["sign_of"]),
        replies=_replies(item["replies"]),
        counter_replies=_replies(item["counter_replies"]),
    )


def _replies(value: Any) -> tuple[MappingProxyType[str, str], ...]:
    if not isinstance(value, list):
        raise TypeError("not a list")
    return tuple(_str_map(v) for v in value)


def _ports(value: Any) -> frozenset[int]:
    if not isinstance(value, list) or not all(type(p) is int for p in value):
        raise TypeError("not a list of ports")
    return frozenset(value)


def _example(value: Any) -> Example:
    if not isinstance(value, list) or len(value) != 2:
        raise TypeError("not an example")
    return Example(_str(value[0]), _str_map(value[1]))


def _pair(value: Any) -> tuple[str, str]:
    pair = _strs(value)
    if len(pair) != 2:
        raise TypeError("not a pair")
    return pair[0], pair[1]


def cached_rules(load: Callable[[], tuple[Rule, ...]], inputs: Iterable[Path], root: Path) -> tuple[Rule, ...]:
    """The rules ``load`` builds from ``inputs``: read back from the cache when an intact entry for exactly
    these inputs is there, else loaded (errors and all) and stored for the next start."""
    entry = key(inputs, root)
    if entry is not None:
        body = db_cache.read(entry)
        rules = decode(body) if body is not None else None
        if rules is not None:
            return rules
    rules = load()
    if entry is not None:
        body = encode(rules)
        if len(body) <= MAX_BODY_BYTES:
            db_cache.write(entry, body)
    return rules
