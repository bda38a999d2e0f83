"""A second Ctrl-C while asyncio winds the scan down reaches the CLI as Ctrl-C, never as asyncio's RuntimeError."""

from __future__ import annotations

import pytest

from camaudit.audit import _run_loop


async def _stopped_while_cancelling() -> None:
    # What asyncio.run raises when a KeyboardInterrupt stops the loop during its final task cancellation.
    try:
        raise KeyboardInterrupt
    except KeyboardInterrupt:
        raise RuntimeError("Event loop stopped before Future completed.") from None


async def _plain_failure() -> None:
    raise RuntimeError("a bug in the scan")


def test_a_runtime_error_caused_by_ctrl_c_is_ctrl_c() -> None:
    with pytest.raises(KeyboardInterrupt):
        _run_loop(_stopped_while_cancelling())


def test_any_other_runtime_error_is_left_alone() -> None:
    with pytest.raises(RuntimeError, match="a bug in the scan"):
        _run_loop(_plain_failure())
