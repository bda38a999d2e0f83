"""A live scan matches each observation against the rules once and builds each host's device once.

Between the probe rounds the engine asks the audit's maker hint whom a host points at; the hint's evidence
is kept and the final identity reuses it, so no observation is matched twice; the progress bar, the
register hook and the result all get the one device built when the host finished.
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest

from camaudit import audit
from camaudit.identify import RuleSet
from camaudit.lab.runner import LabRunner
from camaudit.model import Device, Evidence, Observation
from camaudit.scan.engine import HostReport, ScanOptions
from camaudit.scan.net import Limits
from camaudit.targets import build_scope

PROFILES = ["hikvision-ipc", "dahua-ipc", "axis-ipc", "annke-ipc"]


def test_each_observation_is_matched_once_and_each_device_built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    matched: Counter[int] = Counter()
    original_match = RuleSet.match

    def counting_match(self: RuleSet, obs: Observation) -> list[Evidence]:
        matched[id(obs)] += 1
        return original_match(self, obs)

    built: Counter[str] = Counter()
    original_build = audit.build_device

    def counting_build(report: HostReport, *args: object, **kwargs: object) -> Device | None:
        built[report.ip] += 1
        return original_build(report, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(RuleSet, "match", counting_match)
    monkeypatch.setattr(audit, "build_device", counting_build)
    progress: dict[str, Device | None] = {}
    hooked: dict[str, Device | None] = {}
    reports: list[HostReport] = []

    def on_host(report: HostReport, device: Device | None) -> None:
        hooked[report.ip] = device
        reports.append(report)

    def tick(report: HostReport, device: Device | None) -> None:
        progress[report.ip] = device

    with LabRunner(PROFILES, base="127.78.5.1") as lab:
        ips = [d.ip for d in lab.devices]
        options = ScanOptions(ports=tuple(lab.ports), host_timeout=20.0, limits=Limits(probe_timeout=2.0))
        result = audit.run_audit(build_scope(ips), options, on_host=on_host, progress=tick)

    assert sorted(built) == sorted(ips) and set(built.values()) == {1}
    observations = [obs for report in reports for obs in report.observations]
    assert observations and all(matched[id(obs)] == 1 for obs in observations)
    assert sum(matched.values()) == len(observations)
    for device in result.devices:
        ip = device.addresses[0].ip
        assert progress[ip] is device and hooked[ip] is device
    # The hint still chose the makers' second-round probes (pre-login ISAPI, the RPC2 challenge, VAPIX).
    protocols = {obs.protocol for obs in observations}
    assert {"hik-isapi", "dahua-rpc2", "axis-vapix"} <= protocols


def test_a_host_that_answers_discovery_only_is_matched_outside_the_event_loop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Matching in the event loop's thread waits there for the rule databases while they compile (5-8 s on
    a cold cache and a loaded machine): every other host's reads stall past their deadlines and answers
    already received are dropped as timeouts (two normal devices of the hostile lab lost their names so).
    A host with no open TCP port, only discovery answers, is often the first to finish: its matching too is
    done in a worker thread, before its device is built."""
    in_loop_thread: list[tuple[str, bool]] = []
    original_match = RuleSet.match

    def recording_match(self: RuleSet, obs: Observation) -> list[Evidence]:
        in_loop_thread.append((obs.protocol, threading.current_thread() is threading.main_thread()))
        return original_match(self, obs)

    monkeypatch.setattr(RuleSet, "match", recording_match)
    with LabRunner(["hikvision-ipc"], base="127.78.6.1") as lab:
        (dev,) = lab.devices
        # Port 1 refuses (the host answers the sweep) and no web or RTSP port is asked: SADP is all there is.
        options = ScanOptions(ports=(1,), host_timeout=20.0, limits=Limits(probe_timeout=2.0))
        result = audit.run_audit(build_scope([dev.ip]), options)
    (device,) = result.devices
    assert device.identity.manufacturer == "hikvision"
    assert {service.protocol for service in device.services} == {"sadp"}
    assert in_loop_thread and [protocol for protocol, main in in_loop_thread if main] == []
