"""The fleet: many loopback addresses from one process, live devices answering, the rest silent."""

from __future__ import annotations

import resource
import socket
import time

import pytest
from lab_io import exchange_tcp, exchange_udp

from camaudit.lab import LabError
from camaudit.lab.fleet import FleetLab, fleet_addresses
from camaudit.protocols import dhip, sadp

NET = "127.91.0.0/24"


def test_a_256_address_fleet_with_40_live_devices_starts_answers_and_stops() -> None:
    began = time.monotonic()
    lab = FleetLab(n=256, net=NET, live=40, seed=7)
    with lab:
        started = time.monotonic() - began
        devices = lab.devices
        assert len(devices) == 40
        assert len({d.ip for d in devices}) == 40 and len({d.mac for d in devices}) == 40
        assert all(d.ip.startswith("127.91.0.") for d in devices)
        assert "garbage" not in {d.profile for d in devices}
        for dev in devices:
            web = [p for n, p in dev.ports.items() if dev.protocols[n] == "http"]
            port = dev.ports.get("http") or dev.ports.get("http_5000") or next(iter(web), None)
            if port is None:
                # A device without a web service (the SIP door station): its TCP service accepts a connection.
                tcp = next(p for n, p in dev.ports.items() if dev.protocols[n] != "udp")
                socket.create_connection((dev.ip, tcp), timeout=2).close()
                continue
            assert exchange_tcp(dev.ip, port, b"GET / HTTP/1.0\r\n\r\n", quiet=2.0).startswith(b"HTTP/1."), dev.name
        hik = next(d for d in devices if "sadp" in d.ports)
        fields = sadp.parse_reply(exchange_udp(hik.ip, hik.ports["sadp"], sadp.build_probe()) or b"")
        assert fields is not None and fields["mac"] == hik.mac and fields["sadp.DeviceSN"] == hik.expect["serial"]
        dahua = next(d for d in devices if "dhip" in d.ports)
        fields = dhip.parse_reply(exchange_udp(dahua.ip, dahua.ports["dhip"], dhip.build_probe()) or b"")
        assert fields is not None and fields["mac"] == dahua.mac
        silent = sorted(set(lab.addresses) - {d.ip for d in devices})[0]
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection((silent, 80), timeout=2).close()
    assert started < 10
    for dev in devices[:5]:
        with pytest.raises(OSError):
            socket.create_connection((dev.ip, next(iter(dev.ports.values()))), timeout=1).close()


def test_same_seed_same_fleet_and_unique_copies() -> None:
    one = FleetLab(n=256, net=NET, live=60, seed=3)
    two = FleetLab(n=256, net=NET, live=60, seed=3)
    assert [(p.ip, p.name, p.mac, p.serial) for p in one._plan] == [(p.ip, p.name, p.mac, p.serial) for p in two._plan]
    # Serials ending in a run of digits are numbered per copy (others keep the profile's, e.g. Amcrest's).
    serials = [p.serial for p in one._plan if p.serial and p.serial[-4:].isdigit()]
    assert len(serials) > 20 and len(set(serials)) == len(serials)
    axis = [p for p in one._plan if p.profile.name == "axis-ipc"]
    assert axis and all(p.serial == (p.mac or "").replace(":", "").upper() for p in axis)
    assert [p.ip for p in FleetLab(n=256, net=NET, live=60, seed=4)._plan] != [p.ip for p in one._plan]


def test_the_fd_limit_is_raised_to_the_hard_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(1024, hard), hard))
        with FleetLab(n=16, net="127.91.1.0/28", live=2):
            assert resource.getrlimit(resource.RLIMIT_NOFILE)[0] == hard
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


@pytest.mark.parametrize(("net", "n", "words"), [
    ("10.0.0.0/20", 16, "not inside 127.0.0.0/8"),
    ("127.0.0.0/28", 16, "127.0.0.0"),
    ("127.91.0.0/28", 17, "holds 16 addresses"),
    ("nonsense", 1, "not an IPv4 network"),
])
def test_bad_fleet_networks_are_refused(net: str, n: int, words: str) -> None:
    with pytest.raises(LabError, match=words):
        fleet_addresses(net, n)


def test_more_live_than_addresses_is_refused() -> None:
    with pytest.raises(LabError, match="--live"):
        FleetLab(n=16, net="127.91.1.0/28", live=15)
