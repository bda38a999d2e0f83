"""A scan keeps its devices for the result; findings many devices carry alike are held once, and every output of
every device reads exactly as before."""

from __future__ import annotations

import dataclasses
import json

from camaudit.audit import SharedFindings, build_device
from camaudit.cli.output import model_json
from camaudit.model import Device, Finding, Observation, Service
from camaudit.scan.engine import HostReport


def _report(ip: str) -> HostReport:
    # Constructed answers in the shape of a Hikvision camera's (the same as tests/unit/test_audit_order.py's).
    def obs(port: int, protocol: str, fields: dict[str, str]) -> Observation:
        return Observation(ip, port, "tcp", protocol, "scan", "2026-12-06T01:00:00Z", fields)

    return HostReport(ip, observations=[
        obs(80, "http", {"http.server": "App-webs/", "http.status": "200"}),
        obs(554, "rtsp", {"rtsp.status": "401", "rtsp.www_authenticate": 'Digest realm="IP Camera(C2814)"'}),
        obs(80, "onvif", {"onvif.device_info.manufacturer": "HIKVISION", "onvif.device_info.model": "DS-2CD2043G0-I"}),
    ], services=[Service(80, "tcp", "http"), Service(554, "tcp", "rtsp")])


def _built(ip: str) -> Device:
    device = build_device(_report(ip))
    assert device is not None
    return device


def test_cameras_of_one_maker_share_their_findings_and_write_the_same_json() -> None:
    shared = SharedFindings()
    first, second = shared.of(_built("192.0.2.10")), shared.of(_built("192.0.2.11"))
    assert any(f.kind == "restricted" for f in second.findings)
    assert all(a is b for a, b in zip(first.findings, second.findings, strict=True))  # held once
    # Each device's JSON (the result's, --jsonl's, the register's) is that of the same device built unshared.
    assert model_json(second, indent=True) == model_json(_built("192.0.2.11"), indent=True)
    assert json.loads(model_json(first))["addresses"] == [{"ip": "192.0.2.10", "mac": None}]


def test_findings_that_differ_in_any_byte_of_their_json_stay_apart() -> None:
    shared = SharedFindings()
    base = _built("192.0.2.20")
    finding = Finding("exposure-http", "medium", "Web interface over plain HTTP", "why", "what to do",
                      details={"port": 80, "ratio": 1})
    variants = [finding, dataclasses.replace(finding, details={"port": 80, "ratio": 1.0}),
                dataclasses.replace(finding, details={"port": 80, "ratio": True}),
                dataclasses.replace(finding, details={"ratio": 1, "port": 80})]
    kept = [shared.of(dataclasses.replace(base, findings=(v,))).findings[0] for v in variants]
    assert [k is v for k, v in zip(kept, variants, strict=True)] == [True, True, True, True]
    again = shared.of(dataclasses.replace(base, findings=(dataclasses.replace(finding),)))
    assert again.findings[0] is finding


def test_the_number_of_findings_remembered_is_bounded() -> None:
    shared = SharedFindings()
    base = _built("192.0.2.30")
    for n in range(SharedFindings.KEPT + 50):
        shared.of(dataclasses.replace(base, findings=(Finding("note", "info", f"t{n}", "e", "r"),)))
    late = Finding("note", "info", f"t{SharedFindings.KEPT + 49}", "e", "r")
    assert shared.of(dataclasses.replace(base, findings=(late,))).findings[0] is late  # not remembered
