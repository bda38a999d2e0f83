"""The xdist scheduler that keeps each group of ``tests/xdist_groups.py`` on one worker.

Its own module so that the groups (read by ``tests/conftest.py`` on every run) do not need pytest-xdist:
only ``--dist loadgroup`` imports this.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.xdist_groups import file_groups
from xdist.scheduler import LoadScopeScheduling  # type: ignore[import-untyped]


class FileGroupScheduling(LoadScopeScheduling):  # type: ignore[misc]
    """xdist's scope scheduling with this module's groups as the scopes: every test of a group runs on one
    worker; a test of ``tests/unit`` (or any file outside the groups) is a scope of its own."""

    def __init__(self, config: pytest.Config, log: Any = None) -> None:
        super().__init__(config, log)
        self._root = Path(config.rootpath)
        self._group_of: dict[str, str] = {}

    def schedule(self) -> None:
        if self.collection is None and self.collection_is_completed and self.registered_collections:
            ids = next(iter(self.registered_collections.values()))
            unit = self._root / "tests" / "unit"
            paths = {name: self._root / name for name in {i.split("::", 1)[0] for i in ids}}
            grouped = {name: p for name, p in paths.items() if p.is_file() and not p.is_relative_to(unit)}
            found = file_groups(grouped.values(), self._root / "tests")
            self._group_of = {name: found[p] for name, p in grouped.items()}
        super().schedule()

    def _split_scope(self, nodeid: str) -> str:
        return self._group_of.get(nodeid.split("::", 1)[0], nodeid)
