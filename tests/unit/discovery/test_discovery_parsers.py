"""Discovery replies in their real-world shapes, and the datagram classifier."""

from __future__ import annotations

import json
import struct
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.discovery.wsd_answers import DAHUA_LAYOUT_MATCH, DAHUA_LAYOUT_TABLE

from camaudit.protocols import dhip, soap_envelope, ssdp, wsdiscovery, xmeye
from camaudit.protocols.discovery import classify, wsd_messages
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


def test_a_discovery_answer_keeps_its_envelope_table_and_names_the_stack_maker() -> None:
    protocol, [fields] = classify(DAHUA_LAYOUT_MATCH, 3702)
    assert protocol == "wsd"
    assert fields["soap.declarations"] == DAHUA_LAYOUT_TABLE
    from camaudit.identify import identify
    from camaudit.model import Observation

    identity = identify([Observation("192.0.2.108", 3702, "udp", protocol, "discover", "2025-12-01T12:00:00Z", fields)])
    assert (identity.manufacturer, identity.device_type) == ("dahua", "video_device")
    assert any(e.rule_id == "soap.dahua-stack-encoding-first" for e in identity.evidence)


def test_the_real_gsoap_answer_keeps_its_table_in_the_order_written(shared_data: Path) -> None:
    data = (shared_data / "wsdiscovery" / "probe_response.xml").read_bytes()
    _, [fields] = classify(data, 3702)
    assert fields["soap.declarations"].split("\n") == [
        "SOAP-ENV=http://www.w3.org/2003/05/soap-envelope", "SOAP-ENC=http://www.w3.org/2003/05/soap-encoding",
        "xsi=http://www.w3.org/2001/XMLSchema-instance", "xsd=http://www.w3.org/2001/XMLSchema",
        "wsa=http://schemas.xmlsoap.org/ws/2004/08/addressing", "wsdd=http://schemas.xmlsoap.org/ws/2005/04/discovery",
        "vfdis=http://www.onvif.org/ver10/network/wsdl/RemoteDiscoveryBinding",
        "vfdis2=http://www.onvif.org/ver10/network/wsdl/DiscoveryLookupBinding",
        "tdn=http://www.onvif.org/ver10/network/wsdl",
    ]  # fmt: skip


def test_every_message_of_a_datagram_carries_its_first_envelope_only() -> None:
    # Two ProbeMatch elements in one envelope, then a second envelope with another table glued on (a relay's
    # concatenation): both messages keep the first envelope's table, never the second's.
    match = DAHUA_LAYOUT_MATCH.split(b"<d:ProbeMatches>")[1].split(b"</d:ProbeMatches>")[0]
    two = DAHUA_LAYOUT_MATCH.replace(b"</d:ProbeMatches>", match + b"</d:ProbeMatches>")
    other = b'<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope" xmlns:x="urn:other"></e:Envelope>'
    _, parsed = classify(two + other, 3702)
    assert len(parsed) == 2
    assert [f["soap.declarations"] for f in parsed] == [DAHUA_LAYOUT_TABLE, DAHUA_LAYOUT_TABLE]


def test_a_discovery_answer_whose_envelope_is_not_soap_keeps_no_table() -> None:
    # The prefix `s` bound to something else than a SOAP envelope namespace: the messages are read, the table is not.
    wrong = DAHUA_LAYOUT_MATCH.replace(b'xmlns:s="http://www.w3.org/2003/05/soap-envelope"', b'xmlns:s="urn:not-soap"')
    _, [fields] = classify(wrong, 3702)
    assert fields["wsd.types"] == "dn:NetworkVideoTransmitter tds:Device"
    assert "soap.declarations" not in fields


def test_a_discovery_answer_cut_inside_its_start_tag_keeps_what_arrived() -> None:
    cut = DAHUA_LAYOUT_MATCH[: DAHUA_LAYOUT_MATCH.index(b" xmlns:tds=")]
    assert wsd_messages(cut) == []  # nothing of the message arrived: no observation at all
    head: dict[str, str] = {}
    assert soap_envelope.read_bytes(cut, head)
    assert head["soap.declarations"].split("\n")[:2] == DAHUA_LAYOUT_TABLE.split("\n")[:2]


@given(st.binary(max_size=600), st.binary(max_size=600))
@settings(max_examples=200, deadline=None)
def test_the_table_of_a_hostile_datagram_is_the_readers_own(prefix: bytes, tail: bytes) -> None:
    # Random bytes around a real answer's start: never raises; a table kept is exactly what the shared reader reads
    # from the same datagram, and every message of it carries the same one.
    for data in (prefix + DAHUA_LAYOUT_MATCH + tail, DAHUA_LAYOUT_MATCH[:400] + tail, prefix):
        messages = wsd_messages(data)
        expected: dict[str, str] = {}
        soap_envelope.read_bytes(data, expected)
        for fields in messages:
            assert fields.get("soap.declarations") == expected.get("soap.declarations")


def test_live_discovery_observations_carry_the_answers_table() -> None:
    # The runner's path from received datagrams to observations (what `camaudit discover` identifies).
    [obs] = [o for o in runner.observations_from([(DAHUA_LAYOUT_MATCH, ("192.0.2.108", 3702))]) if o.protocol == "wsd"]
    assert (obs.source, obs.ip, obs.fields["soap.declarations"]) == ("discover", "192.0.2.108", DAHUA_LAYOUT_TABLE)
