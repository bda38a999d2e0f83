"""The register of two real lab scans (``auditlab.py``), built once per test session for the report and
dashboard tests. Fixed loopback addresses: run under ``scripts/isolated`` beside another run of the same tests.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from auditlab import AuditRegister, build_audit_register


@pytest.fixture(scope="session")
def audit_register(tmp_path_factory: pytest.TempPathFactory) -> AuditRegister:
    return build_audit_register(str(tmp_path_factory.mktemp("audit") / "audit.db"))
