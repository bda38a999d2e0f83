"""Camera API answers read by their layout (``layers/api_bodies.yaml``), whether a collector kept them as an HTTP
body or as the whole reply without its head.

Each answer goes through the Shodan importer as a scanner or a thread would have stored it, so the test also shows
that the importers hand the body to the field the grammar reads (``http.body`` after an HTTP head, ``banner``
when the text came alone).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.shodan_banner import identify_banner

from camaudit.identify import identify, match_fields
from camaudit.importers.shodan import parse_banner
from camaudit.model import Identity, is_video_device

_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"

#: The getserverinfo answer of the HiSilicon-SDK "IPCAM" CGI, as D2Edev/CCameraControl's ServerInfo.java quotes it.
SERVER_INFO = (
    'var model="C6F0SeZ0N0P0L0";\r\nvar hardVersion="V1.0.0.1";\r\nvar softVersion="V11.6.5.1.1-20161213";\r\n'
    'var webVersion="E-21.0.720.21";\r\nvar name="Kharkov3";\r\nvar startdate="2017-11-06 06:45:18";\r\n'
    'var upnpstatus="failed";\r\nvar sdstatus="out";\r\n'
)
#: D-Link's NIPCA /common/info.cgi answer of a DCS-2132LB1, as uncle-yura/nipca_custom's tests record it.
NIPCA_INFO = (
    "model=DCS-2132LB1\nbrand=D-Link\nproduct=Workshop\nversion=2.13\nbuild=03\nhw_version=B\nnipca=1.9.5\n"
    "name=Workshop\nlocation=\nmacaddr=B0:C5:54:16:A5:21\nipaddr=192.168.100.63\nwireless=yes\n"
)


def stored(text: str, *, with_head: bool) -> Identity:
    return identify_banner(_HEAD + text if with_head else text, 80, "192.0.2.60")


@pytest.mark.parametrize("with_head", [True, False])
def test_the_ipcam_server_info_answer_is_a_camera_of_no_named_maker(with_head: bool) -> None:
    identity = stored(SERVER_INFO, with_head=with_head)
    assert identity.device_type is not None and identity.device_type.value == "camera"
    assert identity.firmware == "V11.6.5.1.1-20161213"
    # The board is every white-label reseller's: no maker is named from it.
    assert identity.manufacturer is None and identity.brand is None


@pytest.mark.parametrize("with_head", [True, False])
def test_the_nipca_info_answer_names_the_brand_and_model_it_reports(with_head: bool) -> None:
    identity = stored(NIPCA_INFO, with_head=with_head)
    assert identity.device_type is not None and identity.device_type.value == "camera"
    assert identity.brand == "d-link" and identity.manufacturer == "d-link"
    assert identity.model == "DCS-2132LB1"


def test_a_scanners_stored_page_reaches_the_answer_grammars() -> None:
    # Shodan keeps a page's body in http.html beside the raw reply's head: the importer hands it to http.body.
    record = parse_banner(
        {
            "ip_str": "192.0.2.61",
            "port": 80,
            "transport": "tcp",
            "data": _HEAD,
            "http": {"status": 200, "html": NIPCA_INFO},
        },
        1,
    )
    identity = identify(list(record.observations))
    assert identity.brand == "d-link" and identity.model == "DCS-2132LB1"


def test_a_nipca_answer_from_a_brand_camaudit_does_not_know_keeps_it_as_the_brand() -> None:
    identity = stored(NIPCA_INFO.replace("brand=D-Link", "brand=Acme Optics"), with_head=True)
    assert is_video_device(identity.device_type)
    assert identity.brand == "acme-optics"
    assert identity.manufacturer is None


#: A Vivotek camera's getparam.cgi?event_i0_enable answer, as HarlemSquirrel/python-vivotek's cassette records it.
VIVOTEK_PARAM = "event_i0_enable='1'\r\n"
#: A Bosch RCP+ over CGI answer, written from the layout NickCis/perl-Bosch-RCPPlus reads (not a capture).
BOSCH_RCP = (
    "<rcp><command><hex>0x0cd4</hex><dec>3284</dec></command><type>P_STRING</type><direction>READ</direction>"
    "<num>0</num><result><str>7.83.0027</str></result></rcp>"
)


#: Vivotek's sysinfo.cgi answer as a relabeller's manual documents it (LevelOne FCS-5011; not a capture).
VIVOTEK_SYSINFO = "Model=IP3133-VVTK-0100a\r\nCapVersion=0200\r\n"
#: ISAPI's DeviceInfo as MissiaL/hikvision-client's cassette records it, with the namespace a relabelled firmware
#: leaves out.
BARE_DEVICE_INFO = (
    '<?xml version="1.0" encoding="UTF-8"?>\r\n<DeviceInfo version="2.0">\r\n<deviceName>IP CAMERA</deviceName>\r\n'
    "<model>DS-2CD2155FWD-I</model>\r\n<firmwareVersion>V5.5.0</firmwareVersion>\r\n"
    "<firmwareReleasedDate>build 170725</firmwareReleasedDate>\r\n<encoderVersion>V7.3</encoderVersion>\r\n"
    "<deviceType>IPCamera</deviceType>\r\n</DeviceInfo>\r\n"
)


@pytest.mark.parametrize("with_head", [True, False])
@pytest.mark.parametrize(
    ("answer", "maker"),
    [(VIVOTEK_PARAM, "vivotek"), (VIVOTEK_SYSINFO, "vivotek"), (BOSCH_RCP, "bosch"), (BARE_DEVICE_INFO, "hikvision")],
)
def test_a_makers_own_parameter_answer_names_that_maker(answer: str, maker: str, with_head: bool) -> None:
    identity = stored(answer, with_head=with_head)
    assert is_video_device(identity.device_type)
    assert identity.manufacturer == maker


#: A Sony SNC camera's inquiry.cgi?inqjs=sysinfo answer, written from the keys Greenbone's detection reads (not a
#: capture).
SONY_SYSINFO = 'var ModelName="SNC-RZ25N"\nvar SoftVersion="1.40"\nvar TitleBar="Sony Network Camera SNC-RZ25"\n'


#: A Tapo camera's getDeviceInfo as a client printed it (DrmnSamoLiu/Tapo_Camera_Firmware issue 9).
TAPO_DEVICE_INFO = (
    "'device_model': 'C220',\n'manufacturer_name': 'TP-LINK',\n'device_name': 'C220 1.0',\n'hw_version': '1.0',"
)


@pytest.mark.parametrize("with_head", [True, False])
def test_a_tapo_device_info_names_tp_link_and_the_camera_model(with_head: bool) -> None:
    identity = stored(TAPO_DEVICE_INFO, with_head=with_head)
    assert identity.device_type is not None and identity.device_type.value == "camera"
    assert identity.brand == "tp-link" and identity.manufacturer == "tp-link"
    assert identity.model == "C220"


def test_a_tapo_plug_answering_the_same_api_is_not_a_camera() -> None:
    identity = stored(TAPO_DEVICE_INFO.replace("C220", "P110"), with_head=True)
    assert not is_video_device(identity.device_type)
    assert identity.manufacturer is None


def test_a_motion_jpeg_stream_kept_without_its_head_is_a_video_device_of_no_maker() -> None:
    # The frames of Espressif's CameraWebServer /stream answer, as a collector that cut the head would keep them.
    stream = (
        "--123456789000000000000987654321\r\nContent-Type: image/jpeg\r\nContent-Length: 28573\r\n\r\n\xff\xd8\xff\xe0"
    )
    identity = stored(stream, with_head=False)
    assert is_video_device(identity.device_type)
    assert identity.manufacturer is None and identity.brand is None


def test_a_form_upload_of_a_jpeg_is_not_a_video_stream() -> None:
    upload = (
        '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'
    )
    assert not is_video_device(stored(upload, with_head=False).device_type)


def test_the_sony_sysinfo_answer_names_sony_the_model_and_the_firmware() -> None:
    identity = stored(SONY_SYSINFO, with_head=True)
    assert identity.device_type is not None and identity.device_type.value == "camera"
    assert identity.manufacturer == "sony"
    assert identity.model == "SNC-RZ25N" and identity.firmware == "1.40"


# github:dewiweb/companion-module-canon-network-legacy-http/docs/info_VB-H730F.txt@b00104faa39a -- the first lines of a
# Canon VB-H730F's /-wvhttp-01-/info.cgi answer (WebView's "<group>.<item>:=<value>" lines), byte for byte.
CANON_INFO = (
    "timestamp=4235714.592\nrealtime=1756195428.015\ns.epoch:=Tue, 08 Jul 2025 09:29:16 +0200\n"
    "s.hardware:=Canon VB-H730F\ns.firmware:=1.2.9\ns.protocol:=02.34\n"
    "v.list:=jpg:320x180:1:15000,jpg:640x360:1:15000,jpg:1280x720:3:15000,h264:1280x720:0:15000\nv.h264.cbr:=8192\n"
)


@pytest.mark.parametrize("with_head", [True, False])
def test_canons_webview_info_answer_names_canon_the_camera_model_and_firmware(with_head: bool) -> None:
    identity = stored(CANON_INFO, with_head=with_head)
    assert identity.device_type is not None and identity.device_type.value == "camera"
    assert identity.manufacturer == "canon"
    assert identity.model == "VB-H730F" and identity.firmware == "1.2.9"


def test_the_webview_version_lines_alone_still_name_canon() -> None:
    # The answer cut before its model line (a collector's excerpt from s.firmware on).
    identity = stored(CANON_INFO[CANON_INFO.index("s.firmware") :], with_head=True)
    assert identity.manufacturer == "canon" and identity.firmware == "1.2.9"


@pytest.mark.parametrize(
    "text",
    [
        # A makefile's simple assignments, Canon's printers and cameras of other product lines written in the same
        # grammar, the keys in the other order, the assignment spaced out.
        "HARDWARE:=VB-H730F\nFIRMWARE:=1.2.9\nPROTOCOL:=02.34\n",
        "s.hardware:=Canon PIXMA TS8350\ns.firmware=1.2.9\n",
        "s.protocol:=02.34\ns.firmware:=1.2.9\n",
        "s.hardware := Canon VB-H730F\n",
    ],
)
def test_webview_look_alikes_name_no_canon_camera(text: str) -> None:
    identity = stored(text, with_head=True)
    assert identity.manufacturer is None
    assert not is_video_device(identity.device_type)


# ISAPI's /ISAPI/ContentMgmt/Storage answer, written to the model of it in github:kihamo/boggart/components/boggart/
# providers/hikvision/swagger.yml@e43797af1b9b (hddList of hdd: id, hddName, hddPath, hddType, status, capacity,
# freeSpace, property; workMode) -- in the namespace of relabelled firmware, and with none. Not captures.
ISAPI_STORAGE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<storage version="2.0" xmlns="http://www.std-cgi.com/ver20/XMLSchema">\n'
    "<hddList>\n<hdd version=\"2.0\">\n<id>1</id>\n<hddName>hdd1</hddName>\n<hddPath></hddPath>\n<hddType>SATA</hddType>\n"
    "<status>ok</status>\n<capacity>1907729</capacity>\n<freeSpace>0</freeSpace>\n<property>RW</property>\n</hdd>\n"
    "</hddList>\n<workMode>group</workMode>\n</storage>\n"
)
ISAPI_STORAGE_BARE = ISAPI_STORAGE.replace(' xmlns="http://www.std-cgi.com/ver20/XMLSchema"', "")
# The same client's model of /ISAPI/Image/channels (ImageChannellist of ImageChannel: id, enabled, videoInputID ...).
ISAPI_IMAGE = (
    '<ImageChannellist version="2.0">\n<ImageChannel version="2.0">\n<id>1</id>\n<enabled>true</enabled>\n'
    "<videoInputID>1</videoInputID>\n<IrcutFilter>\n<IrcutFilterType>auto</IrcutFilterType>\n</IrcutFilter>\n"
    "</ImageChannel>\n</ImageChannellist>\n"
)
#: A page title that makes a host a video device and names nobody (layers/device_words.yaml).
_CAMERA_PAGE = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><head><title>IP Camera</title></head></html>"


# github:mikehaldas/viewtron-python-sdk/tests/fixtures/ipc-v2.1/keepalive.xml@d8712703026c -- a Viewtron camera's
# keepalive push in the <config xmlns="http://www.ipc.com/ver10"> envelope of Provision-ISR's HTTP API, byte for byte.
IPC_MEDIA_KEEPALIVE = (
    '<config version="1.7" xmlns="http://www.ipc.com/ver10">\n<messageType>keepalive</messageType>\n<deviceInfo>\n'
    "<deviceName><![CDATA[Viewtron IPC]]></deviceName>\n<ip><![CDATA[192.168.1.50]]></ip>\n"
    "<mac><![CDATA[00:00:00:00:00:00]]></mac>\n</deviceInfo>\n</config>\n"
)


@pytest.mark.parametrize("with_head", [True, False])
def test_the_ip_media_config_envelope_types_a_video_device_of_no_maker(with_head: bool) -> None:
    identity = stored(IPC_MEDIA_KEEPALIVE, with_head=with_head)
    assert is_video_device(identity.device_type)
    assert identity.manufacturer is None


@pytest.mark.parametrize(
    "text",
    [
        '<config version="1.0" xmlns="http://www.example.com/ver10"><status>success</status></config>',
        '<configuration xmlns="http://www.ipc.com/ver10"><status>success</status></configuration>',
        "<config>\n<status>success</status>\n</config>",
    ],
)
def test_config_documents_of_other_namespaces_type_nothing(text: str) -> None:
    assert not is_video_device(stored(text, with_head=True).device_type)


def test_an_isapi_disk_list_in_the_relabelled_namespace_is_a_hikvision_video_device() -> None:
    identity = stored(ISAPI_STORAGE, with_head=True)
    assert is_video_device(identity.device_type)
    assert identity.manufacturer == "hikvision"


@pytest.mark.parametrize("answer", [ISAPI_STORAGE_BARE, ISAPI_IMAGE], ids=["storage", "image"])
def test_isapi_video_resources_without_a_namespace_type_a_video_device_of_no_maker(answer: str) -> None:
    identity = stored(answer, with_head=True)
    assert is_video_device(identity.device_type)
    assert identity.manufacturer is None and identity.brand is None


def _host(*banners: str) -> Identity:
    observations = []
    for port, data in enumerate(banners, 8000):
        observations.extend(parse_banner({"ip_str": "192.0.2.10", "port": port, "data": data}, 1).observations)
    return identify(observations)


@pytest.mark.parametrize(
    "text",
    [
        # A NAS's disk inventory, an empty disk list, image settings without the video input they adjust.
        "<disks><hdd><id>1</id><name>sda</name><capacity>1907729</capacity></hdd></disks>",
        "<storage><hddList/><workMode>group</workMode></storage>",
        "<ImageChannel><id>1</id><enabled>true</enabled><ImageFlip/></ImageChannel>",
    ],
)
def test_isapi_look_alikes_name_and_type_nothing(text: str) -> None:
    identity = _host("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n" + text, _CAMERA_PAGE)
    assert identity.manufacturer is None and identity.brand is None
    assert not is_video_device(stored(text, with_head=True).device_type)


@pytest.mark.parametrize(
    "text",
    [
        # A router's page script with the same two variables: not Sony's model grammar.
        'var ModelName="RT-AC68U"; var SoftVersion="3.0.0.4";',
        # A shell script's assignment with the same shape of name but no quotes of Vivotek's answer.
        "opt_c1_flag=yes\nevent_i0_enable=1\n",
        # An XML command that is not the RCP+ answer's echo of the command number.
        "<rcp><command>reboot</command></rcp>",
        # A router's key=value status page: a model and a brand, but not the camera API's version line.
        "model=DIR-657\nbrand=D-Link\nversion=1.06\nbuild=05\nhw_version=A1\nwireless=yes\n",
        # A charging station's page script: the same variable names, read from the page, not answered.
        "<script>var hardversion= $('body').attr('data-hardversion').trim()\nvar softversion = '1.0';</script>",
    ],
)
def test_look_alike_answers_name_and_type_nothing(text: str) -> None:
    identity = stored(text, with_head=True)
    assert not is_video_device(identity.device_type)
    assert identity.brand is None and identity.manufacturer is None


def test_an_alarm_panels_device_document_is_hikvisions_and_not_a_video_device() -> None:
    # An alarm panel's device document in the same layout: a Hikvision build date, but no camera type (and, as a
    # panel's own document would, a panel's model and name: the hub's, written here, not a capture -- a camera model
    # and "IP CAMERA" left in would say camera, importers/self_description.py). Its AX PRO number (DS-PWA) names
    # Hikvision since 2026-12-05 (layers/models_non_video.yaml): the panel is Hikvision's, and still no video device.
    text = (
        BARE_DEVICE_INFO.replace("IPCamera", "AXPro")
        .replace("DS-2CD2155FWD-I", "DS-PWA96-M-WE")
        .replace("IP CAMERA", "AX PRO")
    )
    identity = stored(text, with_head=True)
    assert not is_video_device(identity.device_type)
    assert identity.manufacturer == "hikvision"


@settings(max_examples=200, deadline=None)
@given(
    st.text(max_size=400),
    st.sampled_from(
        [
            SERVER_INFO,
            NIPCA_INFO,
            VIVOTEK_PARAM,
            BOSCH_RCP,
            SONY_SYSINFO,
            VIVOTEK_SYSINFO,
            BARE_DEVICE_INFO,
            TAPO_DEVICE_INFO,
            CANON_INFO,
            ISAPI_STORAGE,
            ISAPI_IMAGE,
            IPC_MEDIA_KEEPALIVE,
            "",
        ]
    ),
)
def test_no_answer_grammar_raises_on_hostile_text(noise: str, answer: str) -> None:
    for text in (noise, noise + answer, answer + noise, answer[: len(noise) % (len(answer) + 1)]):
        for field in ("http.body", "banner"):
            evidence = match_fields({field: text})
            assert all(ev.rule_id for ev in evidence)
