"""The texts the held-out boundary is checked on (bench/heldout_content.py): every record of the held-out corpora and
replay devices, and every development text -- corpora, importer fixtures, documents, rule and layer examples, lab and
replay profiles, and the literals of the repository's Python modules -- each with the source keys of where it was
collected from.

A labelled corpus's record holds every string of its JSON line and what its importer reads of it (the fields an
importer builds join what a format keeps apart: a certificate's subject parts, an XML host's script output). Keys that
say where a text came from (``source``, ``note``; a profile's ``name``, ``description``, ``expect``) are left out: they
are no device's words.
"""

from __future__ import annotations

import ast
import gzip
import json
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

import yaml
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as DefusedET

if TYPE_CHECKING:
    from camaudit.identify import Rule

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
REPLAY = ROOT / "src" / "camaudit" / "lab" / "replay"
#: The largest file read, held-out or development: the biggest corpus is a few hundred KiB.
MAX_FILE_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class Record:
    """One text to compare: where it is (``<file> line <n>``, a profile's name ...), the source keys of where it was
    collected from (its label's or profile's source; a record naming none has a key of its own), and its texts."""

    where: str
    keys: frozenset[str]
    texts: tuple[str, ...]



#: Keys of a record or profile that say where it came from, not what the device said: left out.
_ABOUT_KEYS = frozenset({"source", "note", "checked", "independent"})
#: Top-level keys of a lab or replay profile that describe it rather than hold what the device answers.
_PROFILE_ABOUT = frozenset({*_ABOUT_KEYS, "name", "description", "expect", "heldout", "seen_before", "mac"})


