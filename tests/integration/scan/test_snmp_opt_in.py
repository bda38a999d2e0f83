"""SNMP is asked only with --snmp-community: without it, the agent hears nothing at all."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

AGENT_IP = "127.85.0.1"


def _tlv(tag: int, value: bytes) -> bytes:
    assert len(value) < 128
    return bytes([tag, len(value)]) + value


def response(request_id: bytes, text: bytes) -> bytes:
    """A GetResponse for sysDescr.0, assembled field by field (short-form lengths only)."""
    varbind = _tlv(0x30, bytes.fromhex("06082b06010201010100") + _tlv(0x04, text))
    pdu = _tlv(0xA2, _tlv(0x02, request_id) + bytes.fromhex("020100020100") + _tlv(0x30, varbind))
    return _tlv(0x30, bytes.fromhex("020101") + _tlv(0x04, b"public") + pdu)


class Agent:
    """A UDP agent on 161 (or 1161 when unprivileged is not possible) that answers public GETs."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((AGENT_IP, 161))
        self.sock.settimeout(0.2)
        self.requests: list[bytes] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.is_set():
            try:
                data, addr = self.sock.recvfrom(4096)
            except TimeoutError:
                continue
            self.requests.append(data)
            if b"public" in data and b"\xa0" in data:
                # The request-id is the first INTEGER inside the GetRequest PDU (tag 0xa0).
                pdu = data.index(b"\xa0") + 2
                request_id = data[pdu + 2 : pdu + 2 + data[pdu + 1]]
                self.sock.sendto(response(request_id, b"Hikvision DVR"), addr)


@pytest.fixture
def agent() -> Iterator[Agent]:
    if os.geteuid() != 0:
        pytest.skip("binding UDP 161 needs root (CI runs as root)")
    a = Agent()
    a.thread.start()
    yield a
    a.stop.set()
    a.thread.join(2)
    a.sock.close()


def _scan(tmp_path: Path, *extra: str) -> dict:  # type: ignore[type-arg]
    out = tmp_path / "r.json"
    proc = subprocess.run(
        [sys.executable, "-m", "camaudit", "scan", AGENT_IP, "--ports", "80", "--json", str(out), *extra],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(out.read_text())


def test_no_snmp_without_the_flag(agent: Agent, tmp_path: Path) -> None:
    doc = _scan(tmp_path)
    assert agent.requests == []
    assert doc["devices"] == []


def test_snmp_with_the_flag_reads_sysdescr(agent: Agent, tmp_path: Path) -> None:
    doc = _scan(tmp_path, "--snmp-community", "public")
    assert len(agent.requests) == 1
    [device] = doc["devices"]
    assert {"port": 161, "transport": "udp", "protocol": "snmp"} in device["services"]
    assert device["identity"]["device_type"] is not None
    assert "public" not in json.dumps(doc)  # the community is a secret: never in the result
