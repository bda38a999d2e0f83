"""The scan's unicast WS-Discovery and SSDP probes: asked of each host in a site-sized scope, not in a
campus-scale one (each waits for an answer most hosts never send, in every host's time)."""

from __future__ import annotations

import asyncio

from camaudit.identify import EvidenceLedger
from camaudit.lab import LabRunner
from camaudit.scan.engine import ScanOptions, probe_host
from camaudit.scan.net import Limits, ProbeContext
from camaudit.targets import build_scope

BASE = "127.79.8.1"


def _probe(ip: str, port: int, *, discovery: bool) -> list[tuple[str, dict[str, str]]]:
    ctx = ProbeContext(build_scope([ip]), Limits(probe_timeout=2.0))
    report = asyncio.run(probe_host(
        ctx, ip, [port], ScanOptions(ports=(port,)), maker_hint=EvidenceLedger().makers, discovery=discovery
    ))
    return [(o.protocol, o.fields) for o in report.observations]


def test_ws_discovery_is_asked_in_a_site_scope_only() -> None:
    with LabRunner(["uniview-ipc"], base=BASE) as lab:
        dev = lab.device("uniview-ipc")
        small = _probe(dev.ip, dev.ports["http"], discovery=True)
        large = _probe(dev.ip, dev.ports["http"], discovery=False)
    matches = [fields for protocol, fields in small if protocol == "wsd"]
    assert matches and "onvif://www.onvif.org/name/UNIVIEW" in matches[0]["onvif.scope"].split("\n")
    assert matches[0]["onvif.xaddrs"].startswith(f"http://{dev.ip}:")
    assert not [p for p, _ in large if p in ("wsd", "ssdp")]
    # The web port is probed either way.
    assert any(p == "http" for p, _ in large) and any(p == "http" for p, _ in small)
