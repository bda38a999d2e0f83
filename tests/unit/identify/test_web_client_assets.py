"""The web-client layer (``layers/web_clients.yaml``): what a camera's own web interface writes into its pages.

A login page rarely names a model, but the plug-in it offers, the web SDK's names and the UI's furniture say
whose firmware wrote it. The pages below are quoted from the sources the entries cite (WhatWeb's plug-ins,
Greenbone's detection scripts, Hikvision's web SDK); the counter-pages are what a person would also meet: a
shop, a VMS server on a PC, a router, an integrator's portal that embeds a maker's SDK.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.model import Identity, Observation

VIDEO = ("camera", "nvr", "dvr", "video_device", "video_encoder", "thermal_camera")


def page(body: str, more: dict[str, str] | None = None) -> Identity:
    fields = {"http.body": body, **(more or {})}
    return identify([Observation("192.0.2.7", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", fields)])


def maker_of(identity: Identity) -> str | None:
    return identity.manufacturer or identity.brand


@pytest.mark.parametrize(
    ("body", "maker", "kind"),
    [
        (
            '<html><head><script type="text/javascript" src="/doc/script/inc.js"></script></head></html>',
            "hikvision",
            "video_device",
        ),
        ('<script>seajs.web_version="V4.0.1build171121";</script>', "hikvision", "video_device"),
        ('<div class="ui-video-wrap-icon"></div><input id="t_username">', "dahua", "video_device"),
        (
            '<FRAMESET ROWS="*,0"><FRAME NAME="WhatEver" SRC="/incl/whatever.shtml" SCROLLING=NO MARGINGHEIGHT=0 '
            "MARGINWIDTH=0></FRAMESET>",
            "axis",
            "camera",
        ),
        ('<head><meta name="publisher" content="MOBOTIX AG, Germany"></head>', "mobotix", "camera"),
        ('<applet code="LiveApplet"><param name=cabbase\tvalue="LiveApplet.cab"></applet>', "canon", "camera"),
        (
            '<FRAMESET><FRAME SRC="bar.html" SCROLLING="NO" NAME="sonyhome" NORESIZE MARGINHEIGHT="0" '
            'MARGINWIDTH="0"></FRAMESET>',
            "sony",
            "camera",
        ),
        ("<!--Version 20100525 for 1.0.2 EF -->\n<html></html>", "everfocus", "dvr"),
        ('<meta name="Author" content="WebGateInc"><title>WebEye User Login</title>', "webgate", "video_device"),
        (
            '<title>DiBos - Login</title><link rel="STYLESHEET" type="text/css" href="style/bovisnt.css"></link>',
            "bosch",
            "nvr",
        ),
        ('<p style="display: inline-block" id="login-title">FLIR AX8</p>', "flir", "thermal_camera"),
        ('<BODY BACKGROUND="image/Hcm1.gif" BGCOLOR="#efefef" TEXT="#000000">', "panasonic", "video_device"),
        (
            "<script>var gHashCookie = new Hash.Cookie('NetSuveillanceWebCookie',{duration: 30});</script>",
            "xiongmai",
            "video_device",
        ),
        (
            '<span id="laUserName"></span><input id="username"><span id="laPassword"></span>'
            '<button onclick="g_oLogin.doLogin()">',
            "hikvision",
            "video_device",
        ),
        ('<div id="downPlugins"><a id="down" href="IPCWebComponents.exe">Download</a></div>', "foscam", "camera"),
        ('<input type="checkbox" id="dvr_remember"><input type="button" onclick="login_chk_usr_pwd()">', "juan", "dvr"),
        ('<a href="mobile480.htm">EagleEyes</a>', "avtech", "video_device"),
        (
            '<div id="login_install_dialog" class="login-webplugin" style="display: none"><a id="login_btn_install" '
            'class="ui-button" href="webplugin.exe" target="_download">install</a></div>',
            "dahua",
            "video_device",
        ),
        ('<script type="text/javascript" src="/cgi-bin/admin/getparamjs.cgi?system"></script>', "vivotek", "camera"),
    ],
)
def test_a_makers_own_web_client_names_the_maker_and_types_the_device(body: str, maker: str, kind: str) -> None:
    identity = page(body)
    assert maker_of(identity) == maker
    assert identity.device_type is not None and identity.device_type.value == kind


def test_the_mobotix_page_gives_the_firmware_its_script_declares() -> None:
    identity = page(
        '<meta name="copyright" content="MOBOTIX AG, Germany">\n<script>var filesystem__version='
        '"M10-V3.1.4.6";</script>'
    )
    assert identity.manufacturer == "mobotix"
    assert identity.firmware == "M10-V3.1.4.6"


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (
            '<object classid="clsid:0957C19A-D854-482A-A4F9-18856C723D7D" id="VeoNetCamAcx" width="0" height="0" '
            'codebase="XNC600NetCam.cab#version=1,0,0,1"></object>',
            "camera",
        ),
        ('<a href="./WebviewerInstaller.exe">Download Webviewer Installer v.1.0.2.4</a>', "dvr"),
        ("<script>window.location.href='/cgi-bin/client_execute.cgi?tUD=0';</script>", "video_encoder"),
        ('<applet code="CaptureClient.class" width="640" height="480" alt="NetCam Live Image"></applet>', "camera"),
        ('<frame src="/app/multi/single.asp">', "video_device"),
        ('<a href="/ipcamerasetup.zip">Download player</a>', "camera"),
        ('<script>var browser = "IEorForefox";</script>', "dvr"),
        ('<script src="jsmain/liveview.js"></script>', "camera"),
        ('<object codebase="webdvr2.13.1.9_0.0.0.0.cab#version=2,13,1,9" id="dvr"></object>', "dvr"),
        ('<script>VarPageTitle="Proxima2 DVMS VisionWEB v3.1";</script>', "video_device"),
        ('<meta http-equiv="refresh" content="0;URL=/cgi-bin/getuid?FILE=indexnw.html">', "camera"),
        ('<a href="/main/cs_motion.asp">Motion Detection</a>', "camera"),
    ],
)
def test_a_web_client_of_no_single_maker_types_the_device_and_names_nobody(body: str, kind: str) -> None:
    identity = page(body)
    assert identity.device_type is not None and identity.device_type.value == kind
    assert maker_of(identity) is None


HIKVISION_WEB5_LOGIN_STUB = """<!DOCTYPE html>
<html>
  <head>
    <meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
  </head>
  <body></body>
  <script type="text/javascript">
    if (sessionStorage.getItem('disPatchLogin')) {
      document.location.href = '../index.html#/portal/close';
    } else {
      document.location.href = '../index.html#/portal/login';
    }
  </script>
