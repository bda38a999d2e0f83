"""The second mDNS round: a responder that listed instances without their SRV/TXT records is asked for them once,
unicast, and what it answers is identified like any announcement.

The answers are built byte by byte in ``tests/mdns_wire.py`` in the layouts of public sources (HAP-NodeJS's advertiser,
github:homebridge/HAP-NodeJS src/lib/Advertiser.ts@38733bb9d73c: an accessory's ``_hap._tcp`` TXT with ``md`` and
``ci``); the PTR-only answer is invented to that layout, as RFC 6763 §12 allows a responder to send it. The responders
here listen on 127.86.46.x, never elsewhere.
"""

from __future__ import annotations

import asyncio
import socket
import struct
import time

from hypothesis import given, settings
from hypothesis import strategies as st
from tests import mdns_wire as w
from tests.load import check_time

from camaudit.identify import identify
from camaudit.model import Observation
from camaudit.protocols import mdns
from camaudit.scan.discovery import mdns_followup

CAMERA = "Porch Camera 5F2A|_hap|_tcp|local"
PTR_ONLY = w.response(w.ptr("_hap|_tcp|local", CAMERA))
DESCRIBED = w.response(
    w.ptr("_hap|_tcp|local", CAMERA),
    additionals=(w.srv(CAMERA, 51826, "Porch-Camera-5F2A|local"), w.txt(CAMERA, "md=Porch Camera", "ci=17")),
)
ANSWER = w.response(
    w.srv(CAMERA, 51826, "Porch-Camera-5F2A|local"),
    w.txt(CAMERA, "c#=2", "id=5F:2A:11:22:33:44", "md=Porch Camera", "ci=17", "sf=1"),
)


def _obs(ip: str, raw: bytes, port: int = 5353) -> Observation:
    return Observation(ip, port, "udp", "mdns", "discover", "2026-12-05T00:00:00Z", mdns.parse_reply(raw) or {}, raw)


def _questions(query: bytes) -> list[tuple[str, int]]:
    """The questions of a query, read here independently: (dotted name, type)."""
    count = struct.unpack_from("!H", query, 4)[0]
    pos, out = 12, []
    for _ in range(count):
        labels = []
        while query[pos]:
            size = query[pos]
            labels.append(query[pos + 1 : pos + 1 + size].decode())
            pos += 1 + size
        qtype, qclass = struct.unpack_from("!HH", query, pos + 1)
        assert qclass == 1
        out.append((".".join(labels), qtype))
        pos += 5
    assert pos == len(query)
    return out


def test_a_ptr_only_answer_leaves_its_instance_to_ask() -> None:
    assert mdns.datagrams_unresolved([PTR_ONLY]) == [("Porch Camera 5F2A", "_hap", "_tcp", "local")]
    assert mdns.datagrams_unresolved([DESCRIBED]) == []
    # Listed in one datagram and described in another (names compared without case): nothing to ask.
    later = w.response(w.srv("porch camera 5f2a|_HAP|_tcp|local", 1, "x|local"), w.txt(CAMERA, "ci=17"))
    assert mdns.datagrams_unresolved([PTR_ONLY, later]) == []
    # A TXT record without its SRV still leaves the instance to ask.
    assert mdns.datagrams_unresolved([PTR_ONLY, w.response(w.txt(CAMERA, "ci=17"))]) != []


def test_the_followup_query_asks_srv_and_txt_of_each_listed_instance() -> None:
    query = mdns_followup.followup_queries([_obs("198.18.0.9", PTR_ONLY)])["198.18.0.9"]
    assert struct.unpack_from("!HH", query) == (0, 0)  # a query: ID 0, no flags
    assert _questions(query) == [("Porch Camera 5F2A._hap._tcp.local", 33), ("Porch Camera 5F2A._hap._tcp.local", 16)]


def test_hosts_that_described_their_instances_are_not_asked() -> None:
    assert mdns_followup.followup_queries([_obs("198.18.0.9", DESCRIBED)]) == {}
    # Nor is a host whose answer came from another port than 5353, nor one whose datagram is no mDNS answer.
    assert mdns_followup.followup_queries([_obs("198.18.0.9", PTR_ONLY, port=40000)]) == {}
    assert mdns_followup.followup_queries([_obs("198.18.0.9", b"\x00" * 12)]) == {}


def test_a_host_listing_many_instances_is_asked_for_eight_in_one_small_datagram() -> None:
    many = w.response(*(w.ptr("_http|_tcp|local", f"Device {n:03d} {'x' * 40}|_http|_tcp|local") for n in range(30)))
    query = mdns_followup.followup_queries([_obs("198.18.0.9", many)])["198.18.0.9"]
    asked = _questions(query)
    assert len(asked) <= 2 * mdns.MAX_FOLLOWUP and len(query) <= mdns.MAX_QUERY_BYTES
    assert asked[0][0].startswith("Device 000 ")


