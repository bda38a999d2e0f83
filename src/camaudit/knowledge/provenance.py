"""Every fact in the knowledge base must say where a reader can check it, and when someone last did.

An entry's ``source`` must hold at least one *public locator* — an ``https://`` URL, or a repository file
written ``github:OWNER/REPO/PATH@COMMIT`` (commit of 7 to 40 hex digits) — and the entry a
``checked: YYYY-MM-DD`` date (a nested mapping with its own ``source``, such as a CVE's ``cvss``, may
rely on its entry's date). Notes that are not public (``protocols.md``, ``knowledge.md``, the team's
reference drafts) may be named in addition, never alone: a reader cannot open them.

This reads the raw YAML (``loader.read_yaml``: bounded, safe, dates left as text) rather than the typed
models, so that it judges exactly what is on disk, and it names each problem by file and entry.
``camaudit rules test`` and the test suite run it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from camaudit.knowledge.loader import KnowledgeError, read_yaml

#: An https URL with a host, or a repository file at a commit.
LOCATOR = re.compile(
    r"https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?:[/?#][^\s,;)\"']*)?"
    r"|github:[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/[^\s@,;]+@[0-9a-f]{7,40}\b"
)
#: Files every source must not lean on alone: the team's notes, which are not published.
INTERNAL = re.compile(r"\b(?:protocols\.md|knowledge\.md|knowledge-draft\.yaml|peers\.md)\b")

#: Per file (glob under the data folder), the lists whose every entry is a fact needing source + checked.
ENTRY_LISTS: Mapping[str, tuple[tuple[str, ...], ...]] = {
    "vendors.yaml": (("vendors",),),
    "oems.yaml": (("oems",),),
    "regimes.yaml": (("regimes",), ("regimes", "*", "members")),
    "cves.yaml": (("cves",),),
    "clouds.yaml": (("clouds",),),
    "catalogues.yaml": (("catalogues",),),
    "firmware_certificates.yaml": (("certificates",),),
    "default_credentials.yaml": (("defaults",),),
    "rules/*.yaml": (("rules",),),
    # Identification layers (lexicon, model grammars, device words ...) and firmware grammars.
    "layers/*.yaml": (("entries",),),
    "firmware.yaml": (("grammars",),),
}


@dataclass(frozen=True, slots=True)
class ProvenanceProblem:
    """One entry whose source a reader could not follow."""

    file: str
    entry: str
    problem: str

    def __str__(self) -> str:
        return f"{self.file}: {self.entry}: {self.problem}"


def public_locators(source: str) -> list[str]:
    """The public locators in a source text."""
    return LOCATOR.findall(source)


def _name(entry: Mapping[str, Any], index: int) -> str:
    for key in ("id", "vendor", "brand", "name"):
        if isinstance(entry.get(key), str):
            extra = f"->{entry['manufacturer']}" if key == "brand" and "manufacturer" in entry else ""
            return f"{entry[key]}{extra}"
    return f"#{index + 1}"


def _entries(doc: Any, path: tuple[str, ...], where: str = "") -> Iterator[tuple[str, Any]]:
    """The items of the list at ``path`` (``*`` walks every item of a list), named for messages."""
    if not path:
        if isinstance(doc, list):
            for i, item in enumerate(doc):
                name = _name(item, i) if isinstance(item, Mapping) else f"#{i + 1}"
                yield (f"{where} {name}".strip(), item)
        return
    head, rest = path[0], path[1:]
    if head == "*" and isinstance(doc, list):
        for i, item in enumerate(doc):
            name = _name(item, i) if isinstance(item, Mapping) else f"#{i + 1}"
            yield from _entries(item, rest, f"{where} {name}".strip())
    elif isinstance(doc, Mapping) and head in doc:
        yield from _entries(doc[head], rest, where)


def _check_date(value: Any, today: dt.date) -> str | None:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date | str):
        return "'checked' must be a date YYYY-MM-DD"
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return f"'checked' must be a date YYYY-MM-DD, not {value!r}"
    if value > today:
        return f"'checked' {value.isoformat()} is in the future"
    return None


def check_source(source: Any) -> str | None:
    """Why ``source`` does not let a reader check the fact, or ``None`` when it does."""
    if not isinstance(source, str) or not source.strip():
        return "no 'source'"
    if not public_locators(source):
        internal = INTERNAL.search(source)
        if internal:
            return f"source names only notes a reader cannot open ({internal.group(0)}): add a public locator"
        return "source has no public locator (an https:// URL or github:OWNER/REPO/PATH@COMMIT)"
    return None


def _nested_sources(node: Any, trail: str) -> Iterator[tuple[str, Any]]:
    """Every mapping below ``node`` that has its own ``source`` (a CVE's cvss, a KEV report ...)."""
    if isinstance(node, Mapping):
        for key, value in node.items():
            if isinstance(value, Mapping) and "source" in value:
                yield (f"{trail}.{key}", value["source"])
            yield from _nested_sources(value, f"{trail}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _nested_sources(value, f"{trail}[{i}]")


def check_file(path: Path, lists: tuple[tuple[str, ...], ...], today: dt.date | None = None) -> list[ProvenanceProblem]:
    """Problems with the provenance of the entries of one knowledge file."""
    today = today or dt.date.today()
    name = path.name if path.parent.name not in ("rules", "layers") else f"{path.parent.name}/{path.name}"
    try:
        doc = read_yaml(path)
    except KnowledgeError as exc:
        return [ProvenanceProblem(name, "-", f"cannot read: {exc.problem}")]
    problems: list[ProvenanceProblem] = []
    for list_path in lists:
        for entry_name, entry in _entries(doc, list_path):
            if not isinstance(entry, Mapping):
                continue
            why = check_source(entry.get("source"))
            if why:
                problems.append(ProvenanceProblem(name, entry_name, why))
            if "checked" not in entry:
                problems.append(ProvenanceProblem(name, entry_name, "no 'checked: YYYY-MM-DD' date"))
            elif (bad := _check_date(entry["checked"], today)) is not None:
                problems.append(ProvenanceProblem(name, entry_name, bad))
            for trail, source in _nested_sources({k: v for k, v in entry.items() if k != "members"}, entry_name):
                if (why := check_source(source)) is not None:
                    problems.append(ProvenanceProblem(name, trail, why))
    return problems


def check_tsv(path: Path) -> list[ProvenanceProblem]:
    """The OUI supplement: each row's source column needs a public locator, the header a checked date."""
    problems: list[ProvenanceProblem] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    if not any(re.match(r"#\s*checked:\s*\d{4}-\d\d-\d\d\b", line) for line in lines):
        problems.append(ProvenanceProblem(path.name, "header", "no '# checked: YYYY-MM-DD' line"))
    rows = [line for line in lines if line.strip() and not line.startswith("#")]
    for line in rows[1:]:  # the first is the column header
        cells = line.split("\t")
        if (why := check_source(cells[3] if len(cells) > 3 else "")) is not None:
            problems.append(ProvenanceProblem(path.name, cells[0], why))
    return problems


def provenance_problems(data_dir: Path, today: dt.date | None = None) -> list[ProvenanceProblem]:
    """Every provenance problem in the knowledge folder ``data_dir``."""
    problems: list[ProvenanceProblem] = []
    for pattern, lists in ENTRY_LISTS.items():
        for path in sorted(data_dir.glob(pattern)):
            problems.extend(check_file(path, lists, today))
    supplement = data_dir / "oui_supplement.tsv"
    if supplement.exists():
        problems.extend(check_tsv(supplement))
    return problems
