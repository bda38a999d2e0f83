"""Shared test helpers. ``SHARED_DATA`` is the public fixture folder beside the project, when present.

A test that needs something this machine may lack (``../shared``, a PostgreSQL server, root) calls
:func:`require`: on a laptop it skips with the reason; under CI (the ``CI`` environment variable is
set) a missing dependency is a failure, never a skip.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
UNDER_CI = bool(os.environ.get("CI"))


def require(available: bool, reason: str) -> None:
    """Skip (locally) or fail (under CI) when ``available`` is false."""
    if available:
        return
    if UNDER_CI:
        pytest.fail(f"missing under CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def shared_data() -> Path:
    require(SHARED_DATA.is_dir(), "../shared/data is not present beside this checkout")
    return SHARED_DATA
