"""Hostile records through each importer and ``identify``: one answer per record, no exception, bounded time.

Real fixture records of every JSON format (Shodan, Censys, zgrab2, masscan, camaudit JSONL) are taken as
templates; Hypothesis replaces their string values with random and adversarial text (lone surrogate
escapes, control characters, NULs, bidirectional overrides, huge repetitions of what the rules look
for) and the result goes through ``camaudit.cli.identify.run``, the loop the ``identify`` command runs.
"""

from __future__ import annotations

import io
import json
import time
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.load import check_time

from camaudit.cli.identify import run
from camaudit.identify import EvidenceLedger, ruleset
from camaudit.identify.rules import PATHOLOGICAL_INPUTS
from camaudit.importers import FORMATS

DATA = Path(__file__).resolve().parents[2] / "data" / "importers"
#: Seconds for one hostile record, read, identified and written, on a loaded 2-core machine.
TIME_BOUND = 5.0

_EXAMPLES = [e.value for r in ruleset().rules for e in r.examples]
_NASTY = ["\x00", "\u202e", "\ud800", "\x1b[2J", "\r\n\r\n", "<title>", "<title", 'realm="', "\ufeff", "\x1c"]


def _templates(name: str) -> list[Any]:
    """The first three well-formed records of a fixture (some fixtures hold broken lines on purpose)."""
    text = (DATA / name).read_text(encoding="utf-8")
    found: list[Any] = []
    for line in text.splitlines():
        try:
            found.append(json.loads(line))
        except ValueError:
            continue
    return [r for r in found if isinstance(r, dict)][:3]


TEMPLATES = [
    ("shodan", _templates("shodan_banners.jsonl")),
    ("censys", _templates("censys_hosts.jsonl")),
    ("zgrab2", _templates("zgrab2_results.jsonl")),
    ("masscan", _templates("masscan_oD.ndjson")),
    ("jsonl", _templates("observations.jsonl")),
]
@pytest.fixture(scope="module", autouse=True)
def _rule_databases_compiled() -> None:
    """Compile every field's rule database before any timing: ``run`` does it on its first call (seconds on a
    loaded machine, once per process), which is not the cost of a hostile record. Under load the first timed
    test of a worker spent 6-18 s there and once passed its 15 s bound."""
    EvidenceLedger().prepare()


#: Values left alone so the record still reaches identification (addresses, ports, format markers).
_KEEP = {"ip", "ip_str", "port", "transport", "protocol", "source", "status", "seen_at", "timestamp"}


def _hostile() -> st.SearchStrategy[str]:
    plain = st.text(st.characters(exclude_categories=[]), max_size=100)  # surrogates included
    mixed = st.lists(st.one_of(st.sampled_from(_NASTY), st.sampled_from(_EXAMPLES), plain), max_size=20).map("".join)
    repeated = st.tuples(st.one_of(st.sampled_from(_NASTY), st.sampled_from(_EXAMPLES)), st.integers(1, 30_000)).map(
        lambda pair: (pair[0] * pair[1])[:100_000]
    )
    return st.one_of(plain, mixed, repeated)


def _replace(value: Any, draw: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _replace(v, draw, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace(v, draw, key) for v in value]
    if isinstance(value, str) and key not in _KEEP:
        return draw(_hostile())
    return value


@pytest.mark.parametrize(("fmt", "templates"), TEMPLATES, ids=[t[0] for t in TEMPLATES])
@pytest.mark.example_seconds(TIME_BOUND * 3)  # its own bound: TIME_BOUND a record, three records a template
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_hostile_records_get_one_answer_each(fmt: str, templates: list[Any], data: st.DataObject) -> None:
    records = [_replace(t, data.draw) for t in templates]
    # ensure_ascii: lone surrogates travel as \ud800 escapes, as a hostile file would carry them.
    source = b"".join(json.dumps(r, ensure_ascii=True).encode() + b"\n" for r in records)
    out = io.BytesIO()
    started = time.perf_counter()
    summary = run(FORMATS[fmt](io.BytesIO(source)), out)
    spent = time.perf_counter() - started
    lines = out.getvalue().splitlines()
    assert summary.records == len(lines) >= 1
    for line in lines:
        answer = orjson.loads(line)
        assert set(answer) >= {"ip", "port", "device_type", "manufacturer", "evidence"}
    check_time(spent, TIME_BOUND * len(records), f"{fmt}: {len(records)} hostile records")


#: Deep repetitions of what parsers and rules look for, each in every string of a record at once.
REPEATED = [
    "<title>" * 12_000,
    "<title" * 12_000,
    "</title>" * 12_000,
    'realm="' * 12_000,
    "HTTP/1.1 200 OK\r\n" + "Server: x\r\n" * 8_000,
    "CN=" * 30_000,
    *PATHOLOGICAL_INPUTS,
]


@pytest.mark.parametrize(("fmt", "templates"), TEMPLATES, ids=[t[0] for t in TEMPLATES])
@pytest.mark.parametrize("text", REPEATED, ids=[f"{t[:10]!r}x{len(t)}" for t in REPEATED])
def test_deep_repetition_in_every_string_is_read_in_bounded_time(fmt: str, templates: list[Any], text: str) -> None:
    records = [_replace(t, lambda _strategy: text) for t in templates]
    source = b"".join(orjson.dumps(r) + b"\n" for r in records)
    started = time.perf_counter()
    summary = run(FORMATS[fmt](io.BytesIO(source)), io.BytesIO())
    spent = time.perf_counter() - started
    assert summary.records >= 1
    check_time(spent, TIME_BOUND * len(records), f"{fmt}: {len(records)} hostile records")