</html>
"""


@pytest.mark.parametrize(
    "fields",
    [
        {"http.body": HIKVISION_WEB5_LOGIN_STUB},
        {"http.location": "/doc/index.html#/portal/login"},
        {"http.body": '{"localService":{"32":{"downloadUrlDevice":"../codebase/LocalServiceComponents.exe"}}}'},
        {
            "http.body": '{"netural":{"exe_name":"GuardingVisionWebComponents.exe","clsid":"D7D27B92-B0DB-41af-9A15-E8C04EB5C726"}}'
        },
    ],
)
def test_hikvisions_web_ui_5_pages_name_hikvision(fields: dict[str, str]) -> None:
    identity = identify([Observation("192.0.2.9", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", fields)])
    assert identity.manufacturer == "hikvision"
    assert identity.device_type is not None and identity.device_type.value in VIDEO


@pytest.mark.parametrize(
    ("body", "maker"),
    [
        # Canon also makes printers; Panasonic's recorder path needs the maker's name beside it.
        ('<meta http-equiv="refresh" content="0;URL=/viewer/live/index.html">', "canon"),
        ('window.location.replace("/view/getuid.cgi?FILE=/hdrindex.html");', "panasonic"),
        # Hikvision's plain plug-in name is in integrators' SDK copies too.
        ('<a href="codebase/WebComponents.exe">Download plug-in</a>', "hikvision"),
    ],
)
def test_a_shared_or_multi_product_sign_names_its_maker_only_beside_other_video_evidence(body: str, maker: str) -> None:
    assert maker_of(page(body)) is None
    beside = page(body, {"http.www_authenticate": 'Basic realm="IP Camera"'})
    assert beside.manufacturer == maker


INTEGRATOR_PORTAL = (
    '<div id="divPlugin"></div><script src="codebase/webVideoCtrl.js"></script><script>'
    "var iRet = WebVideoCtrl.I_CheckPluginInstall(); WebVideoCtrl.I_InitPlugin(500, 300, {bWndFull: true});"
    "</script><embed type='application/webvideo-plugin-kit'>"
)


def test_a_portal_embedding_hikvisions_web_sdk_is_neither_a_camera_nor_hikvisions() -> None:
    # Parking, campus and VMS portals embed the SDK to show Hikvision cameras: the page is not one.
    identity = page(INTEGRATOR_PORTAL)
    assert maker_of(identity) is None
    assert identity.device_type is None or identity.device_type.value not in VIDEO


def test_the_web_sdk_names_hikvision_beside_other_video_evidence() -> None:
    identity = page(INTEGRATOR_PORTAL, {"http.www_authenticate": 'Basic realm="IP Camera"'})
    assert identity.manufacturer == "hikvision"
    assert identity.device_type is not None and identity.device_type.value in VIDEO


#: Camera makers this layer can name: none of them may be named for a page that merely looks alike.
LAYER_MAKERS = {
    "vivotek",
    "xiongmai",
    "foscam",
    "juan",
    "avtech",
    "hikvision",
    "dahua",
    "axis",
    "mobotix",
    "canon",
    "sony",
    "everfocus",
    "webgate",
    "bosch",
    "flir",
    "panasonic",
}


@pytest.mark.parametrize(
    "fields",
    [
        # Video-management software on a PC shows cameras; it is none of theirs (where an exact rule knows the
        # software, it is typed as that software's recorder, never as a camera).
        {"http.title": "Blue Iris Login", "http.body": '<script src="ui3.js"></script><p>Blue Iris Video Security'},
        {"http.title": "ZM - Login", "http.body": '<link href="skins/classic/css/base/skin.css"> ZoneMinder Login'},
        {"http.title": "Shinobi", "http.body": '<script src="libs/js/dash2.basic.js"></script> Shinobi CCTV'},
        {"http.title": "Frigate", "http.body": '<div id="root"></div><script src="/assets/index.js"></script>'},
    ],
)
def test_video_management_software_pages_are_no_camera_of_a_camera_maker(fields: dict[str, str]) -> None:
    identity = identify([Observation("192.0.2.8", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", fields)])
    assert maker_of(identity) not in LAYER_MAKERS
    assert identity.device_type is None or identity.device_type.value != "camera"


@pytest.mark.parametrize(
    "fields",
    [
        # A reseller's page naming the makers whose assets the layer knows.
        {
            "http.body": '<a href="https://www.axis.com/products/network-cameras">Axis network cameras</a> '
            "<p>We resell MOBOTIX AG cameras in Germany.</p><h1>FLIR AX8 datasheet</h1>"
        },
        # Ordinary pages whose assets look alike.
        {
            "http.body": "<object classid='clsid:D27CDB6E-AE6D-11cf-96B8-444553540000'></object>"
            "<embed type='application/x-shockwave-flash'><script src=\"/js/inc.js\"></script>"
        },
        {
            "http.body": '<FRAME SRC="bar.html" NAME="home"><link rel="stylesheet" href="style/bovis.css">',
            "http.server": "Apache/2.4.41 (Ubuntu)",
        },
        {"http.body": '<script>var filesystem__version="MV2.2.3";</script>'},
    ],
)
def test_look_alike_pages_name_no_maker_and_are_not_video_devices(fields: dict[str, str]) -> None:
    identity = identify([Observation("192.0.2.8", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", fields)])
    assert maker_of(identity) is None
    assert identity.device_type is None or identity.device_type.value not in VIDEO


_MARKERS = [
    "/doc/script/inc.js",
    "seajs.web_version=",
    "ui-video-wrap-icon",
    'SRC="/incl/whatever.shtml"',
    'content="MOBOTIX AG, Germany"',
    'var filesystem__version="',
    "LiveApplet.cab",
    'NAME="sonyhome',
    "<!--Version ",
    " EF -->",
    "NetSuveillanceWebCookie",
    "IPCWebComponents.exe",
    "login_chk_usr_pwd",
    "index.html#/portal/login",
    "LocalServiceComponents.exe",
    "WebGateInc",
    "FDF0038A-CF64-4634-81AB-80F0A7946D6C",
    "WebVideoCtrl.I_Login",
    '<applet code="CaptureClient.class"',
    "XNC600NetCam.cab",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_MARKERS), st.text(max_size=40)), max_size=30))
def test_page_soup_of_markers_and_noise_never_breaks_identification(pieces: list[str]) -> None:
    identity = page("".join(pieces))
    assert 0.0 <= identity.confidence <= 1.0
    if identity.firmware is not None:
        assert len(identity.firmware) <= 40
