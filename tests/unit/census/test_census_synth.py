"""``census synth``: deterministic, mostly not cameras, many makers (relabels too), many countries, re-sightings."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import pytest
from tests.unit.census.censusdata import census

from camaudit.census import synth


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, synth.SynthStats]:
    path = tmp_path_factory.mktemp("synth") / "s.json.gz"
    return path, synth.write(path, 6000, seed=7)


def test_same_seed_same_bytes(synthetic: tuple[Path, synth.SynthStats], tmp_path: Path) -> None:
    path, _ = synthetic
    again = tmp_path / "again.json.gz"
    synth.write(again, 6000, seed=7)
    assert gzip.decompress(again.read_bytes()) == gzip.decompress(path.read_bytes())
    other = tmp_path / "other.json"
    synth.write(other, 6000, seed=8)
    assert other.read_bytes() != gzip.decompress(path.read_bytes())


def test_the_mix_looks_like_an_internet_scan(synthetic: tuple[Path, synth.SynthStats], tmp_path: Path) -> None:
    path, stats = synthetic
    banners = [json.loads(line) for line in gzip.decompress(path.read_bytes()).splitlines()]
    assert len(banners) == stats.records == 6000
    assert stats.camera_records < 0.2 * stats.records  # most records are not cameras
    services = Counter((b["ip_str"], b["port"]) for b in banners)
    assert sum(n - 1 for n in services.values()) >= 0.05 * len(banners)  # the same service on several days
    assert len({b["timestamp"][:10] for b in banners}) == synth.DAYS
    assert len({b["location"]["country_code"] for b in banners}) >= 50
    assert all(b["ip_str"].split(".")[0] in {str(n) for n in range(240, 256)} for b in banners)

    summary = census([path], tmp_path / "out", by=("brand", "manufacturer")).summary
    brands = {r["brand"] for r in summary["rows"] if r["brand"]}
    makers = {r["manufacturer"] for r in summary["rows"] if r["manufacturer"]}
    relabelled = {r["brand"] for r in summary["rows"] if r["brand"] and r["manufacturer"]
                  and r["brand"] != r["manufacturer"]}
    assert len(brands | makers) >= 20, sorted(brands | makers)
    assert {"amcrest", "lorex", "intelbras"} <= relabelled


def test_every_maker_of_the_mix_has_banners() -> None:
    cameras, others = synth._templates()
    assert set(synth.MAKERS) <= set(cameras)
    assert len(synth.COUNTRIES) >= 50
    assert others
