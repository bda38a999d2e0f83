"""The SNMP probe's GetNext hops through the private enterprises, against a loopback agent whose answers are
assembled here byte by byte (not by the probe's encoder), and what identify makes of them.

The agent's objects follow LibreNMS's description of a Bosch camera (resources/definitions/os_detection/
boschcpp.yaml@745d83acd2e9): sysObjectID is net-snmp's generic 8072.3.2.10 and only the BSS-RCP-MIB object
``manufacturer-name`` (3967.1.1.1.7.0, mibs/bosch/BSS-RCP-MIB@018a1d3c85da) says Bosch; the UCD and net-snmp
objects beside it are any Linux agent's. The values are invented.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.model import Observation
from camaudit.scan.net import Limits, ProbeContext
from camaudit.scan.options import ProbeSettings
from camaudit.scan.probes.base import Endpoint
from camaudit.scan.probes.snmp import MAX_HOPS, next_hop, parse_next, probe_snmp
from camaudit.targets import build_scope

IP = "127.0.0.1"
COMMUNITY = b"lab-community"


def _len(n: int) -> bytes:
    return bytes([n]) if n < 0x80 else bytes([0x81, n])


def _tlv(tag: int, value: bytes) -> bytes:
    return bytes([tag]) + _len(len(value)) + value


def _oid(dotted: str) -> bytes:
    parts = [int(p) for p in dotted.split(".")]
    body = bytearray([40 * parts[0] + parts[1]])
    for part in parts[2:]:
        chunk = [part & 0x7F]
        while part > 0x7F:
            part >>= 7
            chunk.insert(0, 0x80 | (part & 0x7F))
        body += bytes(chunk)
    return _tlv(0x06, bytes(body))


#: The agent's objects, in OID order: (OID, BER value).
OBJECTS = [
    ("1.3.6.1.2.1.1.1.0", _tlv(0x04, b"Linux 4.9.37 #1 SMP PREEMPT aarch64")),
    ("1.3.6.1.2.1.1.2.0", _oid("1.3.6.1.4.1.8072.3.2.10")),
    ("1.3.6.1.4.1.2021.4.5.0", _tlv(0x02, b"\x10\x00")),
    ("1.3.6.1.4.1.3967.1.1.1.7.0", _tlv(0x04, b"Bosch")),
    ("1.3.6.1.4.1.8072.1.2.1.1.4.0.1.0.0", _tlv(0x02, b"\x01")),
]


def _key(oid: str) -> tuple[int, ...]:
    return tuple(int(p) for p in oid.split("."))


class Agent:
    """A UDP SNMP v2c agent on a free loopback port: GET and GETNEXT of one or more OIDs over :data:`OBJECTS`."""

    def __init__(self, objects: list[tuple[str, bytes]]) -> None:
        self.objects = objects
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((IP, 0))
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.requests: list[int] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _answer(self, data: bytes) -> bytes | None:
        # 30 L | 02 01 01 | 04 n community | A0/A1 L | 02 n request-id | 02 01 00 | 02 01 00 | 30 L (30 L 06 n oid 05 00)*
        pos = 2 + 3
        n = data[pos + 1]
        if data[pos + 2 : pos + 2 + n] != COMMUNITY:
            return None
        pos += 2 + n
        pdu = data[pos]
        pos += 2
        request_id = data[pos : pos + 2 + data[pos + 1]]
        self.requests.append(pdu)
        pos += len(request_id) + 6 + 2  # error-status, error-index, the varbind list's header
        varbinds = b""
        while pos < len(data):
            oid_len = data[pos + 3]
            asked = data[pos + 2 : pos + 4 + oid_len]
            pos += 2 + 2 + oid_len + 2
            dotted = _dotted(asked[2:])
            if pdu == 0xA0:
                value = dict(self.objects).get(dotted, b"\x80\x00")
                varbinds += _tlv(0x30, asked + value)
            else:
                later = [(o, v) for o, v in self.objects if _key(o) > _key(dotted)]
                oid, value = later[0] if later else (dotted, b"\x82\x00")  # endOfMibView
                varbinds += _tlv(0x30, _oid(oid) + value)
        pdu_body = request_id + bytes.fromhex("020100020100") + _tlv(0x30, varbinds)
        return _tlv(0x30, bytes.fromhex("020101") + _tlv(0x04, COMMUNITY) + _tlv(0xA2, pdu_body))

    def _run(self) -> None:
        while not self.stop.is_set():
            try:
                data, addr = self.sock.recvfrom(4096)
            except TimeoutError:
                continue
            answer = self._answer(data)
            if answer is not None:
                self.sock.sendto(answer, addr)

    def __enter__(self) -> Agent:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        self.thread.join(2)
        self.sock.close()


def _dotted(body: bytes) -> str:
    parts = [body[0] // 40, body[0] % 40]
    n = 0
    for byte in body[1:]:
        n = (n << 7) | (byte & 0x7F)
        if not byte & 0x80:
            parts.append(n)
            n = 0
    return ".".join(map(str, parts))


@pytest.fixture
def agent() -> Iterator[Agent]:
    with Agent(OBJECTS) as running:
        yield running


def _scan(port: int, community: str = COMMUNITY.decode()) -> list[Observation]:
    ctx = ProbeContext(build_scope([IP]), Limits(probe_timeout=2.0, udp_timeout=0.5),
                       probe_options=ProbeSettings({"snmp-community": community}))
    return asyncio.run(probe_snmp(ctx, Endpoint(IP, port, "snmp")))


def _scan_get_only(port: int) -> list[Observation]:
    return [replace(o, fields={k: v for k, v in o.fields.items() if k != "snmp.enterprises"}) for o in _scan(port)]


def test_the_hops_name_each_private_subtree_once_and_stop_at_the_end_of_the_mib(agent: Agent) -> None:
    (observation,) = _scan(agent.port)
    assert observation.fields["snmp.sysobjectid"] == "1.3.6.1.4.1.8072.3.2.10"
    assert observation.fields["snmp.enterprises"].split("\n") == ["2021.4", "3967.1", "8072.1"]
    # one GET, three hops that found a subtree, one that met endOfMibView
    assert agent.requests == [0xA0, 0xA1, 0xA1, 0xA1, 0xA1]


def test_a_bosch_camera_with_a_generic_sysobjectid_is_named_by_its_private_mib(agent: Agent) -> None:
    identity = identify(_scan(agent.port))
    assert (identity.manufacturer, identity.device_type) == ("bosch", "video_device")
    # Without the hops the same answers name nobody: sysDescr and sysObjectID are any Linux agent's.
    plain = identify(_scan_get_only(agent.port))
    assert plain.manufacturer is None and plain.device_type != "video_device"


def test_the_hops_are_bounded() -> None:
    many = [OBJECTS[0], OBJECTS[1]] + [(f"1.3.6.1.4.1.{1000 + n}.1.0", _tlv(0x02, b"\x01")) for n in range(20)]
    with Agent(many) as running:
        (observation,) = _scan(running.port)
    assert len(observation.fields["snmp.enterprises"].split("\n")) == MAX_HOPS
    assert running.requests.count(0xA1) == MAX_HOPS


def test_no_hop_without_an_answer_to_the_get(agent: Agent) -> None:
    assert _scan(agent.port, "wrong-community") == []
    assert agent.requests == []


def test_next_hop_skips_past_the_enterprise_and_stops_outside_it() -> None:
    assert next_hop("1.3.6.1.4.1.39165.1.1.0") == "1.3.6.1.4.1.39166"
    assert next_hop("1.3.6.1.4.1.368") == "1.3.6.1.4.1.369"
    assert next_hop("1.3.6.1.6.3.10.2.1.3.0") is None
    assert next_hop("1.3.6.1.2.1.1.1.0") is None


@given(st.binary(max_size=300))
@settings(max_examples=300, deadline=None)
def test_garbage_answers_to_a_hop_never_crash(data: bytes) -> None:
    parse_next(data)
    parse_next(b"\x30\x82\x01\x00" + data, 7)