def test_the_number_of_hosts_asked_is_capped() -> None:
    found = [_obs(f"198.18.{n // 250}.{n % 250 + 1}", PTR_ONLY) for n in range(200)]
    assert len(mdns_followup.followup_queries(found)) == mdns_followup.MAX_HOSTS


def test_names_that_cannot_be_written_back_are_not_asked() -> None:
    assert mdns.build_instance_query([("caf\ufffd", "_hap", "_tcp", "local")]) == b""
    assert mdns.build_instance_query([("x" * 64, "_hap", "_tcp", "local")]) == b""
    assert mdns.build_instance_query([]) == b""


class _Responder:
    """A UDP responder on 127.86.46.x that records each query and answers it with ``answer`` (or nothing), from its
    own port or, with ``other_port``, from another socket of the same address."""

    def __init__(self, ip: str, answer: bytes | None, *, other_port: bool = False) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((ip, 0))
        self.sock.setblocking(False)
        self.port = self.sock.getsockname()[1]
        self.other = socket.socket(socket.AF_INET, socket.SOCK_DGRAM) if other_port else None
        if self.other:
            self.other.bind((ip, 0))
        self.answer = answer
        self.queries: list[bytes] = []

    async def serve(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            data, addr = await loop.sock_recvfrom(self.sock, 2048)
            self.queries.append(data)
            if self.answer is not None:
                (self.other or self.sock).sendto(self.answer, addr)

    def close(self) -> None:
        self.sock.close()
        if self.other:
            self.other.close()


def _run(responder: _Responder, found: list[Observation], timeout: float = 1.0) -> list[Observation]:
    async def run() -> list[Observation]:
        task = asyncio.ensure_future(responder.serve())
        try:
            return await mdns_followup.resolve_instances(found, port=responder.port, timeout=timeout)
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            responder.close()

    return asyncio.run(run())


def test_a_camera_listed_without_its_txt_is_asked_and_identified() -> None:
    responder = _Responder("127.86.46.1", ANSWER)
    before = identify([_obs("127.86.46.1", PTR_ONLY)])
    [answer] = _run(responder, [_obs("127.86.46.1", PTR_ONLY)])
    assert len(responder.queries) == 1
    assert _questions(responder.queries[0])[0] == ("Porch Camera 5F2A._hap._tcp.local", 33)
    assert (answer.ip, answer.port, answer.protocol, answer.source) == ("127.86.46.1", 5353, "mdns", "discover")
    assert answer.fields["mdns.txt.hap.ci"] == "17"
    assert answer.fields["mdns.host"] == "porch-camera-5f2a.local"
    assert before.device_type != "camera"
    assert identify([_obs("127.86.46.1", PTR_ONLY), answer]).device_type == "camera"


def test_a_silent_host_costs_the_timeout_and_gives_nothing() -> None:
    responder = _Responder("127.86.46.2", None)
    started = time.monotonic()
    assert _run(responder, [_obs("127.86.46.2", PTR_ONLY)], timeout=0.3) == []
    check_time(time.monotonic() - started, 2.0, "asking a silent host with a 0.3 s timeout")
    assert len(responder.queries) == 1


def test_an_answer_from_another_port_is_not_taken() -> None:
    responder = _Responder("127.86.46.3", ANSWER, other_port=True)
    assert _run(responder, [_obs("127.86.46.3", PTR_ONLY)], timeout=0.3) == []


def test_a_hostile_answer_gives_nothing_and_raises_nothing() -> None:
    loop_name = (
        b"\x00\x00\x84\x00\x00\x00\x00\x01\x00\x00\x00\x00\x03cam\xc0\x0c\x00\x0c\x00\x01\x00\x00\x00x\x00\x02\xc0\x0c"
    )
    responder = _Responder("127.86.46.4", loop_name)
    assert _run(responder, [_obs("127.86.46.4", PTR_ONLY)], timeout=0.3) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=600), max_size=6))
def test_random_datagrams_never_raise_and_any_query_stays_bounded(datagrams: list[bytes]) -> None:
    query = mdns.build_instance_query(mdns.datagrams_unresolved(datagrams))
    assert len(query) <= mdns.MAX_QUERY_BYTES
    if query:
        assert len(_questions(query)) <= 2 * mdns.MAX_FOLLOWUP


_LABEL = st.text(st.characters(codec="utf-8"), min_size=1, max_size=80)


@settings(max_examples=200, deadline=None)
@given(st.lists(_LABEL, min_size=1, max_size=30))
def test_any_listed_instances_give_a_bounded_query_of_the_names_listed(names: list[str]) -> None:
    answer = w.response(
        *(
            w.ptr("_hap|_tcp|local", f"{n.replace('|', ' ')}|_hap|_tcp|local")
            for n in names
            if len(n.replace("|", " ").encode()) <= 63
        )
    )
    query = mdns.build_instance_query(mdns.datagrams_unresolved([answer]))
    assert len(query) <= mdns.MAX_QUERY_BYTES
    if query:
        asked = _questions(query)
        assert {qtype for _, qtype in asked} == {16, 33}
        assert all(name.endswith("._hap._tcp.local") for name, _ in asked)
