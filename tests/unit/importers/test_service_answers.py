"""What cameras answer on their own service ports, and ONVIF answers cut out of their envelope, as scan files keep
them: Xiongmai's DVRIP SystemInfo (TCP 34567), Reolink's Baichuan (TCP 9000), an ONVIF response element alone.

Each answer is quoted from the public source named above it, or, where marked, built to the grammar its source
gives (no capture of that exact text was found); none comes from a held-out batch.
"""

from __future__ import annotations

import re
import struct
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import SHARED_DATA, require

from camaudit.identify import identify
from camaudit.importers import shodan
from camaudit.importers.sniff import document_fields, sniff
from camaudit.model import is_video_device
from camaudit.protocols import baichuan

# Built to xet's DVRIP command table (github:sol-vin/xet/src/xet/commands/systeminfo.cr@342309b57052: the Name, Ret,
# SessionID envelope around a SystemInfo object of these keys), with the board and firmware a Xiongmai camera reports
# of itself in johndoe31415/numenworld-ipcam's capture (README.md@677cc283655a: HardWare XM530_80X20_8M, SoftWare
# V5.00.R02.00030678.10010.246701.00200) and a ten-digit session id as lr-m.github.io's iCSee capture shows one.
# Not a capture of this answer; the serial number is written for the test.
SYSTEM_INFO = (
    '{ "Name" : "SystemInfo", "Ret" : 100, "SessionID" : "0x000001869f", "SystemInfo" : { "AlarmInChannel" : 1, '
    '"AlarmOutChannel" : 1, "AudioInChannel" : 1, "BuildTime" : "2019-03-27 15:04:59", "CombineSwitch" : 0, '
    '"DeviceRunTime" : "0x000000E0", "DigChannel" : 0, "EncryptVersion" : "Unknown", "ExtraChannel" : 0, '
    '"HardWare" : "XM530_80X20_8M", "HardWareVersion" : "Unknown", "SerialNo" : "0a1b2c3d4e5f6789", '
    '"SoftWareVersion" : "V5.00.R02.00030678.10010.246701.00200", "TalkInChannel" : 1, "TalkOutChannel" : 1, '
    '"UpdataTime" : "", "UpdataType" : "0x00000000", "VideoInChannel" : 1, "VideoOutChannel" : 1 } }'
)
#: The same answer after DVRIP's 20-byte header (head 0xFF, version 1, session, message 1021 = 0x03fd, as
#: github:OpenIPC/python-dvr/dvrip.py@173c36cf264b packs it). Built to that grammar, not a capture.
SYSTEM_INFO_WITH_HEADER = (
    struct.pack("<BBHIIHHI", 0xFF, 1, 0, 0x1869F, 0, 0, 0x03FD, len(SYSTEM_INFO) + 2) + SYSTEM_INFO.encode() + b"\n\x00"
).decode("latin-1")


def _bare(text: str, port: int = 8080) -> dict[str, str]:
    found: dict[str, str] = {}
    sniff(text, found, port=port)
    return found


def _identity(text: str, port: int):  # type: ignore[no-untyped-def]
    return identify(shodan.parse_banner({"ip_str": "198.51.100.9", "port": port, "data": text}, 1).observations)


@pytest.mark.parametrize("reply", [SYSTEM_INFO, SYSTEM_INFO_WITH_HEADER])
def test_a_dvrip_system_info_answer_names_xiongmai_and_keeps_serial_firmware_and_board(reply: str) -> None:
    found = _bare(reply, 34567)
    assert found["devinfo.answer"] == "xiongmai-dvrip"
    assert found["devinfo.serial"] == "0a1b2c3d4e5f6789"
    assert found["devinfo.firmware"] == "V5.00.R02.00030678.10010.246701.00200"
    assert found["devinfo.hardware"] == "XM530_80X20_8M"
    assert "devinfo.model" not in found  # an "Unknown" hardware version says nothing
    identity = _identity(reply, 34567)
    assert identity.manufacturer == "xiongmai" and is_video_device(identity.device_type)


def test_a_system_info_object_kept_without_its_envelope_is_still_read() -> None:
    # What a client library hands back (python-dvr's get_system_info returns the inner object).
    inner = SYSTEM_INFO[SYSTEM_INFO.index('"SystemInfo" : {') + len('"SystemInfo" : ') : -2]
    found = _bare(inner, 34567)
    assert found["devinfo.answer"] == "xiongmai-dvrip" and found["devinfo.serial"] == "0a1b2c3d4e5f6789"
    assert _identity(inner, 34567).manufacturer == "xiongmai"


def test_json_with_a_few_of_those_key_names_is_not_a_system_info_answer() -> None:
    # A router's status JSON that happens to say HardWare and SoftWareVersion (written for this test).
    router = '{"HardWare": "MT7621", "SoftWareVersion": "1.2.3", "Uptime": 100, "WanIP": "203.0.113.1"}'
    found = _bare(router)
    assert "devinfo.answer" not in found
    assert _identity(router, 80).manufacturer is None


