"""The same answers give the same device, whatever order the probes finished in."""

from __future__ import annotations

import random

from camaudit.audit import build_device
from camaudit.model import Observation, Service
from camaudit.scan.engine import HostReport


def _obs(port: int, protocol: str, fields: dict[str, str], seen_at: str) -> Observation:
    return Observation("127.0.0.9", port, "tcp", protocol, "scan", seen_at, fields)


ANSWERS = [
    _obs(80, "http", {"http.server": "App-webs/", "http.status": "200"}, "2026-12-01T10:00:01Z"),
    _obs(554, "rtsp", {"rtsp.status": "401", "rtsp.www_authenticate": 'Digest realm="IP Camera(C2814)"'},
         "2026-12-01T10:00:02Z"),
    _obs(80, "onvif", {"onvif.device_info.manufacturer": "HIKVISION", "onvif.device_info.model": "DS-2CD2043G0-I",
                       "onvif.device_info.firmware": "V5.5.82 build 190909"}, "2026-12-01T10:00:03Z"),
    _obs(8000, "hik-sdk", {"hik.sdk.reply": "00000010"}, "2026-12-01T10:00:04Z"),
]


def test_probe_finishing_order_does_not_change_the_identity_or_its_evidence() -> None:
    shown = set()
    for seed in range(6):
        answers = list(ANSWERS)
        random.Random(seed).shuffle(answers)
        report = HostReport("127.0.0.9", observations=answers, services=[Service(80, "tcp", "http")])
        device = build_device(report)
        assert device is not None
        shown.add((device.identity.manufacturer, device.identity.model, device.identity.firmware,
                   tuple((e.rule_id, e.field, e.port) for e in device.identity.evidence)))
    assert len(shown) == 1
    ((maker, model, firmware, evidence),) = shown
    assert (maker, model, firmware) == ("hikvision", "DS-2CD2043G0-I", "V5.5.82 build 190909")
    assert evidence
