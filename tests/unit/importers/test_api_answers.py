"""Any answer of a maker's API that a scanner stored -- a status, a setting, an error, a login answer, a config
dump -- names the API that gave it (``devinfo.answer``), and so the maker, below a device document's certainty.

Each answer is quoted from the public source named above it (a recorded answer, a client's example response),
or, where marked, written to the shape a client library parses (no capture of that exact text was found).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import SHARED_DATA, require

from camaudit.fields import field
from camaudit.identify import identify
from camaudit.importers import shodan
from camaudit.importers.api_answers import json_answer, text_answer, xml_answer
from camaudit.importers.base import ImportRecord
from camaudit.importers.sniff import document_fields, sniff
from camaudit.model import is_video_device

# github:MissiaL/hikvision-client/tests/fixtures/cassettes/test_auth_firmware_pre_v5_5@f13ed86205da -- a recorded
# /ISAPI/System/status answer (not the deviceinfo document: no model in it).
HIKVISION_STATUS = (
    '<?xml version="1.0" encoding="UTF-8"?>\r\n<DeviceStatus version="2.0" xmlns="http://www.hikvision.com/ver20/'
    'XMLSchema">\r\n<currentDeviceTime>1970-04-14T12:14:55+08:00</currentDeviceTime>\r\n<deviceUpTime>857877'
    "</deviceUpTime>\r\n<CPUList>\r\n<CPU>\r\n<cpuDescription>ARM926EJ-Sid(wb) [41069265] revision 5 (ARMv5TEJ)"
    "</cpuDescription>\r\n<cpuUtilization>30</cpuUtilization>\r\n</CPU>\r\n</CPUList>\r\n<MemoryList>\r\n<Memory>"
    "\r\n<memoryDescription>DDR Memory</memoryDescription>\r\n<memoryUsage>67</memoryUsage>\r\n<memoryAvailable>"
    "48896</memoryAvailable>\r\n</Memory>\r\n</MemoryList>\r\n</DeviceStatus>\r\n"
)
# github:quatanium/foscam-python-lib/foscam/foscam.py@1767f678fc0d parses every CGIProxy.fcgi answer as a
# CGI_Result root whose <result> child is the code (-2: authentication failed). Written to that shape, not a capture.
FOSCAM_AUTH_FAILED = "<CGI_Result>\n    <result>-2</result>\n</CGI_Result>\n"
# github:ReolinkCameraAPI/reolinkapipy/examples/response/GetNetworkNTP.json@f26045a218d7
REOLINK_NTP = (
    '[\n  {\n    "cmd": "GetNtp",\n    "code": 0,\n    "value": {\n      "Ntp": {\n        "enable": 1,\n'
    '        "interval": 1440,\n        "port": 123,\n        "server": "ntp.moos.xyz"\n      }\n    }\n  }\n]\n'
)
# github:ReolinkCameraAPI/reolinkapipy/examples/response/Login.json@e776715c1cff
REOLINK_LOGIN = (
    '[\n  {\n    "cmd": "Login",\n    "code": 0,\n    "value": { "Token": { "leaseTime": 3600, "name": "xxxxxxxxxxxx" } }'
    "\n  }\n]\n"
)
# github:rroller/dahua/custom_components/dahua/client.py@5350331688af -- example getConfig answers it quotes.
DAHUA_GENERAL = (
    "table.General.LocalNo=8\r\ntable.General.LockLoginEnable=false\r\ntable.General.LockLoginTimes=3\r\n"
    "table.General.LoginFailLockTime=1800\r\ntable.General.MachineName=Cam4\r\ntable.General.MaxOnlineTime=3600\r\n"
)
DAHUA_LIGHTING = "table.Lighting_V2[0][2][0].Correction=50\r\ntable.Lighting_V2[0][2][0].LightType=WhiteLight\r\n"
# github:scottlamb/moonfire-playground/camera-motion/src/hikvision.rs@3b336fd2173e -- the alert-stream parts its
# tests quote, from the two namespaces its author's cameras used (firmware V5.3.0: hikvision.com/ver10; V4.0.9:
# std-cgi.com/ver10, the namespace older and relabelled Hikvision firmware writes).
HIKVISION_VER10_EVENT = (
    '<EventNotificationAlert version="1.0" xmlns="http://www.hikvision.com/ver10/XMLSchema">\n'
    "<ipAddress>192.168.5.106</ipAddress>\n<portNo>80</portNo>\n<protocol>HTTP</protocol>\n"
    "<macAddress>8c:e7:48:da:94:8f</macAddress>\n<channelID>1</channelID>\n"
    "<dateTime>2016-12-24T18:59:49-8:00</dateTime>\n<activePostCount>0</activePostCount>\n"
    "<eventType>videoloss</eventType>\n<eventState>inactive</eventState>\n"
    "<eventDescription>videoloss alarm</eventDescription>\n</EventNotificationAlert>"
)
STD_CGI_EVENT = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<EventNotificationAlert version="2.0" '
    'xmlns="http://www.std-cgi.com/ver10/XMLSchema">\n<ipAddress>172.6.64.7</ipAddress>\n<portNo>80</portNo>\n'
    "<protocol>HTTP</protocol>\n<macAddress>01:17:24:45:D9:F4</macAddress>\n<channelID>1</channelID>\n"
    "<dateTime>2009-11-14T15:27Z</dateTime>\n<activePostCount>1</activePostCount>\n<eventType>VMD</eventType>\n"
    "<eventState>active</eventState>\n<eventDescription>Motion alarm</eventDescription>\n"
    "<DetectionRegionList>\n<DetectionRegionEntry>\n<regionID>2</regionID>\n<sensitivityLevel>4</sensitivityLevel>\n"
    "</DetectionRegionEntry>\n</DetectionRegionList>\n</EventNotificationAlert>\n"
)
# https://github.com/evercam/evercam-server/issues/475 -- a camera's 200 answer to a snapshot request (isapi.org).
ISAPI_ORG_STATUS = (
    '<ResponseStatus xmlns="http://www.isapi.org/ver20/XMLSchema" version="2.0">\n'
    "<requestURL>/ISAPI/Streaming/channels/5012/picture</requestURL>\n<statusCode>3</statusCode>\n"
    "<statusString>Device Error</statusString>\n<subStatusCode>deviceError</subStatusCode>\n</ResponseStatus>"
)
# https://github.com/evercam/evercam-server/issues/63 -- the same envelope in PSIA's namespace, from a camera.
PSIA_NAMESPACE_STATUS = (
    '<ResponseStatus xmlns="urn:psialliance-org" version="1.0">\n'
    "<requestURL>/ISAPI/Streaming/channels/201/picture</requestURL>\n<statusCode>3</statusCode>\n"
    "<statusString>Device Error</statusString>\n<subStatusCode>deviceError</subStatusCode>\n</ResponseStatus>"
)
# github:agsh/onvif/test/serverMockup/GetHostname.xml@b8fd7f9a6d52 (a copy is in /work/shared/data).
ONVIF_MOCKS = SHARED_DATA / "onvif-mock-responses"

ANSWERS = {
    "hikvision": HIKVISION_STATUS,
    "foscam": FOSCAM_AUTH_FAILED,
    "reolink": REOLINK_NTP,
    "reolink-login": REOLINK_LOGIN,
    "dahua": DAHUA_GENERAL,
    "dahua-lighting": DAHUA_LIGHTING,
    "hikvision-ver10": HIKVISION_VER10_EVENT,
    "hikvision-std-cgi": STD_CGI_EVENT,
    "hikvision-isapi-org-status": ISAPI_ORG_STATUS,
    "hikvision-psia-namespace-status": PSIA_NAMESPACE_STATUS,
}


def _shodan_http(body: str, content_type: str = "text/plain") -> ImportRecord:
    data = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nConnection: close\r\n\r\n{body}"
    return shodan.parse_banner({"ip_str": "198.51.100.9", "port": 80, "data": data, "_shodan": {"module": "http"}}, 1)


def _bare(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    sniff(text, found, port=8080)
    return found


def _assert_no_api_named(look_alikes: tuple[str, ...]) -> None:
    """Neither the sniffer nor the document reader takes any of ``look_alikes`` for a maker's API answer."""
    for text in look_alikes:
        found = _bare(text)
        document_fields(text, found)
        assert "devinfo.answer" not in found, text


