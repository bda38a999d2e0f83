"""The work of one task, the same on every engine: read records, identify, assess, write a Parquet part.

:func:`run_task` is a plain module-level function of picklable arguments, so the built-in process pool
and Dask workers on other machines run exactly this code. It never raises for bad data: unreadable
records, a broken stream and a vanished input become counted skip reasons in the :class:`TaskResult`.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path

from camaudit import __version__
from camaudit.census import parquet_input
from camaudit.census.judge import NOTHING, judge
from camaudit.census.plan import Task
from camaudit.census.rows import BATCH_ROWS, PartWriter, parse_time
from camaudit.census.streams import HashingReader, hash_input, open_task
from camaudit.importers import FORMATS
from camaudit.importers.base import ImportRecord

Base = tuple[str, int | None, str | None, datetime | None, str | None, str | None, str | None, str | None]
Described = tuple[str | None, str | None, str | None, str | None, str | None, float | None, bool]
_UNKNOWN: Described = (None, None, None, None, None, None, False)

#: Reason kinds a whole task can end with (besides the importers' per-record reasons).
VANISHED = "input vanished"
UNREADABLE = "cannot open input"


@dataclass(frozen=True, slots=True)
class Settings:
    """What every task of one run shares."""

    identities_dir: str
    policy: str
    batch_rows: int = BATCH_ROWS


@dataclass
class TaskResult:
    """What a task did: counts, skip reasons, the input's hash when this task read it all, and versions."""

    task_id: str
    path: str
    records: int = 0
    rows: int = 0
    camera_rows: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    sha256: str | None = None
    seconds: float = 0.0
    tool_version: str = __version__
    knowledge_version: str = ""
    code_version: str = ""


@cache
def knowledge_version() -> str:
    """A short digest of the packaged knowledge (rules, vendors, regimes, CVEs) plus the KEV catalog in use.

    Two runs, or two workers of one run, with the same value judged records against the same knowledge.
    """
    from camaudit.assess.cvedata import kev_catalog
    from camaudit.knowledge.loader import DATA_DIR

    digest = hashlib.sha256()
    for path in sorted(p for p in DATA_DIR.rglob("*") if p.is_file()):
        digest.update(path.relative_to(DATA_DIR).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return f"kb-{digest.hexdigest()[:12]}+kev-{kev_catalog().catalog_version}"


@cache
def code_version() -> str:
    """A short digest of the installed camaudit's Python code (:func:`source_digest` of the package).

    The version number alone changes only with a release: between two, a changed importer, matcher or
    resolution rule would give other identities under the same ``0.1.0``. ``--resume`` and the workers'
    agreement check compare this too, so finished parts are never mixed with parts made by other code.
    """
    return source_digest(Path(__file__).resolve().parent.parent)


def source_digest(package: Path) -> str:
    """``py-`` and 12 hex digits of SHA-256 over every ``*.py`` file under ``package``: names and contents."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return f"py-{digest.hexdigest()[:12]}"


def _kind(reason: str) -> str:
    """The kind of a skip reason: its text up to the first colon (``not JSON: ...`` -> ``not JSON``)."""
    return reason.split(":", 1)[0].strip()


def _records(task: Task, result: TaskResult) -> Iterator[ImportRecord]:
    """The task's records; when it reads a whole input, ``result.sha256`` is set once all of it was read."""
    if task.format == "parquet":
        yield from parquet_input.read(task.input.path)
        result.sha256 = hash_input(task.input.path)
        return
    stream = open_task(task)
    try:
        yield from FORMATS[task.format](stream)  # type: ignore[arg-type]
        if isinstance(stream, HashingReader):
            result.sha256 = stream.drain()
    finally:
        stream.release()


def part_path(settings: Settings, task: Task) -> Path:
    """Where ``task`` writes its rows."""
    return Path(settings.identities_dir) / f"part-{task.task_id}.parquet"


def run_task(task: Task, settings: Settings) -> TaskResult:
    """Run one task; see the module docstring. The Parquet part appears only when the task completed."""
    began = time.perf_counter()
    result = TaskResult(task.task_id, task.input.path, knowledge_version=knowledge_version(),
                        code_version=code_version())
    skipped: Counter[str] = Counter()
    try:
        if task.hash_only:
            result.sha256 = hash_input(task.input.path)
        else:
            _read(task, settings, result, skipped)
    except FileNotFoundError:
        skipped[VANISHED] += 1
    except OSError as exc:
        skipped[f"{UNREADABLE} ({exc.strerror or type(exc).__name__})"] += 1
    result.skipped = dict(skipped)
    result.seconds = time.perf_counter() - began
    return result


def _read(task: Task, settings: Settings, result: TaskResult, skipped: Counter[str]) -> None:
    from camaudit.identify import device_facts, identify

    writer = PartWriter(part_path(settings, task), settings.batch_rows)
    where_input, chunk = task.input.path, task.start
    try:
        for record in _records(task, result):
            if record.error is not None:
                skipped[_kind(record.error)] += 1
                continue
            result.records += 1
            observations = record.observations
            if not observations:
                if record.ip and record.port is not None:
                    # An open port with nothing said: a service seen, nobody identified.
                    writer.add((record.ip, record.port, None, None, record.country, record.asn, record.org, None),
                               _UNKNOWN, NOTHING, None, (where_input, chunk, record.position))
                continue
            identity = identify(observations)
            camera = identity.is_video_device
            judgement = judge(identity, settings.policy) if camera else NOTHING
            cloud = None
            if camera:
                switches = device_facts(observations).cloud
                cloud = next((s.ecosystem for s in switches if s.enabled), None)
            described: Described = (
                identity.device_type.value if identity.device_type else None,
                identity.brand, identity.manufacturer, identity.model, identity.firmware,
                identity.confidence if identity.device_type or identity.manufacturer else None,
                camera,
            )
            for obs in observations:
                base: Base = (obs.ip, obs.port, obs.transport, parse_time(obs.seen_at), record.country, record.asn,
                        record.org, obs.protocol or None)
                writer.add(base, described, judgement, cloud, (where_input, chunk, record.position))
                result.camera_rows += camera
        writer.close()
    except BaseException:
        writer.abort()
        raise
    result.rows = writer.rows
