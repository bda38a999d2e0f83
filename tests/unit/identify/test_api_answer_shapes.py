"""Camera API answers that describe little, read by their shape (``layers/api_bodies.yaml``): a Tapo camera's
smartcam answers and login challenge, Dahua's ``magicBox.cgi`` device-type line, an ISAPI document in the OEM
namespace ``std-cgi.com/ver20``.

Each answer is imported the way a collector keeps it -- a Shodan banner with or without the HTTP head, and the
same reply written as Censys, zgrab2 and a raw JSONL reply -- so the tests also show that every importer hands the
body to the fields the grammars read.
"""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.shodan_banner import identify_banner
from tests.unit.importers.format_renderings import RENDERINGS, reply_of

from camaudit.identify import identify, match_fields
from camaudit.importers import FORMATS
from camaudit.importers.shodan import parse_banner
from camaudit.model import Identity, Observation, is_video_device

_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n"
_IP = "192.0.2.70"

#: A Tapo C200's getDeviceInfo answer, as python-kasa's recorded fixture C200_1.0_1.3.17.json holds it (masked ids).
TAPO_DEVICE_INFO = (
    '{"device_info": {"basic_info": {"avatar": "Garage", "barcode": "", "dev_id": "0000000000000000000000000000000000000000",'
    ' "device_info": "C200 1.0 IPC", "device_model": "C200", "device_type": "SMART.IPCAMERA", "features": "3",'
    ' "hw_version": "1.0", "mac": "28-EE-52-00-00-00", "sw_version": "1.3.17 Build 260112 Rel.54862n(4555)"}}}'
)
#: The H200 hub's getDeviceInfo in the same API (python-kasa's H200(EU)_1.0_1.3.2.json).
HUB_DEVICE_INFO = (
    '{"device_info": {"basic_info": {"avatar": "gateway", "device_info": "H200 1.0", "device_model": "H200",'
    ' "device_type": "SMART.TAPOHUB", "hw_version": "1.0", "mac": "A8-6E-84-00-00-00",'
    ' "product_name": "Tapo Smart Hub", "sw_version": "1.3.2 Build 20240424 rel.75425"}}}'
)
#: The C200's getLensMaskConfig answer (the same fixture).
TAPO_LENS_MASK = (
    '{"lens_mask": {"lens_mask_info": {".name": "lens_mask_info", ".type": "lens_mask_info", "enabled": "off"}}}'
)
#: The hub's getLedStatus answer: the same section shape, a section every TP-Link device has.
HUB_LED = '{"led": {"config": {".name": "config", ".type": "led", "enabled": "on"}}}'
#: The secure-login challenge as go2rtc's Tapo control and kennedn/tapo-onboarding read it (written from their
#: checks, not a capture).
TAPO_CHALLENGE = (
    '{"error_code": -40413, "result": {"data": {"code": -40401, "encrypt_type": ["3"], "key": "Someb64key",'
    ' "nonce": "1234567890ABCDEF", "device_confirm": "2CF24DBA5FB0A30E26E83B2AC5B9E29E1234567890ABCDEF"}}}'
)
#: A TP-Link router's get_encrypt_info answer: encrypt_type "3" too, but its nonce outside result.data.
ROUTER_ENCRYPT_INFO = '{"error_code": 0, "nonce": "abc", "key": "-----BEGIN PUBLIC KEY-----", "encrypt_type": ["3"]}'
#: magicBox.cgi?action=getDeviceType, as rroller/dahua's client gives the answer of a Dahua camera.
DAHUA_DEVICE_TYPE = "type=IPC-HDW5831R-ZE\r\n"
#: An ISAPI time document in the namespace NOC's Hikvision profile reads (written here, not a capture).
STD_CGI_TIME = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<Time version="2.0" xmlns="http://www.std-cgi.com/ver20/XMLSchema">\n'
    "<timeMode>NTP</timeMode>\n<localTime>2024-05-01T10:00:00+01:00</localTime>\n</Time>\n"
)
#: A page title that makes a host a video device and names nobody (layers/device_words.yaml).
_CAMERA_PAGE = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><head><title>IP Camera</title></head></html>"


def stored(text: str, *, with_head: bool, port: int = 443) -> Identity:
    return identify_banner(_HEAD + text if with_head else text, port, _IP)


def host(*banners: str) -> Identity:
    """The identity of one host that answered each banner on its own port."""
    observations: list[Observation] = []
    for port, data in enumerate(banners, 8000):
        record = parse_banner({"ip_str": _IP, "port": port, "transport": "tcp", "data": data}, 1)
        observations.extend(record.observations)
    return identify(observations)


