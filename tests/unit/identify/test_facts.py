"""Device facts: each kind of observation read once into the typed structure assessment uses."""

from __future__ import annotations

import pytest

from camaudit.identify.facts import device_facts
from camaudit.model import Activation, CloudSwitch, DeviceFacts, LoginOutcome, Observation, OpenStream, Service


def obs(protocol: str, port: int | None, transport: str = "tcp", **fields: str) -> Observation:
    return Observation("192.0.2.10", port, transport, protocol, "scan", "2026-12-01T00:00:00Z",  # type: ignore[arg-type]
                       {k.replace("__", "."): v for k, v in fields.items()})


def test_management_ports_by_what_answered_by_label_and_by_well_known_port() -> None:
    facts = device_facts(
        [obs("http", 80, http__status="200"), obs("tls", 8443, tls__subject="CN=x"), obs("rtsp", 554)],
        [Service(80, "tcp", "http"), Service(8080, "tcp", "http"), Service(23, "tcp", "banner"),
         Service(2323, "tcp", "telnet"), Service(21, "tcp", "banner"), Service(161, "udp", "snmp")],
    )
    assert (facts.http_ports, facts.https_ports) == ((80, 8080), (8443,))
    assert (facts.telnet_ports, facts.ftp_ports) == ((23, 2323), (21,))


def test_nothing_observed_is_no_fact() -> None:
    assert device_facts([]) == DeviceFacts()


@pytest.mark.parametrize(
    ("fields", "cloud"),
    [
        ({"sadp__HCPlatformEnable": "true"}, (CloudSwitch("hik-connect", True, "sadp", "H"),)),
        ({"sadp__HCPlatformEnable": "flase"}, (CloudSwitch("hik-connect", False, "sadp", "H"),)),  # firmware typo
        ({"sadp__HCPlatformEnable": "maybe"}, ()),
        ({"hik__cloud__enabled": "false", "sadp__HCPlatformEnable": "true"},
         (CloudSwitch("hik-connect", False, "isapi", "H"), CloudSwitch("hik-connect", True, "sadp", "H"))),
        ({"dahua__cloud__p2p_enabled": "true"}, (CloudSwitch("easy4ip", True, "rpc2", "H"),)),
        ({"dhip__Init": str(2 | (2 << 2))}, (CloudSwitch("easy4ip", True, "dhip", "M"),)),
        ({"dhip__Init": "3733"}, (CloudSwitch("easy4ip", False, "dhip", "M"),)),  # real uninitialised capture
        ({"dhip__Init": "x"}, ()),
    ],
)
def test_cloud_switch_readings(fields: dict[str, str], cloud: tuple[CloudSwitch, ...]) -> None:
    assert device_facts([obs("sadp", 37020, "udp", **fields)]).cloud == cloud


@pytest.mark.parametrize(
    ("fields", "activation"),
    [
        ({"sadp__Activated": "false"}, Activation(False, "sadp", "H")),
        ({"sadp__Activated": "true"}, Activation(True, "sadp", "H")),
        ({"dhip__Init": "3733"}, Activation(False, "dhip", "M")),  # bits 0-1 = 1: not initialised
        ({"dhip__Init": "5218"}, Activation(True, "dhip", "M")),  # bits 0-1 = 2: initialised
        ({"dhip__Init": "0"}, None),  # an old device without initialisation: not said
        ({"dhip__Init": "99999999999999999999"}, None),
    ],
)
def test_activation(fields: dict[str, str], activation: Activation | None) -> None:
    assert device_facts([obs("dhip", 37810, "udp", **fields)]).activation == activation


def test_login_outcomes_are_typed_not_packed_strings() -> None:
    facts = device_facts([
        obs("auth", 80, auth__default__check="dahua", auth__default__account="admin", auth__default__outcome="rejected"),
        obs("auth", 80, auth__default__check="dahua", auth__default__account="888888",
            auth__default__outcome="accepted"),
        obs("auth", 80, auth__default__check="dahua", auth__default__outcome="nonsense"),
        obs("hik-isapi", 80, auth__hikvision="ok"),
        obs("onvif", 80, auth__onvif="rejected"),
        obs("dahua-rpc2", 80, auth__dahua="something new"),
    ])
    assert facts.logins == (
        LoginOutcome("dahua", "rejected", "admin", default_account=True),
        LoginOutcome("dahua", "accepted", "888888", default_account=True),
        LoginOutcome("hikvision", "accepted"),
        LoginOutcome("onvif", "rejected"),
    )


def test_open_streams() -> None:
    facts = device_facts([obs("rtsp", 554, rtsp__unauthenticated="/Streaming/Channels/101"),
                          obs("rtsp", 8554, rtsp__unauthenticated="/live")])
    assert facts.open_streams == (OpenStream(554, "/Streaming/Channels/101"), OpenStream(8554, "/live"))
