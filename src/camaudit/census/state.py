"""The census folder's bookkeeping: which tasks finished, so that ``--resume`` skips them.

``DIR/.census/done/<task id>.json`` is written (atomically) after a task's Parquet part is in place, with
the task's counts and what it was run against: the input's size and modification time, the format, the
policy, and the camaudit version, code digest and knowledge version that made it. A resumed run reuses a
task only when its input, format and policy still match (else the task runs again); a part without its
marker (the run was killed in between) is simply written again. When the camaudit, its code or its knowledge
differ from the run that finished the tasks, ``--resume`` is refused (:class:`StaleResume`): the old parts
would be counted beside parts made by other rules, and redoing every task is a fresh start, which the user
should ask for knowingly.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import asdict
from pathlib import Path
from typing import Any

from camaudit import __version__
from camaudit.census.plan import Task
from camaudit.census.worker import TaskResult

STATE = ".census"


class FolderError(ValueError):
    """The output folder cannot hold a census (it holds something else)."""


class StaleResume(FolderError):
    """``--resume`` on a folder whose finished tasks another camaudit, other code or other knowledge made."""


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


def _made_by(result: Any, knowledge: str, code: str) -> str | None:
    """What differs between the camaudit that finished a task (its marker's ``result``) and this one, in words;
    None when nothing does."""
    if not isinstance(result, dict):
        result = {}
    theirs = {"camaudit": result.get("tool_version"), "code": result.get("code_version"),
              "knowledge": result.get("knowledge_version")}
    ours = {"camaudit": __version__, "code": code, "knowledge": knowledge}
    # A marker is a file anyone could have edited: its values are shown on one line, printable and short.
    differs = [f"{name} {' '.join(str(theirs[name] or 'unrecorded').split())[:40]!a} (now {ours[name]})"
               for name in ours if theirs[name] != ours[name]]
    return ", ".join(differs) or None


def finished(
    out_dir: Path, tasks: list[Task], policy: str, knowledge: str, code: str
) -> dict[str, TaskResult]:
    """Results of the tasks among ``tasks`` that a previous run finished against the same input and policy.

    Raises :class:`StaleResume` when one was finished by another camaudit version, code or knowledge.
    """
    out: dict[str, TaskResult] = {}
    for task in tasks:
        marker = _done_dir(out_dir) / f"{task.task_id}.json"
        try:
            body = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(body, dict):
            continue
        changed = _made_by(body.get("result"), knowledge, code)
        if changed:
            raise StaleResume(
                f"cannot resume {out_dir}: its finished tasks were made with {changed}, and counting them beside "
                "new ones would mix two rule sets; run again without --resume to start over"
            )
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