# github:VoltTech21/reostream/internal/baichuan/deviceinfo.go@e54a0533b869 describes the login reply a Reolink camera
# sends (<body><DeviceInfo>: firmVersion, type, typeInfo IPC); the body below carries those elements with values
# from that source's comments, framed and ciphered as .../header.go@7d729be1b7d7 and .../crypto.go@d16f9dece667
# do. Built to that grammar, not a capture.
BAICHUAN_DEVICE_INFO = (
    b'<?xml version="1.0" encoding="UTF-8" ?>\n<body>\n<DeviceInfo version="1.1">\n<firmVersion>00000000000000'
    b"</firmVersion>\n<type>ipc</type>\n<channelNum>1</channelNum>\n<audioNum>1</audioNum>\n<typeInfo>IPC</typeInfo>\n"
    b"</DeviceInfo>\n</body>\n"
)
_BC_KEY = bytes((0x1F, 0x2D, 0x3C, 0x4B, 0x5A, 0x69, 0x78, 0xFF))


def _bc(offset: int, data: bytes) -> bytes:
    return bytes(byte ^ _BC_KEY[(offset % 8 + i) % 8] ^ (offset & 0xFF) for i, byte in enumerate(data))


def _message(body: bytes, *, offset: int = 9, klass: int = 0x0000) -> bytes:
    head = baichuan.MAGIC + struct.pack("<III", 1, len(body), offset) + b"\xc8\x00" + struct.pack("<H", klass)
    return head + (struct.pack("<I", 0) if klass in (0x6414, 0x0000) else b"") + body


@pytest.mark.parametrize(
    "reply",
    [
        _message(_bc(9, BAICHUAN_DEVICE_INFO)),
        _message(BAICHUAN_DEVICE_INFO, klass=0x6614),
        _message(_bc(1, b'<?xml version="1.0" encoding="UTF-8" ?>\n<body>\n<Encryption version="1.1">\n<type>md5'
                        b"</type>\n<nonce>13BCECE33DA453DB</nonce>\n</Encryption>\n</body>\n"), offset=1, klass=0x6614)
        + _message(_bc(9, BAICHUAN_DEVICE_INFO)),
    ],
    ids=["ciphered-login-reply", "plain-login-reply", "nonce-then-login-reply"],
)
def test_a_baichuan_reply_names_reolink_and_types_the_camera(reply: bytes) -> None:
    text = reply.decode("latin-1")
    found = _bare(text, 9000)
    assert found["devinfo.answer"] == "reolink-baichuan" and found["devinfo.device_type"] == "IPC"
    assert "devinfo.firmware" not in found  # a firmware of zeros says nothing
    identity = _identity(text, 9000)
    assert identity.manufacturer == "reolink" and identity.device_type == "camera"


def test_a_deciphered_baichuan_body_kept_alone_is_read_as_the_same_answer() -> None:
    body = BAICHUAN_DEVICE_INFO.decode()
    assert _bare(body)["devinfo.answer"] == "reolink-baichuan"
    found: dict[str, str] = {}
    assert document_fields(body, found) == "baichuan" and found["devinfo.device_type"] == "IPC"


def test_a_baichuan_header_whose_body_is_aes_still_names_the_protocol() -> None:
    # Past login every body is AES under a key from the password: the header alone is left to read.
    found = _bare(_message(bytes(range(7, 207)), klass=0x0000).decode("latin-1"), 9000)
    assert found == {"devinfo.answer": "reolink-baichuan"}


@pytest.mark.parametrize(
    "text",
    [
        # A web page's body and an XML document whose root is <body> but holds no Baichuan message.
        '<?xml version="1.0"?>\n<body><p>Hello</p></body>',
        '<body onload="init()"><div id="DeviceInfo">Camera</div></body>',
        '<?xml version="1.0"?><body><item version="1.1"><name>Router</name></item></body>',
        # Binary replies that start like the header but are not one: the magic without a known class, other magics.
        (b"\xf0\xde\xbc\x0a" + bytes(14) + b"\x99\x99" + bytes(8)).decode("latin-1"),
        (b"\xff\x01\x00\x00" + bytes(16) + b"{}").decode("latin-1"),
        (b"\xf0\x9f\x98\x80 emoji status").decode("utf-8"),
    ],
)
def test_look_alikes_of_baichuan_name_nobody(text: str) -> None:
    found = _bare(text)
    document_fields(text, found)
    assert found.get("devinfo.answer") != "reolink-baichuan"


