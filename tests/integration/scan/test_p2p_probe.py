"""The P2P LAN search (UDP 32108): a camera that serves nothing but its CS2 Network PPPP / iLnkP2P platform is found
by its UID, typed a video device that talks to a vendor cloud, and named VStarcam where the prefix is VStarcam's; a
host answering with another message type is no video device; ``--no-p2p`` sends nothing.

The lab devices (``lab/profiles/p2p/``) answer with PUNCH_PKTs built from the documented layout, not captures.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
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
from camaudit.scan.probes import Endpoint
from camaudit.scan.probes.p2p import probe_p2p
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


#: A PUNCH_PKT as the lab's VStarcam camera sends it (the documented layout; an invented UID).
PUNCH = bytes.fromhex("f1410014 56535443 00000000 00075e61 4b505457 58000000")


def test_an_answer_from_another_port_is_heard_and_a_closed_port_ends_the_wait_at_once() -> None:
    """A P2P device may answer from its session socket, not from 32108 (clients keep the port the answer came from);
    hearing any port of the host must not cost the quick end a refusal gives."""
    ip, silent = "127.79.32.40", "127.79.32.41"
    listener = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    listener.bind((ip, 32108))
    listener.settimeout(3.0)
    session = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    session.bind((ip, 0))
    heard: list[bytes] = []

    def answer() -> None:
        data, sender = listener.recvfrom(64)
        heard.append(data)
        session.sendto(PUNCH, sender)

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    try:
        # A long wait (5 s) so that a refusal heard at once stands apart from a wait, however loaded the machine.
        ctx = ProbeContext(build_scope([ip, silent]), Limits(probe_timeout=6.0, udp_timeout=5.0))
        found = asyncio.run(probe_p2p(ctx, Endpoint(ip, 32108, "udp")))
        began = time.monotonic()
        nothing = asyncio.run(probe_p2p(ctx, Endpoint(silent, 32108, "udp")))
        refused_after = time.monotonic() - began
    finally:
        thread.join(5)
        listener.close()
        session.close()
    assert heard == [b"\xf1\x30\x00\x00"]
    assert [o.fields["p2p.uid"] for o in found] == ["VSTC-482913-KPTWX"]
    assert nothing == [] and refused_after < 2.5
