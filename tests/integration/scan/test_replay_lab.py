"""Scan the replay lab live (recorded real replies on loopback) and check what a user would see.

Each replay profile serves bytes another project recorded from a real device and published (its
``source``). The figures that count are leave-one-source-out: every rule sharing a source with the
device's profile is removed before that device is identified (``bench/replay.py``).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

from camaudit.knowledge.provenance import check_source
from camaudit.lab.profile import load_profiles

ROOT = Path(__file__).resolve().parents[3]
BASE = "127.79.0.1"


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("camaudit_bench_replay", ROOT / "bench" / "replay.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


replay = _bench()


@pytest.fixture(scope="module")
def rows() -> list[Any]:
    return replay.scan_replay_lab(BASE)


def test_every_replay_profile_cites_where_its_bytes_come_from() -> None:
    profiles = load_profiles(None, replay.REPLAY_DIR)
    assert len(profiles) >= 18
    for profile in profiles:
        assert check_source(profile.source) is None, f"{profile.name}: {check_source(profile.source)}"
        assert profile.checked is not None, f"{profile.name}: no 'checked' date"
    assert sum(not p.expect.device_type or p.expect.device_type == "not_camera" for p in profiles) >= 4


def test_replay_lab_leave_one_source_out(rows: list[Any]) -> None:
    loso = replay.score(rows, loso=True)
    report = "\n".join(loso.lines() + loso.misses)
    assert loso.video_total >= 14 and loso.maker_total >= 12 and loso.other_total >= 4, report
    assert loso.maker_rate >= replay.MAKER_TARGET, report
    assert loso.video_rate >= replay.VIDEO_TARGET, report
    assert loso.false_claims == 0, report


def test_replay_lab_names_who_made_relabelled_and_self_reporting_devices(rows: list[Any]) -> None:
    by_name = {row.name: row.in_sample for row in rows}
    amcrest = by_name["replay-amcrest-motion"]
    assert amcrest.manufacturer == "dahua"
    evercam = by_name["replay-hikvision-onvif-evercam"]
    assert (evercam.manufacturer, evercam.model) == ("hikvision", "DS-2DF7286-A")
    ipcam = by_name["replay-ipcam-onvif-homeassistant"]
    assert ipcam.is_video_device and ipcam.manufacturer is None
