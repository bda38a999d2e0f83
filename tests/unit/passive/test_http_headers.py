"""Header values read from traffic: an empty one gives no field, exactly as a live probe or a stored head.

The captures are written by scapy from two replies:

* a Hikvision camera's reply as Shodan stored it (``tests/data/shodan_holdout.jsonl`` line 30, ``Server:
  App-webs/``), unchanged;
* the head a Honeywell Tuxedo Touch panel's Barracuda web server sends, ``Server:`` present with nothing after
  it, as a public project reproduces it byte for byte from the panel (a Rust shim that re-serves the panel's
  push stream, found with the code search; not a packet capture of ours). No reply in tests/data or
  ../shared/data carries an empty kept header, so this head is the test's only source for one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from scapy.layers.inet import IP, TCP
from scapy.layers.l2 import Ether
from scapy.packet import Raw
from scapy.utils import PcapWriter

from camaudit.model import Device, Observation
from camaudit.passive.http import response_fields
from camaudit.passive.localnet import LocalNets
from camaudit.passive.run import PassiveOptions, analyse
from camaudit.scan.http_client import HttpResponse, parse_head
from camaudit.scan.probes.http import response_fields as live_fields

DATA = Path(__file__).resolve().parents[2] / "data"
CAMERA = ("44:47:cc:11:22:33", "192.168.10.11")
PANEL = ("02:00:00:00:0a:0c", "192.168.10.12")
CLIENT = ("f4:8c:50:01:02:03", "192.168.10.50")
PANEL_HEAD = (b"HTTP/1.1 401 Unauthorized\r\nServer: \r\nConnection: close\r\nContent-Length: 0\r\n\r\n")


def _camera_reply() -> bytes:
    line = (DATA / "shodan_holdout.jsonl").read_text(encoding="utf-8").splitlines()[29]
    data: str = json.loads(line)["data"]
    assert "Server: App-webs/" in data
    return data.encode("latin-1")


def _capture(path: Path, replies: Sequence[tuple[tuple[str, str], bytes]]) -> Path:
    with PcapWriter(str(path), linktype=1, sync=True) as writer:
        for n, (host, payload) in enumerate(replies):
            request = (Ether(src=CLIENT[0], dst=host[0]) / IP(src=CLIENT[1], dst=host[1])
                       / TCP(sport=50000 + n, dport=80, flags="PA") / Raw(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
            reply = (Ether(src=host[0], dst=CLIENT[0]) / IP(src=host[1], dst=CLIENT[1])
                     / TCP(sport=80, dport=50000 + n, flags="PA") / Raw(payload))
            for k, packet in enumerate((request, reply)):
                packet.time = 1_764_590_400 + n + k / 10
                writer.write(packet)
    return path


def _http_fields(path: Path) -> dict[str, dict[str, str]]:
    """Per device address, the fields of the HTTP observation passive analysis identified it from."""
    seen: dict[str, dict[str, str]] = {}

    def keep(device: Device, observations: Sequence[Observation]) -> None:
        for obs in observations:
            if obs.protocol == "http":
                seen[device.addresses[0].ip] = dict(obs.fields)

    analyse([path], PassiveOptions(LocalNets.default()), on_device=keep)
    return seen


def test_an_empty_server_header_gives_no_field_and_a_real_one_is_kept(tmp_path: Path) -> None:
    fields = _http_fields(_capture(tmp_path / "http.pcap", [(CAMERA, _camera_reply()), (PANEL, PANEL_HEAD)]))
    assert fields[CAMERA[1]]["http.server"] == "App-webs/"
    panel = fields[PANEL[1]]
    assert panel["http.status"] == "401"
    assert "http.server" not in panel
    assert "Server:" in panel["http.headers"]  # the head itself is kept as sent


def test_passive_and_live_read_the_same_head_to_the_same_header_fields() -> None:
    keys = ("http.server", "http.www_authenticate", "http.location", "http.set_cookie")
    for payload in (_camera_reply(), PANEL_HEAD, PANEL_HEAD.replace(b"Server: \r\n", b"Server: \r\nServer: Boa\r\n")):
        parsed = response_fields(payload)
        assert parsed is not None
        head = payload.split(b"\r\n\r\n", 1)[0]
        status, reason, headers, block = parse_head(head)
        live = live_fields(HttpResponse(status, reason, headers, block, b""), "/")
        assert {k: v for k, v in parsed[1].items() if k in keys} == {k: v for k, v in live.items() if k in keys}


def test_an_empty_value_beside_a_real_one_does_not_break_the_real_one() -> None:
    # Joined with the empty one, the value would read "\nBoa" and a rule anchored at its start would miss it.
    parsed = response_fields(PANEL_HEAD.replace(b"Server: \r\n", b"Server: \r\nServer: Boa/0.94.14rc21\r\n"))
    assert parsed is not None and parsed[1]["http.server"] == "Boa/0.94.14rc21"