def test_a_hikvision_isapi_status_answer_names_hikvision_only_beside_a_video_sign() -> None:
    record = _shodan_http(HIKVISION_STATUS, "application/xml")
    assert record.observations[0].fields["devinfo.answer"] == "hikvision-isapi"
    # Alone it types nothing and names nobody: every Hikvision product line answers ISAPI, alarm panels too.
    alone = identify(record.observations)
    assert alone.manufacturer is None and not is_video_device(alone.device_type)
    # Beside a sign that the host is a video device (its ONVIF service answered), it names the maker.
    path = ONVIF_MOCKS / "GetHostname.xml"
    require(path.exists(), "the shared ONVIF mock answers (../shared/data/onvif-mock-responses) are not here")
    plain = path.read_text(encoding="utf-8").replace(' xmlns:tnsaxis="http://www.axis.com/2009/event/topics"', "")
    onvif = shodan.parse_banner({"ip_str": "198.51.100.9", "port": 8899, "data": plain}, 1)
    identity = identify([*record.observations, *onvif.observations])
    assert identity.manufacturer == "hikvision" and is_video_device(identity.device_type)
    assert identity.model is None and identity.confidence < 0.9  # below the deviceinfo document's


@pytest.mark.parametrize("body", [HIKVISION_VER10_EVENT, STD_CGI_EVENT])
def test_isapi_answers_in_its_other_namespaces_name_the_api(body: str) -> None:
    record = _shodan_http(body, "application/xml")
    assert record.observations[0].fields["devinfo.answer"] == "hikvision-isapi"
    alone = identify(record.observations)  # an answer alone still names nobody (rules/device_documents.yaml)
    assert alone.manufacturer is None and not is_video_device(alone.device_type)


