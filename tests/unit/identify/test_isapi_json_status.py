"""ISAPI's JSON status envelope (``?format=json``) read by its key order (layers/api_bodies.yaml
``hikvision.isapi-json-response-status``).

Every Hikvision product answers a request's outcome so -- face terminals, door controllers and alarm panels above all --
so the envelope names Hikvision only beside other video evidence and types nothing by itself. The answers are written
to the model the layer entry cites (github:itskamol/stt-ss's ISAPIResponse) and ISAPI's status codes; none is a capture.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.shodan_banner import identify_banner

from camaudit.identify import identify, match_fields
from camaudit.importers import api_answers
from camaudit.importers.shodan import parse_banner
from camaudit.model import is_video_device

_IP = "192.0.2.149"
_JSON = "HTTP/1.1 403 Forbidden\r\nContent-Type: application/json; charset=\"UTF-8\"\r\n\r\n"
_RULE = "answers.hikvision.isapi-json-response-status"

#: A refusal of a resource the product lacks, with the request's path and the error pair.
REFUSAL = (
    '{\n  "requestURL": "/ISAPI/Thermal/channels/1/thermometry/basicParam",\n  "statusCode": 4,\n'
    '  "statusString": "Invalid Operation",\n  "subStatusCode": "notSupport",\n  "errorCode": 1073741825,\n'
    '  "errorMsg": "notSupport"\n}'
)
#: A success acknowledgement, as a Python client prints it.
ACK_PRINTED = "{'statusCode': 1, 'statusString': 'OK', 'subStatusCode': 'ok'}"
#: An RTSP refusal from the same address whose realm says "Network Camera" and names nobody: another reply's video sign.
_RTSP_CAMERA_REALM = (
    'RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\nWWW-Authenticate: Digest realm="Network Camera", nonce="abc"\r\n\r\n'
)


@pytest.mark.parametrize("answer", [REFUSAL, ACK_PRINTED])
def test_the_envelope_alone_names_nobody_and_types_nothing(answer: str) -> None:
    assert _RULE in {e.rule_id for e in match_fields({"http.body": answer})}
    identity = identify_banner(_JSON + answer, 80, _IP)
    # A door controller or an alarm panel answers the same envelope.
    assert identity.manufacturer is None and not is_video_device(identity.device_type)


@pytest.mark.parametrize("answer", [REFUSAL, ACK_PRINTED])
def test_beside_a_cameras_realm_the_envelope_names_hikvision(answer: str) -> None:
    http = parse_banner({"ip_str": _IP, "port": 80, "transport": "tcp", "data": _JSON + answer}, 1)
    rtsp = parse_banner({"ip_str": _IP, "port": 554, "transport": "tcp", "data": _RTSP_CAMERA_REALM}, 2)
    assert identify(list(rtsp.observations)).manufacturer is None
    together = identify([*http.observations, *rtsp.observations])
    assert together.manufacturer == "hikvision" and is_video_device(together.device_type)
    assert together.confidence < 0.9  # a status envelope carries no model


@pytest.mark.parametrize("body", [
    # Written here: Azure Cosmos DB's diagnostics (capitalised keys), a provisioning server's own envelope, the keys in
    # another order, the names in prose, a status without its sub-status, Reolink's and LAPI's envelopes.
    '{"StoreResult": {"StatusCode": "Created", "SubStatusCode": "Unknown"}}',
    '{"code": 500, "msg": "Provisioning failed.", "data": {"deviceId": "1"}}',
    '{"statusCode": 6, "subStatusCode": "notSupport", "statusString": "Invalid Operation"}',
    "The statusCode, statusString and subStatusCode fields describe the outcome.",
    '{"statusCode": 200, "statusString": "OK"}',
    '[{"cmd": "Login", "code": 1, "error": {"detail": "login failed", "rspCode": -7}}]',
])
def test_look_alikes_do_not_match(body: str) -> None:
    assert _RULE not in {e.rule_id for e in match_fields({"http.body": body})}
    identity = identify_banner(_JSON + body, 80, _IP)
    assert identity.manufacturer != "hikvision"


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 99), st.from_regex(r"[A-Z][A-Za-z ]{0,30}", fullmatch=True),
       st.from_regex(r"[a-z][A-Za-z0-9]{0,40}", fullmatch=True), st.sampled_from(['"', "'"]),
       st.text(st.characters(codec="ascii"), max_size=80))
def test_any_envelope_in_isapis_order_is_read(code: int, words: str, reason: str, quote: str, before: str) -> None:
    q = quote
    answer = (f"{before}{{{q}statusCode{q}: {code}, {q}statusString{q}: {q}{words}{q}, "
              f"{q}subStatusCode{q}: {q}{reason}{q}}}")
    assert _RULE in {e.rule_id for e in match_fields({"http.body": answer})}


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_text_reads_without_raising_and_the_envelope_claims_no_type(text: str) -> None:
    identify_banner(_JSON + text, 80, _IP)
    for evidence in match_fields({"http.body": text}):
        if evidence.rule_id == _RULE:
            assert dict(evidence.asserts) == {"manufacturer": "hikvision"} and evidence.needs == "video"


# --- The envelope parsed whole (importers/api_answers.py: the JSON form of ResponseStatus) -----------------------------

#: A camera's failure to take a picture (code 3, Device Error): the device holds the video resource it was asked for.
PICTURE_FAILED = (
    '{"requestURL": "/ISAPI/Streaming/channels/101/picture", "statusCode": 3, "statusString": "Device Error", '
    '"subStatusCode": "deviceError"}'
)
#: The same path refused as such (code 4): an access-control terminal or a panel says so too.
PICTURE_REFUSED = (
    '{"requestURL": "/ISAPI/Streaming/channels/101/picture", "statusCode": 4, "statusString": "Invalid Operation", '
    '"subStatusCode": "notSupport", "errorCode": 1073741825, "errorMsg": "notSupport"}'
)
#: A face terminal's acknowledgement of a user record: ISAPI, but no video resource.
USER_RECORDED = (
    '{"requestURL": "/ISAPI/AccessControl/UserInfo/Record", "statusCode": 1, "statusString": "OK", '
    '"subStatusCode": "ok"}'
)



def _answer(text: str) -> str | None:
    fields: dict[str, str] = {}
    if api_answers.json_marked(text):
        api_answers.json_answer(json.loads(text), fields)
    return fields.get("devinfo.answer")


def test_a_video_resource_answered_without_refusal_names_hikvision_and_types_video_alone() -> None:
    assert _answer(PICTURE_FAILED) == "hikvision-isapi-video"
    identity = identify_banner(_JSON + PICTURE_FAILED, 80, _IP)
    assert identity.manufacturer == "hikvision" and is_video_device(identity.device_type)
    assert identity.confidence < 0.9


@pytest.mark.parametrize("answer", [PICTURE_REFUSED, USER_RECORDED])
def test_a_refusal_or_another_resource_names_the_api_only(answer: str) -> None:
    assert _answer(answer) == "hikvision-isapi"
    identity = identify_banner(_JSON + answer, 80, _IP)
    assert identity.manufacturer is None and not is_video_device(identity.device_type)


@pytest.mark.parametrize("doc", [
    # Another API's path, a status code that is a string or a boolean, the words missing, a list of envelopes.
    {"requestURL": "/api/v1/picture", "statusCode": 1, "statusString": "OK", "subStatusCode": "ok"},
    {"requestURL": "/ISAPI/Streaming/channels/101", "statusCode": "1", "statusString": "OK", "subStatusCode": "ok"},
    {"requestURL": "/ISAPI/Streaming/channels/101", "statusCode": True, "statusString": "OK", "subStatusCode": "ok"},
    {"requestURL": "/ISAPI/Streaming/channels/101", "statusCode": 1, "subStatusCode": "ok"},
])
def test_what_is_not_isapis_envelope_names_no_api(doc: dict[str, object]) -> None:
    assert _answer(json.dumps(doc)) is None


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["requestURL", "statusCode", "statusString", "subStatusCode", "errorMsg", "x"]),
                       _JSON_VALUES, max_size=6))
def test_any_object_with_the_envelopes_keys_reads_without_raising(doc: dict[str, object]) -> None:
    answer = _answer(json.dumps(doc))
    if answer is not None:
        assert isinstance(doc.get("requestURL"), str) and str(doc["requestURL"]).startswith("/ISAPI/")
        assert type(doc.get("statusCode")) is int