def strings(value: Any, about: frozenset[str] = _ABOUT_KEYS) -> Iterator[str]:
    """Every string inside a parsed JSON or YAML value, but those under the keys ``about`` (mapping keys left out too:
    they are the format's, not the reply's)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if key not in about:
                yield from strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings(item)


def _keys_of(source: str, fallback: str) -> frozenset[str]:
    from camaudit.identify.provenance import NOTES, example_keys

    keys = example_keys(source) - {NOTES}
    return frozenset(keys) if keys else frozenset({f"unnamed:{fallback}"})


def is_held_out_place(relative: str | PurePath) -> bool:
    """Whether a file, given by its path under ``tests/data``, holds held-out records: a ``heldout_*`` file, or any
    file in a ``heldout_*`` folder (heldout_formats/ holds the held-out replies in every importer's format). The one
    definition of the boundary's files: bench/source_check.py asks it of labels' places too."""
    return any(part.startswith("heldout_") for part in PurePath(relative).parts)


def is_held_out_file(path: Path, data: Path = DATA) -> bool:
    """Whether a file under ``data`` holds held-out records (:func:`is_held_out_place`)."""
    return is_held_out_place(path.relative_to(data))


def _labels(path: Path) -> dict[int, str]:
    """Each labelled line's source, from the corpus's labels file (empty when it has none)."""
    labels = path.with_name(path.name.removesuffix(path.suffix) + ".labels.jsonl")
    if not labels.is_file() or labels.stat().st_size > MAX_FILE_BYTES:
        return {}
    out: dict[int, str] = {}
    for number, line in enumerate(labels.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            label = json.loads(line)
            out[int(label.get("line", number))] = str(label.get("source") or "")
    return out


def _xml_texts(text: str) -> tuple[str, ...]:
    """The text nodes and attribute values of an XML document (the element and attribute names are the format's);
    the whole text when it does not parse (a truncated or hostile file)."""
    try:
        root = DefusedET.fromstring(text)
    except (DefusedET.ParseError, DefusedXmlException, ValueError):
        return (text,)
    texts: list[str] = []
    for element in root.iter():
        texts += [value for value in (element.text, element.tail) if value and value.strip()]
        texts += list(element.attrib.values())
    return tuple(texts)


def _file_bytes(path: Path) -> bytes:
    """A file's first :data:`MAX_FILE_BYTES` bytes; a gzip file's, decompressed (no more than that read out of it)."""
    if path.suffix == ".gz":
        try:
            with gzip.open(path) as unpacked:
                return unpacked.read(MAX_FILE_BYTES)
        except (OSError, EOFError):
            pass
    return path.read_bytes()[:MAX_FILE_BYTES]


def file_texts(path: Path) -> tuple[str, ...]:
    """What one whole file says: every string of a JSON document, the texts of an XML one, else its text (a gzip
    file by what it holds: ``x.json.gz`` as JSON)."""
    text = _file_bytes(path).decode("utf-8", "replace")
    suffix = Path(path.stem).suffix if path.suffix == ".gz" else path.suffix
    if suffix == ".json":
        try:
            return tuple(strings(json.loads(text)))
        except (ValueError, RecursionError):
            return (text,)
    if suffix == ".xml":
        return _xml_texts(text)
    return (text,)


def corpus_format(corpus: Path, given: str | None = None) -> str:
    """The importer a corpus is read with, first clue first: ``given``; a ``<corpus>.format`` sidecar holding the name;
    a format name just before the last suffix (``cams.zgrab2.jsonl``); ``.xml`` (nmap); else Shodan."""
    from camaudit.importers import FORMATS

    if given:
        return given
    sidecar = corpus.with_name(corpus.name + ".format")
    if sidecar.is_file():
        return sidecar.read_text(encoding="utf-8").strip()
    parts = corpus.name.split(".")
    if len(parts) >= 3 and parts[-2] in FORMATS:
        return parts[-2]
    return "nmap" if corpus.suffix == ".xml" else "shodan"


def _imported(path: Path) -> dict[int, tuple[str, ...]]:
    """What the importer reads of each record of a labelled corpus (its position -> the bytes and field values): the
    fields it builds join what a format keeps apart (a certificate's subject parts, an XML host's script output)."""
    from camaudit.importers import FORMATS

    with path.open("rb") as source:
        records = list(FORMATS[corpus_format(path)](source))
    return {
        record.position: tuple(
            [seen.raw.decode("utf-8", "replace") for seen in record.observations]
            + [value for seen in record.observations for value in seen.fields.values()])
        for record in records if record.ok
    }


def corpus_records(path: Path, data: Path = DATA) -> list[Record]:
    """The records of one file under ``data``, each with its label's source keys: a labelled corpus's records as its
    importer numbers them (every string of a JSON line, and what the importer read of it); one record per line of
    another JSON-lines file; else the whole file as one record (:func:`file_texts`)."""
    if path.stat().st_size > MAX_FILE_BYTES:
        return []
    name = str(path.relative_to(data))
    sources = _labels(path)
    imported = _imported(path) if sources else {}
    if not path.name.endswith((".jsonl", ".ndjson")):
        if imported:
            return [Record(f"{name} record {number}", _keys_of(sources.get(number, ""), name), texts)
                    for number, texts in sorted(imported.items())]
        return [Record(name, _keys_of(" ".join(sources.values()), name), file_texts(path))]
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        try:
            texts = tuple(strings(json.loads(line)))
        except (ValueError, RecursionError):
            texts = (line,)
        where = f"{name} line {number}"
        records.append(Record(where, _keys_of(sources.get(number, ""), where), texts + imported.get(number, ())))
    return records


def corpus_files(data: Path = DATA) -> list[Path]:
    """Every corpus-like file under ``data``: not a labels file, a format sidecar or a binary."""
    return sorted(
        path for path in data.rglob("*")
        if path.is_file() and not path.name.endswith((".labels.jsonl", ".format"))
        and path.suffix in (".jsonl", ".ndjson", ".json", ".xml", ".txt", ".csv", ".html", ".pem", ".yaml", ".gz")
    )


def profile_record(path: Path, base: Path) -> tuple[Record, bool] | None:
    """A lab or replay profile as one record (every string in it), and whether it is a held-out replay device."""
    if path.stat().st_size > MAX_FILE_BYTES:
        return None
    profile = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    if not isinstance(profile, dict):
        return None
    where = f"{path.parent.name}/{path.name}" if path.parent != base else path.name
    source = str(profile.get("source") or "")
    texts = tuple(strings(profile, _PROFILE_ABOUT))
    return Record(where, _keys_of(source, where), texts), profile.get("heldout") is True


def held_out_records(data: Path = DATA, replay: Path = REPLAY, leave_out: Collection[Path] = ()) -> list[Record]:
    """Every held-out record: the held-out corpora under ``data`` and the held-out replay profiles in ``replay``, but
    the files of ``leave_out`` (resolved paths)."""
    records = [
        r for path in corpus_files(data)
        if is_held_out_file(path, data) and path.resolve() not in leave_out for r in corpus_records(path, data)
    ]
    for path in sorted(replay.glob("*.yaml")):
        found = profile_record(path, replay)
        if found and found[1]:
            records.append(found[0])
    return records


LAB = ROOT / "src" / "camaudit" / "lab" / "profiles"
#: Files of a lab profile's folder that hold what a device answers (the rest -- icons -- are bytes).
_PROFILE_TEXTS = (".yaml", ".html", ".xml", ".json", ".asp", ".txt", ".js", ".cgi")


def rule_texts(rule: Rule) -> tuple[str, ...]:
    """What a rule or layer entry holds of devices' text: its examples, counter-examples, the strings its supporting
    sources show, and the whole replies it must and must not fire on."""
    texts = [example.value for example in rule.examples]
    texts += list(rule.counter_examples)
    texts += [shown for _locator, shown in rule.supports]
    texts += [value for reply in (*rule.replies, *rule.counter_replies) for value in reply.values()]
    return tuple(texts)


def rule_records(rules: Iterable[Rule] | None = None, *, by_id: bool = False) -> list[Record]:
    """Every rule and layer entry (the packaged knowledge's by default) that holds text, as one record placed at
    "<file> <id>" (or at its id alone, ``by_id``), keyed by its source's keys."""
    from camaudit.identify import ruleset
    from camaudit.identify.provenance import source_keys

    records = []
    for rule in ruleset().rules if rules is None else rules:
        texts = rule_texts(rule)
        if texts:
            where = rule.id if by_id else f"{Path(rule.file).name} {rule.id}"
            records.append(Record(where, frozenset(source_keys(rule.source)) or frozenset({where}), texts))
    return records


def lab_records(lab: Path = LAB, replay: Path = REPLAY) -> list[Record]:
    """The lab's device profiles (each file of a profile's folder one record) and the replay profiles that are not
    held-out."""
    records = []
    for path in sorted(lab.rglob("*")):
        if not path.is_file() or path.suffix not in _PROFILE_TEXTS or path.stat().st_size > MAX_FILE_BYTES:
            continue
        where = f"lab/{path.relative_to(lab)}"
        if path.suffix == ".yaml":
            found = profile_record(path, lab)
            if found:
                records.append(Record(where, found[0].keys, found[0].texts))
        else:
            records.append(Record(where, frozenset({where}), file_texts(path)))
    for path in sorted(replay.glob("*.yaml")):
        found = profile_record(path, replay)
        if found and not found[1]:
            records.append(Record(f"replay/{path.name}", found[0].keys, found[0].texts))
    return records


#: The folders whose Python modules may hold device text as literals: tests that embed replies, bench scripts that
#: build them, the lab's and the package's own code.
MODULE_ROOTS = ("tests", "bench", "scripts", "src/camaudit")


def module_text(path: Path) -> str:
    """Every string and bytes literal of a Python module, in source order, one a line (an f-string's literal parts;
    bytes read as UTF-8): a reply pasted into a test as a literal, or cut into several and joined, reads as one text.
    The whole text when the module does not parse."""
    source = path.read_bytes()[:MAX_FILE_BYTES].decode("utf-8", "replace")
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError):
        return source
    literals = [
        node for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str | bytes)
    ]
    literals.sort(key=lambda node: (node.lineno, node.col_offset))
    return "\n".join(
        node.value.decode("utf-8", "replace") if isinstance(node.value, bytes) else node.value for node in literals
    )


def module_records(root: Path = ROOT, folders: Iterable[str] = MODULE_ROOTS) -> list[Record]:
    """Each Python module under ``folders`` of ``root`` as one record of its literals (:func:`module_text`)."""
    records = []
    for folder in folders:
        for path in sorted((root / folder).rglob("*.py")):
            if path.stat().st_size <= MAX_FILE_BYTES:
                where = str(path.relative_to(root))
                records.append(Record(where, frozenset({f"unnamed:{where}"}), (module_text(path),)))
    return records


def development_records(data: Path = DATA) -> list[Record]:
    """Every record under ``data`` that is not held-out: the development corpora, importer fixtures, documents."""
    return [r for path in corpus_files(data) if not is_held_out_file(path, data) for r in corpus_records(path, data)]