@pytest.mark.parametrize("body", [ISAPI_ORG_STATUS, PSIA_NAMESPACE_STATUS])
def test_isapi_status_envelopes_for_a_cameras_picture_name_hikvisions_video_device(body: str) -> None:
    # The device failed at taking the picture (Device Error), so it holds the picture resource: a camera's or a
    # recorder's answer (test_api_isapi_video.py has the refusals and every product's resources, which still wait).
    record = _shodan_http(body, "application/xml")
    assert record.observations[0].fields["devinfo.answer"] == "hikvision-isapi-video"
    alone = identify(record.observations)
    assert alone.manufacturer == "hikvision" and is_video_device(alone.device_type)


def test_a_status_envelope_that_is_not_isapis_names_no_api() -> None:
    # Written to the envelope's shape, not captured: PSIA's own path, a status code that is no number, too few
    # of the envelope's children, a namespace-less look-alike of another API.
    look_alikes = (
        PSIA_NAMESPACE_STATUS.replace("/ISAPI/", "/PSIA/"),
        PSIA_NAMESPACE_STATUS.replace("<statusCode>3</statusCode>", "<statusCode>three</statusCode>"),
        '<ResponseStatus><requestURL>/ISAPI/System/status</requestURL></ResponseStatus>',
        "<ResponseStatus><requestURL>/api/v1/status</requestURL><statusCode>1</statusCode>"
        "<statusString>OK</statusString></ResponseStatus>",
        '<?xml version="1.0"?><Status xmlns="http://www.std-cgi.com/ver99/XMLSchema"><code>1</code></Status>',
    )
    _assert_no_api_named(look_alikes)


