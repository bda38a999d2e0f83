"""Makers' API answers read by their grammar, whatever resource answered (``layers/api_bodies.yaml``, helper-133).

importers/api_answers.py recognises ISAPI, Reolink, LAPI, Foscam and Dahua answers only when they parse whole and
start as the API writes them. These entries read the grammar in any stretch of an answer -- cut at a collector's byte
cap, printed by a client with its own quotes and spacing, kept after a log prefix -- below the parsed answer's
certainty. A grammar several unrelated makers write (ISAPI/PSIA-style video resources without their namespace) types
a video device and names nobody.

The answers are written to the public models the layer entries cite (Hikvision's SDK guide, boggart's and hik's ISAPI models,
reolinkapipy's and Reolink-Manager's answers, netbox-sync's LAPI answer, foscam-python-lib's parser, rroller/dahua's
quoted lines); none is a capture.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.shodan_banner import identify_banner

from camaudit.identify import identify, match_fields
from camaudit.importers.shodan import parse_banner
from camaudit.model import is_video_device

_IP = "192.0.2.133"
_XML = "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n\r\n"
_JSON = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n"
_TEXT = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"

#: The streaming capabilities of a Hikvision camera, cut by a collector inside the Video element (the namespace arrived).
ISAPI_CAPABILITIES_CUT = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<StreamingChannel version="2.0" '
    'xmlns="http://www.hikvision.com/ver10/XMLSchema">\n<id opt="101,102">101</id>\n<Video>\n'
    '<videoCodecType opt="H.264,H.265">H.265</videoCodecType>\n<videoResolutionWidth opt="2560,1920'
)
#: The same capabilities as firmware that writes no namespace answers them (PSIA-style firmware, several makers').
ISAPI_CAPABILITIES_BARE = (
    '<StreamingChannel version="2.0">\n<id opt="101,102">101</id>\n<Video>\n'
    '<videoCodecType opt="H.264,H.265">H.265</videoCodecType>\n</Video>\n</StreamingChannel>'
)
#: An image-settings list without a namespace.
ISAPI_IMAGE_BARE = (
    '<ImageChannellist version="2.0">\n<ImageChannel version="2.0">\n<id>1</id>\n<enabled>true</enabled>\n'
    '</ImageChannel>\n</ImageChannellist>'
)
#: A PSIA streaming channel in PSIA's namespace (other makers' PSIA firmware writes it too): the streaming names are
#: PSIA's, so they name nobody even once the layout types the device (they named Hikvision through
#: importers/settings_vocabulary.py's ISAPI spellings before 2026-12-04).
PSIA_STREAMING = (
    '<StreamingChannel version="1.0" xmlns="urn:psialliance-org">\n<id>1</id>\n<Video>\n'
    "<videoInputChannelID>1</videoInputChannelID>\n<videoCodecType>H.264</videoCodecType>\n"
    "<videoResolutionWidth>1920</videoResolutionWidth>\n<videoQualityControlType>VBR</videoQualityControlType>\n"
    "<vbrUpperCap>4096</vbrUpperCap>\n</Video>\n</StreamingChannel>"
)
#: A time answer every ISAPI product gives (alarm panels too), cut, namespace complete: ISAPI, but no video resource.
ISAPI_TIME_CUT_VER10 = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<Time version="1.0" xmlns="http://www.hikvision.com/ver10/XMLSchema">\n'
    "<timeMode>NTP</timeMode>\n<localTime>2026-"
)
REOLINK_PRINTED = "{'cmd': 'GetEnc', 'code': 0, 'value': {'Enc': {'audio': 0, 'channel': 0}}}"
REOLINK_LOGGED_ERROR = 'answer: {"cmd" : "Login", "code" : 1, "error" : {"detail" : "login failed", "rspCode" : -7}}'
LAPI_PRINTED = "{'Response': {'ResponseURL': '/LAPI/V1.0/Network/Interfaces', 'ResponseCode': 0}}"
FOSCAM_CUT = "<CGI_Result>\n    <result>0</result>\n    <productName>FI9821W</productName>\n    <serialNo>"
DAHUA_AFTER_STATUS = "OK\r\ntable.General.MachineName=Cam4\r\ntable.General.LocalNo=8\r\n"


def test_a_cut_isapi_capabilities_answer_names_hikvision_and_types_a_video_device() -> None:
    identity = identify_banner(_XML + ISAPI_CAPABILITIES_CUT, 80, _IP)
    assert identity.manufacturer == "hikvision" and is_video_device(identity.device_type)
    rules = {e.rule_id for e in identity.evidence}
    assert {"answers.hikvision.isapi-std-cgi-ver20", "answers.isapi-family.video-option-list"} <= rules


@pytest.mark.parametrize("answer", [ISAPI_CAPABILITIES_BARE, ISAPI_IMAGE_BARE, PSIA_STREAMING])
@pytest.mark.parametrize("with_head", [True, False])
def test_isapi_style_video_resources_outside_hikvisions_namespaces_type_video_and_name_nobody(answer: str, with_head: bool) -> None:
    identity = identify_banner(_XML + answer if with_head else answer, 80, _IP)
    assert is_video_device(identity.device_type)
    assert identity.manufacturer is None and identity.brand is None


def test_an_isapi_answer_of_no_video_resource_names_hikvision_only_beside_video_evidence() -> None:
    # The ver10 namespace, cut: read (it was not before), but an alarm panel answers the same time document. As an
    # HTTP body (kept without its head, the banner's maker-name lexicon reads "hikvision" in the URL on its own).
    rules = {e.rule_id for e in match_fields({"http.body": ISAPI_TIME_CUT_VER10})}
    assert "answers.hikvision.isapi-std-cgi-ver20" in rules
    identity = identify_banner(_XML + ISAPI_TIME_CUT_VER10, 80, _IP)
    assert not is_video_device(identity.device_type) and identity.manufacturer is None


@pytest.mark.parametrize(("answer", "head", "maker", "attribute"), [
    (REOLINK_PRINTED, _JSON, "reolink", "manufacturer"),
    (REOLINK_LOGGED_ERROR, _TEXT, "reolink", "manufacturer"),
    (LAPI_PRINTED, _JSON, "uniview", "manufacturer"),
    (FOSCAM_CUT, _XML, "foscam", "brand"),
    (DAHUA_AFTER_STATUS, _TEXT, "dahua", "manufacturer"),
])
@pytest.mark.parametrize("with_head", [True, False])
def test_a_makers_api_grammar_names_the_maker_below_the_parsed_answers_certainty(
    answer: str, head: str, maker: str, attribute: str, with_head: bool,
) -> None:
    identity = identify_banner(head + answer if with_head else answer, 80, _IP)
    assert getattr(identity, attribute) == maker and is_video_device(identity.device_type)
    # The parsed whole answer says 0.7-0.85; a grammar read in a stretch of it says less (a page naming the maker
    # beside it may add a little, never the firm band).
    assert identity.confidence < 0.9


@pytest.mark.parametrize("body", [
    # Written here: Reolink's own request, another device's command answer, the LAPI path in a request line and in a
    # manual's prose, a Foscam-like element of another name, one Dahua line alone, ISAPI names without option lists,
    # a web form offering codecs, an option list on a word every product has.
    '[{"cmd": "GetEnc", "action": 0, "param": {"channel": 0}}]',
    '{"cmd": "GetStatus", "code": 0, "data": {"power": "on"}}',
    "GET /LAPI/V1.0/System/DeviceInfo HTTP/1.1\r\nHost: 192.0.2.1\r\n\r\n",
    "The camera answers /LAPI/V1.0/System/DeviceInfo with its model.",
    "<CGIResult><result>0</result></CGIResult>",
    "log\ntable.General.MachineName=Cam4\n",
    "<Video><videoCodecType>H.264</videoCodecType></Video>",
    '<form><select name="videoCodecType"><option>H.264</option><option>H.265</option></select></form>',
    '<Config><timeMode opt="NTP,manual">NTP</timeMode></Config>',
])
def test_look_alikes_type_no_video_and_name_no_maker(body: str) -> None:
    identity = identify_banner(_TEXT + body, 80, _IP)
    assert not is_video_device(identity.device_type)
    assert identity.manufacturer is None and identity.brand is None


_REOLINK = "answers.reolink.api-command-answer"
_OPTIONS = "answers.isapi-family.video-option-list"
_COMMAND = st.from_regex(r"[A-Z][A-Za-z0-9]{2,40}", fullmatch=True)
_QUOTE = st.sampled_from(['"', "'"])


@settings(max_examples=150, deadline=None)
@given(_COMMAND, st.integers(-9999, 9999), st.sampled_from(["value", "error"]), _QUOTE,
       st.text(st.characters(codec="ascii"), max_size=80))
def test_any_reolink_command_answer_is_read_whatever_precedes_it(
    command: str, code: int, kind: str, quote: str, before: str,
) -> None:
    q = quote
    answer = f"{before}\n{{{q}cmd{q}: {q}{command}{q}, {q}code{q}: {code}, {q}{kind}{q}: {{}}}}"
    assert _REOLINK in {e.rule_id for e in match_fields({"http.body": answer})}


@settings(max_examples=150, deadline=None)
@given(_COMMAND, st.dictionaries(st.sampled_from(["channel", "action", "param", "data", "result"]),
                                 st.integers(0, 9), min_size=1, max_size=3))
def test_a_command_with_no_code_and_value_pair_is_never_reolinks_answer(command: str, rest: dict[str, int]) -> None:
    # A request or another device's answer: the command's name, then anything but Reolink's code and value/error.
    parts = ", ".join(f'"{key}": {value}' for key, value in rest.items())
    text = f'[{{"cmd": "{command}", {parts}}}]'
    assert _REOLINK not in {e.rule_id for e in match_fields({"http.body": text})}


@settings(max_examples=150, deadline=None)
@given(st.lists(st.from_regex(r"[A-Za-z0-9*.+_-]{1,12}", fullmatch=True), min_size=1, max_size=8))
def test_any_codec_option_list_is_read(options: list[str]) -> None:
    answer = f'<Video><videoCodecType opt="{",".join(options)}">{options[0]}</videoCodecType></Video>'
    assert _OPTIONS in {e.rule_id for e in match_fields({"http.body": answer})}


_HOSTILE = st.one_of(
    st.text(max_size=400),
    st.text(st.sampled_from(list('<>"\'=:,{}[]/\\\n\r\t table.cmdcodevalueopt')), max_size=2000),
    st.builds(lambda n: '{"cmd": "' + "A" * n + '", "code": ' + "0" * n, st.integers(0, 5000)),
    st.builds(lambda n: '<videoCodecType opt="' + "H," * n, st.integers(0, 5000)),
    st.builds(lambda n: "table.A=1\n" * n, st.integers(0, 3000)),
)


@settings(max_examples=120, deadline=None)
@given(_HOSTILE)
def test_hostile_answers_never_raise(text: str) -> None:
    identity = identify_banner(_TEXT + text, 80, _IP)
    assert 0.0 <= identity.confidence <= 1.0
    match_fields({"banner": text, "http.body": text})


# --- The second set: DVRIP's Ret/SessionID pair, SUNAPI's refusal lines, VAPIX parameter lines, anywhere ----------

DVRIP_PRINTED = "reply: {'Name': 'KeepAlive', 'Ret': 100, 'SessionID': '0x0000001d'}"
SUNAPI_LOGGED = "stw-cgi answered:\nNG\nError Code: 600\nError Details:\nSubmenu Not Found\n"
VAPIX_LOGGED = "param.cgi said:\nroot.Brand.Brand=AXIS\nroot.Brand.ProdNbr=M3045-V\n"
#: An RTSP refusal from the same address whose realm says "Network Camera" and names nobody: another reply's video sign.
_RTSP_CAMERA_REALM = (
    'RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\nWWW-Authenticate: Digest realm="Network Camera", nonce="abc"\r\n\r\n'
)


@pytest.mark.parametrize(("answer", "maker"), [(DVRIP_PRINTED, "xiongmai"), (SUNAPI_LOGGED, "hanwha")])
@pytest.mark.parametrize("with_head", [True, False])
def test_dvrip_and_sunapi_grammars_name_their_maker_wherever_the_answer_starts(
    answer: str, maker: str, with_head: bool,
) -> None:
    identity = identify_banner(_TEXT + answer if with_head else answer, 80, _IP)
    assert identity.manufacturer == maker and is_video_device(identity.device_type)
    assert identity.confidence < 0.75  # below the parsed answers' 0.7-0.8 plus nothing else


def test_vapix_parameter_lines_name_axis_only_beside_other_video_evidence() -> None:
    rules = {e.rule_id for e in match_fields({"http.body": VAPIX_LOGGED})}
    assert "answers.axis.vapix-parameter-lines" in rules
    alone = identify_banner(_TEXT + VAPIX_LOGGED, 80, _IP)
    assert alone.manufacturer is None  # an Axis speaker or door controller answers param.cgi too
    http = parse_banner({"ip_str": _IP, "port": 80, "transport": "tcp", "data": _TEXT + VAPIX_LOGGED}, 1)
    rtsp = parse_banner({"ip_str": _IP, "port": 554, "transport": "tcp", "data": _RTSP_CAMERA_REALM}, 2)
    assert identify(list(rtsp.observations)).manufacturer is None
    together = identify([*http.observations, *rtsp.observations])
    assert together.manufacturer == "axis" and is_video_device(together.device_type)


@pytest.mark.parametrize("body", [
    # Written here: another API's return code beside a session, DVRIP's keys swapped, a decimal session; a SUNAPI-like
    # word inside a sentence; one VAPIX line alone, lower-case groups, a shell prompt of a root user.
    # (Printed with single quotes: as JSON, importers/api_answers.py's own DVRIP reader takes any Ret and 0x session.)
    "{'Ret': 0, 'Msg': 'ok', 'SessionID': '0x00000001'}",
    "{'SessionID': '0x00000057', 'Ret': 100}",
    "{'Ret': 100, 'SessionID': 87}",
    "the answer was NG\nError Code: 600\n",
    "log\nroot.Brand.Brand=AXIS\n",
    "root@nas:~# cat /etc/hostname\nroot@nas:~# ",
])
def test_second_set_look_alikes_name_no_maker(body: str) -> None:
    identity = identify_banner(_TEXT + body, 80, _IP)
    assert identity.manufacturer is None and not is_video_device(identity.device_type)


_DVRIP = "answers.xiongmai.dvrip-session-answer"


@settings(max_examples=150, deadline=None)
@given(st.integers(100, 999), st.from_regex(r"[0-9A-Fa-f]{8}", fullmatch=True), _QUOTE,
       st.text(st.characters(codec="ascii"), max_size=80))
def test_any_dvrip_return_and_session_pair_is_read(ret: int, session: str, quote: str, before: str) -> None:
    q = quote
    answer = f"{before}{{{q}Ret{q} : {ret}, {q}SessionID{q} : {q}0x{session}{q}}}"
    assert _DVRIP in {e.rule_id for e in match_fields({"banner": answer})}
