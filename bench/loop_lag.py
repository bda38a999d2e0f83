"""Run one camaudit command with its event loop's lag measured, from this checkout or any other.

    .venv/bin/python bench/loop_lag.py OUT.jsonl [--src OTHER/src] [--dump-after S] -- scan 127.77.0.0/26 --json r.json

The monitor is this checkout's ``camaudit.scan.loop_lag`` (loaded from its file, so an older checkout given with
``--src`` is measured by the same code): it wraps ``run_scan`` of whichever camaudit runs, appends one JSON line of
the loop's lag (samples, max, p50 and p99 in ms, the same per busy label, the stalls past 100 ms with the CPU each
thread used meanwhile) to ``OUT.jsonl``; with ``--dump-after S``, every thread's stack to ``OUT.jsonl.stacks`` when
the loop has not woken for S seconds (:mod:`faulthandler`, for debugging: at 0.08 s a scan once crashed in it).
The labels name what ran meanwhile, wrapped where the checkout has it: ``trim``
(``heap.give_back``), ``compile`` (a Hyperscan database built), ``check`` (a one-pattern check built), ``load`` (a
database read from the cache), ``prepare`` (every field's databases), ``hint`` (a host's maker hint), ``build`` (a
finished host's device). ``bench/fleet.py --loop-lag`` and ``bench/lab_lag.py`` run scans through it.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
MONITOR_FILE = HERE.parent / "src" / "camaudit" / "scan" / "loop_lag.py"


def _monitor() -> Any:
    spec = importlib.util.spec_from_file_location("bench_loop_lag_monitor", MONITOR_FILE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _labelled(monitor: Any, label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with monitor.busy(label):
            return fn(*args, **kwargs)

    return wrapper


def _wrap(monitor: Any, module_name: str, attr: str, label: str) -> None:
    """Label ``module_name.attr`` (``Class.method`` too) where this checkout has it."""
    try:
        owner: Any = importlib.import_module(module_name)
    except ImportError:
        return
    *path, name = attr.split(".")
    for part in path:
        owner = getattr(owner, part, None)
        if owner is None:
            return
    fn = getattr(owner, name, None)
    if callable(fn):
        setattr(owner, name, _labelled(monitor, label, fn))


def install(out: str, dump_after: float | None = None) -> None:
    monitor = _monitor()
    if dump_after is not None:
        monitor.DUMP_AFTER_S = dump_after
    for module_name, attr, label in (
        ("camaudit.scan.heap", "give_back", "trim"),
        ("camaudit.identify.hyperscan_db", "_build", "compile"),
        ("camaudit.identify.hyperscan_db", "_check", "check"),
        ("camaudit.identify.hyperscan_db", "_deserialise", "load"),
        ("camaudit.identify", "EvidenceLedger.prepare", "prepare"),
        ("camaudit.identify", "EvidenceLedger.makers", "hint"),
    ):
        _wrap(monitor, module_name, attr, label)
    engine = importlib.import_module("camaudit.scan.engine")
    audit = importlib.import_module("camaudit.audit")
    off_loop = sys.modules.get("camaudit.scan.off_loop")
    if off_loop is not None and hasattr(off_loop, "Delivery"):
        original_init = off_loop.Delivery.__init__

        def delivery_init(self: Any, progress: Callable[..., Any]) -> None:
            original_init(self, _labelled(monitor, "build", progress))

        off_loop.Delivery.__init__ = delivery_init
    run_scan = engine.run_scan

    @functools.wraps(run_scan)
    async def measured_run_scan(*args: Any, **kwargs: Any) -> Any:
        async with monitor.measured(out, stacks=dump_after is not None) as lag:
            lag.phase("scan")
            return await run_scan(*args, **kwargs)

    engine.run_scan = measured_run_scan
    audit.run_scan = measured_run_scan


def main() -> None:
    argv = sys.argv[1:]
    if len(argv) < 2 or "--" not in argv:
        raise SystemExit(__doc__)
    ours, command = argv[: argv.index("--")], argv[argv.index("--") + 1 :]
    out = ours[0]
    if "--src" in ours:
        sys.path.insert(0, str(Path(ours[ours.index("--src") + 1]).resolve()))
    install(out, float(ours[ours.index("--dump-after") + 1]) if "--dump-after" in ours else None)
    from camaudit.cli.app import main as camaudit_main

    sys.argv = ["camaudit", *command]
    camaudit_main()


if __name__ == "__main__":
    main()