@pytest.mark.parametrize("with_head", [True, False])
@pytest.mark.parametrize("answer", [TAPO_DEVICE_INFO, TAPO_LENS_MASK])
def test_a_tapo_cameras_own_answers_name_tp_link_and_a_camera(answer: str, with_head: bool) -> None:
    identity = stored(answer, with_head=with_head)
    assert identity.device_type is not None and identity.device_type.value == "camera"
    assert identity.brand == "tp-link" and identity.manufacturer == "tp-link"


#: A sensor hub's device info in the same family (the H100 relays sensors and switches; values written here).
SENSOR_HUB_DEVICE_INFO = HUB_DEVICE_INFO.replace("H200", "H100")


@pytest.mark.parametrize("answer", [SENSOR_HUB_DEVICE_INFO, HUB_LED])
def test_the_tapo_hubs_answers_in_the_same_api_are_no_camera(answer: str) -> None:
    identity = stored(answer, with_head=True)
    assert not is_video_device(identity.device_type)
    assert identity.manufacturer is None


def test_the_h200_camera_hubs_device_info_is_a_tp_link_recorder() -> None:
    # Same family as the sensor hub, but the H200 keeps its battery cameras' recordings: the model decides
    # (layers/consumer_cloud.yaml tapo.camera-hub-answer, helper-119; before, this answer was typed nothing).
    identity = stored(HUB_DEVICE_INFO, with_head=True)
    assert identity.device_type is not None and identity.device_type.value == "nvr"
    assert identity.manufacturer == "tp-link" and identity.model == "H200"


def test_a_login_challenge_alone_makes_no_camera_but_names_tp_link() -> None:
    # The H200 hub, the robot vacuums and the DL110 door lock (SMART.TAPOLOCK) answer the same challenge: alone it is
    # no evidence of a video device, but every product that answers it is TP-Link's (layers/consumer_cloud.yaml;
    # docs/identification/consumer-cameras.md, "TP-Link's secure-login challenge ...").
    identity = stored(TAPO_CHALLENGE, with_head=True)
    assert not is_video_device(identity.device_type)
    assert identity.manufacturer == "tp-link"


def test_a_login_challenge_beside_video_evidence_names_tp_link() -> None:
    identity = host(_HEAD + TAPO_CHALLENGE, _CAMERA_PAGE)
    assert is_video_device(identity.device_type)
    assert identity.brand == "tp-link" and identity.manufacturer == "tp-link"


def test_a_routers_encryption_answer_is_not_the_cameras_challenge() -> None:
    identity = host(_HEAD + ROUTER_ENCRYPT_INFO, _CAMERA_PAGE)
    assert identity.brand is None and identity.manufacturer is None


@pytest.mark.parametrize("with_head", [True, False])
def test_a_magicbox_device_type_line_names_dahua_and_the_model(with_head: bool) -> None:
    identity = stored(DAHUA_DEVICE_TYPE, with_head=with_head, port=80)
    assert is_video_device(identity.device_type)
    assert identity.manufacturer == "dahua"
    assert identity.model == "IPC-HDW5831R-ZE"


@pytest.mark.parametrize(
    ("answer", "brand", "firmware"),
    [
        # Dahua's HTTP API document's example: a four-character third field.
        ("version=2.212.0000.0.R,build:2013-11-14\r\n", "dahua", "2.212.0000.0.R"),
        # rroller/dahua's example: seven characters (read by importers/device_documents.py).
        ("version=2.800.0000016.0.R,build:2020-06-05\r\n", "dahua", "2.800.0000016.0.R"),
        # An Amcrest build: the OEM code AC in the third field (protocols.md, aiodahua's brands.py).
        ("version=2.622.00AC000.0.R,build:2020-10-22\r\n", "amcrest", "2.622.00AC000.0.R"),
    ],
)
def test_a_magicbox_software_version_line_names_dahua_and_the_oem_build(answer: str, brand: str, firmware: str) -> None:
    identity = stored(answer, with_head=True, port=80)
    assert is_video_device(identity.device_type)
    assert identity.manufacturer == "dahua" and identity.brand == brand
    assert identity.firmware == firmware


def test_a_dahua_access_controllers_version_line_is_not_read_as_a_camera() -> None:
    # A Dahua door terminal's getSoftwareVersion (a client's test fixture): not the cameras' layout.
    identity = stored("version=1.000.R,build:2022-07-27\r\n", with_head=True, port=80)
    assert not is_video_device(identity.device_type)
    assert identity.manufacturer is None


