"""SNMP is asked only with --snmp-community: without it, the agent hears nothing at all."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import require
from tests.snmp_agent import GET, GET_NEXT, HIKVISION_DVR, Agent

AGENT_IP = "127.85.0.1"
#: Distinctive, so finding it anywhere in the result means the secret leaked.
COMMUNITY = "Lab-C0mmunity-7x"


@pytest.fixture
def agent() -> Iterator[Agent]:
    require(os.geteuid() == 0, "binding UDP 161 needs root (CI runs as root; or run under scripts/isolated)")
    a = Agent(HIKVISION_DVR, COMMUNITY.encode(), AGENT_IP, 161)
    a.start()
    yield a
    a.close()


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
    assert agent.heard == []
    assert doc["devices"] == []


def test_snmp_with_the_flag_reads_sysdescr(agent: Agent, tmp_path: Path) -> None:
    doc = _scan(tmp_path, "--snmp-community", COMMUNITY)
    # The GET, then one GetNext hop through the enterprises, answered endOfMibView: this agent serves none.
    assert agent.requests == [GET, GET_NEXT]
    [device] = doc["devices"]
    assert {"port": 161, "transport": "udp", "protocol": "snmp"} in device["services"]
    assert device["identity"]["device_type"] is not None
    assert COMMUNITY not in json.dumps(doc)  # the community is a secret: never in the result
