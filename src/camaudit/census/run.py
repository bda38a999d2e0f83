"""One census run, start to end: plan the tasks, run them on an engine, count with DuckDB, write the results.

``DIR/identities/`` (Parquet parts), ``DIR/summary.json`` and ``DIR/report.html`` are what a user reads;
``DIR/.census/`` is bookkeeping (finished-task markers for ``--resume``, DuckDB's spill space).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from camaudit import __version__
from camaudit.census import aggregate, state
from camaudit.census.engines import execute
from camaudit.census.plan import SPLIT_BYTES, Input, Task, display_path, find_inputs, plan_tasks
from camaudit.census.worker import Settings, TaskResult, code_version, knowledge_version, part_path

Progress = Callable[[str], None]

#: DuckDB's memory for the count; past it, DuckDB spills to ``DIR/.census/duckdb-tmp``, so the count's
#: memory stays the same however many records there are (bench/census.py measures it at 1M and 2M).
COUNT_MEMORY = "256MB"


class CensusError(RuntimeError):
    """The run cannot go on (workers disagree on versions, a task crashed ...); the message says why."""


@dataclass(frozen=True)
class CensusOptions:
    """Everything ``camaudit census`` was asked to do."""

    inputs: Sequence[str]
    format: str
    out_dir: Path
    keys: tuple[str, ...]
    engine: str = "processes"
    workers: int = 1
    scheduler: str | None = None
    policy: str = "all"
    resume: bool = False
    split_bytes: int = SPLIT_BYTES
    report: bool = True
    count_memory: str = COUNT_MEMORY


@dataclass
class CensusOutcome:
    """What the run produced and did."""

    summary: dict[str, Any]
    tasks: int
    resumed: int
    seconds: float
    stage_seconds: dict[str, float] = field(default_factory=dict)


def _check_versions(result: TaskResult, knowledge: str) -> None:
    if (result.tool_version, result.code_version, result.knowledge_version) != (__version__, code_version(), knowledge):
        raise CensusError(
            f"a worker runs camaudit {result.tool_version} (code {result.code_version}) with knowledge "
            f"{result.knowledge_version}, this process {__version__} (code {code_version()}) with {knowledge}: "
            "install the same camaudit on every worker"
        )


class _Tally:
    """Results as they arrive: markers written, progress told."""

    def __init__(self, options: CensusOptions, total: int, progress: Progress | None) -> None:
        self.options = options
        self.results: dict[str, TaskResult] = {}
        self.total = total
        self.progress = progress
        self.began = time.monotonic()
        self.last_told = self.began
        self.records = 0

    def add(self, task: Task, result: TaskResult, knowledge: str) -> None:
        _check_versions(result, knowledge)
        state.mark_done(self.options.out_dir, task, result, self.options.policy)
        self.results[task.task_id] = result
        self.records += result.records
        now = time.monotonic()
        if self.progress and (now - self.last_told >= 5 or len(self.results) == self.total):
            self.last_told = now
            rate = self.records / max(now - self.began, 1e-9)
            self.progress(f"census: {len(self.results)}/{self.total} tasks, {self.records:,} records, "
                          f"{rate:,.0f} records/s")


def _inputs_summary(inputs: list[Input], tasks: list[Task], results: dict[str, TaskResult]) -> list[dict[str, Any]]:
    out = []
    for item in inputs:
        mine = [results[t.task_id] for t in tasks if t.input.path == item.path and t.task_id in results]
        sha = next((r.sha256 for r in mine if r.sha256), None)
        out.append({"path": display_path(item), "sha256": sha, "records": sum(r.records for r in mine)})
    return out


def run_census(options: CensusOptions, progress: Progress | None = None) -> CensusOutcome:
    """Run the census ``options`` describe; raises :class:`CensusError` (or a plan/folder error) on failure."""
    began = time.perf_counter()
    out_dir = options.out_dir
    inputs = find_inputs(list(options.inputs))
    tasks = plan_tasks(inputs, options.format, options.split_bytes)
    state.prepare(out_dir, options.resume)
    knowledge = knowledge_version()
    done = state.finished(out_dir, tasks, options.policy, knowledge, code_version()) if options.resume else {}
    state.remove_stale_parts(out_dir, set(done))
    todo = [t for t in tasks if t.task_id not in done]
    if progress and done:
        progress(f"census: resuming: {len(done)} of {len(tasks)} tasks already done, {len(todo)} to run")
    settings = Settings(str(out_dir / "identities"), options.policy)
    tally = _Tally(options, len(todo), progress)
    execute(todo, settings, engine=options.engine, workers=options.workers, scheduler=options.scheduler,
            on_result=lambda task, result: tally.add(task, result, knowledge))
    identified = time.perf_counter()
    results = {**done, **tally.results}
    missing = [t for t in tasks if t.task_id not in results]
    if missing:
        raise CensusError(f"{len(missing)} task(s) did not report back; run again with --resume")
    skipped: Counter[str] = Counter()
    for result in results.values():
        skipped.update(result.skipped)
    con = aggregate.connect(out_dir, threads=max(1, options.workers), memory_limit=options.count_memory)
    try:
        try:
            aggregate.settle(con)
            rows = aggregate.summary_rows(con, options.keys)
            restricted = aggregate.restriction_counts(con)
        except duckdb.OutOfMemoryException as exc:
            first = str(exc).splitlines()[0]
            raise CensusError(f"counting ran out of its memory ({first}); the identities are kept: run again "
                              f"with --resume and a larger --count-memory") from exc
        summary = {
            "by": list(options.keys),
            "rows": rows,
            "records": sum(r.records for r in results.values()),
            "skipped": sum(skipped.values()),
            "skipped_reasons": dict(sorted(skipped.items())),
            "inputs": _inputs_summary(inputs, tasks, results),
            "tool_version": __version__,
            "knowledge_version": knowledge,
            "restricted": {"policy": options.policy, **restricted},
        }
        _write_json(out_dir / "summary.json", summary)
        counted = time.perf_counter()
        if options.report:
            from camaudit.census.report import write_report

            write_report(out_dir / "report.html", con, summary, options.policy)
    finally:
        con.close()
    finished = time.perf_counter()
    return CensusOutcome(
        summary, len(tasks), len(done), finished - began,
        {"identify": identified - began, "count": counted - identified, "report": finished - counted},
    )


def _write_json(path: Path, obj: Any) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def tell(line: str) -> None:
    """The default progress sink: a line on standard error."""
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


__all__ = ["COUNT_MEMORY", "CensusError", "CensusOptions", "CensusOutcome", "part_path", "run_census", "tell"]
