"""bench/models.py scores model-number grammars on labelled lists of model numbers.

The numbers are real ones of tests/data/devmodels.jsonl (a public camera-model dataset, nmap's fingerprints); the
labels given below to test the scoring -- a Hikvision number labelled Dahua -- are written for the test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.bench_module import bench_module

ROOT = Path(__file__).resolve().parents[1].parent


models = bench_module("models")


def _label(model: str, maker: str | None, *, video: bool = True, ptz: bool = False) -> dict[str, Any]:
    return {"model": model, "maker": maker, "video": video, "type": "camera" if video else None, "ptz": ptz,
            "source": "written for the test"}


def test_a_makers_number_names_it_and_its_class() -> None:
    report = models.measure([_label("DS-2DE5230W-AE", "hikvision", ptz=True)])
    alone = report.alone["hikvision"]
    assert (alone.total, alone.maker, alone.wrong, alone.video, alone.typed) == (1, 1, 0, 1, 1)
    assert (alone.ptz_total, alone.ptz) == (1, 1)


def test_another_maker_named_counts_wrong_and_is_listed() -> None:
    report = models.measure([_label("DS-2CD7254F-EIZH", "dahua")])
    assert report.alone["dahua"].wrong == 1
    assert report.alone["dahua"].maker == 0
    assert "hikvision" in report.alone["dahua"].wrong_lines[0]


def test_a_number_nothing_reads_is_a_miss_not_a_wrong_maker() -> None:
    report = models.measure([_label("NC-D320-WHI2", "idis")])
    assert report.alone["idis"].missed == ["NC-D320-WHI2"]
    assert report.alone["idis"].wrong == 0


def test_a_switch_is_not_taken_for_a_camera() -> None:
    report = models.measure([_label("DGS-1224T", "d-link", video=False)])
    assert report.counter_video == []
    assert report.counter["d-link"].total == 1


@pytest.mark.parametrize("corpus", ["devmodels.jsonl", "devmodels_blind.jsonl", "devmodels_blind2.jsonl"])
def test_the_corpus_labels_every_number_with_its_list(corpus: str) -> None:
    rows = models.load(models.CORPUS.parent / corpus)
    assert len(rows) >= 300
    assert len({row["model"] for row in rows}) == len(rows)
    for row in rows:
        assert row["source"].strip(), row
        assert isinstance(row["video"], bool), row
        assert row["video"] == (row["type"] is not None), row
    # ZoneMinder's model table is a held-out batch's source: none of its numbers may enter a development list.
    assert not any("zoneminder" in json.dumps(row).lower() for row in rows)
