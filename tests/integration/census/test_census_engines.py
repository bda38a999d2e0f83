"""The same census on every engine gives the same summary.json: one process, the process pool, a Dask
LocalCluster, and a Dask cluster this test starts as real processes (``dask scheduler`` and two
``dask worker``s on loopback TCP), torn down afterwards."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from camaudit.census import synth
from camaudit.census.run import CensusOptions, run_census

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    folder = tmp_path_factory.mktemp("inputs")
    # One stream in three files (a re-sighting can land in another file), one plain file big enough to split.
    synth.write_parts(folder, 2400, seed=11, parts=3)
    synth.write(folder / "plain.json", 900, seed=12)
    return [str(folder)]


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``dask scheduler`` + 2 ``dask worker`` processes on 127.0.0.1, each in its own process group."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path_factory.mktemp("dask")
    files = contextlib.ExitStack()
    common = {"cwd": logs, "start_new_session": True, "stdin": subprocess.DEVNULL, "stderr": subprocess.STDOUT}
    procs = [subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], stdout=files.enter_context((logs / "scheduler.log").open("wb")),
                              **common)]
    try:
        for n in range(2):
            procs.append(subprocess.Popen(
                [str(BIN / "dask"), "worker", address, "--nworkers", "1", "--nthreads", "1", "--host", "127.0.0.1",
                 "--no-dashboard", "--name", f"census-test-{n}"],
                stdout=files.enter_context((logs / f"worker{n}.log").open("wb")), **common))
        from distributed import Client

        with Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for proc in reversed(procs):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for proc in procs:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        files.close()


def _run(inputs: list[str], out: Path, **engine: object) -> dict[str, object]:
    options = CensusOptions(inputs=inputs, format="shodan", out_dir=out, keys=("country", "manufacturer", "brand"),
                            split_bytes=256 * 1024, report=False, **engine)  # type: ignore[arg-type]
    return run_census(options).summary


@pytest.mark.slow
def test_every_engine_gives_the_same_summary(inputs: list[str], dask_cluster: str, tmp_path: Path) -> None:
    one = _run(inputs, tmp_path / "one", workers=1)
    assert one["records"] == 3300
    assert len(one["rows"]) > 20  # a real spread of countries and makers, not a trivial answer
    assert one["skipped"] == 0
    pool = _run(inputs, tmp_path / "pool", engine="processes", workers=2)
    local = _run(inputs, tmp_path / "local", engine="dask", workers=2)
    remote = _run(inputs, tmp_path / "remote", engine="dask", workers=2, scheduler=dask_cluster)
    assert pool["rows"] == one["rows"]
    assert local["rows"] == one["rows"]
    assert remote["rows"] == one["rows"]
    assert pool == local == remote == one


def _worker_settings() -> dict[str, object]:
    import dask

    return {"profile": dask.config.get("distributed.worker.profile.enabled"),
            "tick": dask.config.get("distributed.admin.tick.interval"),
            "trim": os.environ.get("MALLOC_TRIM_THRESHOLD_")}


@pytest.mark.slow
def test_local_cluster_settings_reach_its_workers_and_stay_there() -> None:
    import dask
    import distributed  # noqa: F401  (its defaults are in dask's configuration once imported)

    from camaudit.census.engines import dask_client

    before = dask.config.get("distributed")
    users_trim = os.environ.get("MALLOC_TRIM_THRESHOLD_")  # a user's own setting is theirs: it stays
    client = dask_client(1, None)
    try:
        (seen,) = client.run(_worker_settings).values()
    finally:
        cluster = client.cluster
        client.close()
        cluster.close()
    # Dask's defaults cost a census task about a fifth more CPU per record (docs/census.md): the workers
    # camaudit starts run without the 10 ms profiler, the 20 ms tick and the fixed malloc trim threshold ...
    assert seen == {"profile": False, "tick": "1s", "trim": users_trim}
    # ... and the settings were the LocalCluster's only: the caller's Dask configuration is as it was.
    assert dask.config.get("distributed") == before
    assert dask.config.get("distributed.worker.profile.enabled") is True