def test_a_foscam_cgi_error_answer_names_foscam() -> None:
    identity = identify(_shodan_http(FOSCAM_AUTH_FAILED, "text/xml").observations)
    assert (identity.brand, identity.device_type) == ("foscam", "camera")


@pytest.mark.parametrize("body", [REOLINK_NTP, REOLINK_LOGIN])
def test_any_reolink_api_answer_names_reolink(body: str) -> None:
    identity = identify(_shodan_http(body, "application/json").observations)
    assert identity.brand == "reolink" and is_video_device(identity.device_type)


def test_a_dahua_config_table_names_dahua_and_keeps_the_machine_name() -> None:
    fields = _shodan_http(DAHUA_GENERAL).observations[0].fields
    assert (fields["devinfo.answer"], fields["devinfo.name"]) == ("dahua-cgi", "Cam4")
    identity = identify(_shodan_http(DAHUA_LIGHTING).observations)
    assert identity.manufacturer == "dahua" and is_video_device(identity.device_type)


def test_an_onvif_answer_from_any_port_types_a_video_device_without_a_maker() -> None:
    path = ONVIF_MOCKS / "GetHostname.xml"
    require(path.exists(), "the shared ONVIF mock answers (../shared/data/onvif-mock-responses) are not here")
    envelope = path.read_text(encoding="utf-8")
    found = _bare(envelope)
    assert found["devinfo.answer"] == "onvif-soap"
    # The envelope also declares a maker's own namespace (Axis's event topics): the onvif.yaml rule reads it.
    assert "http://www.axis.com/2009/event/topics" in found["onvif.namespaces"].split("\n")
    # Without that declaration the envelope names no maker, but the device still speaks ONVIF.
    plain = envelope.replace(' xmlns:tnsaxis="http://www.axis.com/2009/event/topics"', "")
    assert plain != envelope
    record = shodan.parse_banner({"ip_str": "198.51.100.9", "port": 8899, "data": plain}, 1)
    identity = identify(record.observations)
    assert identity.manufacturer is None and identity.brand is None
    assert is_video_device(identity.device_type)


def test_the_answers_are_read_as_bare_replies_and_every_field_is_declared() -> None:
    for name, body in ANSWERS.items():
        found = _bare(body)
        assert found.get("devinfo.answer"), name
        for key, value in found.items():
            declared = field(key)
            assert declared is not None and declared.filled_by("import:shodan") and declared.accepts(value), key


def test_look_alikes_name_no_api() -> None:
    look_alikes = (
        # XML that only mentions an ISAPI namespace, its root in none.
        '<?xml version="1.0"?><feed><note>xmlns="http://www.hikvision.com/ver20/XMLSchema"</note></feed>',
        # ISAPI-like root in a namespace of no maker's, without the envelope's request URL.
        '<?xml version="1.0"?><ResponseStatus xmlns="http://example.com/ver20/XMLSchema"><statusCode>4</statusCode>'
        "</ResponseStatus>",
        # A CGI_Result without a numeric result.
        "<CGI_Result><status>ok</status></CGI_Result>",
        "<CGI_Result><result>ok</result></CGI_Result>",
        # A UPnP SOAP answer (a router's): an Envelope, but no ONVIF namespace.
        '<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
        '<u:GetExternalIPAddressResponse xmlns:u="urn:schemas-upnp-org:service:WANIPConnection:1">'
        "<NewExternalIPAddress>203.0.113.1</NewExternalIPAddress></u:GetExternalIPAddressResponse></s:Body></s:Envelope>",
        # JSON lists that are not Reolink's: a string code, a command with spaces, no value or error object.
        '[{"cmd": "GetNtp", "code": "0", "value": {}}]',
        '[{"cmd": "rm -rf", "code": 0, "value": {}}]',
        '[{"cmd": "GetNtp", "code": 0}]',
        '[{"cmd": "GetNtp", "code": 1, "error": {"detail": "x"}}]',
        '{"cmd": "GetNtp", "code": 0, "value": {}}',
        # Text that starts like a table but is not one.
        "table.html\r\n",
        "table.general.name=x\r\n",
        "tables.General.MachineName=x\r\n",
    )
    _assert_no_api_named(look_alikes)