def _onvif_body(name: str) -> str:
    """The SOAP Body's content of one of agsh/onvif's mock answers: an ONVIF answer without its envelope, its
    prefixes (declared on the envelope) now unbound."""
    path = SHARED_DATA / "onvif-mock-responses" / name
    require(path.exists(), "the shared ONVIF mock answers (../shared/data/onvif-mock-responses) are not here")
    found = re.search(r"<SOAP-ENV:Body>(.*)</SOAP-ENV:Body>", path.read_text(encoding="utf-8"), re.DOTALL)
    assert found
    return found.group(1).strip()


@pytest.mark.parametrize("name", ["GetCapabilities.xml", "GetServices.xml", "GetSystemDateAndTime.xml",
                                  "GetScopes.xml", "GetHostname.xml"])
def test_an_onvif_answer_without_its_envelope_types_a_video_device(name: str) -> None:
    fragment = _onvif_body(name)
    assert fragment.startswith("<tds:")
    assert _bare(fragment)["devinfo.answer"] == "onvif-soap"
    identity = _identity(fragment, 8899)
    assert is_video_device(identity.device_type) and identity.manufacturer is None


def test_an_onvif_fragment_keeps_what_the_live_probe_reads() -> None:
    found = _bare(_onvif_body("GetCapabilities.xml"))
    assert found["onvif.xaddrs"].startswith("http://")
    assert _bare(_onvif_body("GetHostname.xml"))["onvif.hostname"] == "IPNC-RDK"
    assert "onvif://www.onvif.org/" in _bare(_onvif_body("GetScopes.xml"))["onvif.scope"]


def test_a_fragment_whose_namespace_is_declared_on_an_inner_element_is_read() -> None:
    # Written for this test to the ONVIF device WSDL's element names.
    fragment = (
        '<tds:GetSystemDateAndTimeResponse xmlns:tds="http://www.onvif.org/ver10/device/wsdl">'
        '<tds:SystemDateAndTime xmlns:tt="http://www.onvif.org/ver10/schema"><tt:DateTimeType>NTP</tt:DateTimeType>'
        "</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>"
    )
    assert _bare(fragment)["devinfo.answer"] == "onvif-soap"


@pytest.mark.parametrize(
    "fragment",
    [
        # ONVIF's device service namespace as a default namespace, and under a prefix a toolkit chose (written for
        # this test to the ONVIF device WSDL's element names).
        '<GetSystemDateAndTimeResponse xmlns="http://www.onvif.org/ver10/device/wsdl"><SystemDateAndTime>'
        '<DateTimeType xmlns="http://www.onvif.org/ver10/schema">Manual</DateTimeType></SystemDateAndTime>'
        "</GetSystemDateAndTimeResponse>",
        '<ns2:GetHostnameResponse xmlns:ns2="http://www.onvif.org/ver10/device/wsdl" '
        'xmlns:ns3="http://www.onvif.org/ver10/schema"><ns2:HostnameInformation><ns3:FromDHCP>false</ns3:FromDHCP>'
        "<ns3:Name>cam-lobby</ns3:Name></ns2:HostnameInformation></ns2:GetHostnameResponse>",
    ],
    ids=["default-namespace", "own-prefix"],
)
def test_an_onvif_fragment_in_any_prefix_of_its_namespace_is_read(fragment: str) -> None:
    found = _bare(fragment)
    assert found["devinfo.answer"] == "onvif-soap"
    assert found.get("onvif.hostname", "cam-lobby") == "cam-lobby"
    assert is_video_device(_identity(fragment, 8899).device_type)


@pytest.mark.parametrize(
    "text",
    [
        # A UPnP action answer in a default namespace, and a prefixed answer naming no namespace at all.
        '<GetStatusInfoResponse xmlns="urn:schemas-upnp-org:service:WANIPConnection:1"><NewConnectionStatus>'
        "Connected</NewConnectionStatus></GetStatusInfoResponse>",
        "<ns2:GetHostnameResponse><ns2:Name>nas</ns2:Name></ns2:GetHostnameResponse>",
        # A generic SOAP fault, a UPnP IGD action answer, a WS-Management answer (written for this test to the
        # SOAP 1.2, UPnP WANIPConnection and DMTF WS-Management namespaces).
        '<SOAP-ENV:Fault xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope"><SOAP-ENV:Code><SOAP-ENV:Value>'
        "SOAP-ENV:Sender</SOAP-ENV:Value></SOAP-ENV:Code></SOAP-ENV:Fault>",
        '<u:GetExternalIPAddressResponse xmlns:u="urn:schemas-upnp-org:service:WANIPConnection:1">'
        "<NewExternalIPAddress>203.0.113.7</NewExternalIPAddress></u:GetExternalIPAddressResponse>",
        '<wsmid:IdentifyResponse xmlns:wsmid="http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd">'
        "<wsmid:ProductVendor>Acme</wsmid:ProductVendor></wsmid:IdentifyResponse>",
        # An ONVIF-looking prefix bound to some other namespace, and one never closed.
        '<tds:GetCapabilitiesResponse xmlns:tds="http://example.com/tds"><tds:X>1</tds:X></tds:GetCapabilitiesResponse>',
        "<tds:GetCapabilitiesResponse><tds:Capabilities>",
    ],
)
def test_soap_answers_that_are_not_onvif_type_nothing(text: str) -> None:
    found = _bare(text)
    document_fields(text, found)
    assert found.get("devinfo.answer") != "onvif-soap"
    assert not is_video_device(_identity(text, 80).device_type)


