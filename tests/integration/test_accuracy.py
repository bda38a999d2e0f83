"""Accuracy targets of ``camaudit identify --format shodan`` on the labelled Shodan corpora.

Both corpora run through the same code path as the CLI (``bench/accuracy.py``): the sample corpus
(built from the rules' own sources: a consistency check) and the hold-out corpus (public real-world
strings, mostly not used as rule examples; see the ``source`` of each label).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


def _bench():
    spec = importlib.util.spec_from_file_location("camaudit_bench_accuracy", ROOT / "bench" / "accuracy.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


accuracy = _bench()


@pytest.mark.parametrize("name", ["shodan_sample.jsonl", "shodan_holdout.jsonl"])
def test_accuracy_targets(name: str) -> None:
    result = accuracy.measure(DATA / name)
    report = "\n".join(result.lines())
    assert result.video_total >= 100 and result.other_total >= 100, report
    assert result.maker_rate >= accuracy.MAKER_TARGET, report
    assert result.video_rate >= accuracy.VIDEO_TARGET, report
    assert result.false_claim_rate <= accuracy.FALSE_CLAIM_TARGET, report


def test_labels_cover_every_record() -> None:
    for name in ("shodan_sample.jsonl", "shodan_holdout.jsonl"):
        corpus = DATA / name
        records = [line for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
        labels = accuracy.load_labels(accuracy.labels_path(corpus))
        assert sorted(labels) == list(range(1, len(records) + 1)), name


def test_holdout_uses_documentation_addresses_only() -> None:
    import ipaddress
    import json

    nets = [ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24")]
    for line in (DATA / "shodan_holdout.jsonl").read_text(encoding="utf-8").splitlines():
        address = ipaddress.ip_address(json.loads(line)["ip_str"])
        assert any(address in net for net in nets), address
