"""The SNMP probe's GetNext hops through the private enterprises, against a loopback agent whose answers are
assembled byte by byte (tests/snmp_agent.py, not by the probe's encoder), and what identify makes of them.

The agent's objects follow LibreNMS's description of a Bosch camera (resources/definitions/os_detection/
boschcpp.yaml@745d83acd2e9): sysObjectID is net-snmp's generic 8072.3.2.10 and only the BSS-RCP-MIB object
``manufacturer-name`` (3967.1.1.1.7.0, mibs/bosch/BSS-RCP-MIB@018a1d3c85da) says Bosch; the UCD and net-snmp
objects beside it are any Linux agent's. The values are invented.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.snmp_agent import GET, GET_NEXT, Agent, oid, tlv

from camaudit.identify import identify
from camaudit.model import Observation
from camaudit.scan.net import Limits, ProbeContext
from camaudit.scan.options import ProbeSettings
from camaudit.scan.probes.base import Endpoint
from camaudit.scan.probes.snmp import MAX_HOPS, next_hop, parse_next, probe_snmp
from camaudit.targets import build_scope

IP = "127.0.0.1"
COMMUNITY = b"lab-community"


#: The agent's objects, in OID order: (OID, BER value).
OBJECTS = [
    ("1.3.6.1.2.1.1.1.0", tlv(0x04, b"Linux 4.9.37 #1 SMP PREEMPT aarch64")),
    ("1.3.6.1.2.1.1.2.0", oid("1.3.6.1.4.1.8072.3.2.10")),
    ("1.3.6.1.4.1.2021.4.5.0", tlv(0x02, b"\x10\x00")),
    ("1.3.6.1.4.1.3967.1.1.1.7.0", tlv(0x04, b"Bosch")),
    ("1.3.6.1.4.1.8072.1.2.1.1.4.0.1.0.0", tlv(0x02, b"\x01")),
]


@pytest.fixture
def agent() -> Iterator[Agent]:
    with Agent(OBJECTS, COMMUNITY) as running:
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
    assert agent.requests == [GET, GET_NEXT, GET_NEXT, GET_NEXT, GET_NEXT]


def test_a_bosch_camera_with_a_generic_sysobjectid_is_named_by_its_private_mib(agent: Agent) -> None:
    identity = identify(_scan(agent.port))
    assert (identity.manufacturer, identity.device_type) == ("bosch", "video_device")
    # Without the hops the same answers name nobody: sysDescr and sysObjectID are any Linux agent's.
    plain = identify(_scan_get_only(agent.port))
    assert plain.manufacturer is None and plain.device_type != "video_device"


def test_the_hops_are_bounded() -> None:
    many = [OBJECTS[0], OBJECTS[1]] + [(f"1.3.6.1.4.1.{1000 + n}.1.0", tlv(0x02, b"\x01")) for n in range(20)]
    with Agent(many, COMMUNITY) as running:
        (observation,) = _scan(running.port)
    assert len(observation.fields["snmp.enterprises"].split("\n")) == MAX_HOPS
    assert running.requests.count(GET_NEXT) == MAX_HOPS


def test_no_hop_without_an_answer_to_the_get(agent: Agent) -> None:
    assert _scan(agent.port, "wrong-community") == []
    assert len(agent.heard) == 1 and agent.requests == []  # the GET arrived; an agent answers no other community


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
