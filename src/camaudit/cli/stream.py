"""``scan --jsonl``: each device as one JSON line the moment its host is finished.

A campus scan runs for minutes; a pipeline (``jq``, a SIEM forwarder, a journalist's notebook) can start on
the first cameras within seconds instead of waiting for the whole result. Each line is the device exactly
as it appears in the result's ``devices`` array (``docs/result-json.md``); silent hosts write nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from camaudit.cli.common import EXIT_FAILURE, fail
from camaudit.cli.output import model_json
from camaudit.model import Device
from camaudit.report.safe import json_text_safe
from camaudit.scan.engine import HostReport


class DeviceLines:
    """An ``on_host`` hook that writes each device found as one JSON line and flushes it."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.count = 0
        try:
            # Kept open for the whole scan and closed by close(): a context manager cannot span the run.
            self._out: TextIO = sys.stdout if path == "-" else Path(path).open("w", encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            fail(f"cannot write {path}: {exc.strerror or exc}")

    def __call__(self, report: HostReport, device: Device | None) -> None:
        if device is None:
            return
        try:
            # Escaped like the result JSON: C1 controls and bidi overrides from a device become \uXXXX.
            self._out.write(json_text_safe(model_json(device)) + "\n")
            self._out.flush()
        except OSError as exc:
            fail(f"cannot write {self.path}: {exc.strerror or exc}", EXIT_FAILURE)
        self.count += 1

    def close(self) -> None:
        """Close the file (standard output stays open)."""
        if self._out is not sys.stdout:
            self._out.close()

