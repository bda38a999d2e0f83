"""An ISAPI answer in Hikvision's own namespaces whose root is one of ISAPI's *video* resources (streaming and image
channels, PTZ, a recorder's disks and IP channels) is a camera's, an encoder's or a recorder's answer: it names
Hikvision and types a video device by itself (``devinfo.answer`` ``hikvision-isapi-video``), where any other ISAPI
answer (a time or network setting, a status, an event) names the maker only beside other video evidence -- alarm
panels and door controllers answer ISAPI too.

The bodies are the public sources' answers in the namespace the firmware writes; where marked, a request body a
client sends is written back into the answer's namespace (the answer carries the same element).
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.fields import field
from camaudit.identify import identify
from camaudit.importers import shodan
from camaudit.importers.api_answers import ISAPI_VIDEO
from camaudit.importers.base import ImportRecord
from camaudit.importers.sniff import document_fields, sniff
from camaudit.model import is_video_device

_NS = 'xmlns="http://www.hikvision.com/ver20/XMLSchema"'
# github:rajlful/hik/settings.py@e3a3da0d3d3b -- the StreamingChannel body its client PUTs to /ISAPI/Streaming/
# channels/101 (the answer to a GET is the same element); written back into ISAPI's ver20 namespace.
STREAMING_CHANNEL = (
    f'<?xml version="1.0" encoding="UTF-8"?>\n<StreamingChannel version="2.0" {_NS}>\n<id>101</id>\n'
    "<channelName>IPdome</channelName>\n<enabled>true</enabled>\n    <Video>\n        <enabled>true</enabled>\n"
    "        <videoInputChannelID>1</videoInputChannelID>\n        <videoCodecType>H.264</videoCodecType>\n"
    "        <videoScanType>progressive</videoScanType>\n        <videoQualityControlType>VBR</videoQualityControlType>"
    "\n        <vbrUpperCap>4096</vbrUpperCap>\n        <maxFrameRate>2500</maxFrameRate>\n"
    "        <GovLength>20</GovLength>\n    </Video>\n</StreamingChannel>\n"
)
# github:kihamo/boggart/components/boggart/providers/hikvision/swagger.yml@e43797af1b9b -- GET /ISAPI/PTZCtrl/channels
# answers a PTZChannelList of PTZChannel (id, enabled, videoInputID ...); written to that model, not a capture.
PTZ_CHANNELS = (
    f'<PTZChannelList version="2.0" {_NS}>\n<PTZChannel version="2.0">\n<id>1</id>\n<enabled>true</enabled>\n'
    "<videoInputID>1</videoInputID>\n</PTZChannel>\n</PTZChannelList>\n"
)
# The same client's model: GET /ISAPI/ContentMgmt/Storage -> a storage answer with its hddList (written to it).
STORAGE = (
    f'<storage version="2.0" {_NS}>\n<hddList>\n<hdd version="2.0">\n<id>1</id>\n<hddName>hdde</hddName>\n'
    "<hddPath></hddPath>\n<hddType>SATA</hddType>\n<status>ok</status>\n<capacity>1907729</capacity>\n"
    "<freeSpace>0</freeSpace>\n<property>RW</property>\n</hdd>\n</hddList>\n</storage>\n"
)
# github:rajlful/hik/settings.py@e3a3da0d3d3b -- its Time body, in the namespace: every ISAPI product's resource.
TIME = (
    f'<Time version="2.0" {_NS}>\n<timeMode>manual</timeMode>\n<localTime>2021-06-03 16:06:12</localTime>\n'
    "<timeZone>CST-3:00:00</timeZone>\n</Time>"
)


def _shodan_http(body: str) -> ImportRecord:
    data = f"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nConnection: close\r\n\r\n{body}"
    return shodan.parse_banner({"ip_str": "198.51.100.9", "port": 80, "data": data, "_shodan": {"module": "http"}}, 1)


@pytest.mark.parametrize("body", [STREAMING_CHANNEL, PTZ_CHANNELS, STORAGE])
def test_an_isapi_video_resource_in_hikvisions_namespace_names_hikvision_and_types_video(body: str) -> None:
    record = _shodan_http(body)
    assert record.observations[0].fields["devinfo.answer"] == ISAPI_VIDEO
    identity = identify(record.observations)
    assert identity.manufacturer == "hikvision" and is_video_device(identity.device_type)
    assert identity.model is None and identity.confidence < 0.9  # below the deviceinfo document's


@pytest.mark.parametrize("namespace", [
    "http://www.hikvision.com/ver10/XMLSchema", "http://www.isapi.org/ver20/XMLSchema",
    "http://www.std-cgi.com/ver10/XMLSchema",
])
def test_every_isapi_namespace_reads_the_video_resource_alike(namespace: str) -> None:
    body = STREAMING_CHANNEL.replace("http://www.hikvision.com/ver20/XMLSchema", namespace)
    found: dict[str, str] = {}
    sniff(body, found, port=80)
    assert found["devinfo.answer"] == ISAPI_VIDEO


def test_other_isapi_answers_still_wait_for_a_video_sign() -> None:
    record = _shodan_http(TIME)
    assert record.observations[0].fields["devinfo.answer"] == "hikvision-isapi"
    alone = identify(record.observations)
    assert alone.manufacturer is None and not is_video_device(alone.device_type)


def test_the_same_resources_outside_hikvisions_namespaces_name_nobody() -> None:
    # PSIA's namespace (other makers' firmware), none at all (a client's request body), another maker's namespace,
    # and the resource's name below a root of another kind: no ISAPI video answer.
    look_alikes = (
        STREAMING_CHANNEL.replace("http://www.hikvision.com/ver20/XMLSchema", "urn:psialliance-org"),
        STREAMING_CHANNEL.replace(f" {_NS}", ""),
        STREAMING_CHANNEL.replace("http://www.hikvision.com/ver20/XMLSchema", "http://www.ipc.com/ver10"),
        f'<Time version="2.0" {_NS}><StreamingChannel><id>1</id></StreamingChannel></Time>',
    )
    for body in look_alikes:
        found: dict[str, str] = {}
        sniff(body, found, port=80)
        document_fields(body, found)
        assert found.get("devinfo.answer") != ISAPI_VIDEO, body[:80]
    assert identify(_shodan_http(look_alikes[0]).observations).manufacturer is None


def test_the_value_is_declared_and_the_registry_fixture_produces_it() -> None:
    assert field("devinfo.answer").accepts(ISAPI_VIDEO)  # type: ignore[union-attr]
    # tests/data/importers/shodan_api_answers.jsonl feeds tests/integration/scan/test_field_registry.py.
    path = Path(__file__).resolve().parents[2] / "data" / "importers" / "shodan_api_answers.jsonl"
    answers = [r.observations[0].fields.get("devinfo.answer") for r in shodan.read(path)]
    assert ISAPI_VIDEO in answers


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.sampled_from(["StreamingChannel", "ImageChannellist", "storage", "PTZStatus"]))
def test_hostile_text_inside_a_video_resource_never_raises(tail: str, root: str) -> None:
    found: dict[str, str] = {}
    sniff(f"<{root} {_NS}>{tail}", found, port=80)
    document_fields(f"<{root} {_NS}><id>{tail}</id></{root}>", found)
    assert all(len(value) <= 4096 for value in found.values())


# --- A status answer for a video resource (ResponseStatus: requestURL, statusCode, statusString, subStatusCode) ------
def _status(path: str, code: int, text: str, sub: str, namespace: str = "http://www.isapi.org/ver20/XMLSchema") -> str:
    return (
        f'<ResponseStatus xmlns="{namespace}" version="2.0">\n<requestURL>{path}</requestURL>\n'
        f"<statusCode>{code}</statusCode>\n<statusString>{text}</statusString>\n"
        f"<subStatusCode>{sub}</subStatusCode>\n</ResponseStatus>\n"
    )


#: https://github.com/evercam/evercam-server/issues/475 -- a camera's answer to its snapshot path, quoted in the thread
#: (isapi.org namespace, Device Error).
PICTURE_DEVICE_ERROR = _status("/ISAPI/Streaming/channels/5012/picture", 3, "Device Error", "deviceError")


@pytest.mark.parametrize("body", [
    PICTURE_DEVICE_ERROR,
    # Written here from ISAPI's status table, not captures: a busy answer to the same path in the company's namespace,
    # PSIA's (older firmware) and none; a PUT of a PTZ or image setting read and refused for its content; a thermal
    # camera's and a traffic camera's resources answered OK.
    _status("/ISAPI/Streaming/Channels/101/picture", 2, "Device Busy", "deviceBusy",
            "http://www.hikvision.com/ver20/XMLSchema"),
    _status("/ISAPI/Streaming/channels/101/picture", 2, "Device Busy", "deviceBusy", "urn:psialliance-org"),
    _status("/ISAPI/PTZCtrl/channels/1/continuous", 6, "Invalid XML Content", "badXmlContent",
            "http://www.std-cgi.com/ver10/XMLSchema"),
    _status("/ISAPI/Image/channels/1/IrcutFilter", 1, "OK", "ok", "http://www.hikvision.com/ver10/XMLSchema"),
    _status("/ISAPI/Thermal/channels/2/thermometry/basicParam", 1, "OK", "ok"),
    _status("/ISAPI/Traffic/channels/1/vehicleDetect", 7, "Reboot Required", "rebootRequired"),
])
def test_a_status_answer_for_a_video_resource_names_hikvision_and_types_video(body: str) -> None:
    record = _shodan_http(body)
    assert record.observations[0].fields["devinfo.answer"] == ISAPI_VIDEO
    identity = identify(record.observations)
    assert identity.manufacturer == "hikvision" and is_video_device(identity.device_type)
    assert identity.confidence < 0.9  # one answer, no model: below the device-information document


@pytest.mark.parametrize("body", [
    # A refusal says the device need not hold the resource: a camera without PTZ and an alarm panel alike answer
    # notSupport; a wrong password is no sign of the resource either (written from ISAPI's status table).
    _status("/ISAPI/PTZCtrl/channels/1/continuous", 4, "Invalid Operation", "notSupport",
            "http://www.hikvision.com/ver20/XMLSchema"),
    _status("/ISAPI/Streaming/channels/101/picture", 4, "Invalid Operation", "badAuthorization"),
    # Every ISAPI product's resources: a door opened, an event subscription, the alarm panel's own tree.
    _status("/ISAPI/AccessControl/RemoteControl/door/1", 1, "OK", "ok"),
    _status("/ISAPI/Event/notification/alertStream", 1, "OK", "ok", "http://www.hikvision.com/ver20/XMLSchema"),
    _status("/ISAPI/SecurityCP/status/zones", 2, "Device Busy", "deviceBusy"),
    _status("/ISAPI/System/deviceInfo", 3, "Device Error", "deviceError"),
    # A video-looking path that is not ISAPI's tree, and a code that is not a number.
    _status("/ISAPI/StreamingX/picture", 2, "Device Busy", "deviceBusy"),
    _status("/ISAPI/Streaming/channels/101/picture", 2, "Device Busy", "deviceBusy").replace(
        "<statusCode>2<", "<statusCode>busy<"),
])
def test_a_refusal_or_a_resource_every_isapi_product_has_still_waits_for_a_video_sign(body: str) -> None:
    found: dict[str, str] = {}
    sniff(body, found, port=80)
    assert found.get("devinfo.answer") != ISAPI_VIDEO
    alone = identify(_shodan_http(body).observations)
    assert not is_video_device(alone.device_type)


def test_a_status_answer_in_another_makers_namespace_without_isapis_path_is_no_isapi_answer() -> None:
    body = _status("/cgi-bin/snapshot.cgi", 2, "Device Busy", "deviceBusy", "http://www.ipc.com/ver10")
    found: dict[str, str] = {}
    sniff(body, found, port=80)
    assert "devinfo.answer" not in found


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["/ISAPI/Streaming/channels/", "/ISAPI/PTZCtrl/", "/ISAPI/Event/", "/isapi/traffic/", ""]),
    st.text(max_size=80), st.text(max_size=8), st.text(max_size=40),
)
def test_hostile_status_answers_never_raise_and_a_refusal_never_types_video(
    path: str, tail: str, code: str, sub: str,
) -> None:
    for status in (code, "4", " 4 "):
        body = (
            '<ResponseStatus xmlns="http://www.isapi.org/ver20/XMLSchema">'
            f"<requestURL>{escape(path + tail)}</requestURL><statusCode>{escape(status)}</statusCode>"
            f"<statusString>x</statusString><subStatusCode>{escape(sub)}</subStatusCode></ResponseStatus>"
        )
        found: dict[str, str] = {}
        sniff(body, found, port=80)
        if status.strip() == "4":
            assert found.get("devinfo.answer") != ISAPI_VIDEO
        if not (path + tail).lower().startswith("/isapi/") or (path + tail).lower().startswith("/isapi/event/"):
            assert found.get("devinfo.answer") != ISAPI_VIDEO
