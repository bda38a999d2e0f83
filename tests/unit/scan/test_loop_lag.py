"""The event loop's lag monitor: a held loop is measured, with what ran meanwhile, and only when asked for."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import pytest

from camaudit.scan import loop_lag


def test_a_callback_that_holds_the_loop_is_measured_with_the_work_that_ran_meanwhile() -> None:
    def holds_the_loop() -> None:
        with loop_lag.busy("trim"):
            time.sleep(0.3)  # what a blocking call in the loop's thread does to every timer

    async def run() -> dict[str, Any]:
        monitor = loop_lag.LoopLag()
        monitor.start()
        await asyncio.sleep(0.05)
        asyncio.get_running_loop().call_soon(holds_the_loop)
        await asyncio.sleep(0.1)
        monitor.phase("after")
        await asyncio.sleep(0.05)
        await monitor.stop()
        return monitor.summary()

    summary = asyncio.run(run())
    assert summary["max_ms"] >= 250
    held = [s for s in summary["stalls"] if s["late_ms"] >= 250]
    assert len(held) == 1 and "trim" in held[0]["during"]
    assert held[0]["thread_cpu_s"] is not None
    by_label = summary["by_label"]
    assert by_label["trim"]["max_ms"] >= 250
    assert by_label["after"]["samples"] >= 1
    assert summary["stalls_over_ms"]["100"] >= 1


def test_a_scan_measures_nothing_unless_a_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    async def body() -> object:
        async with loop_lag.measured() as monitor:
            await asyncio.sleep(0.03)
            return monitor

    monkeypatch.delenv(loop_lag.ENV, raising=False)
    assert asyncio.run(body()) is None
    target = tmp_path / "lag.jsonl"
    monkeypatch.setenv(loop_lag.ENV, str(target))
    assert asyncio.run(body()) is not None
    assert asyncio.run(body()) is not None
    lines = [json.loads(line) for line in target.read_text().splitlines()]
    assert len(lines) == 2 and all(line["samples"] >= 1 for line in lines)
    assert not (tmp_path / "lag.jsonl.stacks").exists()  # stacks only when asked for
