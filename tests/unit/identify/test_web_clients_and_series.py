"""Recorder web clients of no single maker, a stream path two makers share, and model series added 2026-12-02.

Sources in ``rules/http.yaml`` (WhatWeb's DVR plugins), ``layers/paths.yaml`` and ``layers/models.yaml``. A web
client many brands ship types the device and names nobody; a path two makers use names neither.
"""

from __future__ import annotations

import pytest

from camaudit.identify import identify
from camaudit.model import Identity, Observation

RECORDERS = ("dvr", "nvr", "video_device")


def seen(fields: dict[str, str], port: int = 80, protocol: str = "http") -> Identity:
    return identify([Observation("192.0.2.1", port, "tcp", protocol, "import", "2026-01-01T00:00:00Z", fields)])


@pytest.mark.parametrize(
    "fields",
    [
        {"http.title": "WEBDVR"},
        {"http.title": "WebGuard Login"},
        {"http.title": "iDVR"},
        {"http.body": '<object classid="clsid:259F9FDF-97EA-4C59-B957-5160CAB6884E"></object>'},
        {"http.body": '<script>\n\t\twindow.location="webdvr.html";\n</script>'},
        {"http.server": "OwnServer"},
        {"http.title": "NVMS-1000"},
    ],
)
def test_a_recorder_web_client_is_a_video_device_of_no_named_maker(fields: dict[str, str]) -> None:
    identity = seen(fields)
    assert identity.device_type is not None and identity.device_type.value in RECORDERS
    assert identity.manufacturer is None and identity.brand is None


@pytest.mark.parametrize(
    "fields",
    [
        {"http.title": "Web DAV"},
        {"http.title": "WebGuard"},
        {"http.server": "OwnCloud"},
        {"http.body": '<object classid="clsid:D27CDB6E-AE6D-11cf-96B8-444553540000"></object>'},
        {"http.title": "TP-LINK Wireless N Router WR841N", "http.server": "GoAhead-Webs"},
    ],
)
def test_look_alike_pages_are_not_video_devices(fields: dict[str, str]) -> None:
    identity = seen(fields)
    assert identity.device_type is None or identity.device_type.value not in (*RECORDERS, "camera")


def test_a_media_video_stream_path_is_a_camera_whose_maker_it_does_not_name() -> None:
    # Uniview streams on rtsp://IP/media/video1, and so do Sony's SNC cameras: the path is not Uniview's alone.
    identity = seen({"rtsp.content_base": "rtsp://192.0.2.11:554/media/video1/"}, port=554, protocol="rtsp")
    assert identity.device_type is not None and identity.device_type.value == "video_device"
    assert identity.manufacturer is None and identity.brand is None


def test_univiews_own_api_path_still_names_uniview() -> None:
    identity = seen({"http.links": "/LAPI/V1.0/System/DeviceInfo"})
    assert identity.manufacturer == "uniview"


@pytest.mark.parametrize(
    ("text", "field", "maker", "model"),
    [
        ("AVTech AVM542B", "manufacturer", "avtech", "AVM542B"),
        ("Wansview NCM621W", "brand", "wansview", "NCM621W"),
        ("NC200_v2.1.7_160315_a", "brand", "tp-link", "NC200"),
        ("Alibi ALI-IPU3013R", "brand", "alibi", "ALI-IPU3013R"),
    ],
)
def test_a_model_number_of_a_newly_read_series_names_maker_and_model(
    text: str, field: str, maker: str, model: str
) -> None:
    identity = seen({"upnp.model_name": text}, port=1900, protocol="upnp")
    assert getattr(identity, field) == maker
    assert identity.model == model
    assert identity.device_type is not None and identity.device_type.value in ("camera", "video_device")


def test_a_bare_tp_link_nc_number_names_nobody_without_other_video_evidence() -> None:
    identity = seen({"upnp.model_name": "NC220"}, port=1900, protocol="upnp")
    assert identity.brand is None and identity.manufacturer is None


def test_a_tp_link_nc_number_beside_its_stream_path_names_tp_link() -> None:
    identity = seen(
        {"http.title": "NC220", "http.links": "http://nc220.lan:8080/stream/video/mjpeg"},
    )
    assert identity.brand == "tp-link"
    assert identity.device_type is not None and identity.device_type.value == "camera"


@pytest.mark.parametrize(
    ("fields", "maker_field", "maker"),
    [
        ({"http.server": "ADH-Web"}, "manufacturer", "dedicated-micros"),
        ({"http.body": '<frame src="/gui/gui_outer_frame.shtml">'}, "manufacturer", "dedicated-micros"),
        ({"http.body": '<a href="/Nvr_WebOcx.exe">Download plug-in</a>'}, "manufacturer", "herospeed"),
        ({"http.body": '<a href="/NetPlug.exe">Download</a>', "http.title": "WEB SERVICE"}, "manufacturer", "dahua"),
    ],
)
def test_a_recorder_makers_web_client_names_the_maker(fields: dict[str, str], maker_field: str, maker: str) -> None:
    identity = seen(fields)
    assert getattr(identity, maker_field) == maker
    assert identity.device_type is not None and identity.device_type.value in RECORDERS


@pytest.mark.parametrize(
    "fields",
    [
        {"http.body": '<a href="/OCX/WebClient_VPPlugin.exe">Download</a>'},
        {"http.body": "$.get('get_status.cgi?loginuse=admin&loginpas=888888')"},
        {"http.links": "decoder_control.cgi?loginuse=admin&loginpas=888888"},
        {"rtsp.content_base": "rtsp://192.0.2.31:10554/udp/av0_0/"},
    ],
)
def test_a_white_label_camera_or_recorder_sign_types_the_device_and_names_nobody(fields: dict[str, str]) -> None:
    identity = seen(fields)
    assert identity.device_type is not None and identity.device_type.value in (*RECORDERS, "camera")
    assert identity.manufacturer is None and identity.brand is None


def test_a_goahead_router_page_with_a_login_form_is_not_a_camera() -> None:
    identity = seen(
        {
            "http.server": "GoAhead-Webs",
            "http.title": "TP-LINK Wireless Router",
            "http.body": '<form action="/goform/login?username=admin&password=admin" method="post">',
        }
    )
    assert identity.device_type is None or identity.device_type.value not in (*RECORDERS, "camera")


@pytest.mark.parametrize(
    ("text", "model"),
    [("Vstarcam C7837WIP", "C7837WIP"), ("Vstarcam C38S-P", "C38S-P")],
)
def test_a_vstarcam_model_names_vstarcam(text: str, model: str) -> None:
    identity = seen({"upnp.model_name": text}, port=1900, protocol="upnp")
    assert identity.manufacturer == "vstarcam"
    assert identity.model == model
