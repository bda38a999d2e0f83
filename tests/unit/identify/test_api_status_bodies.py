"""Short status answers of camera APIs read whole (``layers/api_bodies.yaml``): the "IP media device" API's error
answer (``<config status="failed" errorCode=.../>``, Viewtron's and Provision-ISR's firmware) types a video device and
names nobody; Dahua's CGI refusal (``Error`` / ``Authorization Failed!``) names Dahua.

Both are read only as the whole answer: the same words inside a page, a log line or another framework's JSON are
no device's answer.
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.shodan_banner import identify_banner

from camaudit.identify import match_fields
from camaudit.model import is_video_device

_IP = "192.0.2.72"
_XML_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n\r\n"
_TEXT_HEAD = "HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain\r\n\r\n"

#: https://videos.cctvcamerapros.com/developer/docs/getting-started/request-response-format -- the documented error
#: answer (v2.0, with errorDesc).
IPC_FAILED = '<?xml version="1.0" encoding="utf-8" ?>\n<config status="failed" errorCode="1" errorDesc="Invalid Request"/>'
#: The v1.9 form, the number only (written to the documented form, not a capture).
IPC_FAILED_V19 = '<config status="failed" errorCode="4"/>\n'
#: https://github.com/nayrnet/node-dahua-api/issues/9 -- a Dahua camera's refusal of a configManager request.
DAHUA_REFUSAL = "Error\r\nAuthorization Failed!\r\n"
#: https://github.com/psyciknz/CameraEvents/issues/15 -- an Amcrest (Dahua-made) camera's answer to a wrong password.
AMCREST_WRONG_PASSWORD = "Error\nInvalid Authority!\n"


@pytest.mark.parametrize("with_head", [True, False])
@pytest.mark.parametrize("answer", [IPC_FAILED, IPC_FAILED_V19])
def test_the_ip_media_api_error_answer_types_a_video_device_and_names_nobody(answer: str, with_head: bool) -> None:
    identity = identify_banner(_XML_HEAD + answer if with_head else answer, 80, _IP)
    assert is_video_device(identity.device_type)
    assert identity.manufacturer is None and identity.brand is None
    assert identity.confidence <= 0.5  # one short answer shared by several brands' firmware


@pytest.mark.parametrize("with_head", [True, False])
@pytest.mark.parametrize("answer", [DAHUA_REFUSAL, AMCREST_WRONG_PASSWORD])
def test_dahuas_cgi_refusal_names_dahua(answer: str, with_head: bool) -> None:
    identity = identify_banner(_TEXT_HEAD + answer if with_head else answer, 80, _IP)
    assert identity.manufacturer == "dahua" and is_video_device(identity.device_type)
    assert identity.confidence < 0.9


@pytest.mark.parametrize("body", [
    # Written here, not captures: a success acknowledgement (too plain to tell), the error element inside a page or a
    # log line, with content, and another VMS's result element; web frameworks' JSON and HTML refusals.
    '<config status="success"/>',
    '<config status="failed"/>',
    '<html><body><p>The camera answers &lt;config status="failed" errorCode="1"/&gt;</p></body></html>',
    'GET /GetDeviceInfo -> <config status="failed" errorCode="1" errorDesc="Invalid Request"/>',
    '<config status="failed" errorCode="1"><deviceInfo/></config>',
    '<result errorcode="-18"><description>General error</description></result>',
    '{"message": "Authorization failed!", "token": false}',
    "<h1>Error</h1>\n<p>Authorization Failed!</p>",
    "Error: Authorization Failed!",
    '{"message": "Invalid Authority!"}',
])
def test_look_alikes_type_no_video_and_name_no_maker(body: str) -> None:
    identity = identify_banner(_XML_HEAD + body, 80, _IP)
    assert not is_video_device(identity.device_type) and identity.manufacturer is None


_IPC_RULE = "answers.ipc-media.config-status-failed"
_DAHUA_RULE = "answers.dahua.cgi-authorization-refused"


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(codec="ascii", categories=("L", "N", "Zs")), max_size=60), st.integers(0, 999))
def test_any_plain_error_description_is_read(description: str, code: int) -> None:
    answer = f'<config status="failed" errorCode="{code}" errorDesc="{description}"/>'
    assert _IPC_RULE in {e.rule_id for e in match_fields({"http.body": answer})}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120), st.text(max_size=80))
def test_hostile_descriptions_never_raise_and_text_before_an_answer_is_never_read(before: str, description: str) -> None:
    answer = f"<config status=\"failed\" errorCode=\"1\" errorDesc={quoteattr(description)}/>"
    match_fields({"http.body": answer})
    lead = before.strip()
    if lead and not lead.startswith("<?xml "):
        assert _IPC_RULE not in {e.rule_id for e in match_fields({"http.body": lead + " " + answer})}
        assert _DAHUA_RULE not in {e.rule_id for e in match_fields({"http.body": lead + DAHUA_REFUSAL})}