@pytest.mark.parametrize("answer", ["type=IP Camera\r\n", "type=IPC-B140H\r\n"])
def test_a_device_type_line_of_no_dahua_number_names_nobody(answer: str) -> None:
    # A bare word, and a number HiLook shares with Dahua (layers/models.yaml leaves it out too).
    identity = stored(answer, with_head=True, port=80)
    assert identity.manufacturer is None and identity.brand is None


def test_an_isapi_document_in_the_oem_namespace_names_hikvision_beside_video_evidence() -> None:
    assert stored(STD_CGI_TIME, with_head=True, port=80).manufacturer is None
    identity = host("HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n\r\n" + STD_CGI_TIME, _CAMERA_PAGE)
    assert is_video_device(identity.device_type)
    assert identity.manufacturer == "hikvision"


#: ISAPI status answers as MissiaL/hikvision-client's cassettes record them (a DS-2CD2155FWD-I on V5.5.0, then on
#: V5.4.5): the newer one lists the lens and dome counters only a camera has.
ISAPI_STATUS_COUNTERS = (
    '<?xml version="1.0" encoding="UTF-8"?>\r\n<DeviceStatus version="2.0" xmlns="http://www.hikvision.com/ver20/XMLSchema">'
    "\r\n<currentDeviceTime>1970-02-22T08:21:26+08:00</currentDeviceTime>\r\n<deviceUpTime>2900578</deviceUpTime>\r\n"
    "<CPUList>\r\n<CPU>\r\n<cpuDescription>ARM926EJ-Sid(wb) [41069265] revision 5 (ARMv5TEJ)</cpuDescription>\r\n"
    "<cpuUtilization>100</cpuUtilization>\r\n</CPU>\r\n</CPUList>\r\n<CameraList>\r\n<Camera>\r\n"
    "<zoomReverseTimes>0</zoomReverseTimes>\r\n<zoomTotalSteps>0</zoomTotalSteps>\r\n</Camera>\r\n</CameraList>\r\n"
    "<DomeInfoList>\r\n<DomeInfo>\r\n<domeRunTotalTime>0</domeRunTotalTime>\r\n</DomeInfo>\r\n</DomeInfoList>\r\n"
    "</DeviceStatus>\r\n"
)
ISAPI_STATUS_PLAIN = (
    '<?xml version="1.0" encoding="UTF-8"?>\r\n<DeviceStatus version="2.0" xmlns="http://www.hikvision.com/ver20/XMLSchema">'
    "\r\n<currentDeviceTime>1970-04-14T12:14:55+08:00</currentDeviceTime>\r\n<deviceUpTime>857877</deviceUpTime>\r\n"
    "<CPUList>\r\n<CPU>\r\n<cpuUtilization>30</cpuUtilization>\r\n</CPU>\r\n</CPUList>\r\n</DeviceStatus>\r\n"
)
_XML_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n\r\n"


@pytest.mark.parametrize("with_head", [True, False])
def test_an_isapi_status_with_lens_counters_in_the_oem_namespace_is_a_hikvision_camera(with_head: bool) -> None:
    # importers/api_answers.py reads the company's own namespaces as an ISAPI answer; std-cgi.com/ver20 of
    # relabelled firmware reaches the answer grammars, where the counters type the camera and the namespace
    # names the maker.
    answer = ISAPI_STATUS_COUNTERS.replace("www.hikvision.com/ver20", "www.std-cgi.com/ver20")
    identity = identify_banner((_XML_HEAD if with_head else "") + answer, 80, _IP)
    assert identity.device_type is not None and identity.device_type.value == "camera"
    assert identity.manufacturer == "hikvision"


def test_an_isapi_status_with_lens_counters_and_no_namespace_is_a_camera_of_no_named_maker() -> None:
    answer = ISAPI_STATUS_COUNTERS.replace(' xmlns="http://www.hikvision.com/ver20/XMLSchema"', "")
    identity = identify_banner(_XML_HEAD + answer, 80, _IP)
    assert identity.device_type is not None and identity.device_type.value == "camera"
    assert identity.manufacturer is None


def test_an_isapi_status_without_counters_is_no_camera_on_its_own() -> None:
    identity = identify_banner(_XML_HEAD + ISAPI_STATUS_PLAIN, 80, _IP)
    assert not is_video_device(identity.device_type)
    assert identity.manufacturer is None