def test_a_reolink_error_answer_is_read_by_its_error_object() -> None:
    # Written to the shape of Reolink's error answer (rspCode and detail in "error"), not a capture.
    found: dict[str, str] = {}
    assert json_answer([{"cmd": "GetNtp", "code": 1, "error": {"rspCode": -6, "detail": "please login first"}}],
                       found) == "http"
    assert found["devinfo.answer"] == "reolink-api"


_HOSTILE = {
    "entity bomb": '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                   '<DeviceStatus xmlns="http://www.hikvision.com/ver20/XMLSchema"><x>&b;</x></DeviceStatus>',
    "deep envelope": '<s:Envelope xmlns:t="http://www.onvif.org/ver10/schema">' + "<a>" * 5000 + "</a>" * 5000,
    "deep json": '[{"cmd": "GetNtp", "code": 0, "value": ' + "[" * 5000 + "]" * 5000 + "}]",
    "long table line": "table.General.MachineName=" + "A" * 200_000,
    "unclosed result": "<CGI_Result>" + "<result>" * 3000,
}


@pytest.mark.parametrize("name", sorted(_HOSTILE))
def test_hostile_answers_do_not_raise_and_keep_nothing_long(name: str) -> None:
    found = _bare(_HOSTILE[name])
    document_fields(_HOSTILE[name], found)
    assert found.get("devinfo.answer") in (None, "dahua-cgi")  # only the long table is still a table
    assert all(len(value) <= 128 for key, value in found.items() if key != "devinfo.answer"), found


_MARKERS = [
    '<?xml version="1.0"?><DeviceStatus xmlns="http://www.hikvision.com/ver20/XMLSchema">',
    "<CGI_Result><result>",
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:tds="http://www.onvif.org/ver10/device/wsdl">',
    '[{"cmd": "GetNtp", "code": 0, "value": ',
    "table.General.",
    '<ResponseStatus xmlns="urn:psialliance-org"><requestURL>/ISAPI/',
    '<EventNotificationAlert xmlns="http://www.std-cgi.com/ver10/XMLSchema">',
    "NG\r\nError Code: 600\r\nError Details:",
    "",
]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.sampled_from(_MARKERS))
def test_any_text_after_an_answer_marker_never_raises(tail: str, marker: str) -> None:
    found: dict[str, str] = {}
    readers = (sniff, document_fields, text_answer, lambda text, into: xml_answer(text, text[:4096], into))
    for read in readers:
        read(marker + tail, found)
    for key, value in found.items():
        declared = field(key)
        assert declared is not None and declared.accepts(value), key


@settings(max_examples=200, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=20))
def test_any_json_shape_never_raises(doc: object) -> None:
    found: dict[str, str] = {}
    json_answer(doc, found)
    json_answer([doc], found)
    json_answer([{"cmd": "GetNtp", "code": 0, "value": doc}], found)
    assert set(found) <= {"devinfo.answer"}


