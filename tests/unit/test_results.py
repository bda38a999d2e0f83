"""Every result camaudit writes carries one header, finished in one place (camaudit/results.py): a scan's, a discovery's
and passive analysis's alike, so a script reading any of them finds the same tool, version and schema."""

from __future__ import annotations

from pathlib import Path

from camaudit import __version__
from camaudit.audit import discovery_result
from camaudit.model import SCHEMA_VERSION, RunStatus, ScanError, Scope, Tool
from camaudit.passive.localnet import LocalNets
from camaudit.passive.run import PassiveOptions, analyse
from camaudit.results import finished_result

STARTED = "2026-12-05T09:00:00Z"


def test_a_finished_result_names_this_camaudit_and_finishes_after_it_started() -> None:
    error = ScanError("capture.pcap", "passive-unreadable", "not a capture")
    result = finished_result(Scope(targets=("file:capture.pcap",)), [], [error], STARTED)
    assert (result.schema_version, result.tool) == (SCHEMA_VERSION, Tool("camaudit", __version__))
    assert result.started == STARTED and result.finished.endswith("Z") and result.finished > STARTED
    assert result.errors == (error,) and result.devices == ()
    # No status given: complete, no hosts counted (passive analysis reads files, not hosts).
    assert result.status == RunStatus(complete=True, stopped=None, hosts=0, finished=0)


def test_passive_analysis_and_discovery_write_the_same_header(tmp_path: Path) -> None:
    unreadable = tmp_path / "notes.txt"
    unreadable.write_bytes(b"not a capture")
    passive = analyse([unreadable], PassiveOptions(LocalNets.default()))
    discovered = discovery_result([], ["lo"], STARTED)
    for result in (passive, discovered):
        assert (result.schema_version, result.tool) == (SCHEMA_VERSION, Tool("camaudit", __version__))
        assert result.finished >= result.started and result.finished.endswith("Z")
    assert passive.scope.targets == (f"file:{unreadable}",)
    assert [e.kind for e in passive.errors] == ["passive-unreadable"]
    assert passive.status.complete