@settings(max_examples=150, deadline=None)
@given(
    tail=st.binary(max_size=400),
    klass=st.sampled_from([0x6514, 0x6614, 0x6414, 0x0000]),
    length=st.integers(min_value=0, max_value=2**32 - 1),
    offset=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_any_baichuan_header_and_body_never_raise(tail: bytes, klass: int, length: int, offset: int) -> None:
    data = baichuan.MAGIC + struct.pack("<III", 1, length, offset) + b"\xc8\x00" + struct.pack("<H", klass) + tail
    found: dict[str, str] = {}
    sniff(data.decode("latin-1"), found, port=9000)
    assert found.get("devinfo.answer") == "reolink-baichuan"
    assert all(len(value) <= 128 for value in found.values())


@settings(max_examples=150, deadline=None)
@given(
    prefix=st.sampled_from(["tds", "trt", "tt", "tev"]),
    name=st.from_regex(r"[A-Z][a-z]{2,12}Response", fullmatch=True),
    inner=st.text(max_size=300),
)
def test_any_text_inside_an_onvif_looking_fragment_never_raises(prefix: str, name: str, inner: str) -> None:
    text = f"<{prefix}:{name}>{inner}</{prefix}:{name}>"
    found: dict[str, str] = {}
    sniff(text, found)
    document_fields(text, found)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(["HardWare", "SoftWareVersion", "SerialNo", "BuildTime", "DigChannel",
                                        "UpdataTime", "DeviceModel", "Name", "SystemInfo", "Ret", "SessionID"]),
                       st.one_of(st.text(max_size=40), st.integers(), st.none(), st.lists(st.integers(), max_size=3),
                                 st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=3))))
def test_any_system_info_like_json_never_raises(doc: dict[str, object]) -> None:
    import json

    found: dict[str, str] = {}
    sniff(json.dumps(doc), found, port=34567)
    assert all(len(value) <= 128 for name, value in found.items() if name.startswith("devinfo."))


@pytest.mark.parametrize(
    "text",
    [
        # A Telnet server's option negotiation (0xFF IAC first) before a router's login prompt, a DVRIP-looking
        # header before JSON of another shape, and JSON with Ret and a session id that is not DVRIP's hex.
        "\xff\xfd\x18\xff\xfd\x20\xff\xfb\x01\r\nRouter login: ",
        (b"\xff\x01\x00\x00" + bytes(16) + b'{"status": "ok", "uptime": 12}').decode("latin-1"),
        '{"Ret": 100, "SessionID": "guest-session", "Name": "SystemInfo"}',
    ],
)
def test_look_alikes_of_dvrip_name_nobody(text: str) -> None:
    found = _bare(text, 34567)
    assert found.get("devinfo.answer") != "xiongmai-dvrip"
    assert _identity(text, 34567).manufacturer is None


# The same answers as every scan format stores them (tests/unit/importers/format_renderings.py): Censys's banner,
# zgrab2's banner module, masscan's -oJ and -oL (bytes as \xNN), nmap's fingerprint-strings, raw and base64 JSON
# lines. Each must give the identity the Shodan banner gives; nmap's default scripts and httpx keep none of these.
_PARITY = {
    "dvrip-system-info": (34567, SYSTEM_INFO_WITH_HEADER, "xiongmai"),
    "baichuan-login-reply": (9000, _message(_bc(9, BAICHUAN_DEVICE_INFO)).decode("latin-1"), "reolink"),
}


@pytest.mark.parametrize("name", sorted(_PARITY))
def test_every_scan_format_carries_these_answers_alike(name: str) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from test_format_parity import FORMAT_NAMES, observations, rendered, summary

    port, data, maker = _PARITY[name]
    banner = {"ip_str": "198.51.100.9", "port": port, "transport": "tcp", "data": data, "_shodan": {"module": "unknown"}}
    native = summary(_identity(data, port))
    assert native[2] == maker
    for fmt_name in FORMAT_NAMES:
        if fmt_name in ("nmap-scripts", "httpx", "httpx-irr"):
            continue
        fmt, text = rendered(fmt_name, banner)
        assert summary(identify(observations(fmt, text))) == native, fmt_name
