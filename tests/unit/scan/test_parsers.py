"""Reply parsers read real-world shapes and survive broken ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.protocols import dhip, sadp
from camaudit.scan.http_client import HttpResponse, parse_head
from camaudit.scan.net import ProbeError
from camaudit.scan.ports import parse_ports
from camaudit.scan.probes.axis import parse_axis_properties
from camaudit.scan.probes.dahua import parse_rpc2_challenge
from camaudit.scan.probes.http import redirect_target, response_fields
from camaudit.scan.probes.rtsp import rtsp_fields

# The anonymised SADP reply of UniversalScanner's selftest (field order and the `flase` typo kept),
# as quoted in ../shared/reference/protocols.md §1.1.
SADP_REPLY = (
    b'<?xml version="1.0" encoding="UTF-8"?>\r\n<ProbeMatch>\r\n<Uuid>11223344-5566-7788-9900-112233445566</Uuid>\r\n'
    b"<Types>inquiry</Types>\r\n<DeviceType>123456</DeviceType>\r\n<DeviceDescription>DS-2CD2320D-I</DeviceDescription>\r\n"
    b"<DeviceSN>DS-2CD2320D-I20180919AACHC52932642</DeviceSN>\r\n<CommandPort>8000</CommandPort>\r\n"
    b"<HttpPort>80</HttpPort>\r\n<MAC>44-47-cc-37-ce-81</MAC>\r\n<IPv4Address>240.0.5.0</IPv4Address>\r\n"
    b"<SoftwareVersion>V5.5.6build 180326</SoftwareVersion>\r\n<Activated>true</Activated>\r\n"
    b"<HCPlatformEnable>flase</HCPlatformEnable>\r\n</ProbeMatch>\r\n"
)


def test_sadp_reply_fields() -> None:
    fields = sadp.parse_reply(SADP_REPLY)
    assert fields is not None
    assert fields["sadp.DeviceDescription"] == "DS-2CD2320D-I"
    assert fields["sadp.SoftwareVersion"] == "V5.5.6build 180326"
    assert fields["mac"] == "44:47:cc:37:ce:81"
    assert "sadp.Uuid" not in fields


def test_sadp_broken_xml_still_read_and_entities_never_expanded() -> None:
    broken = SADP_REPLY.replace(b"</ProbeMatch>", b"")
    fields = sadp.parse_reply(broken)
    assert fields and fields["sadp.DeviceSN"].startswith("DS-2CD2320D-I")
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "AAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
        b"<ProbeMatch><DeviceDescription>&b;</DeviceDescription></ProbeMatch>"
    )
    fields = sadp.parse_reply(bomb) or {}
    assert "AAAAAAAAAA" not in " ".join(fields.values())


def test_dhip_real_announcement(shared_data: Path) -> None:
    doc = json.loads((shared_data / "dahua" / "real_announcement_IPC-B54IR-Z4E-S3.json").read_text())
    fields = dhip.parse_reply(dhip.frame(json.dumps(doc).encode() + b"\x00\x00"))
    assert fields is not None
    assert fields["dhip.DeviceType"] == "IPC-B54IR-Z4E-S3"
    assert fields["dhip.Version"] == "3.142.0000000.8.R"
    assert fields["dhip.DeviceClass"] == "IPC"
    assert fields["mac"] == "98:f9:cc:af:59:0d"


def test_dhip_probe_is_framed() -> None:
    probe = dhip.build_probe()
    assert probe[:8] == b"\x20\x00\x00\x00DHIP"
    body = probe[32:]
    assert int.from_bytes(probe[16:20], "little") == len(body)
    assert json.loads(body)["method"] == "DHDiscover.search"


@given(st.binary(max_size=600))
@settings(max_examples=300, deadline=None)
def test_discovery_parsers_never_crash(data: bytes) -> None:
    sadp.parse_reply(b"<ProbeMatch>" + data)
    dhip.parse_reply(b"\x20\x00\x00\x00DHIP" + data)
    parse_rpc2_challenge(data)
    parse_axis_properties(data)


def test_rpc2_challenge_from_public_sample() -> None:
    # Verbatim sample quoted in a Greenbone NASL (protocols.md §2.3).
    body = (
        b'{"error":{"code":268632079,"message":"Component error: login challenge!"},"id":1,"params":'
        b'{"authorization":"3339eaa9152eebff56a720c2f4dd0a62203a51dc","encryption":"Default","mac":"3CEF8C6101C0",'
        b'"random":"3734299","realm":"Login to AMC000N49SSV0M2U46"},"result":false,"session":1005027323}'
    )
    assert parse_rpc2_challenge(body) == {
        "dahua.login.realm": "Login to AMC000N49SSV0M2U46",
        "mac": "3c:ef:8c:61:01:c0",
        "dahua.login.error_code": "268632079",
    }


def test_http_head_keeps_case_order_and_missing_server() -> None:
    head = b"HTTP/1.1 200 OK\r\nCONNECTION: close\r\nCONTENT-TYPE: text/html\r\nX-Frame-Options: SAMEORIGIN\r\n\r\n"
    status, _reason, headers, block = parse_head(head)
    assert status == 200
    assert headers[0] == ("CONNECTION", "close")
    resp = HttpResponse(status, "OK", headers, block, b"<html><title> WEB  SERVICE </title></html>")
    fields = response_fields(resp, "/")
    assert fields["http.title"] == "WEB SERVICE"
    assert "http.server" not in fields


def test_not_http_is_a_probe_error() -> None:
    with pytest.raises(ProbeError):
        parse_head(b"\x00\x01garbage\r\n\r\n")


@pytest.mark.parametrize(
    ("body", "location", "expected"),
    [
        (
            b'<script>window.location.href = "/doc/page/login.asp?_" + (new Date()).getTime();</script>',
            None,
            "/doc/page/login.asp?_",
        ),
        (b"", "http://192.0.2.1:8080/index.html", "/index.html"),
        (b"", "http://evil.example/elsewhere", "/elsewhere"),
        (b"", "//evil.example/x", None),
        (b'<meta http-equiv="refresh" content="0; url=/login.htm">', None, "/login.htm"),
    ],
)
def test_redirects_stay_on_the_same_device(body: bytes, location: str | None, expected: str | None) -> None:
    headers = (("Location", location),) if location else ()
    resp = HttpResponse(302 if location else 200, "", headers, "", body)
    assert redirect_target(resp, "/") == expected


def test_rtsp_fields_dahua() -> None:
    head = (
        b'RTSP/1.0 401 Unauthorized\r\nCSeq: 2\r\nWWW-Authenticate: Basic realm="device"\r\n'
        b"Server: Dahua Rtsp Server\r\n\r\n"
    )
    fields = rtsp_fields(head)
    assert fields["rtsp.server"] == "Dahua Rtsp Server"
    assert fields["rtsp.status"] == "401"
    assert fields["rtsp.www_authenticate"] == 'Basic realm="device"'


def test_port_presets_and_lists() -> None:
    assert 554 in parse_ports("cameras") and 8554 in parse_ports("cameras")
    assert len(parse_ports("full")) == 65535
    assert parse_ports("80,443,8000-8002") == (80, 443, 8000, 8001, 8002)
    for bad in ("0", "70000", "abc", "90-80", ""):
        with pytest.raises(ValueError):
            parse_ports(bad)


def test_onvif_parsers_on_public_mock_responses(shared_data: Path) -> None:
    from camaudit.scan.probes import onvif

    mocks = shared_data / "onvif-mock-responses"
    info = onvif.parse_device_information((mocks / "GetDeviceInformation.xml").read_bytes())
    assert info["onvif.device_info.manufacturer"] == "Mockup Manufacturer"
    assert info["onvif.device_info.firmware"] == "Mockup_15_14_13"
    scopes = onvif.parse_scopes((mocks / "GetScopes.xml").read_bytes())
    assert "onvif://www.onvif.org/hardware/HD_PREDATOR" in scopes
    assert onvif.parse_system_time((mocks / "GetSystemDateAndTime.xml").read_bytes()) == "2014-12-24T19:14:37Z"
    # Error.xml is not well-formed (curly quotes in its XML declaration), as device XML often is.
    assert onvif.is_fault((mocks / "Error.xml").read_bytes())
    assert not onvif.is_fault((mocks / "GetSystemDateAndTime.xml").read_bytes())


def test_onvif_scopes_are_percent_decoded_and_entities_refused() -> None:
    from camaudit.scan.probes import onvif

    body = (
        b'<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:tt="http://www.onvif.org/ver10/schema">'
        b"<s:Body><GetScopesResponse><Scopes><tt:ScopeItem>onvif://www.onvif.org/name/HIKVISION%20DS-2CD2143G2-I"
        b"</tt:ScopeItem></Scopes></GetScopesResponse></s:Body></s:Envelope>"
    )
    assert onvif.parse_scopes(body) == ["onvif://www.onvif.org/name/HIKVISION DS-2CD2143G2-I"]
    bomb = b'<!DOCTYPE x [<!ENTITY a "aaaa">]><x><ScopeItem>&a;</ScopeItem></x>'
    assert onvif.parse_scopes(bomb) == []


def test_private_port_replies() -> None:
    from camaudit.scan.probes.dahua import parse_dvrip_realm
    from camaudit.scan.probes.hikvision import parse_hik_sdk

    # nmap-service-probes "Hikvision IPCam control port" reply (protocols.md §5)
    assert parse_hik_sdk(bytes.fromhex("000000100000001e0000001e00000000")) == {
        "hik.sdk.reply": "000000100000001e0000001e00000000"
    }
    assert parse_hik_sdk(b"HTTP/1.1 400 Bad Request\r\n\r\n") == {}
    # "Real capture from a live device" quoted in protocols.md §5
    reply = b"\xb0" + b"\x00" * 31 + b"Realm:Login to 18038F6DBFE666A3\r\nRandom:166042717d\r\n\r\n"
    assert parse_dvrip_realm(reply) == {"dahua.dvrip.realm": "Login to 18038F6DBFE666A3"}
    assert parse_dvrip_realm(b"Realm:Login to X") == {}


def test_axis_properties_and_serial_as_mac() -> None:
    body = (
        b'{"apiVersion":"1.0","data":{"propertyList":{"Brand":"AXIS","ProdNbr":"P3245-LVE","ProdType":"Network Camera",'
        b'"Version":"10.12.220","SerialNumber":"ACCC8E5A3B7C"}}}'
    )
    assert parse_axis_properties(body) == {
        "axis.brand": "AXIS",
        "axis.prod_nbr": "P3245-LVE",
        "axis.prod_type": "Network Camera",
        "axis.version": "10.12.220",
        "axis.serial": "ACCC8E5A3B7C",
        "mac": "ac:cc:8e:5a:3b:7c",
    }


def test_certificate_names_subject_issuer_and_alternative_names() -> None:
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import Encoding
    from cryptography.x509.oid import NameOID

    from camaudit.protocols.certificate import certificate_fields

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "192.0.2.64"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Hikvision")])
    now = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(1).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("cam.example"), x509.DNSName("cam2.example")]),
                       critical=False)
        .sign(key, hashes.SHA256())
    )
    fields = certificate_fields(cert.public_bytes(Encoding.DER))
    assert fields["tls.subject"] == "O=Hikvision,CN=192.0.2.64"
    assert fields["tls.san"] == "cam.example\ncam2.example"
    assert len(fields["tls.sha256"]) == 64


def test_rtsp_describe_read_whole_gives_content_base_and_sdp_to_identify() -> None:
    # Illustrative reply (not a capture): Content-Base and SDP control URLs in Hikvision's documented
    # /Streaming/Channels/ convention, session name as many firmwares write it.
    head = (
        b"RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Type: application/sdp\r\n"
        b"Content-Base: rtsp://192.0.2.5:554/Streaming/Channels/101/\r\nContent-Length: 120\r\n\r\n"
    )
    body = (
        b"v=0\r\no=- 1 1 IN IP4 192.0.2.5\r\ns=Media Presentation\r\nt=0 0\r\n"
        b"m=video 0 RTP/AVP 96\r\na=control:rtsp://192.0.2.5:554/Streaming/Channels/101/trackID=1\r\n"
    )
    fields = rtsp_fields(head, body)
    assert fields["rtsp.content_base"] == "rtsp://192.0.2.5:554/Streaming/Channels/101/"
    assert fields["rtsp.sdp"].startswith("v=0\ns=") is False and "a=control:" in fields["rtsp.sdp"]
    from camaudit.identify import identify
    from camaudit.model import Observation

    identity = identify([Observation("192.0.2.5", 554, "tcp", "rtsp", "scan", "2026-01-01T00:00:00Z", fields)])
    assert identity.manufacturer == "hikvision"
    assert identity.is_video_device


def test_rtsp_body_that_is_not_sdp_is_not_kept() -> None:
    fields = rtsp_fields(b"RTSP/1.0 200 OK\r\nCSeq: 2\r\n\r\n", b"<html>not sdp</html>")
    assert "rtsp.sdp" not in fields


def test_onvif_scopes_read_alike_by_the_probe_the_stored_answer_reader_and_ws_discovery() -> None:
    """A long percent-encoded scope is decoded, then capped, the same way wherever it is read."""
    from camaudit.protocols import soap, wsdiscovery
    from camaudit.scan.probes import onvif

    # 90 escaped spaces (270 encoded chars) after the prefix: decoded it is 116 chars, under the cap.
    encoded = "onvif://www.onvif.org/name/CAM" + "%20" * 90 + "END"
    long_plain = "onvif://www.onvif.org/location/" + "x" * 400
    body = (
        '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><GetScopesResponse>'
        f"<Scopes><ScopeItem>{encoded}</ScopeItem></Scopes><Scopes><ScopeItem>{long_plain}</ScopeItem></Scopes>"
        "</GetScopesResponse></s:Body></s:Envelope>"
    ).encode()
    probe = onvif.parse_scopes(body)
    assert probe[0] == "onvif://www.onvif.org/name/CAM" + " " * 90 + "END"
    assert probe[1] == long_plain[:256]
    root = soap.xml_root(body)
    assert root is not None
    assert soap.onvif_fields(root)["onvif.scope"].split("\n") == probe
    match = (
        '<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope" '
        'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery"><e:Body><d:ProbeMatches><d:ProbeMatch>'
        f"<d:Scopes>{encoded} {long_plain}</d:Scopes></d:ProbeMatch></d:ProbeMatches></e:Body></e:Envelope>"
    ).encode()
    assert wsdiscovery.parse_message(match)[0]["onvif.scope"].split("\n") == probe


def test_an_ssdp_location_is_followed_only_on_the_host_that_answered() -> None:
    from camaudit.protocols.ssdp import description_target

    assert description_target("http://192.0.2.7:49153/setup.xml", "192.0.2.7") == (49153, "/setup.xml")
    assert description_target("http://192.0.2.7/desc?x=1", "192.0.2.7") == (80, "/desc?x=1")
    assert description_target("http://192.0.2.8:80/setup.xml", "192.0.2.7") is None
    assert description_target("https://192.0.2.7/setup.xml", "192.0.2.7") is None
    assert description_target("http://192.0.2.7:99999/x", "192.0.2.7") is None
    assert description_target(None, "192.0.2.7") is None
