"""What a scan keeps of its devices until the result is written is smaller, and the result reads the same.

A campus scan holds every device it found until it writes the result (the table and the result JSON are in
target order); many of them are cameras of one maker carrying the same long findings, which the scan now holds
once (``audit.SharedFindings``). Here a small fleet of copies of two profiles is scanned on loopback, and each
device of the result JSON and of ``--jsonl`` is compared with the same host's answers built into a device anew,
sharing nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from camaudit import audit
from camaudit.cli.output import model_json, write_json
from camaudit.lab.fleet import FleetLab
from camaudit.model import Device
from camaudit.scan.engine import HostReport, ScanOptions
from camaudit.scan.net import Limits
from camaudit.targets import build_scope

NET = "127.78.21.0/28"


def test_devices_of_one_maker_share_findings_and_the_result_is_unchanged(tmp_path: Path) -> None:
    anew: dict[str, str] = {}
    lines: dict[str, str] = {}

    def on_host(report: HostReport, device: Device | None) -> None:
        if device is None:
            return
        lines[report.ip] = model_json(device)
        again = audit.build_device(report)  # a ledger of its own: matched again, nothing shared
        assert again is not None
        anew[report.ip] = model_json(again)

    with FleetLab(n=16, net=NET, live=6, profiles=["hikvision-ipc", "dahua-ipc"]) as fleet:
        options = ScanOptions(ports=tuple(fleet.ports), host_timeout=20.0, limits=Limits(probe_timeout=2.0))
        result = audit.run_audit(build_scope([NET]), options, on_host=on_host)
        live = sorted(d.ip for d in fleet.devices)
    out = tmp_path / "result.json"
    write_json(result, str(out))
    written = {d["addresses"][0]["ip"]: d for d in json.loads(out.read_text())["devices"]}

    assert sorted(written) == live and sorted(anew) == live
    for ip in live:
        assert written[ip] == json.loads(anew[ip]), ip
        assert lines[ip] == anew[ip], ip
    by_maker: dict[str, list[Device]] = {}
    for device in result.devices:
        by_maker.setdefault(device.identity.manufacturer or "", []).append(device)
    assert sorted(by_maker) == ["dahua", "hikvision"]
    for devices in by_maker.values():
        first, *others = devices
        restricted = [f for f in first.findings if f.kind == "restricted"]
        assert restricted and others
        assert all(any(f is g for g in other.findings) for other in others for f in restricted)
