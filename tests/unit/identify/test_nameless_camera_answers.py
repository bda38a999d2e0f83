"""Camera answers that carry no maker's name: an MJPEG stream head and the status
variables of the MJPEG-camera CGI family (rules added 2026-12-03 in ``rules/http.yaml``).

The stream heads go through the Shodan importer as a scanner stored them, so the test also shows that the
whole header block reaches ``http.headers``. Each of these answers types the device and names nobody: the
same head comes from webcam software and hobby boards of every make.
"""

from __future__ import annotations

import pytest
from tests.unit.identify.shodan_banner import identify_banner

from camaudit.identify import identify
from camaudit.importers.shodan import parse_banner
from camaudit.model import Identity, Observation, is_video_device


def from_shodan(data: str, port: int = 8080) -> Identity:
    return identify_banner(data, port, "192.0.2.40")


def seen(fields: dict[str, str]) -> Identity:
    return identify([Observation("192.0.2.41", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", fields)])


@pytest.mark.parametrize(
    "head",
    [
        # mjpg-streamer's send_stream() head (httpd.c), as a scanner records the first bytes of the stream.
        "HTTP/1.0 200 OK\r\nAccess-Control-Allow-Origin: *\r\nConnection: close\r\nServer: MJPG-Streamer/0.2\r\n"
        "Content-Type: multipart/x-mixed-replace;boundary=boundarydonotcross\r\n\r\n--boundarydonotcross\r\n",
        # Espressif's CameraWebServer /stream head (app_httpd.cpp), with no Server header at all.
        "HTTP/1.1 200 OK\r\nContent-Type: multipart/x-mixed-replace;boundary=123456789000000000000987654321\r\n"
        "Transfer-Encoding: chunked\r\nAccess-Control-Allow-Origin: *\r\n\r\n",
        # A camera CGI's MJPEG stream, header name in lower case.
        "HTTP/1.1 200 OK\r\ncontent-type: multipart/x-mixed-replace; boundary=myboundary\r\n\r\n",
    ],
)
def test_an_mjpeg_stream_head_is_a_video_device_of_no_named_maker(head: str) -> None:
    identity = from_shodan(head)
    assert is_video_device(identity.device_type)
    assert identity.manufacturer is None and identity.brand is None


def test_a_multipart_upload_answer_is_not_a_video_stream() -> None:
    head = "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: multipart/form-data; boundary=----WebKitForm\r\n\r\n"
    assert not is_video_device(from_shodan(head).device_type)


def test_a_stream_word_in_another_header_types_nothing() -> None:
    head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Accept: multipart/x-mixed-replace\r\n\r\n<html></html>"
    assert not is_video_device(from_shodan(head).device_type)


@pytest.mark.parametrize(
    "body",
    [
        "var id='001A11A00A0B';\nvar sys_ver='0.37.2.36';\nvar app_ver='3.2.2.18';\nvar alias='Cam1';\nvar now=1343304558;\n",
        "var result=0; var sys_ver='48.53.64.85'; var app_version='1.2.3'; var kernel_version='3.4.35';",
        # The CGI manual's own example: sys_ver between the alias and the device id.
        'var alias="IPCAM";\nvar sys_ver="Apr 28 2011 00:18:03";\nvar id="00000000031729";\n',
    ],
)
def test_the_cgi_status_variables_make_a_camera_of_no_named_maker(body: str) -> None:
    identity = seen({"http.body": body})
    assert identity.device_type is not None and identity.device_type.value == "camera"
    assert identity.manufacturer is None and identity.brand is None


def test_a_web_app_version_check_is_not_a_camera() -> None:
    # A mobile app's script that compares its own version: the same words, not the CGI's assignments.
    body = "var version=res.version;\nvar SYS_VER=DataAPI.sysVersion;\nvar updateURL=res.updateUrl;"
    assert not is_video_device(seen({"http.body": body}).device_type)


def test_a_router_on_a_generic_embedded_server_is_not_typed_video() -> None:
    head = 'HTTP/1.1 401 Unauthorized\r\nServer: GoAhead-Webs\r\nWWW-Authenticate: Basic realm="Router"\r\n\r\n'
    assert not is_video_device(from_shodan(head, port=80).device_type)


def from_shodan_page(html: str, head: str = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n") -> Identity:
    banner = {"ip_str": "192.0.2.42", "port": 80, "transport": "tcp", "data": head, "http": {"html": html}}
    return identify(list(parse_banner(banner, 1).observations))


@pytest.mark.parametrize(
    ("head", "html"),
    [
        ("HTTP/1.1 302 Found\r\nLocation: /wmf/index.html\r\nContent-Length: 0\r\n\r\n", ""),
        ("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n", '<script>location.href = "../wmf/index.html";</script>'),
    ],
)
def test_a_root_page_sending_the_browser_to_the_wisenet_viewer_is_hanwhas(head: str, html: str) -> None:
    identity = from_shodan_page(html, head)
    assert is_video_device(identity.device_type)
    assert identity.manufacturer == "hanwha"


def test_a_wmf_lookalike_path_names_no_maker() -> None:
    identity = from_shodan_page('<a href="/wmfx/index.html">files</a><a href="/wmf/index.htm">old</a>')
    assert identity.manufacturer is None and not is_video_device(identity.device_type)


def test_the_older_viewer_frame_set_is_a_camera_of_no_named_maker() -> None:
    # WhatWeb's Panasonic plugin quotes the frame src; dork lists give the same pages to other makers too.
    html = (
        '<HTML><FRAMESET rows="60,*"><FRAME name=bar src="CgiTagMenu?page=Top&Language=0" scrolling=no NORESIZE>'
        '<FRAME name=main src="ViewerFrame?Mode=Motion&Language=0"></FRAMESET></HTML>'
    )
    identity = from_shodan_page(html)
    assert identity.device_type is not None and identity.device_type.value == "camera"
    assert identity.manufacturer is None and identity.brand is None


@pytest.mark.parametrize(
    ("fields", "maker", "kind"),
    [
        ({"http.body": '<script src="jsBase/lib/jquery.js?version=@WebVersion@"></script>'}, "dahua", None),
        ({"http.body": '<div class="logo"><img src="img/WebLogin/logo.png" alt=""></div>'}, "geovision", None),
        ({"http.body": '<script type="text/javascript" src="dist/ptzomidi_v2.js"></script>'}, "ptzoptics", "camera"),
        (
            {"http.body": "This machine is not supported, please visit 'www.avtech.com.tw' for more details."},
            "avtech",
            None,
        ),
    ],
)
def test_a_login_page_asset_names_the_maker_whose_web_ui_ships_it(
    fields: dict[str, str], maker: str, kind: str | None
) -> None:
    identity = seen(fields)
    assert is_video_device(identity.device_type)
    assert identity.manufacturer == maker
    if kind is not None:
        assert identity.device_type is not None and identity.device_type.value == kind


@pytest.mark.parametrize(
    ("fields", "kind"),
    [
        ({"http.www_authenticate": 'Digest realm="FortiCamera", nonce="a1b2", qop="auth"'}, "camera"),
        ({"http.title": "FortiRecorder Admin"}, "nvr"),
    ],
)
def test_fortinets_camera_and_recorder_are_typed_without_a_maker_entry(fields: dict[str, str], kind: str) -> None:
    identity = seen(fields)
    assert identity.device_type is not None and identity.device_type.value == kind
    assert identity.manufacturer is None


@pytest.mark.parametrize(
    "fields",
    [
        {"http.body": '<script src="jsBase/lib/jquery.js?version=3.6.0"></script>'},
        {"http.body": '<img src="img/logo.png">'},
        {"http.www_authenticate": 'Basic realm="FortiGate"'},
        {"http.title": "FortiGate Admin"},
    ],
)
def test_the_same_assets_with_other_values_are_not_cameras(fields: dict[str, str]) -> None:
    identity = seen(fields)
    assert not is_video_device(identity.device_type) and identity.manufacturer is None
