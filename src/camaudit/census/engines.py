"""Where tasks run: this process, the built-in process pool, or a Dask cluster. The same task code everywhere.

* ``processes`` with one worker runs every task in this process (no pool, nothing to start);
* ``processes`` with N workers uses a ``concurrent.futures`` pool started through a fork server that has
  imported the census worker already, so a worker starts in milliseconds with a clean state;
* ``dask`` starts a ``LocalCluster`` (N single-threaded worker processes) or joins an existing cluster at
  ``--scheduler tcp://host:port``; the workers there must have camaudit installed and see the inputs and
  the output folder at the same paths (shared storage) -- ``docs/census.md`` says how to set that up.

Each result is handed to ``on_result`` as soon as its task ends, in the order tasks finish; nothing about
the aggregate depends on that order (the census sorts and deduplicates in aggregate.py).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any

from camaudit.census.plan import Task
from camaudit.census.worker import Settings, TaskResult, run_task

ENGINES = ("processes", "dask")

OnResult = Callable[[Task, TaskResult], None]


#: Dask settings for the LocalCluster camaudit starts (never a cluster at ``--scheduler``: that one is the
#: user's; docs/census.md recommends the same settings for it). Dask's defaults suit a worker that holds data
#: for other tasks; a census task is one long CPU-bound loop, and these defaults cost it about a fifth more
#: CPU per record than the pool (docs/census.md, "Where Dask's extra CPU went", has the measurements):
LOCAL_CLUSTER_CONFIG: dict[str, object] = {
    # Dask starts workers with MALLOC_TRIM_THRESHOLD_=65536. Setting it at all switches off glibc's
    # adaptive mmap threshold, so every buffer of 128 KiB or more (gzip reads, Parquet batches) became a
    # fresh mmap: about 4x the page faults of the pool's workers. Without it they behave like the pool's.
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    # The statistical profiler takes the GIL from the task every 10 ms to walk its stack.
    "distributed.worker.profile.enabled": False,
    # Event-loop health checks (every 20 ms), machine metrics (500 ms) and the memory monitor (100 ms)
    # each wake the worker's event loop, which then takes the GIL from the task.
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
}


class EngineError(RuntimeError):
    """The engine could not run (no Dask installed, no scheduler at the address ...)."""


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def run_serial(tasks: Sequence[Task], settings: Settings, on_result: OnResult) -> None:
    """Every task in this process, one after another."""
    for task in tasks:
        on_result(task, run_task(task, settings))


def run_pool(tasks: Sequence[Task], settings: Settings, workers: int, on_result: OnResult) -> None:
    """The tasks on a pool of ``workers`` processes; at most two tasks per worker are queued at a time."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["camaudit.census.worker"])
    pending = list(reversed(tasks))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        running: dict[Future[TaskResult], Task] = {}
        try:
            while pending or running:
                while pending and len(running) < 2 * workers:
                    task = pending.pop()
                    running[pool.submit(run_task, task, settings)] = task
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    on_result(running.pop(future), future.result())
        except BaseException:
            for future in running:
                future.cancel()
            raise


def dask_client(workers: int, scheduler: str | None) -> Any:
    """A Dask client of the cluster at ``scheduler``, or of a new LocalCluster of ``workers`` processes.

    Only the LocalCluster gets :data:`LOCAL_CLUSTER_CONFIG`; the caller closes the client (and its cluster).
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - distributed is a dependency
        raise EngineError("--engine dask needs the 'distributed' package") from exc
    if scheduler:
        try:
            return Client(scheduler, timeout="20s")
        except OSError as exc:
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
    import dask

    # No dashboard; the scheduler's small HTTP server (health, metrics) on a free loopback port, not the
    # fixed 8787 that two censuses (or two test runs) on one machine would fight over. The settings hold
    # for this cluster only: the nannies and the scheduler read them when they are made, and the workers
    # get them from their nanny.
    with dask.config.set(LOCAL_CLUSTER_CONFIG):
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1",
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        )
    return Client(cluster)


def run_dask(
    tasks: Sequence[Task], settings: Settings, workers: int, scheduler: str | None, on_result: OnResult
) -> None:
    """The tasks on Dask: a LocalCluster of ``workers`` processes, or the cluster at ``scheduler``."""
    from distributed import as_completed

    client = dask_client(workers, scheduler)
    try:
        futures = client.map(run_task, list(tasks), settings=settings, pure=False)
        by_key = {f.key: t for f, t in zip(futures, tasks, strict=True)}
        for future in as_completed(futures):
            on_result(by_key[future.key], future.result())
    finally:
        cluster = client.cluster
        client.close()
        if cluster is not None and not scheduler:
            cluster.close()


def execute(
    tasks: Sequence[Task], settings: Settings, *, engine: str, workers: int, scheduler: str | None,
    on_result: OnResult,
) -> None:
    """Run ``tasks`` on ``engine`` and report each result to ``on_result``."""
    if engine == "dask":
        run_dask(tasks, settings, workers, scheduler, on_result)
    elif engine != "processes":
        raise EngineError(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")
    elif workers <= 1:
        run_serial(tasks, settings, on_result)
    else:
        run_pool(tasks, settings, workers, on_result)
