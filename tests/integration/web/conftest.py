"""Fixtures for the dashboard tests: a private copy of the shared register (module scope) and it opened."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from auditlab import AuditRegister
from webclient import copy_register

from camaudit.register.db import Register, open_register


@pytest.fixture(scope="module")
def web_db(audit_register: AuditRegister, tmp_path_factory: pytest.TempPathFactory) -> str:
    return copy_register(audit_register, tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def register(web_db: str) -> Iterator[Register]:
    with open_register(web_db, create=False) as reg:
        yield reg
