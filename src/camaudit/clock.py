"""The one clock: every time camaudit records (observations, scans, register rows) is read here."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> str:
    """Now, as ISO-8601 UTC to the second with a ``Z`` (``2026-12-01T20:15:03Z``): sorts as text."""
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
