"""The P2P LAN search (UDP 32108): a camera that serves nothing but its CS2 Network PPPP / iLnkP2P platform is found
by its UID, typed a video device that talks to a vendor cloud, and named VStarcam where the prefix is VStarcam's; a
host answering with another message type is no video device; ``--no-p2p`` sends nothing.

The lab devices (``lab/profiles/p2p/``) answer with PUNCH_PKTs built from the documented layout, not captures.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from camaudit.audit import run_audit
from camaudit.cli.output import write_json
from camaudit.identify import EvidenceLedger
from camaudit.lab import LabRunner
from camaudit.lab.profile import PROFILE_DIR
from camaudit.scan.engine import ScanOptions, probe_host
from camaudit.scan.net import Limits, ProbeContext
from camaudit.scan.options import ProbeSettings
from camaudit.scan.ports import PRESETS
from camaudit.targets import build_scope

BASE = "127.79.32.1"
P2P_PROFILES = PROFILE_DIR / "p2p"
NAMES = ["vstarcam-p2p-cam", "p2p-baby-monitor", "p2p-lookalike"]


def test_p2p_cameras_are_found_by_their_uid_and_a_look_alike_is_not(tmp_path: Path) -> None:
    with LabRunner(NAMES, base=BASE, profile_dir=P2P_PROFILES) as lab:
        guard = build_scope([d.ip for d in lab.devices])
        ports = tuple(sorted(set(PRESETS["cameras"]) | set(lab.ports)))
        result = run_audit(guard, ScanOptions(ports=ports, host_timeout=20.0, limits=Limits(probe_timeout=2.0)))
        ips = {name: lab.device(name).ip for name in NAMES}
    out = tmp_path / "result.json"
    write_json(result, str(out))
    devices = {d["addresses"][0]["ip"]: d for d in json.loads(out.read_text())["devices"]}

    vstarcam = devices[ips["vstarcam-p2p-cam"]]["identity"]
    assert vstarcam["device_type"] == "video_device"
    assert vstarcam["manufacturer"] == "vstarcam"
    assert "cloud_p2p" in vstarcam["capabilities"]
    assert vstarcam["serial"] == "VSTC-482913-KPTWX"
    assert {"port": 32108, "transport": "udp", "protocol": "p2p"} in devices[ips["vstarcam-p2p-cam"]]["services"]

    monitor = devices[ips["p2p-baby-monitor"]]["identity"]
    assert monitor["device_type"] == "video_device" and "cloud_p2p" in monitor["capabilities"]
    assert monitor["manufacturer"] is None and monitor["brand"] is None
    assert monitor["serial"] == "PPCS-307115-MNQRT"

    lookalike = devices[ips["p2p-lookalike"]]
    assert lookalike["identity"]["device_type"] == "web_server"
    assert "cloud_p2p" not in lookalike["identity"]["capabilities"] and lookalike["identity"]["serial"] is None
    assert not [s for s in lookalike["services"] if s["port"] == 32108]


def test_no_p2p_sends_no_lan_search() -> None:
    with LabRunner(["vstarcam-p2p-cam"], base="127.79.32.20", profile_dir=P2P_PROFILES) as lab:
        ip = lab.device("vstarcam-p2p-cam").ip
        found = []
        for settings in (ProbeSettings(), ProbeSettings({"no-p2p": True})):
            ctx = ProbeContext(build_scope([ip]), Limits(probe_timeout=2.0), probe_options=settings)
            report = asyncio.run(probe_host(
                ctx, ip, [], ScanOptions(ports=(80,)), maker_hint=EvidenceLedger().makers, discovery=True
            ))
            found.append([o.fields.get("p2p.uid") for o in report.observations if o.protocol == "p2p"])
    assert found == [["VSTC-482913-KPTWX"], []]
