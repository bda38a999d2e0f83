from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from camaudit.assess.cvedata import kev_catalog, nvd_cvss


@pytest.fixture(autouse=True)
def _no_user_overlay(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Assessment tests use the shipped knowledge only, never the developer's own `kb update` overlay."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    kev_catalog.cache_clear()
    nvd_cvss.cache_clear()
    yield
    kev_catalog.cache_clear()
    nvd_cvss.cache_clear()
