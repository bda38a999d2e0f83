"""A lab in another process than the scan, its event loop held on purpose, costs the scan no device.

``camaudit lab up`` beside ``camaudit scan``, and the tests' lab beside a ``camaudit scan`` they run, serve devices
from a process the scanner does not see into. On a loaded machine that lab's loop is held as the scanner's is
(docs/testing.md measured 4.9-7.5 s in all with four busy loops beside an in-process scan), and a device then answers
past a probe's deadline for no fault of its own: a lab device reported unidentified, a flaky test. The lab publishes
its held time (``camaudit.lab_holds``) and a scan forgives it for the lab's addresses. Here the lab runs in this test's
process and holds its loop for longer than the scan's probe deadline the first time a page is asked, while
``camaudit scan`` runs in a process of its own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from camaudit.lab import LabRunner, responders

BASE = "127.77.43.1"
#: The scan's probe deadline; the hold is longer, and shorter than twice it (a device deadline is forgiven at most
#: its own length): the answer, sent once the hold ends, has a second to arrive.
TIMEOUT_S = 2.0
HOLD_S = 3.0


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The lab here and the scan there share a private state folder, as ``camaudit lab up`` and a scan do."""
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    return dict(os.environ)


def _hold_at_the_first_page(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Hold the lab's loop (``time.sleep`` in its thread, as a starved process is held) when a page is first asked;
    returns the list the hold's start is put in."""
    serve_http: Callable[..., Any] = responders.serve_http
    held: list[float] = []

    async def held_then_served(*args: Any) -> None:
        if not held:
            held.append(time.monotonic())
            time.sleep(HOLD_S)
        await serve_http(*args)

    monkeypatch.setattr(responders, "serve_http", held_then_served)
    return held


def _scan(env: dict[str, str], ip: str, port: int, out: Path) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-m", "camaudit", "scan", ip, "--ports", str(port), "--timeout", f"{TIMEOUT_S:g}",
         "--json", str(out)],
        env=env, capture_output=True, text=True, timeout=180, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    result: dict[str, Any] = json.loads(out.read_text())
    return result


def test_a_held_lab_in_another_process_costs_no_device(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    held = _hold_at_the_first_page(monkeypatch)
    with LabRunner(["axis-ipc"], base=BASE, alt_ports=True) as lab:
        dev = lab.devices[0]
        result = _scan(env, dev.ip, dev.ports["http"], tmp_path / "scan.json")
        published = list((Path(env["XDG_RUNTIME_DIR"]) / "camaudit").glob("held-*.bin"))
    assert held, "the lab's loop was never held: the test did not test"
    assert len(published) == 1
    assert not list(published[0].parent.glob("held-*.bin"))  # gone with the lab
    [device] = result["devices"]
    assert device["identity"]["manufacturer"] == "axis"
    assert [e for e in result["errors"] if "timeout" in e["kind"]] == []
