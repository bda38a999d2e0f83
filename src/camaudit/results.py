"""The header every result of this camaudit carries, written in one place: the schema version, the tool and its
version, the time the run started and the time it finished.

Scans and discovery (:mod:`camaudit.audit`) and passive analysis (:mod:`camaudit.passive.run`) both finish their
results here. It is not in :mod:`camaudit.audit` because passive analysis may not import that module: the audit drives
the scanner, and the import contract "reports, the dashboard and passive analysis never probe" forbids passive any
path to :mod:`camaudit.scan`. This module imports only the model and the clock.
"""

from __future__ import annotations

from collections.abc import Sequence

from camaudit import __version__
from camaudit.clock import utc_now
from camaudit.model import SCHEMA_VERSION, Device, RunStatus, ScanError, ScanResult, Scope, Tool


def finished_result(
    scope: Scope,
    devices: Sequence[Device],
    errors: Sequence[ScanError],
    started: str,
    *,
    status: RunStatus | None = None,
) -> ScanResult:
    """A result of this camaudit that finishes now (``status``: complete, with no host counts, when not given)."""
    return ScanResult(
        schema_version=SCHEMA_VERSION,
        tool=Tool("camaudit", __version__),
        started=started,
        finished=utc_now(),
        scope=scope,
        devices=tuple(devices),
        errors=tuple(errors),
        status=status if status is not None else RunStatus(),
    )
