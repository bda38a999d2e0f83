"""Stale scans: ``running`` in the register, but nobody is running them any more.

A scan killed with ``kill -9``, a crashed laptop or a lost SSH session leaves its row ``running``:
resumable, which is right, but also easy to forget. Each recording process writes who it is into the scan's
options (``runner``: host, pid, start time); a running scan is **stale** when that process is gone (same
host), or when it has recorded nothing for ``idle_after`` seconds (another host, or no runner recorded by an
older camaudit). Stale scans can be resumed (``camaudit scan --resume``) or closed: ``closed`` keeps every
host recorded, and says the scan is over without being complete -- never resumed, never diffed.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update

from camaudit.register.db import Register
from camaudit.register.models import SCAN_CLOSED, SCAN_RUNNING, ScanHost, ScanRow

#: A running scan of another host (or of unknown origin) that recorded nothing for this long is stale.
IDLE_AFTER = 3600.0


class StaleError(ValueError):
    """The scan cannot be closed as asked; the message says why."""


@dataclass(frozen=True, slots=True)
class StaleScan:
    """A running scan whose recording process is gone, and the evidence for it."""

    id: int
    started: str
    last_activity: str
    hosts: int
    reason: str


def runner_info() -> dict[str, Any]:
    """Who is recording: stored in a scan's options when it starts or resumes."""
    return {"host": socket.gethostname(), "pid": os.getpid(), "boot": _boot_id()}


def _boot_id() -> str | None:
    # A pid is only meaningful within one boot of one machine.
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip() or None
    except OSError:
        return None


def _alive(pid: int) -> bool:
    """Whether ``pid`` is a live camaudit process on this machine (a reused pid running something else is not)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"camaudit" in cmdline


def _seconds_since(when: str, now: datetime) -> float:
    try:
        then = datetime.strptime(when, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return float("inf")
    return (now - then).total_seconds()


def _reason(runner: Any, idle: float, idle_after: float) -> str | None:
    """Why the scan is stale, or ``None`` when its process may still be writing it."""
    here = runner_info()
    if isinstance(runner, dict) and runner.get("host") == here["host"] and runner.get("boot") == here["boot"]:
        pid = runner.get("pid")
        if isinstance(pid, int) and _alive(pid):
            return None
        return f"its process (pid {pid} on this machine) is gone"
    if idle < idle_after:
        return None
    where = f"on {runner.get('host')}" if isinstance(runner, dict) else "by an unknown process"
    return f"nothing recorded for {idle / 3600:.1f} h (written {where})"


def stale_scans(register: Register, *, idle_after: float = IDLE_AFTER, now: datetime | None = None) -> list[StaleScan]:
    """Every running scan that nobody is writing any more, oldest first."""
    now = now or datetime.now(UTC)
    with register.session() as session:
        rows = session.scalars(select(ScanRow).where(ScanRow.status == SCAN_RUNNING).order_by(ScanRow.id)).all()
        out: list[StaleScan] = []
        for row in rows:
            last, hosts = session.execute(
                select(func.max(ScanHost.finished), func.count()).where(ScanHost.scan_id == row.id)
            ).one()
            last_activity = max(filter(None, (row.started, last)))
            reason = _reason(dict(row.options).get("runner"), _seconds_since(last_activity, now), idle_after)
            if reason is not None:
                out.append(StaleScan(row.id, row.started, last_activity, int(hosts or 0), reason))
        return out


def claim_scan(register: Register, scan_id: int) -> None:
    """Record this process as the scan's runner (a resume takes the scan over)."""
    with register.transaction() as session:
        row = session.get(ScanRow, scan_id)
        if row is not None:
            row.options = {**dict(row.options), "runner": runner_info()}


def close_scan(register: Register, scan_id: int, *, force: bool = False, now: str | None = None) -> None:
    """Mark a stale running scan ``closed``; with ``force``, any running scan (its writer may be alive)."""
    stale = {s.id for s in stale_scans(register)}
    with register.transaction() as session:
        row = session.get(ScanRow, scan_id)
        if row is None:
            raise StaleError(f"no scan {scan_id} in the register")
        if row.status != SCAN_RUNNING:
            raise StaleError(f"scan {scan_id} is {row.status}, not running: nothing to close")
        if not force and scan_id not in stale:
            raise StaleError(f"scan {scan_id} may still be running (its process is alive); --force closes it anyway")
        finished = now or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        session.execute(update(ScanRow).where(ScanRow.id == scan_id).values(status=SCAN_CLOSED, finished=finished))