# github:alexshpilkin/dvrip/test_dvrip.py@ec85056894b9 -- a DVRIP login answer with the 20-byte header it came in,
# and a logout answer (JSON only, as a collector that dropped the header keeps it).
DVRIP_LOGIN = (
    b"\xff\x01\x00\x00\x57\x00\x00\x00\x00\x00\x00\x00\x00\x00\xe9\x03\x96\x00\x00\x00"
    b'{ "AliveInterval" : 21, "ChannelNum" : 4, "DataUseAES" : false, "DeviceType " : "HVR", '
    b'"ExtraChannel" : 0, "Ret" : 100, "SessionID" : "0x00000057" }\x0a\x00'
).decode("latin-1")
DVRIP_LOGOUT = '{ "Name" : "", "Ret" : 100, "SessionID" : "0x00000057" }\n'
# github:rroller/dahua/custom_components/dahua/rpc2.py@4a7d75246513 reads the /RPC2_Login challenge for session,
# params.realm and params.random. Written to that shape with the realm rules/dahua.yaml quotes, not a capture.
DAHUA_RPC2_CHALLENGE = (
    '{"error":{"code":268632079,"message":"Component error: login challenge!"},"id":1,"params":{"encryption":'
    '"Default","mac":"3CEF8C6101C0","random":"3734299","realm":"Login to 4C045ADPAG60CD"},"result":false,'
    '"session":1005027323}'
)
DAHUA_RPC2_TIME = '{"id":3,"params":{"time":"2024-01-01 10:00:00"},"result":true,"session":"be7dcfc7d3fb33e7"}'


@pytest.mark.parametrize("reply", [DVRIP_LOGIN, DVRIP_LOGOUT])
def test_a_xiongmai_dvrip_answer_names_xiongmai_with_or_without_its_binary_header(reply: str) -> None:
    found = _bare(reply)
    assert found["devinfo.answer"] == "xiongmai-dvrip"
    record = shodan.parse_banner({"ip_str": "198.51.100.9", "port": 34567, "data": reply}, 1)
    identity = identify(record.observations)
    assert identity.manufacturer == "xiongmai" and is_video_device(identity.device_type)


def test_the_dvrip_login_answer_keeps_the_device_type() -> None:
    assert _bare(DVRIP_LOGIN)["devinfo.device_type"] == "HVR"


def test_a_dahua_rpc2_login_challenge_fills_the_live_probe_fields() -> None:
    found = _bare(DAHUA_RPC2_CHALLENGE)
    assert (found["dahua.login.realm"], found["dahua.login.error_code"]) == ("Login to 4C045ADPAG60CD", "268632079")
    assert found["mac"] == "3c:ef:8c:61:01:c0"
    identity = identify(_shodan_http(DAHUA_RPC2_CHALLENGE, "application/json").observations)
    assert identity.manufacturer == "dahua" and is_video_device(identity.device_type)


def test_any_other_dahua_rpc2_answer_names_dahua_and_the_catalogue_types_it_at_its_cap() -> None:
    # The envelope names Dahua by itself; only Dahua's catalogue (sells video) types the device, at the base rate's
    # cap, since nothing in a time answer says what the device is (an alarm hub would be the accepted error).
    found = _bare(DAHUA_RPC2_TIME)
    assert found["devinfo.answer"] == "dahua-rpc2" and "dahua.login.realm" not in found
    identity = identify(_shodan_http(DAHUA_RPC2_TIME, "application/json").observations)
    assert identity.manufacturer == "dahua" and identity.device_type is not None
    assert identity.device_type.value == "video_device"
    assert any("catalogue" in line for line in identity.attribution)


def test_json_rpc_and_session_look_alikes_name_no_api() -> None:
    for text in (
        '{"id": 1, "result": true, "error": null}',  # JSON-RPC 1.0 without a session
        '{"jsonrpc": "2.0", "id": 1, "result": {}, "session": "x"}',  # JSON-RPC 2.0
        '{"id": 1, "session": "x", "result": true, "user": "admin"}',  # a key RPC2 answers never carry
        '{"id": "1", "session": "x", "result": true}',
        '{"Ret": 100, "SessionID": "abc"}',
        '{"Ret": "100", "SessionID": "0x00000057"}',
        '{"Ret": true, "SessionID": "0x00000057"}',
    ):
        assert "devinfo.answer" not in _bare(text), text


