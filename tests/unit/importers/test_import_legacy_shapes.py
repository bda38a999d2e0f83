"""Older shapes of two formats: Censys's first IPv4 model (``p<port>`` entries, ztag ``metadata`` and ``tags``)
and the original zgrab's lines (module answers directly under ``data``, no ``result``).

``tests/data/importers/censys_legacy.jsonl``: the record layout is the one ``zmap/ztag`` wrote for Censys
(transforms: ``http.get{status_code, headers, body, title}``, ``ftp.banner.banner``; annotations: ``metadata``
``manufacturer``/``product``/``device_type`` and ``tags``). The values are ztag's own test data: the title
``AXIS 2120 Network Camera`` of github:zmap/ztag/ztag/annotations/axis_http.py@d3ec3130fb89 and the FTP
banner ``220 AXIS M1011 Network Camera 5.20.1 (Oct 25 2010) ready.`` of
github:zmap/ztag/ztag/annotations/FtpAxis.py@1b189372009 (camera tests); the nginx host is ztag's
HTTPServerParse test case (nginx 1.4.6, Ubuntu). Addresses are documentation addresses. The zgrab v1 lines
follow the paths ztag's transforms read (``data.http.response``, ``data.banner``); their replies are the
Hikvision NVR reply of ``censys_hosts.jsonl`` and an illustrative RTSP answer.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from tests.load import check_time

from camaudit.identify import identify
from camaudit.importers import censys, zgrab2
from camaudit.model import is_video_device

DATA = Path(__file__).resolve().parents[2] / "data" / "importers" / "censys_legacy.jsonl"


def test_a_censys_v1_camera_record() -> None:
    camera, _nginx = list(censys.read(DATA))
    assert (camera.ip, camera.error, camera.country) == ("198.51.100.30", None, "SE")
    by_port = {o.port: o for o in camera.observations}
    assert by_port[80].fields["http.title"] == "AXIS 2120 Network Camera"
    assert by_port[80].fields["http.server"] == "Boa/0.92o"
    assert by_port[21].fields["ftp.banner"] == "220 AXIS M1011 Network Camera 5.20.1 (Oct 25 2010) ready."
    host = by_port[None].fields
    assert (host["import.vendor"], host["import.devicetype"]) == ("AXIS", "camera")
    assert host["import.tags"].split("\n")[0] == "camera"
    identity = identify(camera.observations)
    assert identity.manufacturer == "axis" and identity.device_type == "camera"


def test_a_censys_v1_web_server_is_no_camera() -> None:
    _camera, nginx = list(censys.read(DATA))
    assert nginx.error is None
    assert not is_video_device(identify(nginx.observations).device_type)


def test_a_censys_v1_view_record_keyed_by_bare_port_numbers_is_read_like_the_p_keys() -> None:
    # The v1 "view" endpoint kept each port's subtree under the bare number ("80", not "p80"): its report fields read
    # 80.http.get.headers.server.raw (github:ABase-BR/osint_garoa_aphack/Censys/Lab/script-censys.py). Before, such a
    # record was read as a host with no services at all. The same camera record as above, its keys renamed.
    line = DATA.read_text(encoding="utf-8").splitlines()[0]
    view = json.loads(line)
    view["80"], view["21"] = view.pop("p80"), view.pop("p21")
    record = censys.parse_host(view, 1)
    by_port = {o.port: o for o in record.observations}
    assert by_port[80].fields["http.title"] == "AXIS 2120 Network Camera"
    assert by_port[21].fields["ftp.banner"] == "220 AXIS M1011 Network Camera 5.20.1 (Oct 25 2010) ready."
    assert identify(record.observations).manufacturer == "axis"


def test_a_hostile_legacy_record_is_bounded() -> None:
    deep: dict[str, object] = {"banner": "220 x"}
    for _ in range(40):
        deep = {"x": deep, "headers": {"server": ["a"] * 50}}
    host = {"ip": "198.51.100.32", "p99999": {"http": {"banner": "220 x"}},
            **{f"p{port}": {"http": deep} for port in range(1, 600)}}
    started = time.perf_counter()
    record = censys.parse_host(host, 1)
    check_time(time.perf_counter() - started, 2.0, "a hostile legacy host")
    assert record.error is None
    assert len(record.observations) <= 257


def test_zgrab_v1_lines() -> None:
    http = {"ip": "192.0.2.80", "timestamp": "2016-08-01T00:00:00Z", "data": {"http": {"response": {
        "status_line": "401 Unauthorized", "status_code": 401,
        "headers": {"server": "DNVRS-Webs", "www_authenticate": 'Digest qop="auth", realm="DS-7608NI-K2"'}}}}}
    record = zgrab2.parse_target(http, 1)
    (web,) = record.observations
    assert web.fields["http.server"] == "DNVRS-Webs"
    assert identify(record.observations).manufacturer == "hikvision"
    banner = {"ip": "192.0.2.81", "data": {"banner": "RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\n"
                                           "WWW-Authenticate: Basic realm=\"Hipcam RealServer\"\r\n\r\n"}}
    (rtsp,) = zgrab2.parse_target(banner, 1).observations
    assert rtsp.protocol == "rtsp"
