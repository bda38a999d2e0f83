"""One MAC normaliser for every source: one spelling, and no address that names no single device."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from camaudit.audit import result_from_reports
from camaudit.macaddress import normalise_mac
from camaudit.model import Observation, to_jsonable
from camaudit.register.db import open_register
from camaudit.register.models import DeviceRow
from camaudit.register.query import load_result
from camaudit.register.store import store_result
from camaudit.scan.engine import HostReport
from camaudit.scan.probes.sadp import parse_reply
from camaudit.targets import build_scope


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("C4:2F:90:1A:2B:3C", "c4:2f:90:1a:2b:3c"),
        ("c4-2f-90-1a-2b-3c", "c4:2f:90:1a:2b:3c"),
        ("c42f.901a.2b3c", "c4:2f:90:1a:2b:3c"),
        ("C42F901A2B3C", "c4:2f:90:1a:2b:3c"),
        (" c4 2f 90 1a 2b 3c ", "c4:2f:90:1a:2b:3c"),
        ("02:00:00:00:00:01", "02:00:00:00:00:01"),  # locally administered (randomised): still one device
        ("00:00:00:00:00:00", None),
        ("00-00-00-00-00-00", None),
        ("ff:ff:ff:ff:ff:ff", None),  # broadcast
        ("01:00:5e:00:00:fb", None),  # IPv4 multicast
        ("33:33:00:00:00:01", None),  # IPv6 multicast
        ("c4:2f:90:1a:2b", None),
        ("c4:2f:90:1a:2b:3c:4d", None),
        ("not a mac", None),
        ("", None),
        (None, None),
    ],
)
def test_mac_spellings(text: str | None, expected: str | None) -> None:
    assert normalise_mac(text) == expected


SADP_ZERO_MAC = (
    b'<?xml version="1.0" encoding="UTF-8"?><ProbeMatch><Uuid>F93CF8DC-DF53-424B-98A7-9FC0536E1083</Uuid>'
    b"<Types>inquiry</Types><DeviceType>139711</DeviceType><DeviceDescription>DS-2CD2043G0-I</DeviceDescription>"
    b"<MAC>00-00-00-00-00-00</MAC><IPv4Address>%s</IPv4Address><SoftwareVersion>V5.5.0build 170725"
    b"</SoftwareVersion><Activated>true</Activated></ProbeMatch>"
)


def test_a_sadp_reply_with_a_zero_mac_reports_no_mac() -> None:
    fields = parse_reply(SADP_ZERO_MAC % b"192.0.2.10")
    assert fields is not None and fields["sadp.DeviceDescription"] == "DS-2CD2043G0-I" and "mac" not in fields


def _host(ip: str, fields: dict[str, str]) -> HostReport:
    obs = Observation(ip, 37020, "udp", "sadp", "scan", "2026-12-01T00:00:00Z", fields)
    return HostReport(ip, observations=[obs])


def test_two_hosts_reporting_mac_00_00_00_00_00_00_remain_two_devices(tmp_path: Path) -> None:
    # One host's zero MAC comes through the SADP parser; the other's raw, as an imported record may carry it.
    first = parse_reply(SADP_ZERO_MAC % b"192.0.2.10")
    assert first is not None
    second = {**first, "mac": "00:00:00:00:00:00"}
    reports = [_host("192.0.2.10", first), _host("192.0.2.11", second)]
    result = result_from_reports(build_scope(["192.0.2.10", "192.0.2.11"]), (), reports, "2026-12-01T00:00:00Z")

    doc = to_jsonable(result)
    assert [d["addresses"] for d in doc["devices"]] == [
        [{"ip": "192.0.2.10", "mac": None}], [{"ip": "192.0.2.11", "mac": None}]]
    assert len({d["id"] for d in doc["devices"]}) == 2
    assert all(d["identity"]["manufacturer"] == "hikvision" for d in doc["devices"])

    with open_register(str(tmp_path / "register.db")) as register:
        scan_id = store_result(register, result)
        with register.session() as session:
            assert session.scalar(select(func.count()).select_from(DeviceRow)) == 2
        assert len(load_result(register, scan_id).devices) == 2
