"""SIGTERM while an output file is written: the run ends as SIGTERM ends it (status 143), the temporary file is removed
and the target is left as it was -- also when the exit lands inside a library that turns it into an error of its own
(pydantic-core wraps it in a SchemaError while it builds a validator: tests/e2e/test_output_paths.py met that under
load) or swallows it and goes on."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

import pytest

from camaudit.cli.output import open_output


def _terminate_self() -> None:
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(5)  # the handler runs before this returns


def _listing(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_an_exit_a_library_wraps_in_its_own_error_still_ends_as_sigterm(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(b"the previous run\n")
    with pytest.raises(SystemExit) as ended, open_output(str(target)) as sink:
        sink.write(b"half a result")
        try:
            _terminate_self()
        except SystemExit as exc:  # what pydantic-core does with an exception raised inside a validator build
            raise RuntimeError(f'Error building "literal" validator: {exc!r}') from None
    assert ended.value.code == 143
    assert target.read_bytes() == b"the previous run\n"
    assert _listing(tmp_path) == ["out.json"]


def test_an_exit_a_library_swallows_still_ends_as_sigterm_without_the_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    with pytest.raises(SystemExit) as ended, open_output(str(target)) as sink:
        sink.write(b"half a result")
        with contextlib.suppress(SystemExit):  # swallowed: the block goes on and ends normally
            _terminate_self()
        sink.write(b" and the rest")
    assert ended.value.code == 143
    assert _listing(tmp_path) == []


def test_an_error_without_sigterm_is_left_as_it_is(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    with pytest.raises(RuntimeError, match="not a signal"), open_output(str(target)) as sink:
        sink.write(b"x")
        raise RuntimeError("not a signal")
    assert _listing(tmp_path) == []


def test_the_handler_before_the_write_is_back_after_it(tmp_path: Path) -> None:
    before = signal.getsignal(signal.SIGTERM)
    with open_output(str(tmp_path / "out.json")) as sink:
        sink.write(b"{}")
    assert signal.getsignal(signal.SIGTERM) is before
    assert (tmp_path / "out.json").read_bytes() == b"{}"
