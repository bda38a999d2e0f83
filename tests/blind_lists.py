"""What every blind-list bench asks of its list (bench/stream_paths.py, favicon_table.py, web_keywords.py, challenges.py).

A blind list measures camaudit on a public table no rule was written from, so two things must hold for as long as the
list is used: no rule or layer entry cites one of its sources (else its figure measures memory), and no held-out batch
cites one (else the list and a held-out batch share a source, and neither stays independent). Each bench's tests ask
both with the helpers here, and write their invented rows with :func:`write_list`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from camaudit.identify import ruleset
from camaudit.identify.provenance import example_keys, source_keys

DATA = Path(__file__).resolve().parent / "data"


def keys_of(sources: Iterable[str]) -> set[str]:
    """The leave-one-source-out keys of a list's ``source`` locators (a repository, a host, ``notes``)."""
    return {key for source in sources for key in example_keys(source)}


def rules_citing(keys: set[str]) -> list[str]:
    """``"<rule> cites <key>"`` for every packaged rule or layer entry whose source or support has one of ``keys``."""
    return [
        f"{rule.id} cites {key}"
        for rule in ruleset().rules
        for locator in (rule.source, *(loc for loc, _ in rule.supports))
        for key in sorted(source_keys(locator) & keys)
    ]


def held_out_labels_citing(keys: set[str], data: Path = DATA) -> list[str]:
    """``"<labels file>: <key>"`` for every held-out label whose source has one of ``keys`` (labels are read, not the
    held-out replies)."""
    shared = []
    for labels in sorted(data.glob("heldout_*labels.jsonl")):
        for line in labels.read_text(encoding="utf-8").splitlines():
            if line.strip():
                shared += [
                    f"{labels.name}: {key}" for key in sorted(example_keys(str(json.loads(line)["source"])) & keys)
                ]
    return shared


def write_list(
    tmp_path: Path, rows: Iterable[Mapping[str, object]], *, about: str | None = None, source: str | None = None
) -> Path:
    """Rows as a JSON-lines list in ``tmp_path``: an ``_about`` line first when ``about`` is given, and ``source`` put in
    each row that does not set its own."""
    lines = [json.dumps({"_about": about})] if about is not None else []
    lines += [json.dumps({"source": source, **row} if source is not None else dict(row)) for row in rows]
    listed = tmp_path / "list.jsonl"
    listed.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return listed
