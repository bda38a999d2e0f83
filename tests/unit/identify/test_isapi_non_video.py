"""ISAPI is not only cameras: Hikvision's alarm hubs and access-control terminals answer it too (helper-140, 2026-12-05).

``rules/http.yaml``'s ISAPI namespace rule used to say "a Hikvision video device" in one piece; it is now two rules, the
maker (``hikvision.http.body.isapi-namespace``) and the video type (``...-video``), so that an answer saying it is an
alarm hub (``layers/api_bodies.yaml`` ``isapi-family.alarm-hub-security-control``, not_camera at 0.85) outweighs the
type and keeps the maker. An access-control terminal's device type (``isapi-family.access-control-device``) gives the
model's own access_control class.

The answers are written to the layouts the layer entries cite (two AX PRO clients' reading of the subsystem and zone
status answers; Hikvision's access-control ISAPI pages); none is a capture. The camera answers are the ones
tests/unit/identify/test_api_grammars.py uses.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify, match_fields
from camaudit.importers.shodan import parse_banner
from camaudit.model import DeviceType, Identity, is_video_device

_IP = "192.0.2.140"
_XML = "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n\r\n"
_JSON = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n"
_ALARM = "answers.isapi-family.alarm-hub-security-control"
_ACS = "answers.isapi-family.access-control-device"

#: An ISAPI answer in Hikvision's namespace that a collector cut at its byte cap (no parser reads it whole): the
#: namespace says ISAPI, nothing says which product.
ISAPI_STATUS_CUT = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<ResponseStatus version="2.0" '
    'xmlns="http://www.isapi.org/ver20/XMLSchema">\n<requestURL>/ISAPI/Security/sessionLogin</requestURL>\n<statusCo'
)
#: An AX PRO's partition status (GET /ISAPI/SecurityCP/status/subSystems?format=json), as its clients read it.
AXPRO_SUBSYSTEMS = (
    '{"SubSysList": [{"SubSys": {"id": 1, "arming": "disarm", "alarm": false, "enabled": true, "name": "House", '
    '"delayTime": 0}}]}'
)
#: The same panel's zone status (GET /ISAPI/SecurityCP/status/zones?format=json), pretty-printed by a client.
AXPRO_ZONES = (
    '{\n  "ZoneList": [\n    {\n      "Zone": {\n        "id": 0,\n        "name": "Front door",\n'
    '        "status": "online",\n        "armed": false,\n        "detectorType": "magneticContact"\n      }\n    }\n  ]\n}'
)
#: A face-recognition terminal's device information, cut before it closes (so no parser reads its model).
ACS_DEVICE_INFO_CUT = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<DeviceInfo version="2.0" xmlns="http://www.isapi.org/ver20/XMLSchema">\n'
    "<deviceName>Access Controller</deviceName>\n<deviceType>ACS</deviceType>\n<subDeviceType>accessControlTerm"
)
#: A camera's streaming answer in the same namespace, cut inside its Video element.
CAMERA_STREAMING_CUT = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<StreamingChannel version="2.0" '
    'xmlns="http://www.hikvision.com/ver20/XMLSchema">\n<id>101</id>\n<channelName>Camera 01</channelName>\n<Vid'
)


def _host(*replies: tuple[str, int]) -> Identity:
    """The identity of one host that gave each (data, port) reply."""
    observations = []
    for data, port in replies:
        record = parse_banner({"ip_str": _IP, "port": port, "transport": "tcp", "data": data}, 1)
        observations.extend(record.observations)
    return identify(observations)


def test_the_namespace_alone_still_names_hikvision_and_types_a_video_device() -> None:
    identity = _host((_XML + ISAPI_STATUS_CUT, 80))
    assert identity.manufacturer == "hikvision"
    assert is_video_device(identity.device_type)


@pytest.mark.parametrize("panel_answer", [AXPRO_SUBSYSTEMS, AXPRO_ZONES])
def test_an_alarm_hub_that_answers_isapi_is_hikvisions_and_not_a_camera(panel_answer: str) -> None:
    identity = _host((_XML + ISAPI_STATUS_CUT, 80), (_JSON + panel_answer, 8080))
    assert identity.device_type == DeviceType.NOT_CAMERA
    # The maker stays named: restriction findings apply to Hikvision's alarm hubs too.
    assert identity.manufacturer == "hikvision"


@pytest.mark.parametrize("panel_answer", [AXPRO_SUBSYSTEMS, AXPRO_ZONES])
def test_an_alarm_hubs_status_alone_is_no_camera_and_names_nobody(panel_answer: str) -> None:
    identity = _host((_JSON + panel_answer, 80))
    assert identity.device_type == DeviceType.NOT_CAMERA
    assert identity.manufacturer is None and identity.brand is None


def test_a_camera_beside_the_same_namespace_stays_a_hikvision_video_device() -> None:
    identity = _host((_XML + CAMERA_STREAMING_CUT, 80), (_XML + ISAPI_STATUS_CUT, 8080))
    assert identity.manufacturer == "hikvision"
    assert is_video_device(identity.device_type)
    assert _ALARM not in {e.rule_id for e in identity.evidence}


def test_an_access_control_terminal_is_typed_access_control_and_named_hikvision() -> None:
    identity = _host((_XML + ACS_DEVICE_INFO_CUT, 80))
    assert identity.device_type == DeviceType.ACCESS_CONTROL
    assert identity.manufacturer == "hikvision"


@pytest.mark.parametrize(
    "answer",
    [
        '{"UserInfoSearch": {"searchID": "1", "responseStatusStrg": "OK", "numOfMatches": 1, "totalMatches": 1}}',
        '{"UserInfoCount": {"userNumber": 12}}',
    ],
)
def test_access_control_resources_type_access_control_and_name_nobody(answer: str) -> None:
    identity = _host((_JSON + answer, 80))
    assert identity.device_type == DeviceType.ACCESS_CONTROL
    assert identity.manufacturer is None


@pytest.mark.parametrize(
    "body",
    [
        # A client's search request (a Cond object), a camera's and a recorder's device type, prose naming the lists.
        '{"UserInfoSearchCond": {"searchID": "1", "maxResults": 30}}',
        "<deviceType>IPCamera</deviceType>",
        "<deviceType>NVR</deviceType>",
        "The panel answers a SubSysList and a ZoneList.",
        '{"SubSysList": []}',
        # Other alarm systems' JSON (lower-case keys, no wrapper objects).
        '{"zones": [{"id": 1, "name": "Door", "open": false}], "partitions": [{"id": 1, "armed": true}]}',
    ],
)
def test_look_alikes_are_not_read_as_alarm_hubs_or_access_control(body: str) -> None:
    rules = {e.rule_id for e in match_fields({"http.body": body})}
    assert _ALARM not in rules and _ACS not in rules


_KEY = st.sampled_from(["SubSysList", "ZoneList"])
_SPACE = st.text(" \t\r\n", max_size=4)


@settings(max_examples=80, deadline=None)
@given(_KEY, _SPACE, _SPACE, st.text(max_size=200), st.integers(0, 99))
def test_any_partition_or_zone_list_of_objects_types_an_alarm_hub(
    key: str, space_a: str, space_b: str, before: str, ident: int
) -> None:
    inner = "SubSys" if key == "SubSysList" else "Zone"
    answer = f'{before}{{"{key}":{space_a}[{space_b}{{"{inner}": {{"id": {ident}}}}}]}}'
    rules = {e.rule_id for e in match_fields({"http.body": answer})}
    assert _ALARM in rules


_HOSTILE = st.one_of(
    st.text(max_size=400),
    st.text(st.sampled_from(list('{}[]":, \n\tSubSysListZoneUserInfoSearchACS<>/deviceType')), max_size=2000),
    st.builds(lambda n: '{"SubSysList": [' + " " * n + "{", st.integers(0, 5000)),
    st.builds(lambda n: '{"ZoneList": [' + "{" * n, st.integers(0, 5000)),
    st.builds(lambda n: "<deviceType>" + " " * n + "ACS", st.integers(0, 5000)),
)


@settings(max_examples=120, deadline=None)
@given(_HOSTILE)
def test_hostile_answers_never_raise(text: str) -> None:
    identity = _host((_JSON + text, 80))
    assert 0.0 <= identity.confidence <= 1.0
    match_fields({"banner": text, "http.body": text})
