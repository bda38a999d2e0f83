"""The census folder's bookkeeping: which tasks finished, so that ``--resume`` skips them.

``DIR/.census/done/<task id>.json`` is written (atomically) after a task's Parquet part is in place, with
the task's counts and what it was run against: the input's size and modification time, the format, the
policy and the knowledge version. A resumed run reuses a task only when all of those still match; a part
without its marker (the run was killed in between) is simply written again.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import asdict
from pathlib import Path
from typing import Any

from camaudit.census.plan import Task
from camaudit.census.worker import TaskResult

STATE = ".census"


class FolderError(ValueError):
    """The output folder cannot hold a census (it holds something else)."""


def _done_dir(out_dir: Path) -> Path:
    return out_dir / STATE / "done"


def _stamp(task: Task, policy: str, knowledge: str) -> dict[str, Any]:
    return {"path": task.input.path, "size": task.input.size, "mtime_ns": task.input.mtime_ns,
            "format": task.format, "start": task.start, "end": task.end, "hash_only": task.hash_only,
            "policy": policy, "knowledge_version": knowledge}


def prepare(out_dir: Path, resume: bool) -> None:
    """Make ``out_dir`` ready: keep its finished tasks when resuming, else start it afresh.

    A folder that exists, is not empty and was not written by a census is refused rather than mixed into.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise FolderError(f"--out {out_dir} is a file, not a folder")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / STATE).is_dir():
        raise FolderError(f"--out {out_dir} is not empty and holds no census; choose an empty or new folder")
    if not resume:
        shutil.rmtree(out_dir / STATE, ignore_errors=True)
        shutil.rmtree(out_dir / "identities", ignore_errors=True)
        for name in ("summary.json", "report.html"):
            (out_dir / name).unlink(missing_ok=True)
    (out_dir / "identities").mkdir(parents=True, exist_ok=True)
    _done_dir(out_dir).mkdir(parents=True, exist_ok=True)


def mark_done(out_dir: Path, task: Task, result: TaskResult, policy: str) -> None:
    """Record that ``task`` finished with ``result``."""
    body = {"task": _stamp(task, policy, result.knowledge_version), "result": asdict(result)}
    target = _done_dir(out_dir) / f"{task.task_id}.json"
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(json.dumps(body), encoding="utf-8")
    os.replace(tmp, target)


def finished(out_dir: Path, tasks: list[Task], policy: str, knowledge: str) -> dict[str, TaskResult]:
    """Results of the tasks among ``tasks`` that a previous run finished against the same input and knowledge."""
    out: dict[str, TaskResult] = {}
    for task in tasks:
        marker = _done_dir(out_dir) / f"{task.task_id}.json"
        try:
            body = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if body.get("task") != _stamp(task, policy, knowledge):
            continue
        try:
            out[task.task_id] = TaskResult(**body["result"])
        except (KeyError, TypeError):
            continue
    return out


def remove_stale_parts(out_dir: Path, keep: set[str]) -> None:
    """Delete Parquet parts of tasks not in ``keep`` (an input that changed or left the run)."""
    for part in (out_dir / "identities").glob("part-*.parquet*"):
        task_id = part.name.removeprefix("part-").split(".", 1)[0]
        if task_id not in keep:
            part.unlink(missing_ok=True)
