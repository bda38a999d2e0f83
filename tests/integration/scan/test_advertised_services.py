"""The live scan asks a device where the device itself says its services are: an ONVIF device service its
WS-Discovery answer advertises on a port or path the first round did not ask, an RTSP DESCRIBE redirected to a
stream on the same host, and an SDP body sent without a Content-Length. Never anywhere else."""

from __future__ import annotations

import asyncio
from pathlib import Path

import yaml

from camaudit.identify import EvidenceLedger
from camaudit.lab import LabRunner
from camaudit.model import Observation
from camaudit.scan.engine import HostReport, ScanOptions, probe_host
from camaudit.scan.net import Limits, ProbeContext
from camaudit.targets import build_scope

BASE = "127.79.9.1"
ONVIF_PORT = 18899
SDP = "v=0\no=- 1 1 IN IP4 0.0.0.0\ns=Advertised Stream Test\nt=0 0\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\n"


def _write(tmp_path: Path, name: str, profile: dict[str, object]) -> None:
    profile = {"name": name, "description": f"{name} (test fixture)", "mac": "02:00:5e:10:09:01", **profile}
    (tmp_path / f"{name}.yaml").write_text(yaml.safe_dump(profile, sort_keys=False))


def _scan(ip: str, ports: list[int], *, discovery: bool = True) -> HostReport:
    ctx = ProbeContext(build_scope([ip]), Limits(probe_timeout=2.0))
    return asyncio.run(
        probe_host(
            ctx,
            ip,
            ports,
            ScanOptions(ports=tuple(ports) or (1,)),
            maker_hint=EvidenceLedger().makers,
            discovery=discovery,
        )
    )


def _of(report: HostReport, protocol: str) -> list[Observation]:
    return [o for o in report.observations if o.protocol == protocol]


def _onvif_camera(tmp_path: Path, name: str, onvif: dict[str, object]) -> None:
    """A camera whose only service is a web port carrying an ONVIF device service."""
    web = {"routes": [], "not_found": {"status": 404, "body": "no\n"}}
    service = {"name": "http", "protocol": "http", "port": ONVIF_PORT, "http": web}
    _write(tmp_path, name, {"expect": {"device_type": "camera"}, "services": [service], "onvif": onvif})


def test_the_onvif_device_service_a_discovery_answer_advertises_is_asked(tmp_path: Path) -> None:
    # The device service lives on a port no preset lists, at a path other than the default; only its
    # WS-Discovery answer says where.
    _onvif_camera(tmp_path, "advertised-onvif", {
        "manufacturer": "Advertised Test Maker", "model": "ADV-1", "firmware": "1.0", "serial": "S1",
        "path": "/onvif/device_service_v2", "scopes": ["onvif://www.onvif.org/type/video_encoder"],
    })  # fmt: skip
    with LabRunner(base=BASE, profile_dir=tmp_path) as lab:
        dev = lab.device("advertised-onvif")
        found = _scan(dev.ip, [])
        site_scope_only = _scan(dev.ip, [], discovery=False)
    wsd = _of(found, "wsd")
    assert wsd and wsd[0].fields["onvif.xaddrs"] == f"http://{dev.ip}:{ONVIF_PORT}/onvif/device_service_v2"
    onvif = _of(found, "onvif")
    assert [o.port for o in onvif] == [ONVIF_PORT]
    assert onvif[0].fields["onvif.service"] == "/onvif/device_service_v2"
    assert onvif[0].fields["onvif.device_info.manufacturer"] == "Advertised Test Maker"
    assert onvif[0].fields["onvif.device_info.model"] == "ADV-1"
    assert (ONVIF_PORT, "tcp") in {(s.port, s.transport) for s in found.services}
    # Without discovery (a campus-scale scope) nothing advertised it, and the port is never contacted.
    assert not _of(site_scope_only, "onvif") and not site_scope_only.observations


def test_the_default_device_service_is_not_asked_twice(tmp_path: Path) -> None:
    _onvif_camera(
        tmp_path, "default-onvif", {"manufacturer": "Default Path Maker", "model": "DEF-1", "firmware": "1.0"}
    )
    with LabRunner(base=BASE, profile_dir=tmp_path) as lab:
        dev = lab.device("default-onvif")
        found = _scan(dev.ip, [ONVIF_PORT])
    onvif = _of(found, "onvif")
    assert len(onvif) == 1 and onvif[0].fields["onvif.device_info.manufacturer"] == "Default Path Maker"


def _rtsp_camera(tmp_path: Path, name: str, rtsp: dict[str, object]) -> None:
    """A camera whose only service is RTSP on 8554 (the documented alternative port: no root needed)."""
    service = {"name": "rtsp", "protocol": "rtsp", "port": 8554, "rtsp": rtsp}
    _write(tmp_path, name, {"expect": {"device_type": "camera"}, "services": [service]})


def test_a_describe_redirected_on_the_same_host_is_followed_once(tmp_path: Path) -> None:
    sdp_headers = [["CSeq", "{{cseq}}"], ["Content-Type", "application/sdp"], ["Content-Length", "{{content_length}}"]]
    moved = [["CSeq", "{{cseq}}"], ["Location", "rtsp://{{ip}}:{{port_rtsp}}/live/main?channel=1"]]
    _rtsp_camera(tmp_path, "redirecting-rtsp", {
        "replies": {"DESCRIBE": {"status": 302, "headers": moved}},
        "default": {"status": 200, "headers": [["CSeq", "{{cseq}}"], ["Public", "OPTIONS, DESCRIBE"]]},
        "streams": {"/live/main?channel=1": {"status": 200, "headers": sdp_headers, "template": False, "body": SDP}},
    })  # fmt: skip
    with LabRunner(base=BASE, profile_dir=tmp_path) as lab:
        dev = lab.device("redirecting-rtsp")
        found = _scan(dev.ip, [8554], discovery=False)
    rtsp = _of(found, "rtsp")
    assert [o.fields["rtsp.status"] for o in rtsp] == ["200", "302", "200"]
    assert rtsp[-1].fields["rtsp.path"] == "/live/main?channel=1"
    assert "s=Advertised Stream Test" in rtsp[-1].fields["rtsp.sdp"]


def test_an_sdp_without_content_length_is_read(tmp_path: Path) -> None:
    unsized = [["CSeq", "{{cseq}}"], ["Content-Type", "application/sdp"]]
    _rtsp_camera(tmp_path, "unsized-sdp", {
        "replies": {"DESCRIBE": {"status": 200, "headers": unsized, "template": False, "body": SDP}},
        "default": {"status": 200, "headers": [["CSeq", "{{cseq}}"]]},
    })  # fmt: skip
    with LabRunner(base=BASE, profile_dir=tmp_path) as lab:
        dev = lab.device("unsized-sdp")
        found = _scan(dev.ip, [8554], discovery=False)
    described = [o for o in _of(found, "rtsp") if "rtsp.sdp" in o.fields]
    assert described and "s=Advertised Stream Test" in described[0].fields["rtsp.sdp"]
