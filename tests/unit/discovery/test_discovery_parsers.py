"""Discovery replies in their real-world shapes, and the datagram classifier."""

from __future__ import annotations

import json
import struct
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.protocols import dhip, ssdp, wsdiscovery, xmeye
from camaudit.protocols.discovery import classify
from camaudit.scan.discovery import runner


def test_real_gsoap_probe_match(shared_data: Path) -> None:
    data = (shared_data / "wsdiscovery" / "probe_response.xml").read_bytes()
    [fields] = wsdiscovery.parse_message(data)
    assert "onvif://www.onvif.org/Model/631GA" in fields["onvif.scope"].split("\n")
    assert fields["onvif.xaddrs"] == "http://192.168.1.104:80/onvif/device_service"
    assert fields["wsd.endpoint_mac"] == "78:a5:dd:0f:95:93"
    assert classify(data, 3702)[0] == "wsd"


def test_unwrapped_probe_match_of_ipycam(shared_data: Path) -> None:
    template = (shared_data / "onvif-soap-templates" / "probe_match.xml").read_text()
    data = (
        template.replace("{{message_id}}", "uuid:1").replace("{{relates_to}}", "uuid:2")
        .replace("{{device_uuid}}", "urn:uuid:0000").replace("{{camera_name}}", "Virtual%20Cam")
        .replace("{{onvif_url}}", "http://198.18.0.9:8080/onvif/device_service")
    ).encode()
    [fields] = wsdiscovery.parse_message(data)
    assert "onvif://www.onvif.org/name/Virtual Cam" in fields["onvif.scope"]
    assert fields["wsd.types"] == "dn:NetworkVideoTransmitter tds:Device"


def test_probe_is_the_onvif_2005_form() -> None:
    probe = wsdiscovery.build_probe("uuid:x")
    assert b"http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe" in probe
    assert b"NetworkVideoTransmitter" in probe


def test_xmeye_reply_round_trip() -> None:
    body = json.dumps(
        {"NetWork.NetCommon": {"HostIP": "0x0A00A8C0", "MAC": "00:12:31:aa:bb:cc", "TCPPort": 34567, "SN": "abc"}}
    ).encode()
    reply = struct.pack("BBHIIHHI", 255, 0, 0, 0, 0, 0, xmeye.REPLY_MSG, len(body)) + body
    fields = xmeye.parse_reply(reply)
    assert fields and fields["mac"] == "00:12:31:aa:bb:cc" and fields["xmeye.HostIP"] == "192.168.0.10"
    assert fields["xmeye.reply"] == "NetWork.NetCommon"
    assert classify(reply, 34569)[0] == "xmeye"
    assert xmeye.parse_reply(xmeye.build_probe()) is None


def test_ssdp_reply() -> None:
    reply = (
        b"HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nLOCATION: http://198.18.0.7:49152/rootDesc.xml\r\n"
        b"SERVER: Linux/2.6 UPnP/1.0 DVR/1.0\r\nST: upnp:rootdevice\r\n\r\n"
    )
    fields = ssdp.parse_reply(reply)
    assert fields == {
        "upnp.location": "http://198.18.0.7:49152/rootDesc.xml",
        "upnp.server": "Linux/2.6 UPnP/1.0 DVR/1.0",
        "upnp.st": "upnp:rootdevice",
    }


def test_dhip_reply_is_classified(shared_data: Path) -> None:
    doc = (shared_data / "dahua" / "real_announcement_IPC-B54IR-Z4E-S3.json").read_bytes()
    protocol, [fields] = classify(dhip.frame(doc), 37810)
    assert protocol == "dhip" and fields["dhip.SerialNo"] == "CC10BD8PAGCF779"


def test_duplicate_answers_are_kept_once() -> None:
    reply = dhip.frame(json.dumps({"mac": "98:f9:cc:00:00:01", "method": "client.notifyDevInfo",
                                   "params": {"deviceInfo": {"DeviceType": "IPC-X"}}}).encode())
    obs = runner.observations_from([(reply, ("198.18.0.5", 37810))] * 3)
    assert [o.fields.get("dhip.DeviceType") for o in obs if o.protocol == "dhip"] == ["IPC-X"]


@given(st.binary(max_size=800), st.integers(min_value=1, max_value=65535))
@settings(max_examples=300, deadline=None)
def test_classifier_never_crashes(data: bytes, port: int) -> None:
    classify(data, port)
    classify(b"\x20\x00\x00\x00DHIP" + data, port)
    classify(b"<ProbeMatch>" + data, port)


def test_unknown_interface_is_a_clear_error() -> None:
    import pytest

    with pytest.raises(runner.DiscoveryError, match="no interface"):
        runner.interface_ipv4("nosuchif0")


def test_dahua_legacy_5050_reply_by_documented_layout() -> None:
    from camaudit.protocols import dahua_legacy

    probe = dahua_legacy.build_probe()
    assert len(probe) == 32 and probe[0] == 0xA3 and probe[3] == 0x01 and probe[16] == 0x02
    head = bytearray(0x78)
    head[0] = 0xB3
    head[0x28 : 0x28 + 12] = b"DH-XVR5104HS"
    reply = bytes(head) + b"3c:ef:8c:00:11:22\r\nName:XVR\r\nDevice:XVR5104HS-I3\r\nSerialNo:4K0123PAZ00ABC\r\n"
    fields = dahua_legacy.parse_reply(reply)
    assert fields == {
        "dahua.legacy.DeviceType": "DH-XVR5104HS",
        "mac": "3c:ef:8c:00:11:22",
        "dahua.legacy.Name": "XVR",
        "dahua.legacy.Device": "XVR5104HS-I3",
        "dahua.legacy.SerialNo": "4K0123PAZ00ABC",
    }
    assert dahua_legacy.parse_reply(b"\xb3" + b"\x00" * 200) is None
    assert classify(reply, 5050)[0] == "dahua-legacy"
