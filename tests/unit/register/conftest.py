"""Fixtures for register unit tests: a fresh SQLite register per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from camaudit.register.db import Register, open_register


@pytest.fixture
def register(tmp_path: Path) -> Iterator[Register]:
    with open_register(str(tmp_path / "register.db")) as reg:
        yield reg