@pytest.mark.parametrize(
    "page",
    [
        # Embedthis Appweb 3's own 401 page (maFailRequest's template, formatAuthResponse's "Authentication Error: "
        # and one of its "Access Denied, ..." messages: doghell/appweb-3 src/http/filters/authFilter.c): any Appweb 3
        # product's. Hikvision's App-webs writes its own paragraph into the same template (the bare "Authentication
        # Error" of MissiaL/hikvision-client's cassette), which names Hikvision: tests/unit/identify/test_http_shapes.py.
        "<!DOCTYPE html>\r\n<html><head><title>Document Error: Unauthorized</title></head>\r\n"
        "<body><h2>Access Error: 401 -- Unauthorized</h2>\r\n<p>Authentication Error: Access Denied, Missing authorization "
        "details.</p>\r\n</body>\r\n</html>\r\n",
        # GoAhead's 404 page, as Greenbone's GoAhead detection reads it.
        "<html><head><title>Document Error: Not Found</title></head>\r\n<body><h2>Access Error: Not Found</h2></body></html>",
    ],
)
def test_an_embedded_servers_error_page_names_and_types_nothing(page: str) -> None:
    head = "HTTP/1.1 401 Unauthorized\r\nContent-Type: text/html\r\n\r\n"
    for text in (head + page, page):
        identity = identify_banner(text, 80, _IP)
        assert not is_video_device(identity.device_type)
        assert identity.manufacturer is None and identity.brand is None


#: A Hikvision recorder's answer to an ISAPI request with refused credentials, quoted in
#: https://github.com/Tedyst/HikLoad/issues/3: a userCheck document with no namespace.
USER_CHECK = (
    '<?xml version="1.0" encoding="UTF-8" ?>\n<userCheck>\n<statusValue>401</statusValue>\n'
    "<statusString>Unauthorized</statusString>\n</userCheck>\n"
)
_UNAUTHORIZED_XML = "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/xml\r\n\r\n"


@pytest.mark.parametrize("with_head", [True, False])
def test_an_isapi_user_check_answer_alone_names_and_types_nothing(with_head: bool) -> None:
    # Hikvision's access terminals answer the same check: alone it is no camera, nor Hikvision's camera.
    identity = identify_banner((_UNAUTHORIZED_XML if with_head else "") + USER_CHECK, 80, _IP)
    assert not is_video_device(identity.device_type)
    assert identity.manufacturer is None and identity.brand is None


def test_an_isapi_user_check_answer_beside_video_evidence_names_hikvision() -> None:
    identity = host(_UNAUTHORIZED_XML + USER_CHECK, _CAMERA_PAGE)
    assert is_video_device(identity.device_type)
    assert identity.manufacturer == "hikvision"


@pytest.mark.parametrize(
    "answer",
    [
        # A generic login API's XML: other element names, or the same words in another order.
        "<userCheck><status>401</status><message>Unauthorized</message></userCheck>",
        "<userCheck>\n<statusString>Unauthorized</statusString>\n<statusValue>401</statusValue>\n</userCheck>",
        "<UserCheck><statusValue>401</statusValue><statusString>Unauthorized</statusString></UserCheck>",
    ],
)
def test_other_user_check_shapes_name_nobody_beside_video_evidence(answer: str) -> None:
    identity = host(_UNAUTHORIZED_XML + answer, _CAMERA_PAGE)
    assert identity.manufacturer is None and identity.brand is None


#: The white-label hi3510 CGI's getvencattr answer, as D2Edev/CCameraControl's VideoEncoderProperties quotes it,
#: and its answer to a set command (SimpleResponse's "possible replies").
HI3510_VENC = (
    'var bps_2="500";\r\nvar fps_2="10";\r\nvar gop_2="20";\r\nvar brmode_2="0";\r\nvar imagegrade_2="3";\r\n'
    'var width_2="640";\r\nvar height_2="352";\r\n'
)
HI3510_SET_OK = "[Succeed]set ok.\r\n"
_TEXT_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"


@pytest.mark.parametrize("with_head", [True, False])
@pytest.mark.parametrize("answer", [HI3510_VENC, HI3510_SET_OK])
def test_a_hi3510_cgi_answer_is_a_camera_of_no_named_maker(answer: str, with_head: bool) -> None:
    identity = identify_banner((_TEXT_HEAD if with_head else "") + answer, 80, _IP)
    assert identity.device_type is not None and identity.device_type.value == "camera"
    assert identity.manufacturer is None and identity.brand is None


@pytest.mark.parametrize(
    "answer",
    [
        # A page script's own variables (no stream number), a set reply inside a log line, a router's status word.
        'var bps="500";\nvar fps="10";\n',
        "2024-01-01 12:00 [Succeed]set ok.\n",
        "[Succeed]\n",
        "[Error] Param error.\n",
    ],
)
def test_hi3510_look_alikes_type_nothing(answer: str) -> None:
    identity = identify_banner(_TEXT_HEAD + answer, 80, _IP)
    assert not is_video_device(identity.device_type)