# github:FantasticFiasco/axis-js/packages/axis-configuration/src/parameters/request-response/GetParametersResponse.ts@28180b1e85fe
# documents both lines; the values are written to that format, not a capture.
AXIS_IMAGE_PARAMS = "root.Image.I0.Enabled=yes\r\nroot.Image.I0.Name=View Area 1\r\n"
AXIS_MISSING_GROUP = "# Error: Error -1 getting param in group 'Brand'\r\n"


@pytest.mark.parametrize("reply", [AXIS_IMAGE_PARAMS, AXIS_MISSING_GROUP])
def test_an_axis_parameter_answer_names_the_api_and_axis(reply: str) -> None:
    assert _bare(reply)["devinfo.answer"] == "axis-vapix"
    identity = identify(_shodan_http(reply).observations)
    assert identity.manufacturer == "axis"
    # A view area (root.Image.I0, a dynamic instance of the Image group) is a video channel, which no speaker has: the
    # answer's own video sign (importers/settings_keys.py). A missing group says nothing of the kind: only Axis's
    # catalogue types it, at the base rate's cap (Axis speakers answer VAPIX too: the error that decision accepts).
    assert is_video_device(identity.device_type)
    assert any("from axis's catalogue" in note for note in identity.attribution) is (reply == AXIS_MISSING_GROUP)


def test_parameter_like_text_of_no_axis_shape_names_no_api() -> None:
    for text in ("root.image=1\r\n", "root.Image=1\r\n", "rootfs.Image.I0.Enabled=yes\r\n", "# Error: not found\r\n"):
        assert "devinfo.answer" not in _bare(text), text


def test_a_stored_onvif_answer_fills_what_the_live_probe_reads_from_it() -> None:
    hostname, capabilities = ONVIF_MOCKS / "GetHostname.xml", ONVIF_MOCKS / "GetCapabilities.xml"
    require(hostname.exists() and capabilities.exists(), "the shared ONVIF mock answers (../shared/data/onvif-mock-responses) are not here")
    assert _bare(hostname.read_text(encoding="utf-8"))["onvif.hostname"] == "IPNC-RDK"
    xaddrs = _bare(capabilities.read_text(encoding="utf-8"))["onvif.xaddrs"].split("\n")
    assert xaddrs and all(address.startswith("http") for address in xaddrs)


def test_the_registry_fixture_holds_these_answers() -> None:
    # tests/data/importers/shodan_api_answers.jsonl feeds the field-registry test
    # (tests/integration/scan/test_field_registry.py): the ISAPI status and Reolink NTP answers above, as Shodan
    # HTTP banners, so that ``devinfo.answer`` is produced by an importer over a fixture file.
    path = Path(__file__).resolve().parents[2] / "data" / "importers" / "shodan_api_answers.jsonl"
    records = list(shodan.read(path))
    assert [r.observations[0].fields.get("devinfo.answer") for r in records] == [
        "hikvision-isapi", "reolink-api", "hikvision-isapi-video"]


# github:networkoptix/nx_open/vms/server/nx_vms_server/src/plugins/resource/hanwha/hanwha_response.cpp@86429bbfd7d9
# parses a SUNAPI error as these lines. Written to that shape, not a capture.
SUNAPI_ERROR = "NG\r\nError Code: 600\r\nError Details:\r\nSubmenu Not Found\r\n"


def test_a_hanwha_sunapi_error_answer_names_hanwha() -> None:
    identity = identify(_shodan_http(SUNAPI_ERROR).observations)
    assert identity.manufacturer == "hanwha" and is_video_device(identity.device_type)


def test_ng_text_of_other_shapes_names_no_api() -> None:
    for text in ("NG\r\n", "NG\r\nError: 600\r\n", "NGINX\r\nError Code: 600\r\nError Details:\r\n",
                 "OK\r\nError Code: 600\r\nError Details:\r\n", "NG\r\nError Code: six\r\nError Details:\r\n"):
        assert "devinfo.answer" not in _bare(text), text
