"""A scan that could reach nothing says so: "0 device(s), probe errors: none" reads as "no cameras there"."""

from __future__ import annotations

from camaudit.audit import no_route_error
from camaudit.model import NO_ROUTE, SCHEMA_VERSION, ScanError, ScanResult, Scope, Tool
from camaudit.report.summary import summarise
from camaudit.report.table import summary_lines
from camaudit.scan.sweep import SweepStats


def _result(errors: list[ScanError]) -> ScanResult:
    return ScanResult(schema_version=SCHEMA_VERSION, tool=Tool("camaudit", "test"), started="2026-12-08T00:00:00Z",
                      finished="2026-12-08T00:00:05Z", scope=Scope(targets=("10.9.0.0/24",)), devices=(),
                      errors=tuple(errors))


def test_only_a_sweep_whose_every_attempt_had_no_route_is_an_error() -> None:
    assert no_route_error(None) == []
    assert no_route_error(SweepStats()) == []  # nothing attempted (every host already recorded)
    # An empty subnet on the local segment: ARP unanswered is "host unreachable", an answer.
    assert no_route_error(SweepStats(attempts=254, unreachable=254, no_route=0)) == []
    # One address routed, one not: the routed one was asked.
    assert no_route_error(SweepStats(attempts=2, unreachable=1, no_route=1, refused=1)) == []
    [error] = no_route_error(SweepStats(attempts=254, unreachable=254, no_route=254))
    assert (error.target, error.kind) == ("scan", NO_ROUTE)
    assert "all 254 connection attempt(s)" in error.message and "routing table" in error.message


def test_the_console_says_it_in_full_without_verbose() -> None:
    result = _result(no_route_error(SweepStats(attempts=3, unreachable=3, no_route=3)))
    lines = summary_lines(summarise(result), result)
    warning = [line for line in lines if line.startswith("Warning: no route from this machine to any target")]
    assert len(warning) == 1 and warning[0].endswith("check the network interface, VPN or routing table.")
    assert lines[-1] == "Probe errors: 1 on 1 address(es): 1 no-route (--verbose lists them)."