#: The start of an AXIS OS device's getApiList answer, as Kane610/axis's test_api_discovery.py records it.
AXIS_API_LIST = (
    '{"method": "getApiList", "apiVersion": "1.0", "data": {"apiList": [{"id": "api-discovery", "version": "1.0",'
    ' "name": "API Discovery Service", "docLink": "https://www.axis.com/partner_pages/vapix_library/#/"},'
    ' {"id": "basic-device-info", "version": "1.1", "name": "Basic Device Information",'
    ' "docLink": "https://www.axis.com/partner_pages/vapix_library/#/"}]}}'
)


def test_an_axis_api_list_alone_names_and_types_nothing() -> None:
    # AXIS OS answers it on speakers and door controllers too. (Kept as a bare banner, the word VAPIX in its links
    # is read by the maker lexicon as Axis's product line, which this layer does not change.)
    identity = stored(AXIS_API_LIST, with_head=True, port=80)
    assert not is_video_device(identity.device_type)
    assert identity.manufacturer is None and identity.brand is None


@pytest.mark.parametrize(
    "answer",
    [AXIS_API_LIST, '{"apiList": [{"id": "api-discovery", "version": "1.0", "name": "API Discovery Service"}]}'],
)
def test_an_axis_api_list_beside_video_evidence_names_axis(answer: str) -> None:
    identity = host(_HEAD + answer, _CAMERA_PAGE)
    assert is_video_device(identity.device_type)
    # Above what the word VAPIX alone gives in a page's text (a prose mention: 0.4 at most).
    assert identity.manufacturer == "axis" and identity.confidence > 0.5


@pytest.mark.parametrize(
    "answer",
    [
        # The JSON envelope Axis shares with Google's style guide; an entry named like the discovery service's.
        '{"apiVersion": "1.0", "method": "getApiList", "data": {"items": [{"id": "x", "version": "1.0"}]}}',
        '{"id": "api-discovery", "version": "1.0", "name": "Service Discovery"}',
    ],
)
def test_axis_api_look_alikes_name_nobody_beside_video_evidence(answer: str) -> None:
    identity = host(_HEAD + answer, _CAMERA_PAGE)
    assert identity.manufacturer is None and identity.brand is None


@pytest.mark.parametrize("rendering", ["censys-platform", "censys-legacy", "zgrab2", "raw-jsonl", "httpx-irr"])
@pytest.mark.parametrize(("answer", "maker"), [(TAPO_DEVICE_INFO, "tp-link"), (DAHUA_DEVICE_TYPE, "dahua")])
def test_every_input_format_hands_the_answer_to_the_grammars(rendering: str, answer: str, maker: str) -> None:
    banner = {"ip_str": _IP, "port": 443, "transport": "tcp", "data": _HEAD + answer, "http": {"status": 200}}
    fmt, render = RENDERINGS[rendering]
    text = render(reply_of(banner))
    assert text is not None
    records = list(FORMATS[fmt](io.BytesIO(text.encode("utf-8"))))
    assert len(records) == 1 and records[0].ok
    identity = identify(list(records[0].observations))
    assert is_video_device(identity.device_type)
    assert identity.manufacturer == maker


@pytest.mark.parametrize("answer", [TAPO_DEVICE_INFO, DAHUA_DEVICE_TYPE])
def test_a_zgrab2_banner_grab_without_a_head_reaches_the_grammars(answer: str) -> None:
    # zgrab2's banner module keeps whatever the service sent, the head cut off or never sent.
    banner = {"ip_str": _IP, "port": 9000, "transport": "tcp", "data": answer}
    fmt, render = RENDERINGS["zgrab2"]
    text = render(reply_of(banner))
    assert text is not None
    records = list(FORMATS[fmt](io.BytesIO(text.encode("utf-8"))))
    identity = identify(list(records[0].observations))
    assert is_video_device(identity.device_type)


@settings(max_examples=200, deadline=None)
@given(
    st.text(max_size=400),
    st.sampled_from(
        [TAPO_DEVICE_INFO, TAPO_LENS_MASK, TAPO_CHALLENGE, DAHUA_DEVICE_TYPE, STD_CGI_TIME, ISAPI_STATUS_COUNTERS,
         USER_CHECK, HI3510_VENC, HI3510_SET_OK, AXIS_API_LIST, ""]
    ),
)
def test_no_answer_shape_raises_on_hostile_text(noise: str, answer: str) -> None:
    for text in (noise, noise + answer, answer + noise, answer[: len(noise) % (len(answer) + 1)]):
        for field in ("http.body", "banner"):
            evidence = match_fields({field: text})
            assert all(ev.rule_id for ev in evidence)
