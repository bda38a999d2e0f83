"""What a device did wrong that did not stop the probe: recorded as data, never silently absorbed.

A hostile or broken device often "answers": a body that never ends (cut at the cap), a Content-Length far
beyond what arrives, XML that declares entities (refused, not expanded), JSON nested too deep, a discovery
reply naming another address, a flood of datagrams. The probe keeps what it could read, and the shared
readers and parsers call :func:`note`; the engine runs each probe inside :func:`collecting` and adds what
was noted to the host's errors (``ScanError``), so a report can say what happened instead of nothing.

Outside a probe (discovery, importers, tests of the parsers) :func:`note` does nothing.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass, field

from camaudit.model import ScanError

#: Anomalies kept per probe: a device that misbehaves in every reply must not flood the result.
MAX_PER_PROBE = 8


@dataclass(slots=True)
class _Probe:
    ip: str
    port: int | None
    probe: str
    found: list[ScanError] = field(default_factory=list)


_CURRENT: contextvars.ContextVar[_Probe | None] = contextvars.ContextVar("probe_anomalies", default=None)


def note(kind: str, message: str) -> None:
    """Record that the device of the running probe misbehaved (a no-op outside a probe)."""
    probe = _CURRENT.get()
    if probe is None or len(probe.found) >= MAX_PER_PROBE:
        return
    error = ScanError(probe.ip, kind, message, port=probe.port, probe=probe.probe)
    if error not in probe.found:
        probe.found.append(error)


@contextlib.contextmanager
def collecting(ip: str, port: int | None, probe: str) -> Iterator[list[ScanError]]:
    """Collect what is noted while one probe runs (the caller's task only: contexts are per task)."""
    current = _Probe(ip, port, probe)
    token = _CURRENT.set(current)
    try:
        yield current.found
    finally:
        _CURRENT.reset(token)
