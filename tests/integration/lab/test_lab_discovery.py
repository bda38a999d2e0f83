"""ONVIF device service, WS-Discovery and XMEye discovery on loopback, as the scanner's probes send them."""

from __future__ import annotations

import struct
from collections.abc import Iterator

import defusedxml.ElementTree as ET
import pytest
from lab_io import exchange_tcp, exchange_udp, split_reply

from camaudit.lab import LabDevice, LabRunner
from camaudit.protocols import dhip, sadp, wsdiscovery, xmeye
from camaudit.scan.probes import onvif

BASE = "127.77.40.1"
PROFILES = ["hikvision-ipc-cve-2017-7921", "uniview-ipc", "xiongmai-dvr", "lorex-nvr", "hikvision-nvr"]


@pytest.fixture(scope="module")
def lab() -> Iterator[LabRunner]:
    with LabRunner(PROFILES, base=BASE) as runner:
        yield runner


def _soap(dev: LabDevice, op: str) -> tuple[str, bytes]:
    body = onvif._ENVELOPE.format(op=op).encode()
    request = (
        f"POST /onvif/device_service HTTP/1.1\r\nHost: x\r\nContent-Type: application/soap+xml\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode() + body
    status, _, reply = split_reply(exchange_tcp(dev.ip, dev.ports["http"], request))
    return status, reply


def test_onvif_open_device_answers_identity(lab: LabRunner) -> None:
    dev = lab.device("uniview-ipc")
    status, body = _soap(dev, "GetSystemDateAndTime")
    assert status == "HTTP/1.1 200 OK"
    assert onvif.parse_system_time(body)
    status, body = _soap(dev, "GetDeviceInformation")
    info = onvif.parse_device_information(body)
    assert info["onvif.device_info.manufacturer"] == "UNIVIEW"
    assert info["onvif.device_info.model"] == dev.expect["model"]
    assert info["onvif.device_info.serial"] == dev.expect["serial"]
    _, body = _soap(dev, "GetScopes")
    scopes = onvif.parse_scopes(body)
    assert f"onvif://www.onvif.org/hardware/{dev.expect['model']}" in scopes
    assert "onvif://www.onvif.org/name/UNIVIEW" in scopes


def test_onvif_auth_device_refuses_identity_with_a_fault(lab: LabRunner) -> None:
    dev = lab.device("hikvision-ipc-cve-2017-7921")
    status, body = _soap(dev, "GetSystemDateAndTime")
    assert status == "HTTP/1.1 200 OK" and onvif.parse_system_time(body)
    for op in ("GetDeviceInformation", "GetScopes", "GetCapabilities"):
        status, body = _soap(dev, op)
        assert status == "HTTP/1.1 401 Unauthorized"
        assert onvif.is_fault(body) and b"ter:NotAuthorized" in body


def test_ws_discovery_probe_match_names_the_device(lab: LabRunner) -> None:
    dev = lab.device("hikvision-ipc-cve-2017-7921")
    probe = wsdiscovery.build_probe("uuid:0f0e0d0c-0b0a-0908-0706-050403020100")
    reply = exchange_udp(dev.ip, dev.ports["wsd"], probe)
    assert reply is not None
    assert b"<wsa:RelatesTo>uuid:0f0e0d0c-0b0a-0908-0706-050403020100</wsa:RelatesTo>" in reply
    [fields] = wsdiscovery.parse_message(reply)
    assert fields["wsd.message"] == "ProbeMatch"
    assert fields["wsd.endpoint_mac"] == dev.mac
    assert f"onvif://www.onvif.org/hardware/{dev.expect['model']}" in fields["onvif.scope"].split("\n")
    assert "onvif://www.onvif.org/name/HIKVISION DS-2CD2032F-I" in fields["onvif.scope"].split("\n")
    assert fields["onvif.xaddrs"] == f"http://{dev.ip}:{dev.ports['http']}/onvif/device_service"


def test_ws_discovery_ignores_hello_other_types_and_xml_bombs(lab: LabRunner) -> None:
    dev = lab.device("uniview-ipc")
    other = wsdiscovery.build_probe().replace(b"dp0:NetworkVideoTransmitter", b"dp0:Printer")
    assert exchange_udp(dev.ip, dev.ports["wsd"], other, timeout=0.5) is None
    bomb = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
            b"<Envelope><Body><Probe>&b;</Probe></Body></Envelope>")
    assert exchange_udp(dev.ip, dev.ports["wsd"], bomb, timeout=0.5) is None
    evil = wsdiscovery.build_probe('uuid:1</wsa:RelatesTo><x>'.replace("<", "&lt;"))
    reply = exchange_udp(dev.ip, dev.ports["wsd"], evil)
    assert reply is not None
    ET.fromstring(reply)  # still well-formed: the echoed MessageID was escaped


def test_xmeye_discovery_reply_1531(lab: LabRunner) -> None:
    dev = lab.device("xiongmai-dvr")
    reply = exchange_udp(dev.ip, dev.ports["xmeye"], xmeye.build_probe())
    assert reply is not None
    assert struct.unpack_from("<H", reply, 14)[0] == 1531
    assert struct.unpack_from("<I", reply, 16)[0] == len(reply) - 20
    fields = xmeye.parse_reply(reply)
    assert fields is not None
    assert fields["mac"] == dev.mac
    assert fields["xmeye.HostIP"] == dev.ip
    assert fields["xmeye.TCPPort"] == str(dev.ports["dvrip"])


def test_xmeye_page_and_silent_dvrip(lab: LabRunner) -> None:
    dev = lab.device("xiongmai-dvr")
    _, headers, body = split_reply(exchange_tcp(dev.ip, dev.ports["http"], b"GET / HTTP/1.0\r\n\r\n"))
    assert "Server: uc-httpd 1.0.0" in headers
    assert b"<title>NETSurveillance WEB</title>" in body
    assert exchange_tcp(dev.ip, dev.ports["dvrip"], b"", quiet=0.5) == b""


def test_recorders_discovery_names_model_and_class(lab: LabRunner) -> None:
    nvr = lab.device("hikvision-nvr")
    fields = sadp.parse_reply(exchange_udp(nvr.ip, nvr.ports["sadp"], sadp.build_probe()) or b"")
    assert fields is not None
    assert fields["sadp.DeviceDescription"] == "DS-7608NI-Q1"
    assert fields["sadp.DigitalChannelNum"] == "8"
    # A ProbeMatch (which also says "inquiry") is not a probe: a device must not answer another's reply.
    match = exchange_udp(nvr.ip, nvr.ports["sadp"], sadp.build_probe())
    assert match is not None and exchange_udp(nvr.ip, nvr.ports["sadp"], match, timeout=0.5) is None
    lorex = lab.device("lorex-nvr")
    fields = dhip.parse_reply(exchange_udp(lorex.ip, lorex.ports["dhip"], dhip.build_probe()) or b"")
    assert fields is not None
    assert (fields["dhip.DeviceClass"], fields["dhip.Vendor"], fields["mac"]) == ("NVR", "Lorex", lorex.mac)
    assert fields["dhip.SerialNo"] == "ND021903019141"
